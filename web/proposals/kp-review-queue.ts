/**
 * The planners' review queue: proposals waiting (or accepted, to mark planted or done), most
 * supported first, filtered by district and kind; accept, reject with a reason (a small inline
 * form), mark planted (a tree) or done (a site), edit count or species of a tree; CSV and
 * GeoJSON exports of the current filter. Notes and nicknames are rendered as text only.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ProposalSetup } from '../../server/api-types.ts';
import type { ProposalFeature, QueueState } from '../state/proposals.ts';
import { PROPOSAL_COLOURS } from '../map/proposals-layer.ts';
import { plural, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { countsMix, type ProposalStatus, type ProposalSymbol } from '../state/proposal-kinds.ts';
import { symbolIcon } from './kp-proposal-legend.ts';
import { formatDate } from './kp-proposal-panel.ts';
import { panelStyles } from '../components/shared-styles.ts';

export interface ReviewDetail {
  id: string;
  status: 'accepted' | 'rejected' | 'planted' | 'proposed';
  reason?: string;
  done(ok: boolean): void;
}
export interface EditDetail {
  id: string;
  count?: number;
  species?: string;
  done(ok: boolean): void;
}

/**
 * @fires queue-filter - {{ status?: ProposalStatus; district?: string | null; kind?: string | null }}
 * @fires review - {ReviewDetail}
 * @fires review-undo - undo the last accept or plant
 * @fires review-bulk - {{ ids: string[]; status: 'accepted' | 'rejected'; reason?: string; done(ok: boolean): void }}
 * @fires proposal-edit - {EditDetail}
 * @fires proposal-show - {{ id: string }}
 */
