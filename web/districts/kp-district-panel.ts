/**
 * Districts: pick one (or click it on the map) to see its summary (with progress to each
 * target, and plain counts of the proposal kinds that have none); colour districts by a
 * figure (choropleth, with legend and definition); draw an area and see the same summary
 * for it. Figures are shown the same way for every district, each with its definition.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AreaSummary, DistrictSummary, LayerCatalogueEntry, QueryResult, UndertakingInArea } from '../../server/api-types.ts';
import type { ChoroplethClasses, MetricDef } from '../state/choropleth.ts';
import type { ChoroplethMetric } from '../state/url-codec.ts';
import { dateTime, num, pct, plural, t } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { inLocale, packLabel } from '../i18n/pack-text.ts';
import { panelStyles } from '../components/shared-styles.ts';
import { MAX_CIRCLE_M } from './circle-area.ts';
import type { MultiPolygon, Polygon } from 'geojson';
import type { IndicatorsResponse, UndertakingState } from '../../server/progress/progress-types.ts';
import { builtKmIn } from '../progress/built-in-area.ts';
import { reachedOfTarget, shareText } from '../progress/progress-format.ts';
import { statusStyles } from '../progress/kp-progress-summary.ts';

/**
 * @fires district-pick - {{ id: string | null }}
 * @fires choropleth-change - {{ metric: ChoroplethMetric | null }}
 * @fires draw-start - the area tool was switched on
 * @fires draw-cancel - drawing stopped without an area
 * @fires draw-clear - the drawn area and its result are to be removed
 * @fires feature-select - {{ id: string; layer: string; bbox: number[] }} an undertaking in the area was chosen
 */
@customElement('kp-district-panel')
export class KpDistrictPanel extends LitElement {
  /** Re-renders on a language switch. */
  protected readonly localeController = new LocaleController(this);
  static styles = [
    panelStyles,
    statusStyles,
    css`
      .progress-list { list-style: none; padding: 0; margin: 0.3rem 0; }
      .progress-list li { padding: 0.25rem 0; border-top: 1px solid #f0f2f4; font-size: 0.82rem; }
      .measured { color: #57606a; font-style: italic; }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
        margin: 0.4rem 0;
      }
      select {
        padding: 0.25rem;
        max-width: 100%;
      }
      .legend {
        list-style: none;
        padding: 0;
        margin: 0.3rem 0;
      }
      .legend li {
        display: flex;
        align-items: center;
        gap: 0.4rem;
        font-size: 0.8rem;
      }
      .legend .sw {
        width: 1.4rem;
        height: 0.8rem;
        border: 1px solid #8c959f;
      }
      .summary {
        margin-top: 0.6rem;
        border-top: 2px solid #d8dee4;
        padding-top: 0.3rem;
      }
      .summary header {
        display: flex;
        align-items: baseline;
        gap: 0.5rem;
      }
      .summary header h2 {
        flex: 1;
      }
      .big {
        font-size: 1.05rem;
        font-weight: 600;
      }
      td.barcell {
        width: 35%;
      }
      .bar.parts {
        display: flex;
      }
      .bar.parts span {
        display: block;
        height: 100%;
      }
      .bar-key {
        display: flex;
        gap: 0.7rem;
        flex-wrap: wrap;
        margin: 0.2rem 0;
      }
      .bar-key .key {
        display: inline-flex;
        gap: 0.25rem;
        align-items: center;
      }
      .bar-key .sw {
        width: 0.7rem;
        height: 0.7rem;
        border: 1px solid #8c959f;
      }
      form.circle {
        flex-wrap: wrap;
        align-items: center;
        gap: 0.3rem 0.5rem;
      }
      form.circle input {
        width: 6rem;
      }
      .sr-only {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
      .error {
        color: #8a1010;
      }
      .help {
        background: #eef4fc;
        border-left: 3px solid #1f5fbf;
        padding: 0.3rem 0.5rem;
        font-size: 0.82rem;
      }
    `,
  ];

