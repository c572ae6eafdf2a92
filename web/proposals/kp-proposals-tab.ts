/**
 * The side panel's "Propozycje" tab: what residents can propose, the count, the sign-in for
 * planners and admins, and the planner's review queue. Reads the proposals and session slices
 * (it re-renders when they change) and calls the proposals' actions.
 *
 * @fires propose-toggle - the propose button was pressed (start or stop proposing)
 * @fires import-open - {{ opener: HTMLElement }} an admin opens the layer import
 * (The review queue's `proposal-show` bubbles through: a queued proposal is shown on the map.)
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CityDetail } from '../../server/api-types.ts';
import { t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import type { Proposals } from '../state/proposals.ts';
import type { ProposalStatus } from '../state/proposal-kinds.ts';
import { Watch } from '../state/store.ts';
import type { EditDetail, ReviewDetail } from './kp-review-queue.ts';
import './kp-sign-in.ts';
import './kp-review-queue.ts';
import './kp-proposal-list.ts';

@customElement('kp-proposals-tab')
export class KpProposalsTab extends LitElement {
  static styles = css`
    :host {
      display: block;
    }
    .intro {
      font-size: 0.88rem;
      margin: 0.8rem 0 0.5rem;
    }
    .propose-btn {
      font: inherit;
      background: #1f5fbf;
      color: #fff;
      border: 1px solid #1f5fbf;
      border-radius: 4px;
      padding: 0.35rem 0.8rem;
      cursor: pointer;
    }
    .propose-btn:focus-visible {
      outline: 3px solid #1f5fbf;
      outline-offset: 2px;
    }
    .muted {
      color: #57606a;
      font-size: 0.82rem;
    }
    hr {
      border: none;
      border-top: 1px solid #d0d7de;
      margin: 0.9rem 0 0.2rem;
    }
  `;

  protected readonly localeController = new LocaleController(this);
  @property({ attribute: false }) proposals!: Proposals;
  @property({ attribute: false }) districts: CityDetail['districts'] = [];
  private watches: unknown[] = [];

  connectedCallback(): void {
    super.connectedCallback();
    // Subscribed once the proposals are given (they are set before the first connect).
    if (!this.watches.length && this.proposals) this.watches = [new Watch(this, this.proposals.slice), new Watch(this, this.proposals.session)];
  }

  protected willUpdate(): void {
    // Loaded on first use, the tab is upgraded after the shell gave it the proposals: subscribe now.
    if (!this.watches.length && this.proposals) this.watches = [new Watch(this, this.proposals.slice), new Watch(this, this.proposals.session)];
    // The list comes with the tab (its code and first page): drawn again once it is here.
    if (this.proposals && !this.proposals.list) void this.proposals.openList().then(() => this.requestUpdate(), (err: unknown) => console.error('The proposals list could not be loaded', err));
  }

  render() {
    const pc = this.proposals;
    if (!pc) return nothing;
    const s = pc.s;
    if (!s.loaded) return html`<p role="status">${t('proposals.loading')}</p>`;
    if (!pc.enabled) return html`<p>${s.loadError ? t('proposals.loadError', { message: s.loadError }) : t('proposals.none')}</p>`;
    const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
    const session = pc.session;
    const resident = session.resident;
    return html`<div class="proposals-tab">
      <p class="intro">${pc.introText}</p>
      <button class="propose-btn" data-action="propose-tab" @click=${() => this.emit('propose-toggle', {})}>${s.proposing ? t('proposals.proposeStop') : pc.proposeLabel}</button>
      <p class="muted">${t('proposals.counts', { n: total })}${resident && !session.isPlanner ? html` · ${t('proposals.you', { name: resident.nickname })}` : nothing}</p>
      <kp-proposal-list
        .list=${pc.list}
        .districts=${this.districts}
        .kinds=${pc.kinds}
        ?resident=${!!resident && !session.isPlanner}
        ?canSupport=${!!resident && !session.isPlanner}
        @proposal-support=${(e: CustomEvent<{ id: string; on: boolean }>) => void pc.supportFromList(e.detail.id, e.detail.on)}
      ></kp-proposal-list>
      <hr />
      <kp-sign-in
        .user=${session.user}
        ?busy=${s.signInBusy}
        .error=${s.signInError}
        @sign-in=${(e: CustomEvent<{ login: string; password: string }>) => void pc.signIn(e.detail.login, e.detail.password)}
        @sign-out=${() => void pc.signOut()}
      ></kp-sign-in>
      ${session.user?.role === 'admin'
        ? html`<p><button class="propose-btn" data-action="import-open" @click=${(e: Event) => this.emit('import-open', { opener: e.currentTarget })}>${t('import.open')}</button></p>`
        : nothing}
      ${session.isPlanner
        ? html`<kp-review-queue
            .queue=${s.queue}
            .districts=${this.districts}
            .species=${s.setup?.species ?? []}
            .kinds=${pc.kinds}
            .symbols=${s.symbols}
            .csvUrl=${pc.exportUrl('csv')}
            .geojsonUrl=${pc.exportUrl('geojson')}
            @queue-filter=${(e: CustomEvent<{ status?: ProposalStatus; district?: string | null; kind?: string | null }>) => pc.setQueueFilter(e.detail)}
            @review-undo=${() => void pc.undo()}
            @review-bulk=${(e: CustomEvent<{ ids: string[]; status: 'accepted' | 'rejected'; reason?: string; done(ok: boolean): void }>) =>
              void pc.reviewMany(e.detail.ids, e.detail.status, e.detail.reason).then(e.detail.done)}
            @review=${(e: CustomEvent<ReviewDetail>) => void pc.review(e.detail.id, e.detail.status, e.detail.reason).then(e.detail.done)}
            @proposal-edit=${(e: CustomEvent<EditDetail>) => void pc.edit(e.detail.id, { count: e.detail.count, species: e.detail.species }).then(e.detail.done)}
          ></kp-review-queue>`
        : nothing}
    </div>`;
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-proposals-tab': KpProposalsTab;
  }
}
