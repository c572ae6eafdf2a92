/**
 * The strategy as a tree: strategic goals → operational goals, and the undertakings under
 * each goal. An undertaking with a site flies the map to it; one without says so.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CityDetail, Undertaking } from '../../server/api-types.ts';
import { num, t } from '../app/i18n.ts';
import { panelStyles } from './shared-styles.ts';

/**
 * @fires undertaking-select - {{ id: string }} an undertaking with a site was chosen
 */
@customElement('kp-strategy-panel')
export class KpStrategyPanel extends LitElement {
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
      .facts li {
        margin: 0.2rem 0;
      }
    `,
  ];

  @property({ attribute: false }) detail: CityDetail | null = null;

  render() {
    const d = this.detail;
    if (!d) return nothing;
    return html`
      <h2>${d.strategy.title} <span class="muted small">(${d.strategy.period})</span></h2>
      <p class="small muted">${d.goals.source.document}, ${d.goals.source.section}</p>
      <h3>${t('strategy.heading')}</h3>
      ${d.goals.strategic.map(
        (g, i) => html`
          <details ?open=${i === 0}>
            <summary><span class="code">${g.code}</span> ${g.name}</summary>
            <p class="small">${g.description}</p>
            <h4>${t('strategy.operational')}</h4>
            <ol class="ops">
              ${g.operational.map((o) => html`<li><code>${o.code}</code> ${o.name}</li>`)}
            </ol>
            <h4>${t('strategy.undertakings')}</h4>
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

  private undertaking(u: Undertaking) {
    const hasSite = u.layers.length > 0;
    return html`
      <li>
        ${hasSite
          ? html`<button class="link" data-undertaking=${u.id} aria-label=${t('strategy.showOnMap', { name: u.name })} @click=${() => this.select(u.id)}>${u.name}</button>`
          : html`<strong>${u.name}</strong>`}
        <div class="codes">${u.goals.join(', ')} · ${t(`status.${u.status}`)}</div>
        <div class="small">${u.description}</div>
        ${u.figures.length
          ? html`<div class="small">${u.figures.map((f, i) => html`${i ? ' · ' : ''}${f.label}: ${f.qualifier ? `${t(`qualifier.${f.qualifier}`)} ` : ''}${num(f.value, Number.isInteger(f.value) ? 0 : 2)} ${f.unit}`)}</div>`
          : nothing}
        ${hasSite ? nothing : html`<div class="nosite">${t('strategy.noSite')}${u.siteNote ? html`: ${u.siteNote}` : nothing}</div>`}
      </li>
    `;
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
