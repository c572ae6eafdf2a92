/**
 * One undertaking's progress, read-only: a status chip, each declared figure as "reached of
 * target" with a share bar, and — apart from what was reported — what the drawn work measures.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { FigureIndicator, UndertakingIndicator } from '../../server/progress/progress-types.ts';
import { dateTime, num, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { barWidth, perDistrictNotes, reachedOfTarget, shareText } from './progress-format.ts';

export const statusStyles = css`
  .chip {
    display: inline-block;
    padding: 0 0.45rem;
    border-radius: 999px;
    font-size: 0.75rem;
    font-weight: 600;
    border: 1px solid currentColor;
  }
  .chip.planned { color: #57606a; }
  .chip.in_preparation { color: #7d4e00; }
  .chip.in_progress { color: #0b5cad; }
  .chip.done { color: #1a7f37; }
  .chip.suspended { color: #9a6700; }
  .chip.dropped { color: #82071e; }
`;

@customElement('kp-progress-summary')
export class KpProgressSummary extends LitElement {
  protected readonly localeController = new LocaleController(this);
  static styles = [
    statusStyles,
    css`
      :host { display: block; font-size: 0.8rem; margin-top: 0.3rem; }
      .fig { margin: 0.2rem 0; }
      .bar { height: 6px; background: #eaeef2; border-radius: 3px; overflow: hidden; margin-top: 2px; }
      .bar > span { display: block; height: 100%; background: #1a7f37; }
      .muted { color: #57606a; }
      .measured { color: #57606a; font-style: italic; }
      .districts { margin: 0.15rem 0 0; padding-left: 1rem; }
      .districts li { margin: 0; }
    `,
  ];

  @property({ attribute: false }) indicator: UndertakingIndicator | null = null;

  render() {
    const ind = this.indicator;
    if (!ind) return nothing;
    return html`
      <div data-progress=${ind.id}>
        <span class="chip ${ind.status}" data-progress-status=${ind.status}>${t(`progress.status.${ind.status}`)}</span>
        ${ind.asOf ? html`<span class="muted">${t('progress.asOf', { date: dateTime(ind.asOf, { dateStyle: 'medium' }) })}</span>` : nothing}
        ${ind.figures.map(
          (f) => html`<div class="fig" data-figure=${f.id}>
            <span>${f.label}: <strong data-reached>${reachedOfTarget(f)}</strong> <span class="muted">(${shareText(f.share)}${f.from === 'proposals' ? `, ${t('progress.fromProposals')}` : ''})</span></span>
            <div class="bar" role="meter" aria-label=${f.label} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round((f.share ?? 0) * 100)}><span style="width:${barWidth(f.share)}"></span></div>
            ${this.perDistrict(f)}
          </div>`,
        )}
        ${ind.measured?.lengthKm !== undefined ? html`<div class="measured" data-measured>${t('progress.measuredKm', { km: num(ind.measured.lengthKm, 2) })}</div>` : nothing}
        ${ind.measured?.areaHa !== undefined ? html`<div class="measured" data-measured>${t('progress.measuredHa', { ha: num(ind.measured.areaHa, 2) })}</div>` : nothing}
      </div>
    `;
  }

  /** A per-district target: the declared figure, the computed total marked as computed, each district against the declared figure. */
  private perDistrict(f: FigureIndicator) {
    const n = perDistrictNotes(f);
    if (!n) return nothing;
    return html`<div class="muted" data-declared>${n.declared}${n.computed ? html` <span data-computed>${n.computed}</span>` : nothing}</div>
      <ul class="districts" aria-label=${t('progress.districtsLabel')} data-districts>
        ${n.districts.map((d) => html`<li data-district=${d.id}>${d.text} <span class="muted">(${shareText(d.share)})</span></li>`)}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-progress-summary': KpProgressSummary;
  }
}