  @property({ attribute: false }) districts: { id: string; name: string }[] = [];
  @property({ attribute: false }) layers: LayerCatalogueEntry[] = [];
  @property({ attribute: false }) selected: string | null = null;
  /** Indicators of every undertaking on the time control's date (issue 17). */
  @property({ attribute: false }) indicators: IndicatorsResponse | null = null;
  /** Every undertaking's state on that date: what was built, drawn (measured here, apart from what was reported). */
  @property({ attribute: false }) states: UndertakingState[] | null = null;
  /** The chosen district's outline (to measure the work done inside it). */
  @property({ attribute: false }) districtShape: Polygon | MultiPolygon | null = null;
  /** The time control's date. */
  @property({ attribute: false }) at: string | null = null;
  @property({ attribute: false }) summary: DistrictSummary | null = null;
  @property({ attribute: false }) query: QueryResult | null = null;
  @property({ type: Boolean }) loading = false;
  /** Where every district's summary is downloaded as CSV (empty: no link). */
  @property({ attribute: false }) csvUrl = '';
  @property({ attribute: false }) error: string | null = null;
  @property({ attribute: false }) metric: ChoroplethMetric | null = null;
  /** The figures this town's choropleth offers (choroplethMetrics); none: the control is hidden. */
  @property({ attribute: false }) metrics: MetricDef[] = [];
  @property({ attribute: false }) classes: ChoroplethClasses | null = null;
  @property({ type: Boolean }) drawing = false;
  @property({ type: Boolean }) hasDrawing = false;

  render() {
    return html`
      <h2 id="dh">${t('districts.heading')}</h2>
      <div class="row">
        <label for="pick">${t('districts.pick')}</label>
        <select id="pick" @change=${this.onPick} @keydown=${this.onPickKey} @blur=${this.applyPending} .value=${this.selected ?? ''} aria-describedby="pick-help">
          <option value="">—</option>
          ${this.districts.map((d) => html`<option value=${d.id} ?selected=${d.id === this.selected}>${d.name}</option>`)}
        </select>
        <span id="pick-help" class="sr-only">${t('districts.pickHelp')}</span>
      </div>
      ${this.metrics.length
        ? html`<div class="row">
            <label for="metric">${t('districts.choropleth')}</label>
            <select id="metric" @change=${this.onMetric}>
              <option value="" ?selected=${!this.metricDef}>${t('districts.choropleth.off')}</option>
              ${this.metrics.map((m) => html`<option value=${m.id} ?selected=${m.id === this.metric}>${m.label}</option>`)}
            </select>
          </div>`
        : nothing}
      ${this.metricDef ? html`<p class="small muted" data-legend-on-map>${t('districts.legendOnMap')}</p>` : nothing}
      <div class="row">
        ${this.drawing
          ? html`<button class="btn" data-action="draw-cancel" @click=${() => this.fire('draw-cancel')}>${t('districts.drawCancel')}</button>`
          : html`<button class="btn primary" data-action="draw" @click=${() => this.fire('draw-start')}>${t('districts.draw')}</button>`}
        <button class="btn" data-action="clear" ?disabled=${!this.hasDrawing && !this.query && !this.drawing} @click=${() => this.fire('draw-clear')}>
          ${t('districts.clear')}
        </button>
      </div>
      ${this.drawing ? html`<p class="help" role="status">${t('districts.drawHelp')}</p>` : nothing}
      <form class="row circle" data-circle @submit=${this.onCircle}>
        <label for="circle-r">${t('districts.circleRadius')}</label>
        <input id="circle-r" type="number" min="10" max=${MAX_CIRCLE_M} step="10" .value=${String(this.radiusM)} @input=${(e: Event) => (this.radiusM = Number((e.target as HTMLInputElement).value))} aria-describedby="circle-h" />
        <button class="btn" type="submit" data-action="draw-circle">${t('districts.circleGo')}</button>
        <span id="circle-h" class="small muted">${t('districts.circle')}</span>
      </form>
      <p class="sr-only" role="status" data-announce>${this.loading ? '' : this.sentence()}</p>
      <div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${this.loading ? html`<p class="muted">${this.query || this.hasDrawing ? t('districts.queryLoading') : t('districts.loading')}</p>` : nothing}
        ${this.query ? this.queryBlock(this.query) : this.summary ? this.districtBlock(this.summary) : nothing}
      </div>
      <p class="small muted">${t('districts.neutral')}</p>
      ${this.csvUrl ? html`<p class="small"><a href=${this.csvUrl} download data-download="summaries-csv">${t('districts.csv')}</a></p>` : nothing}
    `;
  }

