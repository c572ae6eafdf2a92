/**
 * The choropleth's legend, kept on the map (it stays in view whatever the side panel scrolls
 * to): the classes with their colours, "no data", and what the figure means.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { legendRows, type ChoroplethClasses, type MetricDef } from '../state/choropleth.ts';

@customElement('kp-choropleth-legend')
export class KpChoroplethLegend extends LitElement {
  protected readonly localeController = new LocaleController(this);
  static styles = css`
    :host {
      position: absolute;
      left: 0.6rem;
      bottom: 2.2rem;
      z-index: 2;
      max-width: min(17rem, calc(100% - 1.2rem));
      background: rgba(255, 255, 255, 0.95);
      border: 1px solid #d0d7de;
      border-radius: 4px;
      padding: 0.35rem 0.55rem;
      font-size: 0.8rem;
      color: #1f2328;
      box-shadow: 0 1px 4px rgba(0, 0, 0, 0.15);
    }
    h2 {
      font-size: 0.82rem;
      margin: 0 0 0.2rem;
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    li {
      display: flex;
      align-items: center;
      gap: 0.4rem;
    }
    .sw {
      width: 1.3rem;
      height: 0.75rem;
      border: 1px solid #8c959f;
      flex: none;
    }
    p {
      margin: 0.25rem 0 0;
      color: #57606a;
      font-size: 0.75rem;
    }
  `;

  @property({ attribute: false }) metric: MetricDef | null = null;
  @property({ attribute: false }) classes: ChoroplethClasses | null = null;

  render() {
    const m = this.metric;
    if (!m) return nothing;
    const c = this.classes;
    return html`<section role="group" aria-labelledby="lg-h" data-choropleth-legend=${m.id}>
      <h2 id="lg-h">${t('districts.legend', { metric: m.label })}</h2>
      <ul>
        ${c ? legendRows(c, m.format).map((r) => html`<li><span class="sw" style="background:${r.colour}"></span>${r.label}</li>`) : nothing}
        <li><span class="sw" style="background:#d9d9d9"></span>${t('districts.noData')}</li>
      </ul>
      <p>${m.definition}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-choropleth-legend': KpChoroplethLegend;
  }
}
