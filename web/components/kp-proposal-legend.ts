/**
 * The proposals' entry in the layer panel: a legend by status (colour-blind-safe colours,
 * rejected drawn hollow), a checkbox per status (withdrawn off by default) and counts.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { PROPOSAL_COLOURS, PROPOSAL_STATUSES, type ProposalStatus } from '../map/proposals-layer.ts';
import { t } from '../app/i18n.ts';
import { panelStyles } from './shared-styles.ts';

/**
 * @fires proposal-status-toggle - {{ status: ProposalStatus; visible: boolean }}
 */
@customElement('kp-proposal-legend')
export class KpProposalLegend extends LitElement {
  static styles = [
    panelStyles,
    css`
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      li {
        padding: 0.25rem 0;
        border-bottom: 1px solid #eaeef2;
      }
      label {
        display: flex;
        align-items: center;
        gap: 0.45rem;
        cursor: pointer;
      }
      input {
        width: 1.05rem;
        height: 1.05rem;
        margin: 0;
      }
      .dot {
        flex: none;
        width: 0.75rem;
        height: 0.75rem;
        border-radius: 50%;
        background: var(--c);
        border: 1px solid #fff;
        box-shadow: 0 0 0 1px #8c959f;
      }
      .dot.hollow {
        background: #fff;
        border: 3px solid var(--c);
        box-shadow: none;
        width: 0.45rem;
        height: 0.45rem;
      }
      .dot.planted {
        box-shadow: 0 0 0 1px #1f2328;
      }
      .title {
        flex: 1;
      }
      .count {
        color: #57606a;
        font-size: 0.8rem;
        font-variant-numeric: tabular-nums;
      }
      .cluster {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        width: 1.3rem;
        height: 1.3rem;
        border-radius: 50%;
        background: #1d3b2a;
        color: #fff;
        font-size: 0.65rem;
        font-weight: 700;
        border: 2px solid #fff;
        box-shadow: 0 0 0 1px #8c959f;
        flex: none;
      }
      .error {
        color: #8a1010;
      }
    `,
  ];

  @property({ attribute: false }) counts: Record<ProposalStatus, number> | null = null;
  @property({ attribute: false }) visible: ReadonlySet<ProposalStatus> = new Set();
  @property({ attribute: false }) error: string | null = null;

  render() {
    const c = this.counts;
    return html`
      <section aria-labelledby="pl-h">
        <h2 id="pl-h">${t('proposals.legend')}</h2>
        ${this.error ? html`<p class="error" role="alert">${t('proposals.loadError', { message: this.error })}</p>` : nothing}
        <ul>
          ${PROPOSAL_STATUSES.map(
            (s) => html`<li>
              <label>
                <input
                  type="checkbox"
                  data-proposal-status=${s}
                  .checked=${this.visible.has(s)}
                  aria-label=${t('proposals.legendShow', { status: t(`proposals.status.${s}`) })}
                  @change=${(e: Event) =>
                    this.dispatchEvent(new CustomEvent('proposal-status-toggle', { detail: { status: s, visible: (e.target as HTMLInputElement).checked }, bubbles: true, composed: true }))}
                />
                <span class="dot ${s === 'rejected' ? 'hollow' : s}" style="--c:${PROPOSAL_COLOURS[s]}" aria-hidden="true"></span>
                <span class="title">${t(`proposals.status.${s}`)}</span>
                <span class="count">${c ? c[s] : '…'}</span>
              </label>
            </li>`,
          )}
        </ul>
        <p class="small muted"><span class="cluster" aria-hidden="true">12</span> ${t('proposals.legendNote')}</p>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-proposal-legend': KpProposalLegend;
  }
}