  /** What a screen reader hears when a summary arrives: one short sentence, not the whole summary. */
  private sentence(): string {
    const s: AreaSummary | null = this.query ?? this.summary;
    if (!s) return '';
    const name = this.query ? t('districts.query') : this.summary!.district.name;
    const km = s.routes.reduce((a, r) => a + r.km, 0);
    const found = s.targets.find((x) => x.target != null) ?? s.targets[0];
    // The unit in the viewer's language ("43 of 1000 trees", not "drzew").
    const target = found ? inLocale('target', found) : undefined;
    const parts = [t('districts.say.routes', { km: num(km) }), plural('districts.say.undertakings', s.undertakings.length)];
    if (target) parts.push(target.target != null ? t('districts.say.target', { p: target.proposed, t: target.target, unit: target.unit }) : t('districts.say.count', { p: target.proposed, unit: target.unit }));
    return `${name}: ${parts.join(', ')}`;
  }

  /** The chosen metric, when this town offers it. */
  private get metricDef(): MetricDef | null {
    return this.metrics.find((m) => m.id === this.metric) ?? null;
  }

  private districtBlock(s: DistrictSummary) {
    return html`
      <section class="summary" aria-labelledby="sum-h" data-district=${s.district.id}>
        <header>
          <h2 id="sum-h">${s.district.name}</h2>
          <button class="link small" @click=${() => this.pick(null)}>${t('districts.close')}</button>
        </header>
        <p>${t('districts.area')}: <span class="big" data-area-km2>${num(s.areaKm2)} ${t('unit.km2')}</span></p>
        <p class="small muted">${t('districts.source')}: ${s.district.source.document}, ${s.district.source.section} · ${t(`accuracy.${s.district.accuracy}`)}</p>
        ${this.progressBlock(s)}
        ${this.areaBody(s)}
      </section>
    `;
  }

  /**
   * How the strategy is carried out here, on the time control's date: each undertaking that
   * touches the district with its status and the share of its declared figure reached (for the
   * whole undertaking, as reported), what the drawn work measures inside the district, and the
   * trees against the district's target.
   */
  private progressBlock(s: DistrictSummary) {
    const ind = this.indicators;
    if (!ind) return nothing;
    const ids = [...new Set(s.undertakings.map((u) => u.undertaking).filter((u): u is string => Boolean(u)))];
    const rows = ids.map((id) => ind.undertakings.find((u) => u.id === id)).filter((u): u is NonNullable<typeof u> => Boolean(u));
    const kmOf = (id: string) => {
      const g = this.states?.find((x) => x.undertaking === id)?.geometry ?? null;
      return this.districtShape && g ? builtKmIn(g, this.districtShape) : 0;
    };
    const totalKm = this.districtShape && this.states ? this.states.reduce((sum, x) => sum + builtKmIn(x.geometry, this.districtShape!), 0) : null;
    const trees = s.targets.filter((x) => x.target != null).map((row) => inLocale('target', row));
    return html`<section data-district-progress>
      <h3>${t('districts.progressTitle')}</h3>
      <p class="small muted">${t('districts.progressAt', { date: dateTime(this.at ?? ind.at, { dateStyle: 'long' }) })} ${t('progress.declaredApart')}</p>
      ${rows.length
        ? html`<ul class="progress-list">
            ${rows.map((u) => {
              const f = u.figures.find((x) => x.share !== null) ?? u.figures[0];
              const km = kmOf(u.id);
              return html`<li data-district-undertaking=${u.id}>
                <strong>${u.name}</strong> <span class="chip ${u.status}" data-status=${u.status}>${t(`progress.status.${u.status}`)}</span>
                ${f ? html`<div>${f.label}: <span data-share>${reachedOfTarget(f)} (${shareText(f.share)})</span> <span class="small muted">${t('districts.progressWhole')}</span></div>` : nothing}
                ${km > 0 ? html`<div class="measured" data-built-km>${t('districts.builtHere', { km: num(km, 2) })}</div>` : nothing}
              </li>`;
            })}
          </ul>`
        : html`<p class="muted">${t('districts.noUndertakings')}</p>`}
      ${totalKm !== null ? html`<p class="measured" data-district-built-km=${totalKm.toFixed(3)}>${t('districts.builtTotal', { km: num(totalKm, 2) })}</p>` : nothing}
      ${trees.map((x) => html`<p data-district-trees=${x.id}><strong>${x.label}:</strong> ${t('districts.progressTrees', { s: x.planted, a: x.accepted, p: x.proposed, t: x.target ?? 0, unit: x.unit })}</p>`)}
    </section>`;
  }

