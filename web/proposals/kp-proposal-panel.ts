/**
 * One proposal: its kind, species and count (for a tree), note, status with its history (who, when, why), supports
 * with a "Popieram" / "Cofnij poparcie" toggle for residents, "Wycofaj" for its author.
 * Everything a person typed (note, reason, nickname) is rendered as text: Lit text bindings
 * only, never HTML.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ProposalEventOut, ProposalSetup } from '../../server/api-types.ts';
import type { SelectedState } from '../state/proposals.ts';
import { PROPOSAL_COLOURS } from '../map/proposals-layer.ts';
import { dateTime, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { statusMessage } from '../state/proposal-kinds.ts';
import { panelStyles } from '../components/shared-styles.ts';
import { floatingPanelStyles } from './proposal-styles.ts';
import { EscapeKey } from '../components/escape-key.ts';

const dateFmt = { format: (d: Date) => dateTime(d) };

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFmt.format(d);
}

/**
 * @fires panel-close
 * @fires support-toggle - {{ on: boolean; nickname?: string }}
 * @fires proposal-withdraw
 */
@customElement('kp-proposal-panel')
export class KpProposalPanel extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    floatingPanelStyles,
    css`
      dl {
        margin: 0.4rem 0;
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.2rem 0.7rem;
      }
      dt {
        color: #57606a;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .note {
        white-space: pre-wrap;
      }
      .latin {
        font-style: italic;
        color: #57606a;
      }
      ol.history {
        list-style: none;
        padding: 0;
        margin: 0.2rem 0;
        font-size: 0.82rem;
      }
      ol.history li {
        border-left: 3px solid #d0d7de;
        padding: 0.1rem 0 0.2rem 0.5rem;
        margin-bottom: 0.25rem;
        overflow-wrap: anywhere;
      }
      .supports {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        flex-wrap: wrap;
        margin: 0.5rem 0;
      }
      .supports strong {
        font-size: 1.05rem;
      }
      .confirm {
        background: #fff8e1;
        border: 1px solid #ecd48a;
        border-radius: 4px;
        padding: 0.4rem 0.5rem;
        margin-top: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) selected: SelectedState | null = null;
  /** The kind of the open proposal (null while unknown: shown as a tree). */
  @property({ attribute: false }) kind: ProposalSetup['kinds'][number] | null = null;
  @property({ attribute: false }) districtName: string | null = null;
  @property({ type: Boolean }) canWithdraw = false;
  @property({ type: Boolean }) isPlanner = false;
  @property({ type: Boolean }) needsNickname = false;

  @state() private confirming = false;
  @state() private askNickname = false;
  @state() private nickname = '';

  protected readonly escape = new EscapeKey(this, () => this.fire('panel-close'));

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('selected') && changed.get('selected')?.id !== this.selected?.id) {
      this.confirming = false;
      this.askNickname = false;
    }
    if (!this.needsNickname) this.askNickname = false;
  }

  protected updated(changed: PropertyValues<this>): void {
    if (changed.has('selected') && changed.get('selected')?.id !== this.selected?.id) this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  render() {
    const sel = this.selected;
    if (!sel) return nothing;
    const d = sel.detail;
    const p = d?.properties;
    const site = this.kind?.counts === 'sites';
    // The kind in the viewer's language (the proposal carries the pack's Polish label).
    const kindLabel = this.kind?.label ?? p?.kindLabel ?? '';
    const title = !p ? t('proposals.panel') : site ? capitalise(kindLabel) : d!.geometry.type === 'Point' ? t('proposals.kindTree') : t('proposals.kindArea');
    return html`
      <div class="inner" data-proposal=${sel.id} data-kind=${p?.kind ?? nothing}>
        <header>
          <h2 tabindex="-1">${title}</h2>
          <button class="close" aria-label=${t('proposals.close')} title=${t('proposals.close')} @click=${() => this.fire('panel-close')}>×</button>
        </header>
        ${!d && !sel.error ? html`<p class="muted" role="status">${t('proposals.loading')}</p>` : nothing}
        ${p
          ? html`
              <dl>
                <dt>${t('pnum.label')}</dt>
                <dd data-field="number">${p.number}</dd>
                ${site
                  ? html`<dt>${t('proposals.panelKind')}</dt>
                      <dd data-field="kind">${kindLabel}</dd>`
                  : html`<dt>${t('proposals.panelSpecies')}</dt>
                      <dd data-field="species">${p.speciesPl ?? p.species}${p.speciesLatin ? html` <span class="latin">(${p.speciesLatin})</span>` : nothing}</dd>
                      <dt>${t('proposals.panelCount')}</dt>
                      <dd data-field="count">${p.count}</dd>`}
                <dt>${t('proposals.panelStatus')}</dt>
                <dd data-field="status">
                  <span class="status"><span class="dot ${p.status === 'rejected' ? 'hollow' : ''}" style="--c:${PROPOSAL_COLOURS[p.status]}"></span>${t(statusMessage(p.status, site ? 'sites' : 'units'))}</span>
                </dd>
                ${p.reason ? html`<dt>${t('proposals.panelReason')}</dt><dd data-field="reason">${p.reason}</dd>` : nothing}
                ${this.districtName ? html`<dt>${t('proposals.panelDistrict')}</dt><dd>${this.districtName}</dd>` : nothing}
                <dt>${t('proposals.panelAuthor')}</dt>
                <dd data-field="author">${p.author}</dd>
                <dt>${t('proposals.panelNote')}</dt>
                <dd class="note" data-field="note">${p.note ? p.note : html`<span class="muted">${t('proposals.panelNoNote')}</span>`}</dd>
              </dl>
              <div class="supports">
                <span>${t('proposals.supports')}: <strong data-field="supports">${p.supports}</strong></span>
                ${this.supportControl(p.supportedByMe === true, sel.busy, p.status)}
              </div>
              ${this.askNickname ? this.nicknameForm() : nothing}
              ${this.canWithdraw && (p.status === 'proposed' || p.status === 'accepted') ? this.withdrawControl(sel.busy) : nothing}
              <h3>${t('proposals.history')}</h3>
              <ol class="history">
                ${d!.history.map((h) => this.historyItem(h, site))}
              </ol>
            `
          : nothing}
        <div aria-live="assertive">${sel.error ? html`<p class="error">${sel.error}</p>` : nothing}</div>
      </div>
    `;
  }

  private supportControl(mine: boolean, busy: boolean, status: string) {
    if (this.isPlanner) return html`<span class="small muted">${t('proposals.supportPlanner')}</span>`;
    if (status === 'withdrawn' || status === 'rejected') return nothing;
    // The author's own proposal: no support button (the server refuses it: own-proposal).
    if (this.canWithdraw) return html`<span class="small muted" data-own>${t('proposals.ownNoSupport')}</span>`;
    return html`<button
      class="btn ${mine ? '' : 'primary'}"
      data-action="support"
      aria-pressed=${String(mine)}
      ?disabled=${busy}
      @click=${() => (this.needsNickname ? (this.askNickname = true) : this.fire('support-toggle', { on: !mine }))}
    >
      ${mine ? t('proposals.unsupport') : t('proposals.support')}
    </button>`;
  }

  private nicknameForm() {
    return html`<form
      class="field"
      @submit=${(e: Event) => {
        e.preventDefault();
        if (this.nickname.trim()) this.fire('support-toggle', { on: true, nickname: this.nickname.trim() });
      }}
    >
      <label for="pp-nick">${t('proposals.supportNickname')}</label>
      <input id="pp-nick" type="text" maxlength="40" required autocomplete="nickname" .value=${this.nickname} @input=${(e: Event) => (this.nickname = (e.target as HTMLInputElement).value)} />
      <div class="actions"><button class="btn primary" type="submit">${t('proposals.support')}</button></div>
    </form>`;
  }

  private withdrawControl(busy: boolean) {
    if (!this.confirming) {
      return html`<div class="actions"><button class="btn" data-action="withdraw" ?disabled=${busy} @click=${() => (this.confirming = true)}>${t('proposals.withdraw')}</button></div>`;
    }
    return html`<div class="confirm" role="group" aria-label=${t('proposals.withdrawConfirm')}>
      <p>${t('proposals.withdrawConfirm')}</p>
      <div class="actions">
        <button class="btn primary" data-action="withdraw-yes" ?disabled=${busy} @click=${() => this.fire('proposal-withdraw')}>${t('proposals.withdrawYes')}</button>
        <button class="btn" @click=${() => (this.confirming = false)}>${t('proposals.withdrawNo')}</button>
      </div>
    </div>`;
  }

  private historyItem(h: ProposalEventOut, site: boolean) {
    const changes = h.changes
      ? Object.entries(h.changes)
          .map(([k, [a, b]]) => `${k}: ${String(a)} → ${String(b)}`)
          .join(', ')
      : '';
    return html`<li>
      <time datetime=${h.at}>${formatDate(h.at)}</time> — ${h.actor}: ${t(site && h.action === 'planted' ? 'proposals.action.done' : `proposals.action.${h.action}`)}${h.action === 'reopened' && h.toStatus ? html` (${t(`proposals.status.${h.toStatus as 'proposed'}`)})` : nothing}
      ${h.reason ? html`<br /><span class="muted">${t('proposals.panelReason')}:</span> ${h.reason}` : nothing}
      ${changes ? html`<br /><span class="muted">${changes}</span>` : nothing}
    </li>`;
  }

  private fire(type: string, detail: unknown = null) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('pl-PL') + s.slice(1);
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-proposal-panel': KpProposalPanel;
  }
}
