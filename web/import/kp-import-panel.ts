/**
 * The admins' layer import, as a modal dialog in three steps: the form (layer, file,
 * coordinate system, attribute mapping), the server's report (counts, a page of rows per
 * feature with its repairs or the reason it was refused), then "Zatwierdź" writes the layer
 * or "Anuluj" drops the upload. The file goes to the server as the raw request body; nothing
 * is written before the confirmation. File contents (names, reasons) are rendered as text.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ImportConfirmation, ImportUpload, LayerCatalogueEntry } from '../../server/api-types.ts';
import { ApiRequestError, errorMessage, type ImportApi } from '../api/client.ts';
import { addPolish, dateTime, t, type MessageId } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { plImport } from '../i18n/pl-import.ts';
import { formatRefusal } from '../i18n/refusals.ts';
import { formatImportLines } from '../i18n/import-lines.ts';
import {
  ACCEPTED_FILES,
  CRS_CHOICES,
  IMPORT_REQUIRED,
  IMPORT_TARGETS,
  MAX_UPLOAD_BYTES,
  emptyRow,
  formProblems,
  importParams,
  reportPage,
  withRequiredRows,
  type CrsChoice,
  type FormProblem,
  type ImportFormState,
  type ItemFilter,
  type MappingRow,
} from './import-form.ts';
import { panelStyles } from '../components/shared-styles.ts';

// The panel's Polish words come with its chunk (issue 13: JS at start); they join the table before any render.
addPolish(plImport);

const PAGE_SIZE = 50;
type Step = 'form' | 'sending' | 'report' | 'confirming' | 'done';

export interface ImportDoneDetail {
  layer: string;
  result: ImportConfirmation;
}

const timeFmt = { format: (d: Date) => dateTime(d, { hour: '2-digit', minute: '2-digit' }) };

/**
 * @fires import-done - {ImportDoneDetail} the layer was written (refresh it on the map)
 * @fires import-close - the dialog was closed
 */
