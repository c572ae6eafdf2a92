/**
 * Following the strategy: the time control (the strategy's start → its horizon; the map and
 * the tree show every undertaking's state on the chosen date), "what's new" since the last
 * report, the yearly report's downloads, and — for planners — the form recording an update.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Geometry } from 'geojson';
import type { Undertaking } from '../../server/api-types.ts';
import type { ProgressStatus } from '../../server/progress/progress-types.ts';
import { progressApi, type ProgressInputBody } from '../api/progress-client.ts';
import { dateTime, num, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { panelStyles } from '../components/shared-styles.ts';
import { todayIso, type ProgressState } from '../state/progress.ts';
import { statusStyles } from './kp-progress-summary.ts';
import type { FollowsState } from '../state/follows.ts';

/** Grids a file may be in without saying so (a file that states its CRS needs none of these). */
const IMPORT_GRIDS: [string, string][] = [['EPSG:2180', 'PUWG 1992'], ['EPSG:2176', 'PUWG 2000 / 5'], ['EPSG:2177', 'PUWG 2000 / 6'], ['EPSG:2178', 'PUWG 2000 / 7'], ['EPSG:2179', 'PUWG 2000 / 8']];
const STATUSES: ProgressStatus[] = ['planned', 'in_preparation', 'in_progress', 'done', 'suspended', 'dropped'];
const DAY = 86_400_000;
const dayIndex = (d: string, start: string) => Math.round((Date.parse(d) - Date.parse(start)) / DAY);
const dayAt = (i: number, start: string) => new Date(Date.parse(start) + i * DAY).toISOString().slice(0, 10);

/**
 * @fires progress-date - {{ at: string }} the time control moved
 * @fires progress-since - {{ since: string | null }} "what changed since" moved (null: since the last report)
 * @fires progress-show-changes - {{ on: boolean }} show or hide what changed as a highlight on the map
 * @fires progress-record - {{ undertaking: string; body: ProgressInputBody }} a planner records an update
 * @fires council-present - {{ year: number }} present that year's report to the council (presentation mode)
 * @fires progress-draw - {{ mode: 'linestring' | 'polygon' | null }} draw the work done on the map (null: stop)
 * @fires progress-import - {{ file: File; from: string | null }} read the work done from a file instead
 */