  private queryBlock(q: QueryResult) {
    return html`
      <section class="summary" aria-labelledby="q-h" data-query>
        <header><h2 id="q-h">${t('districts.query')}</h2></header>
        <p>${t('districts.area')}: <span class="big">${num(q.areaKm2)} ${t('unit.km2')}</span></p>
        <h3>${t('districts.overlaps')}</h3>
        ${q.districts.length
          ? html`<table data-overlaps>
              <caption class="small muted">${t('districts.overlapsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">${t('districts.col.district')}</th>
                  <th scope="col" class="num">${t('districts.col.overlap')}</th>
                  <th scope="col" class="num">${t('districts.col.share')}</th>
                </tr>
              </thead>
              <tbody>
                ${q.districts.map(
                  (d) => html`<tr>
                    <th scope="row"><button class="link" @click=${() => this.pick(d.id)}>${d.name}</button></th>
                    <td class="num">${num(d.overlapHa, 1)} ${t('unit.ha')}</td>
                    <td class="num">${pct(d.share)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : html`<p class="muted">${t('districts.overlapNone')}</p>`}
        ${this.areaBody(q)}
      </section>
    `;
  }

  private areaBody(s: AreaSummary) {
    const maxKm = Math.max(0.001, ...s.routes.map((r) => r.km));
    return html`
      <h3>${t('districts.routes')}</h3>
      ${s.routes.length
        ? s.routes.map(
            (r) => html`
              <table data-route-layer=${r.layer}>
                <caption>
                  ${r.layerTitle}:
                  <span data-route-km>${num(r.km)}</span> km
                </caption>
                <tbody>
                  ${r.features.map(
                    (f) => html`<tr>
                      <td>${f.name}</td>
                      <td class="num">${num(f.km)} km</td>
                      <td class="barcell" aria-hidden="true"><div class="bar"><span style="width:${(100 * f.km) / maxKm}%"></span></div></td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            `,
          )
        : html`<p class="muted">${t('districts.noRoutes')}</p>`}
      <h3>${t('districts.undertakings')}</h3>
      ${s.undertakings.length
        ? html`<ul>
            ${s.undertakings.map((u) => html`<li><button class="link" data-feature=${u.featureId} @click=${() => this.selectFeature(u)}>${u.name}</button> <span class="small muted">${this.measure(u)}</span></li>`)}
          </ul>`
        : html`<p class="muted">${t('districts.noUndertakings')}</p>`}
      <h3>${t('districts.coverage')}</h3>
      ${s.coverage.length
        ? html`<table>
            <tbody>
              ${s.coverage.map(
                (c) => html`<tr>
                  <td>${c.layerTitle}</td>
                  <td class="num">${num(c.areaHa, 1)} ${t('unit.ha')}</td>
                  <td class="num">${pct(c.share)}</td>
                  <td class="barcell" aria-hidden="true"><div class="bar"><span style="width:${Math.min(100, c.share * 100)}%;background:${this.colourOf(c.layer)}"></span></div></td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="muted">${t('districts.noCoverage')}</p>`}
      ${s.targets.length
        ? html`<h3>${t('districts.targets')}</h3>
            ${s.targets.map((row) => inLocale('target', row)).map(
              (x) => html`
                <p>
                  <strong>${x.label}</strong><br />
                  <span data-target=${x.id}>
                    ${x.target != null
                      ? t('districts.targetProgress', { p: x.proposed, a: x.accepted, s: x.planted, t: x.target })
                      : t('districts.targetNoTarget', { p: x.proposed, a: x.accepted, s: x.planted })}
                    ${x.unit}
                  </span>
                </p>
                ${x.target ? this.progressBar(x.target, x.proposed, x.accepted, x.planted, x.unit) : nothing}
                <p class="small muted">${t('districts.source')}: ${x.source.document}, ${x.source.section}</p>
              `,
            )}`
        : nothing}
      ${this.kindCounts(s)}
    `;
  }

  /**
   * Progress to a target in three parts — planted, accepted (not yet planted), proposed (not yet
   * decided) — each its own colour, and named together for screen readers.
   */
  private progressBar(target: number, proposed: number, accepted: number, planted: number, unit: string) {
    const w = (n: number) => Math.max(0, Math.min(100, (100 * n) / target));
    const parts = [
      { part: 'planted', n: planted, colour: '#1a7f37' },
      { part: 'accepted', n: accepted - planted, colour: '#6cc08b' },
      { part: 'proposed', n: proposed - accepted, colour: '#c6e6cf' },
    ];
    let left = 0;
    return html`<div class="bar parts" role="img" data-progress aria-label=${t('districts.barLabel', { s: planted, a: accepted - planted, p: proposed - accepted, t: target, unit })}>
        ${parts.map((x) => {
          const width = Math.min(w(x.n), 100 - left);
          left += width;
          return html`<span data-part=${x.part} style="width:${width}%;background:${x.colour}"></span>`;
        })}
      </div>
      <p class="small bar-key" aria-hidden="true">
        ${parts.map((x) => html`<span class="key"><span class="sw" style="background:${x.colour}"></span>${t(`districts.part.${x.part as 'planted'}`)} ${x.n}</span>`)}
      </p>`;
  }

  /** Proposal kinds without a target (sites): plain counts, no progress bar. */
  private kindCounts(s: AreaSummary) {
    const kinds = (s.proposals ?? []).filter((k) => k.target === null);
    if (!kinds.length) return nothing;
    return html`<h3>${t('districts.proposals')}</h3>
      <div data-kind-counts>
        ${kinds.map(
          (k) => html`<p data-kind=${k.kind}>
            <strong>${packLabel('kind', k.kind, k.label)}</strong><br />
            <span data-kind-count>${t('districts.kindCounts', { p: k.proposed, a: k.accepted, s: k.planted })}</span>
          </p>`,
        )}
      </div>
      <p class="small muted">${t('districts.kindCountsNote')}</p>`;
  }

  private measure(u: UndertakingInArea): string {
    if (u.km !== undefined) return `${num(u.km)} km`;
    if (u.areaHa !== undefined) return `${num(u.areaHa, 1)} ha`;
    return '';
  }

  private colourOf(layer: string): string {
    return this.layers.find((l) => l.id === layer)?.legend.color ?? '#2c7fb8';
  }

  private radiusM = 300;
  private onCircle = (e: Event) => {
    e.preventDefault();
    const r = Number.isFinite(this.radiusM) ? this.radiusM : 300;
    this.dispatchEvent(new CustomEvent('draw-circle', { detail: { radiusM: Math.min(MAX_CIRCLE_M, Math.max(10, r)) }, bubbles: true, composed: true }));
  };

  /** A district chosen with the arrow keys waits for Enter or Tab (each arrow press would load a summary and fly). */
  private keyNav = false;
  private pending: string | null | undefined = undefined;
  private onPick = (e: Event) => {
    const v = (e.target as HTMLSelectElement).value || null;
    if (this.keyNav) {
      this.pending = v;
      return;
    }
    this.pick(v);
  };
  private onPickKey = (e: KeyboardEvent) => {
    if (['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'].includes(e.key) || (e.key.length === 1 && !e.altKey && !e.ctrlKey && !e.metaKey)) {
      this.keyNav = true;
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.applyPending();
    }
  };
  private applyPending = () => {
    this.keyNav = false;
    if (this.pending === undefined) return;
    const v = this.pending;
    this.pending = undefined;
    if (v !== this.selected) this.pick(v);
  };
  private onMetric = (e: Event) => {
    const v = (e.target as HTMLSelectElement).value;
    this.dispatchEvent(new CustomEvent('choropleth-change', { detail: { metric: v || null }, bubbles: true, composed: true }));
  };

  private pick(id: string | null) {
    this.dispatchEvent(new CustomEvent('district-pick', { detail: { id }, bubbles: true, composed: true }));
  }

  private selectFeature(u: UndertakingInArea) {
    this.dispatchEvent(new CustomEvent('feature-select', { detail: { id: u.featureId, layer: u.layer, bbox: u.bbox }, bubbles: true, composed: true }));
  }

  private fire(type: string) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-district-panel': KpDistrictPanel;
  }
}