@customElement('kp-import-panel')
export class KpImportPanel extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    css`
      dialog {
        width: min(56rem, calc(100vw - 1rem));
        max-height: calc(100dvh - 1rem);
        box-sizing: border-box;
        padding: 0;
        border: 1px solid #8c959f;
        border-radius: 8px;
        box-shadow: 0 8px 32px #0005;
        color: #1f2328;
      }
      dialog::backdrop {
        background: #0006;
      }
      .head {
        position: sticky;
        top: 0;
        z-index: 1;
        display: flex;
        align-items: center;
        gap: 0.6rem;
        padding: 0.6rem 1rem;
        background: #1d3b2a;
        color: #fff;
      }
      .head h2 {
        margin: 0;
        flex: 1;
        min-width: 0;
        font-size: 1.05rem;
      }
      .head button {
        font: inherit;
        background: transparent;
        color: #fff;
        border: 1px solid #ffffffaa;
        border-radius: 4px;
        padding: 0.2rem 0.6rem;
        cursor: pointer;
      }
      .body {
        padding: 0.4rem 1rem 1rem;
      }
      .fields {
        display: grid;
        grid-template-columns: minmax(9rem, auto) 1fr;
        gap: 0.55rem 0.8rem;
        align-items: start;
        margin: 0.6rem 0;
      }
      .fields > * {
        min-width: 0;
      }
      .fields > label,
      .fields > .label {
        font-weight: 600;
        padding-top: 0.3rem;
      }
      select,
      input[type='text'],
      input[type='file'] {
        padding: 0.3rem 0.4rem;
        border: 1px solid #8c959f;
        border-radius: 4px;
        min-width: 0;
        max-width: 100%;
        box-sizing: border-box;
        background: #fff;
      }
      .help {
        display: block;
        font-size: 0.78rem;
        color: #57606a;
        margin-top: 0.15rem;
      }
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      .radios label {
        margin-right: 1rem;
        white-space: nowrap;
      }
      .rows {
        list-style: none;
        padding: 0;
        margin: 0.3rem 0;
      }
      .rows li {
        display: grid;
        grid-template-columns: minmax(0, 15rem) minmax(0, 9rem) minmax(0, 1fr) auto;
        gap: 0.4rem;
        align-items: center;
        margin-bottom: 0.35rem;
      }
      .row-actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-bottom: 0.3rem;
      }
      .problems,
      .error {
        color: #8a1010;
        background: #fff5f5;
        border-left: 3px solid #d1242f;
        padding: 0.35rem 0.6rem;
        margin: 0.5rem 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .problems ul {
        margin: 0;
      }
      .actions {
        display: flex;
        gap: 0.6rem;
        flex-wrap: wrap;
        align-items: center;
        margin-top: 0.8rem;
      }
      .btn:disabled {
        opacity: 0.6;
        cursor: default;
      }
      .counts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        list-style: none;
        padding: 0;
        margin: 0.5rem 0;
      }
      .counts li {
        border: 1px solid #d0d7de;
        border-left: 4px solid var(--c);
        border-radius: 4px;
        padding: 0.25rem 0.6rem;
        min-width: 6.5rem;
      }
      .counts strong {
        display: block;
        font-size: 1.25rem;
        font-variant-numeric: tabular-nums;
      }
      .files {
        font-size: 0.82rem;
        color: #3d444d;
        overflow-wrap: anywhere;
      }
      .warnings {
        background: #fff8e1;
        border-left: 3px solid #d4a72c;
        padding: 0.35rem 0.6rem;
        font-size: 0.85rem;
        overflow-wrap: anywhere;
      }
      .table-tools {
        scroll-margin-top: 4rem;
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
        margin: 0.6rem 0 0.3rem;
      }
      .table-wrap {
        overflow-x: auto;
        border: 1px solid #d0d7de;
        border-radius: 4px;
      }
      td.note {
        overflow-wrap: anywhere;
        min-width: 14rem;
      }
      td.source {
        overflow-wrap: anywhere;
      }
      td.id {
        white-space: nowrap;
      }
      .st {
        white-space: nowrap;
        font-weight: 600;
      }
      .st-accepted {
        color: #116329;
      }
      .st-repaired {
        color: #7d4e00;
      }
      .st-refused {
        color: #a40e26;
      }
      .pager {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        justify-content: flex-end;
        margin-top: 0.4rem;
      }
      .done {
        background: #dafbe1;
        border-left: 3px solid #1a7f37;
        padding: 0.5rem 0.7rem;
        margin: 0.8rem 0;
      }
      @media (max-width: 600px) {
        .fields {
          grid-template-columns: 1fr;
          gap: 0.2rem;
        }
        .fields > label,
        .fields > .label {
          margin-top: 0.5rem;
        }
        .rows li {
          grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) auto;
          border-bottom: 1px solid #d8dee4;
          padding-bottom: 0.35rem;
        }
        .rows li input[type='text'] {
          grid-column: 1 / -1;
          grid-row: 2;
        }
        select,
        input[type='file'] {
          width: 100%;
        }
        .body {
          padding: 0.3rem 0.7rem 0.8rem;
        }
        /* The report's rows as cards: status, then labelled id and source, then the reason. */
        table[data-import-items] thead {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
        }
        table[data-import-items],
        table[data-import-items] tbody,
        table[data-import-items] tr,
        table[data-import-items] td {
          display: block;
        }
        table[data-import-items] tr {
          padding: 0.35rem 0.5rem;
          border-bottom: 1px solid #d8dee4;
        }
        table[data-import-items] td {
          border: none;
          padding: 0.05rem 0;
        }
        table[data-import-items] td.note.none {
          display: none;
        }
        table[data-import-items] td[data-label]::before {
          content: attr(data-label) ': ';
          color: #57606a;
        }
        td.note {
          min-width: 0;
        }
        td.id {
          white-space: normal;
          overflow-wrap: anywhere;
        }
      }
    `,
  ];

  /** The town's id (for the API) and name (for the title). */
  @property() city = '';
  @property() townName = '';
  @property({ attribute: false }) layers: LayerCatalogueEntry[] = [];
  @property({ attribute: false }) api: ImportApi | null = null;

  @state() private step: Step = 'form';
  @state() private form: ImportFormState = { layer: '', from: '', mode: 'replace', rows: [emptyRow()] };
  @state() private problems: FormProblem[] = [];
  @state() private error: string | null = null;
  @state() private upload: ImportUpload | null = null;
  @state() private result: ImportConfirmation | null = null;
  /** The upload can no longer be confirmed (the server refused the write, or it expired). */
  @state() private spent = false;
  @state() private filter: ItemFilter = 'all';
  @state() private page = 0;

  @query('dialog') private dialog!: HTMLDialogElement;

  private file: File | null = null;
  private abort: AbortController | null = null;

  protected firstUpdated(): void {
    this.dialog.showModal();
    this.dialog.addEventListener('close', () => {
      this.abort?.abort();
      this.dispatchEvent(new CustomEvent('import-close', { bubbles: true, composed: true }));
    });
  }

  protected willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('layers') && this.form.layer && !this.layers.some((l) => l.id === this.form.layer)) this.form = { ...this.form, layer: '' };
  }

  /** Closes the dialog (also what Escape and "Zamknij" do). */
  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  private get layer(): LayerCatalogueEntry | null {
    return this.layers.find((l) => l.id === this.form.layer) ?? null;
  }

  render() {
    const onForm = this.step === 'form' || this.step === 'sending';
    return html`<dialog aria-labelledby="imp-title" data-step=${this.step}>
      <div class="head">
        <h2 id="imp-title">${t('import.title', { town: this.townName })}</h2>
        <button type="button" data-action="import-close" @click=${() => this.close()}>${t('import.close')}</button>
      </div>
      <div class="body">
        <!-- The form stays in the page under the report, so the chosen file survives "Anuluj". -->
        <div ?hidden=${!onForm}>${this.renderForm()}</div>
        ${onForm ? nothing : this.renderReport()}
      </div>
    </dialog>`;
  }

  // ---------- step 1: the form ----------

  private renderForm() {
    const busy = this.step === 'sending';
    const role = this.layer?.role ?? null;
    const targets = role ? IMPORT_TARGETS[role] : [...new Set([...IMPORT_TARGETS.strategy, ...IMPORT_TARGETS.context])];
    const strategy = this.layers.filter((l) => l.role === 'strategy');
    const context = this.layers.filter((l) => l.role === 'context');
    const option = (l: LayerCatalogueEntry) =>
      html`<option value=${l.id} ?selected=${this.form.layer === l.id}>${l.title} (${l.id}; ${t('import.features', { n: l.featureCount })})</option>`;
    return html`
      <p class="small">${t('import.intro')}</p>
      <form @submit=${this.onSubmit} novalidate aria-busy=${String(busy)}>
        <div class="fields">
          <label for="imp-layer">${t('import.layer')}</label>
          <div>
            <select id="imp-layer" name="layer" required ?disabled=${busy} @change=${(e: Event) => this.patch({ layer: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${!this.form.layer}>${t('import.layerChoose')}</option>
              ${strategy.length ? html`<optgroup label=${t('layers.strategy')}>${strategy.map(option)}</optgroup>` : nothing}
              ${context.length ? html`<optgroup label=${t('layers.context')}>${context.map(option)}</optgroup>` : nothing}
            </select>
            ${this.layer ? html`<span class="help">${t('import.layerKind', { kind: t(`import.kind.${this.layer.kind}`) })}</span>` : nothing}
          </div>

          <label for="imp-file">${t('import.file')}</label>
          <div>
            <input id="imp-file" type="file" name="file" accept=${ACCEPTED_FILES} ?disabled=${busy} aria-describedby="imp-file-help" @change=${this.onFile} />
            <span class="help" id="imp-file-help">${t('import.fileHelp', { max: MAX_UPLOAD_BYTES / 1024 / 1024 })}</span>
          </div>

          <label for="imp-crs">${t('import.crs')}</label>
          <div>
            <select id="imp-crs" name="from" ?disabled=${busy} aria-describedby="imp-crs-help" @change=${(e: Event) => this.patch({ from: (e.target as HTMLSelectElement).value as CrsChoice })}>
              ${CRS_CHOICES.map((c) => html`<option value=${c} ?selected=${this.form.from === c}>${t(`import.crs.${c || 'file'}` as MessageId)}</option>`)}
            </select>
            <span class="help" id="imp-crs-help">${t('import.crsHelp')}</span>
          </div>

          <span class="label" id="imp-mode-l">${t('import.mode')}</span>
          <fieldset class="radios" aria-labelledby="imp-mode-l" ?disabled=${busy}>
            ${(['replace', 'append'] as const).map(
              (m) => html`<label><input type="radio" name="mode" value=${m} .checked=${this.form.mode === m} @change=${() => this.patch({ mode: m })} /> ${t(`import.mode.${m}`)}</label>`,
            )}
          </fieldset>
        </div>

        <fieldset ?disabled=${busy}>
          <legend><strong>${t('import.mapping')}</strong></legend>
          <span class="help">${t('import.mappingHelp')}</span>
          <ol class="rows">
            ${this.form.rows.map((r, i) => this.renderRow(r, i, targets))}
          </ol>
          <div class="row-actions">
            <button type="button" class="btn" data-action="row-add" @click=${() => this.patch({ rows: [...this.form.rows, emptyRow()] })}>${t('import.row.add')}</button>
            ${role
              ? html`<button type="button" class="btn" data-action="rows-required" @click=${() => this.patch({ rows: withRequiredRows(this.form.rows, role) })}>
                  ${t('import.row.required')}
                </button>`
              : nothing}
          </div>
          ${role ? html`<span class="help" data-required>${t('import.required', { list: IMPORT_REQUIRED[role].join(', ') })}</span>` : nothing}
        </fieldset>

        ${this.problems.length
          ? html`<div class="problems" role="alert"><ul>${this.problems.map((p) => html`<li>${this.problemText(p)}</li>`)}</ul></div>`
          : nothing}
        ${this.error && (this.step === 'form' || busy) ? html`<p class="error" role="alert" data-import-error>${this.error}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="btn primary" data-action="import-send" ?disabled=${busy}>${busy ? t('import.sending') : t('import.send')}</button>
          ${busy
            ? html`<button type="button" class="btn" data-action="import-abort" @click=${() => this.abort?.abort()}>${t('import.abort')}</button>`
            : html`<button type="button" class="btn" @click=${() => this.close()}>${t('import.cancel')}</button>`}
          ${busy ? html`<span role="status">${t('import.sending')}</span>` : nothing}
        </div>
      </form>
    `;
  }

  private renderRow(r: MappingRow, i: number, targets: readonly string[]) {
    const n = i + 1;
    const set = (patch: Partial<MappingRow>) => this.patch({ rows: this.form.rows.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
    const unknown = r.target && !targets.includes(r.target);
    return html`<li data-row=${n}>
      <select aria-label=${t('import.row.target', { n })} data-field="target" @change=${(e: Event) => set({ target: (e.target as HTMLSelectElement).value })}>
        <option value="" ?selected=${!r.target}>${t('import.row.choose')}</option>
        ${unknown ? html`<option value=${r.target} selected>${r.target}</option>` : nothing}
        ${targets.map((p) => html`<option value=${p} ?selected=${r.target === p}>${p} — ${t(`import.prop.${p}` as MessageId)}</option>`)}
      </select>
      <select aria-label=${t('import.row.kind', { n })} data-field="kind" @change=${(e: Event) => set({ kind: (e.target as HTMLSelectElement).value as MappingRow['kind'] })}>
        <option value="map" ?selected=${r.kind === 'map'}>${t('import.row.kind.map')}</option>
        <option value="set" ?selected=${r.kind === 'set'}>${t('import.row.kind.set')}</option>
      </select>
      <input
        type="text"
        aria-label=${t(r.kind === 'map' ? 'import.row.valueMap' : 'import.row.valueSet', { n })}
        placeholder=${t(r.kind === 'map' ? 'import.row.placeholderMap' : 'import.row.placeholderSet')}
        data-field="value"
        .value=${r.value}
        @input=${(e: Event) => set({ value: (e.target as HTMLInputElement).value })}
      />
      <button type="button" class="btn" data-action="row-remove" aria-label=${t('import.row.remove', { n })} title=${t('import.row.remove', { n })} @click=${() => this.removeRow(i)}>✕</button>
    </li>`;
  }

  private removeRow(i: number): void {
    const rows = this.form.rows.filter((_, j) => j !== i);
    this.patch({ rows: rows.length ? rows : [emptyRow()] });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`li[data-row="${Math.min(i + 1, rows.length || 1)}"] select`)?.focus());
  }

  private patch(p: Partial<ImportFormState>): void {
    this.form = { ...this.form, ...p };
    // Once problems are shown, they follow the fields as they are corrected.
    if (this.problems.length) this.problems = formProblems(this.form, this.file, this.layer?.role ?? null);
  }

  private onFile = (e: Event) => {
    this.file = (e.target as HTMLInputElement).files?.[0] ?? null;
    this.error = null;
    if (this.problems.length || (this.file && this.file.size > MAX_UPLOAD_BYTES)) this.problems = formProblems(this.form, this.file, this.layer?.role ?? null);
  };

  private problemText(p: FormProblem): string {
    switch (p.code) {
      case 'too-large':
        return t('import.problem.too-large', { size: (p.bytes / 1024 / 1024).toFixed(1).replace('.', ','), max: MAX_UPLOAD_BYTES / 1024 / 1024 });
      case 'row-incomplete':
        return t('import.problem.row-incomplete', { row: p.row });
      case 'row-target':
      case 'row-duplicate':
        return t(`import.problem.${p.code}`, { row: p.row, target: p.target });
      default:
        return t(`import.problem.${p.code}`);
    }
  }

  private onSubmit = async (e: Event) => {
    e.preventDefault();
    if (this.step === 'sending' || !this.api) return;
    this.error = null;
    this.problems = formProblems(this.form, this.file, this.layer?.role ?? null);
    if (this.problems.length || !this.file) return;
    const abort = new AbortController();
    this.abort = abort;
    this.step = 'sending';
    try {
      const upload = await this.api.upload(this.city, this.file, importParams(this.form, this.file.name), abort.signal);
      this.upload = upload;
      this.spent = false;
      this.filter = upload.report.refused > 0 ? 'refused' : 'all';
      this.page = 0;
      this.step = 'report';
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#imp-report')?.focus();
    } catch (err) {
      this.step = 'form';
      this.error = abort.signal.aborted ? t('import.aborted') : this.errorText(err);
      await this.updateComplete;
      this.renderRoot.querySelector('[data-import-error]')?.scrollIntoView({ block: 'nearest' });
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  };

  /** A message the admin can act on, for each way the API can refuse. */
  private errorText(err: unknown): string {
    if (!(err instanceof ApiRequestError)) return t('import.error.other', { message: errorMessage(err) });
    // Worded by code and params in the current language; the server's English only for a code the viewer does not know.
    const message = err.status === 0 ? err.message : formatRefusal({ status: err.status, code: err.code, message: err.message, details: err.details, retryAfterS: err.retryAfterS });
    switch (err.status) {
      case 0:
        return t('import.error.network', { message });
      case 400:
        return t('import.error.400', { message });
      case 401:
      case 403:
        return t('import.error.auth', { message });
      case 404:
        return t(err.code === 'unknown-import' ? 'import.error.expired' : 'import.error.404', { message });
      case 409: {
        const problems = (err.details as { problems?: unknown } | undefined)?.problems;
        const more = Array.isArray(problems) && problems.length > 1 ? `\n${problems.slice(1, 6).map((p) => `• ${String(p)}`).join('\n')}` : '';
        return t('import.error.409', { message }) + more;
      }
      case 413:
        return t('import.error.413', { max: MAX_UPLOAD_BYTES / 1024 / 1024, message });
      case 415:
        return t('import.error.415', { message });
      case 422:
        return t('import.error.422', { message });
      case 429:
        return t('import.error.429', { s: err.retryAfterS ?? 60 });
      default:
        return t('import.error.other', { message });
    }
  }

  // ---------- step 2: the report, then the confirmation ----------

  private renderReport() {
    const up = this.upload;
    if (!up) return nothing;
    const r = up.report;
    const layer = this.layers.find((l) => l.id === r.layer);
    const layerTitle = layer?.title ?? r.layer;
    const writable = r.accepted + r.repaired;
    const pg = reportPage(r.items, this.filter, this.page, PAGE_SIZE);
    const colours = { accepted: '#1a7f37', repaired: '#bf8700', refused: '#cf222e', total: '#57606a' } as const;
    const busy = this.step === 'confirming';
    return html`
      <h3 id="imp-report" tabindex="-1">${t('import.report', { layer: layerTitle })}</h3>
      <ul class="counts" data-import-counts>
        ${(['accepted', 'repaired', 'refused', 'total'] as const).map(
          (k) => html`<li style="--c:${colours[k]}" data-count=${k}><strong>${r[k]}</strong>${t(`import.count.${k}`)}</li>`,
        )}
      </ul>
      <div class="files">
        ${r.files.map(
          (f) => html`<p>
            ${t('import.fileLine', { name: f.name, format: f.format, n: f.features, crs: t(`import.crsFrom.${f.crsSource}`, { epsg: f.epsg, name: f.crsName }) })}
            ${f.notes.map((n, k) => html`<br /><span class="muted">${formatImportLines(f.noteLines?.[k] ? [f.noteLines[k]] : undefined, n)}</span>`)}
          </p>`,
        )}
      </div>
      ${r.warnings.length
        ? html`<div class="warnings" role="note"><strong>${t('import.warnings')}</strong><ul>${r.warnings.map((w, k) => html`<li>${formatImportLines(r.warningLines?.[k] ? [r.warningLines[k]] : undefined, w)}</li>`)}</ul></div>`
        : nothing}

      <div class="table-tools">
        <label
          >${t('import.filter')}
          <select data-field="filter" @change=${(e: Event) => ((this.filter = (e.target as HTMLSelectElement).value as ItemFilter), (this.page = 0))}>
            ${(['all', 'refused', 'repaired', 'accepted'] as const).map(
              (f) => html`<option value=${f} ?selected=${this.filter === f}>${t(`import.filter.${f}`)} (${f === 'all' ? r.items.length : r.items.filter((i) => i.status === f).length})</option>`,
            )}
          </select>
        </label>
        <span class="small muted" role="status">${t('import.rows', { from: pg.from, to: pg.to, total: pg.total })}</span>
      </div>
      <div class="table-wrap">
        <table data-import-items>
          <caption class="visually-hidden">${t('import.table')}</caption>
          <thead>
            <tr>
              <th scope="col">${t('import.col.status')}</th>
              <th scope="col">${t('import.col.id')}</th>
              <th scope="col">${t('import.col.source')}</th>
              <th scope="col">${t('import.col.note')}</th>
            </tr>
          </thead>
          <tbody>
            ${pg.items.map(
              (i) => html`<tr data-status=${i.status}>
                <td class="st st-${i.status}">${t(`import.status.${i.status}`)}</td>
                <td class="id" data-label=${t('import.col.id')}>${i.id ?? '—'}</td>
                <td class="source" data-label=${t('import.col.source')}>${i.source}</td>
                <td class="note ${i.repairs.length || i.reason ? '' : 'none'}">
                  ${i.repairs.length ? html`<div>${t('import.repairs', { list: formatImportLines(i.repairLines, i.repairs.join('; ')) })}</div>` : nothing}
                  ${i.reason ? html`<div>${formatImportLines(i.reasonLines, i.reason)}</div>` : nothing}
                </td>
              </tr>`,
            )}
            ${pg.items.length ? nothing : html`<tr><td colspan="4" class="muted">${t('import.noRows')}</td></tr>`}
          </tbody>
        </table>
      </div>
      ${pg.pages > 1
        ? html`<nav class="pager" aria-label=${t('import.pages')}>
            <button type="button" class="btn" data-action="page-prev" ?disabled=${pg.page === 0} @click=${() => this.goPage(pg.page - 1)}>${t('import.prev')}</button>
            <span>${t('import.page', { n: pg.page + 1, pages: pg.pages })}</span>
            <button type="button" class="btn" data-action="page-next" ?disabled=${pg.page >= pg.pages - 1} @click=${() => this.goPage(pg.page + 1)}>${t('import.next')}</button>
          </nav>`
        : nothing}
      ${r.itemsOmitted > 0 ? html`<p class="small muted" data-omitted>${t('import.omitted', { n: r.itemsOmitted, shown: r.items.length })}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert" data-import-error>${this.error}</p>` : nothing}
      ${this.step === 'done' && this.result
        ? html`<p class="done" role="status" data-import-done>
              ${t('import.done', { layer: layerTitle, imported: this.result.imported, features: this.result.features })}
            </p>
            <div class="actions">
              <button type="button" class="btn primary" data-action="import-finish" @click=${() => this.close()}>${t('import.close')}</button>
              <button type="button" class="btn" data-action="import-again" @click=${this.again}>${t('import.again')}</button>
            </div>`
        : up.importId && !this.spent
          ? html`<p class="small">
                ${t(r.mode === 'append' ? 'import.confirmHelp.append' : 'import.confirmHelp.replace', {
                  n: writable,
                  layer: layerTitle,
                  time: up.expiresAt ? timeFmt.format(new Date(up.expiresAt)) : '—',
                })}
              </p>
              <div class="actions">
                <button type="button" class="btn primary" data-action="import-confirm" ?disabled=${busy} @click=${this.confirm}>
                  ${busy ? t('import.confirming') : t('import.confirm')}
                </button>
                <button type="button" class="btn" data-action="import-cancel" ?disabled=${busy} @click=${this.backToForm}>${t('import.cancel')}</button>
                ${busy ? html`<span role="status">${t('import.confirming')}</span>` : nothing}
              </div>`
          : html`${this.spent ? nothing : html`<p class="error" role="alert" data-import-nothing>${t('import.nothing')}</p>`}
              <div class="actions">
                <button type="button" class="btn primary" data-action="import-back" @click=${this.backToForm}>${t('import.back')}</button>
              </div>`}
    `;
  }

  /** Another page of the report, shown from its first row. */
  private goPage(page: number): void {
    this.page = page;
    void this.updateComplete.then(() => this.renderRoot.querySelector('.table-tools')?.scrollIntoView({ block: 'nearest' }));
  }

  private confirm = async () => {
    const up = this.upload;
    if (!up?.importId || !this.api || this.step === 'confirming') return;
    this.step = 'confirming';
    this.error = null;
    try {
      const result = await this.api.confirm(this.city, up.importId);
      this.result = result;
      this.step = 'done';
      void this.updateComplete.then(() => this.renderRoot.querySelector('[data-import-done]')?.scrollIntoView({ block: 'nearest' }));
      this.dispatchEvent(new CustomEvent<ImportDoneDetail>('import-done', { detail: { layer: result.layer, result }, bubbles: true, composed: true }));
    } catch (err) {
      this.step = 'report';
      this.error = this.errorText(err);
      // The server drops the upload once it tried to write it (409) or when it expired (404).
      if (err instanceof ApiRequestError && (err.status === 409 || err.status === 404)) this.spent = true;
      await this.updateComplete;
      this.renderRoot.querySelector('[data-import-error]')?.scrollIntoView({ block: 'nearest' });
    }
  };

  /** "Anuluj" on the report: the upload is dropped (it expires on the server), the form keeps its values. */
  private backToForm = () => {
    this.upload = null;
    this.error = null;
    this.step = 'form';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-action="import-send"]')?.focus());
  };

  private again = () => {
    this.upload = null;
    this.result = null;
    this.error = null;
    this.file = null;
    const input = this.renderRoot.querySelector<HTMLInputElement>('#imp-file');
    if (input) input.value = '';
    this.step = 'form';
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-import-panel': KpImportPanel;
  }
}
