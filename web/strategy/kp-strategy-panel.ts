/**
 * The strategy as a tree: strategic goals → operational goals (or, for a programme structured
 * by areas, areas → directions and actions), and the undertakings under each. An undertaking
 * with a site flies the map to it; one without says so ("Miejsce do ustalenia" when residents
 * may propose its site). Where a proposal kind names an undertaking, a "Zaproponuj miejsce"
 * button opens the proposal form for that kind, beside the number of sites proposed so far.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CityDetail, ProposalSetup, Undertaking } from '../../server/api-types.ts';
import { num, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { kindsForUndertaking, levelMessages } from '../state/proposal-kinds.ts';
import { panelStyles } from '../components/shared-styles.ts';
import type { IndicatorsResponse } from '../../server/progress/progress-types.ts';
import '../progress/kp-progress-summary.ts';
import '../progress/kp-goal-progress.ts';
import '../progress/kp-follow-toggle.ts';
import type { FollowsState } from '../state/follows.ts';
import { inLocale } from '../i18n/pack-text.ts';

/**
 * @fires undertaking-select - {{ id: string }} an undertaking with a site was chosen
 * @fires propose-site - {{ kind: string; undertaking: string }} "Zaproponuj miejsce" for a proposal kind
 */
@customElement('kp-strategy-panel')
export class KpStrategyPanel extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    css`
      details {
        border-bottom: 1px solid #eaeef2;
        padding: 0.3rem 0;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
        padding: 0.2rem 0;
      }
      summary .code {
        display: inline-block;
        min-width: 1.8rem;
      }
      ol.ops {
        list-style: none;
        padding-left: 0.4rem;
        margin: 0.2rem 0 0.4rem;
      }
      ol.ops li {
        margin: 0.1rem 0;
      }
      ul.und {
        list-style: none;
        padding: 0;
      }
      ul.und li {
        margin: 0.35rem 0;
        padding: 0.35rem 0.5rem;
        background: #f6f8fa;
        border-radius: 4px;
      }
      .codes {
        color: #57606a;
        font-size: 0.78rem;
      }
      .nosite {
        font-size: 0.8rem;
        color: #6b4a00;
      }
      .tbd strong {
        color: #6b4a00;
      }
      .propose {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 0.3rem;
        margin-top: 0.35rem;
      }
      .propose .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.2rem 0.6rem;
      }
      .propose .btn {
        padding: 0.2rem 0.6rem;
        font-size: 0.85rem;
      }
      .propose .lead {
        font-size: 0.82rem;
        font-weight: 600;
      }
      .propose .count {
        font-size: 0.78rem;
        color: #57606a;
        font-variant-numeric: tabular-nums;
      }
      .assigned {
        font-size: 0.78rem;
        color: #57606a;
        background: #f6f8fa;
        border-left: 3px solid #d0d7de;
        padding: 0.2rem 0.45rem;
        margin: 0.2rem 0 0.4rem;
      }
      .facts li {
        margin: 0.2rem 0;
      }
    `,
  ];

  @property({ attribute: false }) detail: CityDetail | null = null;
  /** The town's proposal kinds: those naming an undertaking get a "Zaproponuj miejsce" button there. */
  @property({ attribute: false }) proposalKinds: ProposalSetup['kinds'] = [];
  /** Progress indicators on the time control's date (null while they load). */
  @property({ attribute: false }) indicators: IndicatorsResponse | null = null;
  /** What this person follows (the "Obserwuj" toggle on each undertaking); null: not shown. */
  @property({ attribute: false }) follows: FollowsState | null = null;
  /** Live proposals of each kind (null while they load). */
  @property({ attribute: false }) proposalCounts: Record<string, number> | null = null;

  render() {
    const d = this.detail;
    if (!d) return nothing;
    const levels = levelMessages(d.goals.structure);
    return html`
      <h2>${d.strategy.title} <span class="muted small">(${d.strategy.period})</span></h2>
      <p class="small muted">${d.goals.source.document}, ${d.goals.source.section}</p>
      <h3>${t(levels.top)}</h3>
      ${d.goals.codesAssigned ? html`<p class="assigned" data-codes-assigned>${t('strategy.codesAssigned')}</p>` : nothing}
      ${d.goals.strategic.map(
        (g, i) => html`
          <details ?open=${i === 0} data-goal=${g.code}>
            <summary><span class="code">${g.code}</span> ${g.name}${this.goalIndicator(g.code) ? html` · <kp-goal-progress compact .goal=${this.goalIndicator(g.code)}></kp-goal-progress>` : nothing}</summary>
            ${this.goalIndicator(g.code) ? html`<kp-goal-progress .goal=${this.goalIndicator(g.code)}></kp-goal-progress>` : nothing}
            <p class="small">${g.description}</p>
            <h4>${t(levels.sub)}</h4>
            <ol class="ops">
              ${g.operational.map((o) => html`<li><code>${o.code}</code> ${o.name}</li>`)}
            </ol>
            <h4>${t(levels.undertakings)}</h4>
            <ul class="und">
              ${d.undertakings.filter((u) => u.goal === g.code).map((u) => this.undertaking(u))}
            </ul>
          </details>
        `,
      )}
      ${d.facts.length
        ? html`<h3>${t('strategy.facts')}</h3>
            <ul class="facts">
              ${d.facts.map(
                (f) => html`<li>${f.label}: <strong>${num(f.value, Number.isInteger(f.value) ? 0 : 2)} ${f.unit}</strong> <span class="small muted">(${f.source.document}, ${f.source.section})</span></li>`,
              )}
            </ul>`
        : nothing}
    `;
  }

  private goalIndicator(code: string) {
    return this.indicators?.goals.find((g) => g.code === code) ?? null;
  }

  private undertaking(u: Undertaking) {
    const hasSite = u.layers.length > 0;
    const kinds = kindsForUndertaking(this.proposalKinds, u.id);
    return html`
      <li data-undertaking-item=${u.id}>
        ${hasSite
          ? html`<button class="link" data-undertaking=${u.id} aria-label=${t('strategy.showOnMap', { name: u.name })} @click=${() => this.select(u.id)}>${u.name}</button>`
          : html`<strong>${u.name}</strong>`}
        <div class="codes">${u.goals.join(', ')} · ${t('strategy.declaredStatus', { status: t(`status.${u.status}`) })}</div>
        <div class="small">${u.description}</div>
        ${u.figures.length
          ? html`<div class="small">${u.figures.map((f, i) => html`${i ? ' · ' : ''}${f.label}: ${f.qualifier ? `${t(`qualifier.${f.qualifier}`)} ` : ''}${num(f.value, Number.isInteger(f.value) ? 0 : 2)} ${f.target ? inLocale('target', { id: f.target, unit: f.unit }).unit : f.unit}`)}</div>`
          : nothing}
        ${this.indicators ? html`<kp-progress-summary .indicator=${this.indicators.undertakings.find((x) => x.id === u.id) ?? null}></kp-progress-summary>` : nothing}
        ${this.follows ? html`<kp-follow-toggle .undertaking=${u.id} .name=${u.name} .follows=${this.follows}></kp-follow-toggle>` : nothing}
        ${hasSite
          ? nothing
          : kinds.length
            ? html`<div class="nosite tbd" data-site="to-decide"><strong>${t('strategy.siteToDecide')}</strong>${u.siteNote ? html`: ${u.siteNote}` : nothing}</div>`
            : html`<div class="nosite">${t('strategy.noSite')}${u.siteNote ? html`: ${u.siteNote}` : nothing}</div>`}
        ${kinds.length ? this.proposeButtons(u, kinds) : nothing}
      </li>
    `;
  }

  /**
   * A button per kind proposing sites for the undertaking, with the number proposed so far.
   * One kind: "Zaproponuj miejsce"; several: "Zaproponuj miejsce:" then a button per kind.
   * Each button's name says the kind ("Zaproponuj miejsce: park kieszonkowy").
   */
  private proposeButtons(u: Undertaking, kinds: ProposalSetup['kinds']) {
    const one = kinds.length === 1;
    return html`<div class="propose" role="group" aria-label=${u.name}>
      ${one ? nothing : html`<span class="lead">${t('strategy.proposeSite')}:</span>`}
      ${kinds.map((k) => {
        const n = this.proposalCounts?.[k.id];
        return html`<div class="row">
          <button
            class="btn"
            type="button"
            data-propose-kind=${k.id}
            aria-label=${t('strategy.proposeSiteKind', { kind: k.label })}
            title=${k.hint ?? nothing}
            @click=${() => this.dispatchEvent(new CustomEvent('propose-site', { detail: { kind: k.id, undertaking: u.id }, bubbles: true, composed: true }))}
          >
            ${one ? t('strategy.proposeSite') : html`<span aria-hidden="true">+</span> ${k.label}`}
          </button>
          ${n === undefined ? nothing : html`<span class="count" data-proposed-count=${k.id}>${t('strategy.proposedCount', { n })}</span>`}
        </div>`;
      })}
    </div>`;
  }

  private select(id: string) {
    this.dispatchEvent(new CustomEvent('undertaking-select', { detail: { id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-strategy-panel': KpStrategyPanel;
  }
}
