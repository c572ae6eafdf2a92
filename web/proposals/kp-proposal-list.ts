/**
 * The proposals list (the text alternative to the map for proposals): filters by kind, status
 * and district, sorted by supports or date, "my proposals", and the planner's decisions on my
 * proposals not yet seen. Each item opens the proposal on the map, has its own link
 * (`#city/proposal/id`) and, for a resident, a support button. Notes and nicknames are text.
 *
 * @fires proposal-show - {{ id: string }} open this proposal on the map
 * @fires proposal-support - {{ id: string; on: boolean }}
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ProposalSetup } from '../../server/api-types.ts';
import { plural, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { PROPOSAL_COLOURS } from '../map/proposals-layer.ts';
import type { ListSort, ProposalList } from '../state/proposal-list.ts';
import type { ProposalFeature } from '../state/proposals.ts';
import { Watch } from '../state/store.ts';
import { panelStyles } from '../components/shared-styles.ts';
import { formatDate } from './kp-proposal-panel.ts';

type Status = ProposalFeature['properties']['status'];
const STATUSES: Status[] = ['proposed', 'accepted', 'planted', 'rejected', 'withdrawn'];

@customElement('kp-proposal-list')
export class KpProposalList extends LitElement {
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    css`
      :host {
        display: block;
      }
      .filters {
        display: flex;
        gap: 0.4rem 0.7rem;
        flex-wrap: wrap;
        align-items: end;
        margin: 0.3rem 0;
      }
      .filters label {
        display: flex;
        flex-direction: column;
        font-size: 0.8rem;
        gap: 0.1rem;
      }
      .filters label.check {
        flex-direction: row;
        align-items: center;
        gap: 0.3rem;
      }
      select {
        padding: 0.25rem;
        border: 1px solid #8c959f;
        border-radius: 4px;
        max-width: 100%;
      }
      ol {
        list-style: none;
        padding: 0;
        margin: 0.4rem 0;
      }
      li.item {
        border: 1px solid #d0d7de;
        border-left: 4px solid var(--c);
        border-radius: 4px;
        padding: 0.35rem 0.5rem;
        margin-bottom: 0.4rem;
      }
      .open {
        font: inherit;
        font-weight: 600;
        background: none;
        border: none;
        padding: 0;
        color: #0b4fa8;
        text-decoration: underline;
        cursor: pointer;
        text-align: left;
        overflow-wrap: anywhere;
      }
      .open:focus-visible,
      a:focus-visible {
        outline: 3px solid #1f5fbf;
        outline-offset: 2px;
      }
      .meta {
        font-size: 0.8rem;
        color: #57606a;
      }
      .status {
        font-size: 0.78rem;
        font-weight: 600;
      }
      .note {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0.15rem 0;
        font-size: 0.85rem;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
        margin-top: 0.2rem;
        font-size: 0.85rem;
      }
      .row .btn {
        padding: 0.15rem 0.5rem;
        font-size: 0.82rem;
      }
      .decisions {
        background: #fff8c5;
        border: 1px solid #d4a72c;
        border-radius: 4px;
        padding: 0.4rem 0.6rem;
        margin: 0.5rem 0;
      }
      .decisions h3 {
        margin: 0 0 0.3rem;
        font-size: 0.95rem;
      }
      .decisions ul {
        margin: 0 0 0.3rem;
        padding-left: 1.1rem;
      }
      .error {
        color: #8a1010;
      }
      .sr-only {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
    `,
  ];

  /** The list (null until its code has come with the tab). */
  @property({ attribute: false }) list: ProposalList | null = null;
  @property({ attribute: false }) districts: { id: string; name: string }[] = [];
  @property({ attribute: false }) kinds: ProposalSetup['kinds'] = [];
  @property({ attribute: false }) species: ProposalSetup['species'] = [];
  /** Whether the browser has a resident (my proposals, supports). */
  @property({ type: Boolean }) resident = false;
  /** Whether a support can be given from here (a resident who is not a planner). */
  @property({ type: Boolean }) canSupport = false;
  @property({ attribute: false }) busyId: string | null = null;
  private watch: unknown = null;

  connectedCallback(): void {
    super.connectedCallback();
    if (!this.watch && this.list) this.watch = new Watch(this, this.list.slice);
  }

  protected willUpdate(): void {
    // The list came after the element: subscribe now.
    if (!this.watch && this.list) this.watch = new Watch(this, this.list.slice);
  }

  render() {
    const l = this.list;
    if (!l) return nothing;
    const s = l.s;
    const city = s.city ?? '';
    return html`
      ${s.decisions.length ? this.decisions(s.decisions) : nothing}
      <h3 id="pl-h">${t('plist.heading')}</h3>
      <div class="filters" role="group" aria-label=${t('plist.filters')}>
        ${this.kinds.length > 1
          ? html`<label
              >${t('plist.kind')}
              <select data-list-filter="kind" @change=${(e: Event) => l.setFilter({ kind: (e.target as HTMLSelectElement).value || null })}>
                <option value="" ?selected=${!s.kind}>${t('plist.all')}</option>
                ${this.kinds.map((k) => html`<option value=${k.id} ?selected=${k.id === s.kind}>${k.label}</option>`)}
              </select>
            </label>`
          : nothing}
        <label
          >${t('plist.status')}
          <select data-list-filter="status" @change=${(e: Event) => l.setFilter({ status: ((e.target as HTMLSelectElement).value || null) as Status | null })}>
            <option value="" ?selected=${!s.status}>${t('plist.allStatuses')}</option>
            ${STATUSES.map((st) => html`<option value=${st} ?selected=${st === s.status}>${t(`proposals.status.${st}`)}</option>`)}
          </select>
        </label>
        <label
          >${t('plist.district')}
          <select data-list-filter="district" @change=${(e: Event) => l.setFilter({ district: (e.target as HTMLSelectElement).value || null })}>
            <option value="" ?selected=${!s.district}>${t('plist.all')}</option>
            ${this.districts.map((d) => html`<option value=${d.id} ?selected=${d.id === s.district}>${d.name}</option>`)}
          </select>
        </label>
        <label
          >${t('plist.sort')}
          <select data-list-filter="sort" @change=${(e: Event) => l.setFilter({ sort: (e.target as HTMLSelectElement).value as ListSort })}>
            <option value="supports" ?selected=${s.sort === 'supports'}>${t('plist.sort.supports')}</option>
            <option value="newest" ?selected=${s.sort === 'newest'}>${t('plist.sort.newest')}</option>
            <option value="created" ?selected=${s.sort === 'created'}>${t('plist.sort.created')}</option>
          </select>
        </label>
        ${this.resident
          ? html`<label class="check"><input type="checkbox" data-list-filter="mine" .checked=${s.mine} @change=${(e: Event) => l.setFilter({ mine: (e.target as HTMLInputElement).checked })} />${t('plist.mine')}</label>`
          : nothing}
      </div>
      <p class="meta" role="status" data-list-count>${s.loading ? t('plist.loading') : t('plist.count', { shown: s.items.length, total: s.total })}</p>
      ${s.error ? html`<p class="error" role="alert">${s.error}</p>` : nothing}
      ${!s.loading && !s.error && s.items.length === 0 ? html`<p class="meta">${s.mine ? t('plist.mineEmpty') : t('plist.empty')}</p>` : nothing}
      <ol aria-labelledby="pl-h" data-proposal-list>
        ${s.items.map((f) => this.item(f, city))}
      </ol>
      ${s.items.length < s.total
        ? html`<button class="btn" data-action="list-more" ?disabled=${s.loading} @click=${() => void l.load(true)}>${t('plist.more')}</button>`
        : nothing}
    `;
  }

  private name(f: ProposalFeature): string {
    const p = f.properties;
    const kind = this.kinds.find((k) => k.id === p.kind);
    // The kind in the viewer's language (the proposal carries the pack's Polish label).
    const label = kind?.label ?? p.kindLabel;
    if (kind?.counts === 'sites') return label;
    return `${p.speciesPl ?? label}${p.count > 1 ? ` × ${p.count}` : ''}`;
  }

  private item(f: ProposalFeature, city: string) {
    const p = f.properties;
    const district = this.districts.find((d) => d.id === p.district)?.name ?? '—';
    const live = p.status === 'proposed' || p.status === 'accepted';
    const busy = this.busyId === p.id;
    return html`<li class="item" data-proposal=${p.id} data-status=${p.status} style="--c:${PROPOSAL_COLOURS[p.status]}">
      <button class="open" data-action="list-open" aria-describedby="m-${p.id}" @click=${() => this.fire('proposal-show', { id: p.id })}>${this.name(f)}</button>
      <div class="meta" id="m-${p.id}">
        <span data-number=${p.number}>${t('pnum.short', { n: p.number })}</span> · <span class="status">${t(`proposals.status.${p.status}`)}</span> · ${district} · ${plural('queue.supportCount', p.supports)} · ${p.author} ·
        <time datetime=${p.createdAt}>${formatDate(p.createdAt)}</time>
      </div>
      ${p.note ? html`<p class="note">${p.note}</p>` : nothing}
      ${p.reason && p.status !== 'proposed' ? html`<p class="note"><span class="meta">${t('proposals.panelReason')}:</span> ${p.reason}</p>` : nothing}
      <div class="row">
        ${this.canSupport && live && !p.byMe
          ? html`<button class="btn" data-action="list-support" aria-pressed=${String(!!p.supportedByMe)} ?disabled=${busy} @click=${() => this.fire('proposal-support', { id: p.id, on: !p.supportedByMe })}>
              ${p.supportedByMe ? t('plist.unsupport') : t('plist.support')}<span class="sr-only"> — ${this.name(f)}</span>
            </button>`
          : nothing}
        <a href="#${encodeURIComponent(city)}/proposal/${encodeURIComponent(p.id)}" data-link=${p.id}>${t('plist.link')}<span class="sr-only"> — ${this.name(f)}</span></a>
      </div>
    </li>`;
  }

  private decisions(list: ProposalFeature[]) {
    return html`<section class="decisions" data-decisions aria-labelledby="dec-h">
      <h3 id="dec-h">${t('plist.decisions')}</h3>
      <ul>
        ${list.map(
          (f) => html`<li data-decision=${f.properties.id}>
            <button class="open" @click=${() => this.fire('proposal-show', { id: f.properties.id })}>${this.name(f)}</button>:
            <strong>${t(`proposals.status.${f.properties.status}`)}</strong>${f.properties.reason ? html` — ${f.properties.reason}` : nothing}
          </li>`,
        )}
      </ul>
      <button class="btn" data-action="decisions-seen" @click=${() => this.list?.markSeen()}>${t('plist.decisionsSeen')}</button>
    </section>`;
  }

  private fire(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-proposal-list': KpProposalList;
  }
}