@customElement('kp-progress-panel')
export class KpProgressPanel extends LitElement {
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    statusStyles,
    css`
      section { border-bottom: 1px solid #eaeef2; padding: 0.4rem 0 0.6rem; }
      .time { display: flex; flex-direction: column; gap: 0.25rem; }
      .time input[type='range'] { width: 100%; }
      .ends { display: flex; justify-content: space-between; font-size: 0.75rem; color: #57606a; }
      ul.news { list-style: none; padding: 0; margin: 0.3rem 0; max-height: 16rem; overflow: auto; }
      ul.news li { padding: 0.3rem 0; border-top: 1px solid #f0f2f4; font-size: 0.82rem; }
      ul.news li.followed { background: #f3f8ff; padding-left: 0.3rem; border-left: 3px solid #0b5cad; }
      .badge { font-size: 0.7rem; font-weight: 700; border-radius: 999px; padding: 0 0.4rem; margin-left: 0.2rem; }
      .badge.follow { color: #0b5cad; border: 1px solid #0b5cad; }
      .badge.new { color: #fff; background: #82071e; }
      .follow-sum { font-size: 0.82rem; margin: 0.2rem 0; }
      .on-map { display: flex; align-items: flex-start; gap: 0.35rem; margin: 0.3rem 0; }
      .on-map input { margin: 0.15rem 0 0; flex: none; }
      .swatch { flex: none; margin-top: 0.3rem; display: inline-block; width: 1.4rem; height: 0.55rem; border-radius: 999px; background: #d97706; opacity: 0.75; }
      form { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.35rem; }
      form input:not([type='file']), form select, form textarea { width: 100%; box-sizing: border-box; min-width: 0; }
      label { display: grid; gap: 0.1rem; font-size: 0.82rem; }
      .row { display: flex; gap: 0.4rem; flex-wrap: wrap; align-items: center; }
      .err { color: #82071e; font-size: 0.82rem; }
      fieldset.file { border: 1px solid #d0d7de; border-radius: 6px; padding: 0.3rem 0.5rem 0.45rem; margin: 0; display: grid; gap: 0.3rem; min-width: 0; }
      fieldset.file legend { font-size: 0.82rem; padding: 0 0.2rem; }
      fieldset.file input[type='file'] { max-width: 100%; font-size: 0.8rem; }
      button.link { background: none; border: none; padding: 0; color: #0b5cad; text-decoration: underline; cursor: pointer; font: inherit; }
    `,
  ];

  @property({ attribute: false }) progress: ProgressState | null = null;
  @property({ attribute: false }) undertakings: Undertaking[] = [];
  @property({ type: Boolean }) planner = false;
  /** The geometry the planner drew for the update (from the map). */
  @property({ attribute: false }) drawn: Geometry | null = null;
  @property({ attribute: false }) error: string | null = null;
  /** What this person follows: those undertakings' updates come first, the new ones marked. */
  @property({ attribute: false }) follows: FollowsState | null = null;

  @state() private undertaking = '';
  @state() private drawing: 'linestring' | 'polygon' | null = null;

  render() {
    const p = this.progress;
    if (!p) return nothing;
    return html`
      ${this.timeControl(p)}
      ${this.news(p)}
      ${this.reports(p)}
      ${this.planner ? this.form(p) : nothing}
    `;
  }

  private timeControl(p: ProgressState) {
    const tl = p.timeline;
    if (!tl) return nothing;
    const last = Math.max(0, dayIndex(tl.end < todayIso() ? tl.end : todayIso(), tl.start));
    const total = dayIndex(tl.end, tl.start);
    const i = Math.min(last, Math.max(0, dayIndex(p.at, tl.start)));
    return html`<section class="time" data-time-control>
      <h3>${t('progress.timeTitle')}</h3>
      <label>${t('progress.stateOn')} <strong data-time-date>${dateTime(p.at, { dateStyle: 'long' })}</strong>
        <input type="range" min="0" max=${total} .value=${String(i)} aria-label=${t('progress.timeSlider')}
          @change=${(e: Event) => this.emitDate(dayAt(Math.min(last, Number((e.target as HTMLInputElement).value)), tl.start))} />
      </label>
      <div class="ends"><span>${dateTime(tl.start, { dateStyle: 'medium' })}</span><span>${t('progress.horizon', { date: dateTime(tl.end, { dateStyle: 'medium' }) })}</span></div>
      <div class="row">
        <input type="date" data-time-input min=${tl.start} max=${todayIso()} .value=${p.at} aria-label=${t('progress.timeDate')} @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value; if (v) this.emitDate(v); }} />
        <button class="btn" type="button" @click=${() => this.emitDate(todayIso())}>${t('progress.today')}</button>
      </div>
      <p class="small muted">${t('progress.timeLegend')}</p>
    </section>`;
  }

  private emitDate(at: string) {
    this.dispatchEvent(new CustomEvent('progress-date', { detail: { at }, bubbles: true, composed: true }));
  }

  private emitSince(since: string | null) {
    this.dispatchEvent(new CustomEvent('progress-since', { detail: { since }, bubbles: true, composed: true }));
  }

  private news(p: ProgressState) {
    const c = p.changes;
    if (!c) return nothing;
    const name = (id: string) => this.undertakings.find((u) => u.id === id)?.name ?? id;
    const followed = new Set(this.follows?.following ?? []);
    const fresh = [...followed].reduce((n, id) => n + (this.follows?.newSince[id] ?? 0), 0);
    return html`<section data-whats-new>
      <h3>${t('progress.newsTitle', { date: dateTime(c.since, { dateStyle: 'long' }) })}</h3>
      <div class="row">
        <label class="row">${t('progress.sinceLabel')}
          <input type="date" data-since-input max=${todayIso()} .value=${c.since} @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value; if (v) this.emitSince(v); }} />
        </label>
        ${p.since ? html`<button class="btn" type="button" data-since-reset @click=${() => this.emitSince(null)}>${t('progress.sinceReset')}</button>` : nothing}
      </div>
      <label class="small on-map"><input type="checkbox" data-changes-on-map .checked=${p.showChanges} @change=${(e: Event) => this.dispatchEvent(new CustomEvent('progress-show-changes', { detail: { on: (e.target as HTMLInputElement).checked }, bubbles: true, composed: true }))} />
        <span class="swatch" aria-hidden="true"></span><span>${t('progress.changesOnMap')}</span></label>
      ${followed.size
        ? html`<p class="follow-sum" data-follow-summary=${fresh}><strong>${t('progress.followTitle')}:</strong> ${fresh ? t('progress.followNew', { n: fresh }) : t('progress.followNone')}</p>`
        : nothing}
      ${c.updates.length === 0
        ? html`<p class="small muted">${t('progress.newsNone')}</p>`
        : html`<ul class="news">
            ${this.ordered(c.updates).map(
              (u) => html`<li data-update=${u.id} class=${followed.has(u.undertaking) ? 'followed' : ''} ?data-followed=${followed.has(u.undertaking)} ?data-new=${this.isNew(u)}>
                <strong>${name(u.undertaking)}</strong> <span class="chip ${u.status}">${t(`progress.status.${u.status}`)}</span>
                ${followed.has(u.undertaking) ? html`<span class="badge follow">${t('progress.followBadge')}</span>` : nothing}
                ${this.isNew(u) ? html`<span class="badge new">${t('progress.newBadge')}</span>` : nothing}
                <div class="muted">${dateTime(u.asOf, { dateStyle: 'medium' })} · ${u.author}${u.correctedBy ? html` · <em>${t('progress.corrected')}</em>` : nothing}${u.corrects ? html` · <em>${t('progress.correction')}</em>` : nothing}</div>
                ${Object.keys(u.values).length ? html`<div>${Object.entries(u.values).map(([k, v], i) => html`${i ? ' · ' : ''}${this.figureLabel(u.undertaking, k)}: ${num(v, Number.isInteger(v) ? 0 : 2).replace(/([.,]\d*[1-9])0+$/, "$1")}`)}</div>` : nothing}
                ${u.note ? html`<div class="note">${u.note}</div>` : nothing}
              </li>`,
            )}
          </ul>`}
    </section>`;
  }

  /** Updates of followed undertakings first (newest first within each group, as the server sends them). */
  private ordered<U extends { undertaking: string }>(updates: U[]): U[] {
    const followed = new Set(this.follows?.following ?? []);
    return [...updates].sort((a, b) => Number(followed.has(b.undertaking)) - Number(followed.has(a.undertaking)));
  }

  /** Recorded after this person's last look at an undertaking they follow. */
  private isNew(u: { undertaking: string; createdAt: string }): boolean {
    const seen = this.follows?.seenAt[u.undertaking];
    return Boolean(seen && this.follows?.following.includes(u.undertaking) && u.createdAt > seen);
  }

  private figureLabel(undertaking: string, id: string): string {
    const f = this.undertakings.find((u) => u.id === undertaking)?.figures.find((x) => (x as { id?: string }).id === id);
    return f ? `${f.label} (${f.unit})` : id;
  }

  private reports(p: ProgressState) {
    if (!p.city || !p.timeline) return nothing;
    const first = Number(p.timeline.start.slice(0, 4));
    const years: number[] = [];
    for (let y = new Date().getUTCFullYear(); y >= first; y--) years.push(y);
    const city = p.city;
    return html`<section data-reports>
      <h3>${t('progress.reportTitle')}</h3>
      <ul class="small">
        ${years.map((y) => html`<li>${y}: <a href=${progressApi.reportPdfUrl(city, y)} target="_blank" rel="noopener" data-report-pdf=${y}>PDF</a> · <a href=${progressApi.reportCsvUrl(city, y)} data-report-csv=${y}>CSV</a> · <button class="link" type="button" data-council-present=${y} @click=${() => this.dispatchEvent(new CustomEvent('council-present', { detail: { year: y }, bubbles: true, composed: true }))}>${t('council.present')}</button></li>`)}
      </ul>
    </section>`;
  }

  private form(p: ProgressState) {
    const u = this.undertakings.find((x) => x.id === this.undertaking);
    const figures = (u?.figures ?? []).filter((f, i, all) => (f as { id?: string }).id && !(f as { target?: string }).target && all.findIndex((g) => (g as { id?: string }).id === (f as { id?: string }).id) === i) as (Undertaking['figures'][number] & { id: string })[];
    const current = u ? p.indicators?.undertakings.find((x) => x.id === u.id) : null;
    return html`<section data-progress-form>
      <h3>${t('progress.recordTitle')}</h3>
      <form @submit=${this.submit}>
        <label>${t('progress.undertaking')}
          <select name="undertaking" required @change=${(e: Event) => (this.undertaking = (e.target as HTMLSelectElement).value)}>
            <option value="">—</option>
            ${this.undertakings.map((x) => html`<option value=${x.id} ?selected=${x.id === this.undertaking}>${x.name}</option>`)}
          </select>
        </label>
        <label>${t('progress.asOfLabel')} <input type="date" name="asOf" required max=${todayIso()} .value=${todayIso()} /></label>
        <label>${t('progress.statusLabel')}
          <select name="status">${STATUSES.map((s) => html`<option value=${s} ?selected=${s === (current?.status ?? 'in_progress')}>${t(`progress.status.${s}`)}</option>`)}</select>
        </label>
        ${figures.map((f) => html`<label>${f.label} (${t('progress.reachedLabel', { unit: f.unit })})
          <input type="text" name=${`value:${f.id}`} inputmode="decimal" pattern="[0-9]+([.,][0-9]+)?" data-figure-input=${f.id} />
        </label>`)}
        <label>${t('progress.noteLabel')} <textarea name="note" rows="2" maxlength="2000"></textarea></label>
        <div class="row">
          <button class="btn" type="button" data-draw="linestring" @click=${() => this.draw('linestring')}>${t('progress.drawLine')}</button>
          <button class="btn" type="button" data-draw="polygon" @click=${() => this.draw('polygon')}>${t('progress.drawArea')}</button>
          ${this.drawn && !this.progress?.drawnFrom ? html`<span class="small" data-drawn>${t('progress.drawn')}</span>` : this.drawing ? html`<span class="small">${t('progress.drawing')}</span>` : nothing}
        </div>
        <fieldset class="file">
          <legend>${t('progress.importTitle')}</legend>
          <label>${t('progress.importCrs')}
            <select name="from" data-import-from>
              <option value="">${t('progress.importCrsFile')}</option>
              ${IMPORT_GRIDS.map(([code, label]) => html`<option value=${code}>${code} — ${label}</option>`)}
            </select>
          </label>
          <label>${t('progress.importFile')}
            <input type="file" data-import-file accept=".gpx,.kml,.geojson,.json,.zip,.osm" @change=${this.importFile} />
          </label>
          ${this.drawn && p.drawnFrom ? this.importedNote(p.drawnFrom) : nothing}
        </fieldset>
        ${this.error ? html`<div class="err" role="alert">${this.error}</div>` : nothing}
        <button class="btn primary" type="submit" ?disabled=${!u} data-progress-submit>${t('progress.record')}</button>
      </form>
    </section>`;
  }

  private draw(mode: 'linestring' | 'polygon') {
    this.drawing = this.drawing === mode ? null : mode;
    this.dispatchEvent(new CustomEvent('progress-draw', { detail: { mode: this.drawing }, bubbles: true, composed: true }));
  }

  private importedNote(f: NonNullable<ProgressState['drawnFrom']>) {
    const simplified = f.simplifiedM !== null ? ` ${t('progress.importSimplified', { m: num(f.simplifiedM, f.simplifiedM < 1 ? 1 : 0) })}` : '';
    return html`<span class="small" data-drawn data-drawn-from=${f.format}>${t('progress.imported', { name: f.name, crs: t(`progress.importCrsFrom.${f.crsSource}`, { epsg: `EPSG:${f.epsg}` }), n: f.features })}${simplified}</span>`;
  }

  private importFile(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const from = (this.renderRoot.querySelector('select[data-import-from]') as HTMLSelectElement | null)?.value || null;
    this.drawing = null;
    this.dispatchEvent(new CustomEvent('progress-import', { detail: { file, from }, bubbles: true, composed: true }));
    input.value = '';
  }

  private submit(e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const values: Record<string, number> = {};
    for (const [k, v] of data.entries()) {
      if (k.startsWith('value:') && String(v).trim() !== '') values[k.slice(6)] = Number(String(v).replace(',', '.'));
    }
    const body: ProgressInputBody = { asOf: String(data.get('asOf')), status: String(data.get('status')) as ProgressStatus, values, note: String(data.get('note') ?? ''), geometry: this.drawn };
    this.drawing = null;
    this.dispatchEvent(new CustomEvent('progress-record', { detail: { undertaking: this.undertaking, body }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-progress-panel': KpProgressPanel;
  }
}
