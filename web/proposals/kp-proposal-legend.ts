/**
 * The proposals' entry in the layer panel: a row per kind the town takes, with its symbol
 * (trees are circles, each site kind a shape), a checkbox and the live count; then a legend by
 * status (colour-blind-safe colours, rejected drawn hollow), a checkbox per status (withdrawn
 * off by default) and counts.
 */
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ProposalSetup } from '../../server/api-types.ts';
import { PROPOSAL_COLOURS, PROPOSAL_STATUSES, type ProposalStatus } from '../map/proposals-layer.ts';
import { shapePath } from '../map/proposal-symbols.ts';
import { countsMix, statusMessage, type ProposalSymbol } from '../state/proposal-kinds.ts';
import { t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { panelStyles } from '../components/shared-styles.ts';

/** A kind's symbol as a small SVG (the map draws the same shapes). */
export function symbolIcon(symbol: ProposalSymbol, colour = '#57606a') {
  if (symbol === 'circle') return html`<span class="dot" style="--c:${colour}" aria-hidden="true"></span>`;
  return html`<svg class="shape" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">${svg`<path d=${shapePath(symbol)} fill=${colour} stroke="#fff" stroke-width="2.5" paint-order="stroke"></path><path d=${shapePath(symbol)} fill="none" stroke="#1f2328" stroke-opacity="0.6" stroke-width="1"></path>`}</svg>`;
}

/**
 * @fires proposal-status-toggle - {{ status: ProposalStatus; visible: boolean }}
 * @fires proposal-kind-toggle - {{ kind: string; visible: boolean }}
 */
@customElement('kp-proposal-legend')
export class KpProposalLegend extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
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
      .shape {
        flex: none;
        width: 1rem;
        height: 1rem;
        margin: -0.1rem -0.1rem;
      }
      h3 {
        font-size: 0.82rem;
        margin: 0.5rem 0 0.1rem;
        color: #3d444d;
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
        /* As on the map: coloured by the status most of its proposals have, dark count. */
        background: #e69f00;
        color: #1f2328;
        box-shadow: inset 0 0 0 1.5px #1f2328;
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
  /** The town's kinds; a row each when there are several. */
  @property({ attribute: false }) kinds: ProposalSetup['kinds'] = [];
  @property({ attribute: false }) symbols: Record<string, ProposalSymbol> = {};
  /** Live proposals of each kind. */
  @property({ attribute: false }) kindCounts: Record<string, number> = {};
  @property({ attribute: false }) hiddenKinds: ReadonlySet<string> = new Set();

  render() {
    const c = this.counts;
    const several = this.kinds.length > 1;
    const mix = countsMix(this.kinds);
    return html`
      <section aria-labelledby="pl-h">
        <h2 id="pl-h">${several || mix === 'sites' ? t('proposals.legendAny') : t('proposals.legend')}</h2>
        ${this.error ? html`<p class="error" role="alert">${t('proposals.loadError', { message: this.error })}</p>` : nothing}
        ${several ? this.kindRows() : nothing}
        ${several ? html`<h3 id="pl-st">${t('proposals.legendStatuses')}</h3>` : nothing}
        <ul aria-labelledby=${several ? 'pl-st' : nothing}>
          ${PROPOSAL_STATUSES.map(
            (s) => html`<li>
              <label>
                <input
                  type="checkbox"
                  data-proposal-status=${s}
                  .checked=${this.visible.has(s)}
                  aria-label=${t('proposals.legendShow', { status: t(statusMessage(s, mix)) })}
                  @change=${(e: Event) =>
                    this.dispatchEvent(new CustomEvent('proposal-status-toggle', { detail: { status: s, visible: (e.target as HTMLInputElement).checked }, bubbles: true, composed: true }))}
                />
                <span class="dot ${s === 'rejected' ? 'hollow' : s}" style="--c:${PROPOSAL_COLOURS[s]}" aria-hidden="true"></span>
                <span class="title">${t(statusMessage(s, mix))}</span>
                <span class="count">${c ? c[s] : '…'}</span>
              </label>
            </li>`,
          )}
        </ul>
        ${mix !== 'sites' ? html`<p class="small muted"><span class="cluster" aria-hidden="true">12</span> ${t('proposals.legendNote')}</p>` : nothing}
      </section>
    `;
  }

  private kindRows() {
    return html`<h3 id="pl-k">${t('proposals.legendKinds')}</h3>
      <ul aria-labelledby="pl-k">
        ${this.kinds.map(
          (k) => html`<li data-legend-kind=${k.id}>
            <label>
              <input
                type="checkbox"
                data-proposal-kind=${k.id}
                .checked=${!this.hiddenKinds.has(k.id)}
                aria-label=${t('proposals.legendShowKind', { kind: k.label })}
                @change=${(e: Event) =>
                  this.dispatchEvent(new CustomEvent('proposal-kind-toggle', { detail: { kind: k.id, visible: (e.target as HTMLInputElement).checked }, bubbles: true, composed: true }))}
              />
              ${symbolIcon(this.symbols[k.id] ?? 'circle')}
              <span class="title">${k.label}</span>
              <span class="count">${this.counts ? this.kindCounts[k.id] ?? 0 : '…'}</span>
            </label>
          </li>`,
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-proposal-legend': KpProposalLegend;
  }
}