@customElement('kp-review-queue')
export class KpReviewQueue extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    css`
      .filters {
        display: flex;
        gap: 0.5rem 0.8rem;
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
      select,
      input,
      textarea {
        padding: 0.25rem;
        border: 1px solid #8c959f;
        border-radius: 4px;
        max-width: 100%;
        box-sizing: border-box;
      }
      ol.items {
        list-style: none;
        padding: 0;
        margin: 0.4rem 0;
      }
      li.item {
        border: 1px solid #d0d7de;
        border-left: 4px solid var(--c);
        border-radius: 4px;
        padding: 0.4rem 0.5rem;
        margin-bottom: 0.45rem;
      }
      li.item[aria-busy='true'] {
        opacity: 0.6;
      }
      .head {
        display: flex;
        gap: 0.4rem;
        justify-content: space-between;
        align-items: baseline;
        flex-wrap: wrap;
      }
      .head strong {
        overflow-wrap: anywhere;
        display: inline-flex;
        gap: 0.3rem;
        align-items: center;
      }
      .dot {
        width: 0.7rem;
        height: 0.7rem;
        border-radius: 50%;
        background: var(--c);
        flex: none;
      }
      .shape {
        flex: none;
        width: 1rem;
        height: 1rem;
      }
      .supports {
        font-size: 0.8rem;
        white-space: nowrap;
        background: #eef4fc;
        border-radius: 3px;
        padding: 0 0.3rem;
      }
      .note {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0.2rem 0;
      }
      .actions {
        display: flex;
        gap: 0.35rem;
        flex-wrap: wrap;
        margin-top: 0.3rem;
      }
      .actions .btn {
        padding: 0.2rem 0.55rem;
        font-size: 0.85rem;
      }
      .inline {
        background: #f6f8fa;
        border-radius: 4px;
        padding: 0.4rem;
        margin-top: 0.35rem;
        display: grid;
        gap: 0.3rem;
      }
      .inline label {
        font-weight: 600;
        font-size: 0.82rem;
      }
      .error {
        color: #8a1010;
        background: #fff5f5;
        border-left: 3px solid #d1242f;
        padding: 0.3rem 0.5rem;
      }
      .bulk {
        display: flex;
        gap: 0.4rem 0.6rem;
        flex-wrap: wrap;
        align-items: center;
        margin: 0.4rem 0;
        padding: 0.3rem 0.4rem;
        background: #f6f8fa;
        border-radius: 4px;
      }
      .bulk .inline {
        flex-basis: 100%;
      }
      .pick {
        display: inline-flex;
        gap: 0.25rem;
        align-items: center;
        font-size: 0.82rem;
      }
      .outcome {
        background: #dafbe1;
        border-left: 3px solid #1a7f37;
        padding: 0.25rem 0.5rem;
        margin: 0.3rem 0;
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
      .sr-only {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      .exports {
        display: flex;
        gap: 0.6rem;
        align-items: center;
        flex-wrap: wrap;
        font-size: 0.85rem;
      }
    `,
  ];

  @property({ attribute: false }) queue: QueueState | null = null;
  @property({ attribute: false }) districts: { id: string; name: string }[] = [];
  @property({ attribute: false }) species: ProposalSetup['species'] = [];
  @property({ attribute: false }) kinds: ProposalSetup['kinds'] = [];
  @property({ attribute: false }) symbols: Record<string, ProposalSymbol> = {};
  @property({ attribute: false }) csvUrl = '#';
  @property({ attribute: false }) geojsonUrl = '#';

  @state() private rejecting: string | null = null;
  /** The move being given a reason (a rejection, or a reversal such as planted → accepted). */
  @state() private rejectTo: ReviewDetail['status'] = 'rejected';
  @state() private picked: ReadonlySet<string> = new Set();
  @state() private bulkRejecting = false;
  @state() private editing: string | null = null;
  @state() private reason = '';
  @state() private reasonError = false;
  @state() private editCount = 1;
  @state() private editSpecies = '';

  render() {
    const q = this.queue;
    if (!q) return nothing;
    return html`
      <h3 id="q-h">${t('queue.heading')}</h3>
      <div class="filters">
        <label
          >${t('queue.status')}
          <select data-filter="status" @change=${(e: Event) => this.filter({ status: (e.target as HTMLSelectElement).value as ProposalStatus })}>
            <option value="proposed" ?selected=${q.status === 'proposed'}>${t('queue.status.proposed')}</option>
            <option value="accepted" ?selected=${q.status === 'accepted'}>${countsMix(this.kinds) === 'units' ? t('queue.status.accepted') : t('queue.status.acceptedAny')}</option>
            <option value="planted" ?selected=${q.status === 'planted'}>${t('queue.status.planted')}</option>
            <option value="rejected" ?selected=${q.status === 'rejected'}>${t('queue.status.rejected')}</option>
            <option value="withdrawn" ?selected=${q.status === 'withdrawn'}>${t('queue.status.withdrawn')}</option>
          </select>
        </label>
        ${this.kinds.length > 1
          ? html`<label
              >${t('queue.kind')}
              <select data-filter="kind" @change=${(e: Event) => this.filter({ kind: (e.target as HTMLSelectElement).value || null })}>
                <option value="" ?selected=${!q.kind}>${t('queue.allKinds')}</option>
                ${this.kinds.map((k) => html`<option value=${k.id} ?selected=${k.id === q.kind}>${k.label}</option>`)}
              </select>
            </label>`
          : nothing}
        <label
          >${t('queue.district')}
          <select data-filter="district" @change=${(e: Event) => this.filter({ district: (e.target as HTMLSelectElement).value || null })}>
            <option value="" ?selected=${!q.district}>${t('queue.allDistricts')}</option>
            ${this.districts.map((d) => html`<option value=${d.id} ?selected=${d.id === q.district}>${d.name}</option>`)}
          </select>
        </label>
      </div>
      <p class="small muted">${t('queue.sorted')} <span data-queue-count>${t('queue.count', { shown: q.items.length, total: q.total })}</span></p>
      <div class="exports">
        <span>${t('queue.export')}:</span>
        <a href=${this.csvUrl} download data-export="csv">${t('queue.exportCsv')}</a>
        <a href=${this.geojsonUrl} download data-export="geojson">${t('queue.exportGeojson')}</a>
      </div>
      <div aria-live="assertive">${q.error ? html`<p class="error">${q.error}</p>` : nothing}</div>
      <div aria-live="polite" data-queue-outcome>
        ${q.last
          ? html`<p class="outcome">${t('queue.lastDone', { status: t(`proposals.status.${q.last.to}`) })}
              <button class="btn" data-action="undo" ?disabled=${!!q.busyId} @click=${() => this.fire('review-undo', {})}>${t('queue.undo')}</button></p>`
          : nothing}
        ${q.bulk ? html`<p class="outcome">${t('queue.bulkDone', { changed: q.bulk.changed, refused: q.bulk.refused })}</p>` : nothing}
      </div>
      ${this.bulkBar(q)}
      ${q.loading ? html`<p class="muted" role="status">${t('queue.loading')}</p>` : nothing}
      ${!q.loading && q.items.length === 0 ? html`<p class="muted">${t('queue.empty')}</p>` : nothing}
      <ol class="items" aria-labelledby="q-h" data-queue-status=${q.status}>
        ${q.items.map((f) => this.item(f, q))}
      </ol>
    `;
  }

  private item(f: ProposalFeature, q: QueueState) {
    const p = f.properties;
    const busy = q.busyId === p.id;
    const district = this.districts.find((d) => d.id === p.district)?.name ?? '—';
    const kind = this.kinds.find((k) => k.id === p.kind);
    const site = kind?.counts === 'sites';
    const species = p.speciesPl ?? p.species;
    // The kind in the viewer's language (the proposal carries the pack's Polish label).
    const kindLabel = kind?.label ?? p.kindLabel;
    const name = site ? t('queue.itemSite', { kind: kindLabel }) : t('queue.item', { species, count: p.count });
    return html`
      <li class="item" data-proposal=${p.id} data-kind=${p.kind} style="--c:${PROPOSAL_COLOURS[p.status]}" aria-busy=${String(busy)} aria-label=${name}>
        <div class="head">
          <strong
            >${this.kinds.length > 1 ? symbolIcon(this.symbols[p.kind] ?? 'circle', PROPOSAL_COLOURS[p.status]) : nothing}${site
              ? kindLabel
              : `${species}${p.count > 1 ? ` × ${p.count}` : ''}`}</strong
          >
          <span class="supports" data-supports=${p.supports} data-confirmed=${p.supportsConfirmed ?? 0}
            >${plural('queue.supportCount', p.supports)}${p.supports > 0
              ? html` <span class="small muted">${t('queue.supportSplit', { confirmed: p.supportsConfirmed ?? 0, unconfirmed: p.supports - (p.supportsConfirmed ?? 0) })}</span>`
              : nothing}</span
          >
        </div>
        <div class="small muted"><span data-number=${p.number}>${t('pnum.short', { n: p.number })}</span> · ${district} · ${p.author} · ${formatDate(p.createdAt)}</div>
        ${p.note ? html`<p class="note">${p.note}</p>` : nothing}
        <div class="actions">
          ${this.bulkable(q) ? html`<label class="pick"><input type="checkbox" data-pick=${p.id} .checked=${this.picked.has(p.id)} @change=${(e: Event) => this.pick(p.id, (e.target as HTMLInputElement).checked)} />${t('queue.select')}<span class="sr-only"> — ${name}</span></label>` : nothing}
          ${p.status === 'proposed' ? html`<button class="btn primary" data-action="accept" ?disabled=${busy} @click=${() => this.review(p.id, 'accepted')}>${t('queue.accept')}</button>` : nothing}
          ${p.status === 'accepted'
            ? html`<button class="btn primary" data-action="plant" ?disabled=${busy} @click=${() => this.review(p.id, 'planted')}>${site ? t('queue.done') : t('queue.plant')}</button>`
            : nothing}
          ${p.status === 'proposed' || p.status === 'accepted'
            ? html`<button class="btn" data-action="reject" aria-expanded=${String(this.rejecting === p.id && this.rejectTo === 'rejected')} ?disabled=${busy} @click=${() => this.openReject(p.id, 'rejected')}>${t('queue.reject')}</button>`
            : nothing}
          ${p.status === 'planted' || p.status === 'rejected'
            ? html`<button class="btn" data-action="to-accepted" aria-expanded=${String(this.rejecting === p.id && this.rejectTo === 'accepted')} ?disabled=${busy} @click=${() => this.openReject(p.id, 'accepted')}>${t('queue.toAccepted')}</button>`
            : nothing}
          ${p.status === 'accepted' || p.status === 'rejected' || p.status === 'planted'
            ? html`<button class="btn" data-action="to-proposed" aria-expanded=${String(this.rejecting === p.id && this.rejectTo === 'proposed')} ?disabled=${busy} @click=${() => this.openReject(p.id, 'proposed')}>${t('queue.toProposed')}</button>`
            : nothing}
          ${site
            ? nothing
            : html`<button class="btn" data-action="edit" aria-expanded=${String(this.editing === p.id)} ?disabled=${busy} @click=${() => this.openEdit(f)}>${t('queue.edit')}</button>`}
          <button class="btn" data-action="show" @click=${() => this.fire('proposal-show', { id: p.id })}>${t('queue.show')}</button>
        </div>
        ${this.rejecting === p.id ? this.rejectForm(p.id, busy) : nothing} ${this.editing === p.id ? this.editForm(f, busy) : nothing}
      </li>
    `;
  }

  private rejectForm(id: string, busy: boolean) {
    return html`<form class="inline" @submit=${(e: Event) => this.submitReject(e, id)} novalidate>
      <label for="r-${id}">${this.rejectTo === 'rejected' ? t('queue.reason') : t('queue.changeReason')}</label>
      <textarea id="r-${id}" rows="2" maxlength="500" required aria-invalid=${String(this.reasonError)} aria-describedby="re-${id}" .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea>
      <span id="re-${id}" aria-live="assertive">${this.reasonError ? html`<span class="error">${t('queue.reasonNeeded')}</span>` : nothing}</span>
      <div class="actions">
        <button class="btn primary" type="submit" data-action="reject-confirm" ?disabled=${busy}>${this.rejectTo === 'rejected' ? t('queue.rejectConfirm') : t('queue.changeConfirm')}</button>
        <button class="btn" type="button" @click=${() => (this.rejecting = null)}>${t('queue.cancel')}</button>
      </div>
    </form>`;
  }

  private editForm(f: ProposalFeature, busy: boolean) {
    const id = f.properties.id;
    const isPoint = f.geometry.type === 'Point';
    return html`<form class="inline" @submit=${(e: Event) => this.submitEdit(e, f)}>
      <label for="ec-${id}">${t('proposals.count')}</label>
      <input id="ec-${id}" type="number" min="1" step="1" ?readonly=${isPoint} .value=${String(this.editCount)} @input=${(e: Event) => (this.editCount = Math.floor(Number((e.target as HTMLInputElement).value)))} />
      <label for="es-${id}">${t('proposals.species')}</label>
      <select id="es-${id}" @change=${(e: Event) => (this.editSpecies = (e.target as HTMLSelectElement).value)}>
        ${this.species.map((s) => html`<option value=${s.id} ?selected=${s.id === this.editSpecies}>${s.pl} (${s.latin})</option>`)}
      </select>
      <div class="actions">
        <button class="btn primary" type="submit" data-action="edit-save" ?disabled=${busy}>${t('queue.save')}</button>
        <button class="btn" type="button" @click=${() => (this.editing = null)}>${t('queue.cancel')}</button>
      </div>
    </form>`;
  }

  private openReject(id: string, to: ReviewDetail['status'] = 'rejected') {
    this.editing = null;
    this.rejecting = this.rejecting === id && this.rejectTo === to ? null : id;
    this.rejectTo = to;
    this.reason = '';
    this.reasonError = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#r-${CSS.escape(id)}`)?.focus());
  }

  private openEdit(f: ProposalFeature) {
    const id = f.properties.id;
    this.rejecting = null;
    this.editing = this.editing === id ? null : id;
    this.editCount = f.properties.count;
    this.editSpecies = f.properties.species;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#ec-${CSS.escape(id)}`)?.focus());
  }

  private submitReject(e: Event, id: string) {
    e.preventDefault();
    const reason = this.reason.trim();
    this.reasonError = !reason;
    if (!reason) return;
    this.review(id, this.rejectTo, reason);
  }

  /** Whether the shown proposals can be decided in bulk (pending or accepted ones). */
  private bulkable(q: QueueState): boolean {
    return q.status === 'proposed' || q.status === 'accepted';
  }

  private pick(id: string, on: boolean) {
    const next = new Set(this.picked);
    if (on) next.add(id);
    else next.delete(id);
    this.picked = next;
  }

  private bulkBar(q: QueueState) {
    if (!this.bulkable(q) || q.items.length === 0) return nothing;
    const ids = q.items.map((f) => f.properties.id).filter((id) => this.picked.has(id));
    const busy = q.busyId === '*';
    const all = ids.length === q.items.length;
    return html`<div class="bulk" role="group" aria-label=${t('queue.selected', { n: ids.length })}>
      <label class="pick"><input type="checkbox" data-pick-all .checked=${all} @change=${(e: Event) => (this.picked = (e.target as HTMLInputElement).checked ? new Set(q.items.map((f) => f.properties.id)) : new Set())} />${t('queue.selectAll')}</label>
      <span class="small muted" data-picked=${ids.length}>${t('queue.selected', { n: ids.length })}</span>
      ${q.status === 'proposed' ? html`<button class="btn" data-action="bulk-accept" ?disabled=${!ids.length || busy} @click=${() => this.bulk(ids, 'accepted')}>${t('queue.bulkAccept')}</button>` : nothing}
      <button class="btn" data-action="bulk-reject" aria-expanded=${String(this.bulkRejecting)} ?disabled=${!ids.length || busy} @click=${() => (this.bulkRejecting = !this.bulkRejecting)}>${t('queue.bulkReject')}</button>
      ${this.bulkRejecting
        ? html`<form class="inline" novalidate @submit=${(e: Event) => {
            e.preventDefault();
            const reason = this.reason.trim();
            this.reasonError = !reason;
            if (reason) this.bulk(ids, 'rejected', reason);
          }}>
            <label for="r-bulk">${t('queue.reason')}</label>
            <textarea id="r-bulk" rows="2" maxlength="500" required aria-invalid=${String(this.reasonError)} .value=${this.reason} @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}></textarea>
            ${this.reasonError ? html`<span class="error" aria-live="assertive">${t('queue.reasonNeeded')}</span>` : nothing}
            <div class="actions"><button class="btn primary" type="submit" data-action="bulk-reject-confirm" ?disabled=${busy}>${t('queue.rejectConfirm')}</button></div>
          </form>`
        : nothing}
    </div>`;
  }

  private bulk(ids: string[], status: 'accepted' | 'rejected', reason?: string) {
    this.fire('review-bulk', {
      ids,
      status,
      ...(reason ? { reason } : {}),
      done: (ok: boolean) => {
        if (!ok) return;
        this.picked = new Set();
        this.bulkRejecting = false;
        this.reason = '';
      },
    });
  }

  private submitEdit(e: Event, f: ProposalFeature) {
    e.preventDefault();
    const change: { count?: number; species?: string } = {};
    if (this.editCount !== f.properties.count && this.editCount >= 1) change.count = this.editCount;
    if (this.editSpecies && this.editSpecies !== f.properties.species) change.species = this.editSpecies;
    if (!Object.keys(change).length) {
      this.editing = null;
      return;
    }
    this.fire('proposal-edit', { id: f.properties.id, ...change, done: (ok: boolean) => ok && (this.editing = null) } satisfies EditDetail);
  }

  private review(id: string, status: ReviewDetail['status'], reason?: string) {
    this.fire('review', {
      id,
      status,
      ...(reason ? { reason } : {}),
      done: (ok: boolean) => {
        if (ok && this.rejecting === id) this.rejecting = null;
      },
    } satisfies ReviewDetail);
  }

  private filter(patch: { status?: ProposalStatus; district?: string | null; kind?: string | null }) {
    this.rejecting = null;
    this.picked = new Set();
    this.bulkRejecting = false;
    this.editing = null;
    this.fire('queue-filter', patch);
  }

  private fire(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-review-queue': KpReviewQueue;
  }
}
