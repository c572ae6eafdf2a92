/**
 * The app shell: layout (header, side panel with tabs, map with its overlays) and routing of
 * events to the viewer's actions (state/viewer.ts). It keeps no knowledge of its own: what
 * the viewer knows lives in slices, watched here so the shell re-renders when they change.
 * Only layout state lives here (the phone's collapsed panel, the import dialog).
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import type { CityDetail } from '../../server/api-types.ts';
import { errorMessage } from '../api/client.ts';
import { getLocale, t, tIn, type Locale } from '../i18n/index.ts';
import { chooseLocale, localeReady } from '../i18n/locale.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import { Watch } from '../state/store.ts';
import { councilYears, districtShape, strategyHeading, townHref, townTitle } from '../state/town.ts';
import type { ChoroplethMetric, MapView, Tab } from '../state/url-codec.ts';
import { Viewer } from '../state/viewer.ts';
import type { FeatureClickDetail, KpMapView } from '../map/kp-map-view.ts';
import type { ProposalStatus } from '../state/proposal-kinds.ts';
import type { ImportDoneDetail } from '../import/kp-import-panel.ts';
import type { MenuAction } from './kp-more-menu.ts';
import { appStyles } from './kp-app.styles.ts';
import '../map/kp-map-view.ts';
import '../layers/kp-layer-panel.ts';
import '../proposals/kp-proposal-legend.ts';
import './kp-town-switcher.ts';
import { builtOnDate, changedOnMap } from '../state/progress.ts';
import type { ProgressInputBody } from '../api/progress-client.ts';
import './kp-more-menu.ts';
import { SHEET_START } from './sheet-size.ts';
import '../search/kp-search-box.ts';
import type { SearchHit } from '../../server/search/types.ts';
import { Basemaps } from '../state/basemaps.ts';
import { coversSettled, liveRef, mapCovers, skipTo } from './layout-parts.ts';
import { choroplethMetrics, lazy, needNow } from './on-first-use.ts';

const TABS: Tab[] = ['layers', 'strategy', 'districts', 'proposals'];
const phone = () => matchMedia('(max-width: 760px)').matches;

@customElement('kp-app')
export class KpApp extends LitElement {
  static styles = appStyles;

  private readonly viewer = new Viewer(this);
  /** Progress of the undertakings on the time control's date (issue 17). */
  private readonly progress = this.viewer.progress;
  private readonly basemaps = new Basemaps();
  /** Re-renders the shell on a language switch (each component has its own); the tab title follows. */
  protected readonly localeController = new LocaleController(this, () => {
    const d = this.viewer.town.state.detail;
    if (d) document.title = townTitle(d, t('app.title'));
  });
  protected readonly watches = [...this.viewer.watchAll(this), new Watch(this, this.basemaps)];
  /** The live map view, read when asked (a Ref for the overlay and the story player; no ref directive in the start bundle). */
  private readonly mapRef = liveRef<KpMapView>(() => this.renderRoot, 'kp-map-view');

  @state() private panelCollapsed = false;
  @state() private importOpen = false;
  /** The phone sheet's height, % of the map (kp-sheet-handle). */
  @state() private sheetPercent = SHEET_START;
  /** Where focus returns when the import dialog closes. */
  private importOpener: HTMLElement | null = null;
  private offs: (() => void)[] = [];

  connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('follow-toggle', this.onFollow);
    // Fetch MapLibre (its own chunk) in parallel with the city's data.
    import('../map/maplibre.ts').catch(() => undefined);
    this.offs.push(
      this.viewer.story.subscribe((s, prev) => {
        if ((s.chapter === null) === (prev.chapter === null)) return;
        this.toggleAttribute('presenting', s.chapter !== null);
        // The story player (and the export code it loads) is fetched only when a presentation starts.
        if (s.chapter !== null) import('../story/kp-story-player.ts').catch((err) => this.viewer.toast(errorMessage(err)));
      }),
      // Another town: no dialog or menu of the last one stays open.
      this.viewer.town.subscribe((s, prev) => {
        if (s.detail?.id === prev.detail?.id) return;
        if (s.detail) void this.basemaps.load(s.detail.id);
        this.importOpen = false;
        this.renderRoot.querySelector('kp-more-menu')?.close();
      }),
    );
  }

  /** "What's new" is on screen: the follows' counts start again from this look (once per visit). */
  protected updated(): void {
    if (this.viewer.view.state.tab === 'strategy' && this.progress.state.changes) this.viewer.follows.seen();
  }

  private onFollow = (e: Event) => {
    const d = (e as CustomEvent<{ undertaking: string; on: boolean; nickname?: string }>).detail;
    void this.viewer.follows.toggle(d.undertaking, d.on, d.nickname);
  };

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('follow-toggle', this.onFollow);
    for (const off of this.offs.splice(0)) off();
  }

  /** Renders once the starting locale's table is here (a page opened in English fetches it first). */
  protected override async scheduleUpdate(): Promise<void> {
    await localeReady().then(() => super.scheduleUpdate());
  }

  private get map(): KpMapView | undefined {
    return this.mapRef.value;
  }

  // ---------- layout ----------

  render() {
    const town = this.viewer.town.state;
    const d = town.detail;
    const pc = this.viewer.proposals;
    const many = Boolean(d && town.cities.length > 1);
    return html`
      <nav class="skips" aria-label=${t('app.skipMap')}>
        <a class="skip" href="#" data-skip="map" @click=${(e: Event) => this.skipTo(e, 'map')}>${t('app.skipMap')}</a>
        <a class="skip" href="#" data-skip="panel" @click=${(e: Event) => this.skipTo(e, 'panel')}>${t('app.skipPanel')}</a>
      </nav>
      <header>
        <h1 class=${many ? 'visually-hidden' : ''}>${d ? d.name : t('app.title')}</h1>
        ${many ? html`<kp-town-switcher .cities=${town.cities} .current=${d!.id} .loading=${town.switchingTo} .hrefFor=${this.townLink}></kp-town-switcher>` : nothing}
        <span class="strategy">${d ? strategyHeading(d.strategy) : ''}</span>
        ${town.phase === 'ready'
          ? html`
              ${pc.enabled
                ? html`<button class="propose" data-action="propose" aria-pressed=${String(Boolean(pc.s.proposing))} @click=${this.toggleProposing}>
                    ${pc.s.proposing ? t('proposals.proposeStop') : pc.proposeLabel}
                  </button>`
                : nothing}
              ${d?.hasStory ? html`<button class="wide" data-action="story" @click=${() => this.viewer.startStory()}>${t('story.open')}</button>` : nothing}
              <button class="wide" data-action="export-png" @click=${this.exportViewPng}>${t('export.png')}</button>
              ${d ? html`<kp-more-menu ?story=${d.hasStory} .councilYears=${councilYears(d)} ?admin=${pc.session.user?.role === 'admin'} @menu-action=${this.onMenu}></kp-more-menu>` : nothing}
              <button class="toggle" aria-expanded=${String(!this.panelCollapsed)} aria-controls="side" @click=${this.togglePanel}>
                ${this.panelCollapsed ? t('app.panelToggle.show') : t('app.panelToggle.hide')}
              </button>
            `
          : nothing}
        ${this.localeSwitch()}
      </header>
      ${town.phase === 'loading' ? html`<div class="center" role="status">${t('app.loading')}</div>` : nothing}
      ${town.phase === 'error'
        ? html`<div class="center">
            <div class="error-box" role="alert">
              <h2>${t('app.error.title')}</h2>
              <p>${town.error}</p>
              <button @click=${() => this.viewer.retry()}>${t('app.error.retry')}</button>
            </div>
          </div>`
        : nothing}
      ${town.phase === 'ready' && d ? this.readyView(d) : nothing}
      ${this.importOpen && d
        ? html`<kp-import-panel
            .city=${d.id}
            .townName=${d.name}
            .layers=${d.layers}
            .api=${this.viewer.importApi}
            @import-done=${(e: CustomEvent<ImportDoneDetail>) => this.viewer.layerImported(e.detail.layer)}
            @import-close=${this.closeImport}
          ></kp-import-panel>`
        : nothing}
    `;
  }

  /**
   * The language switch: shows the other locale ("EN" / "PL"); its name is read in that
   * language ("Switch to English" / "Przełącz na polski", with lang=), so a person who needs
   * it can read it. Everything re-renders at once (LocaleController), no reload.
   */
  private localeSwitch() {
    const other: Locale = getLocale() === 'pl' ? 'en' : 'pl';
    return html`<button class="lang" data-action="locale" lang=${other} aria-label=${`${tIn(other, 'locale.short')}: ${tIn(other, 'locale.switch')}`} title=${tIn(other, 'locale.switch')} @click=${() => void chooseLocale(other).catch((err: unknown) => this.viewer.toast(errorMessage(err)))}>
      ${tIn(other, 'locale.short')}
    </button>`;
  }

  private readyView(d: CityDetail) {
    const v = this.viewer.view.state;
    const sel = this.viewer.selection.state;
    const town = this.viewer.town.state;
    const pc = this.viewer.proposals;
    const ps = pc.s;
    const chapter = this.viewer.story.state.chapter;
    const selected = sel.feature ? this.viewer.feature(sel.feature) : null;
    const layer = selected ? d.layers.find((l) => l.id === selected.layer) ?? null : null;
    const toast = this.viewer.notice.state.text;
    if (ps.proposing || ps.selected) needNow(lazy.proposalOverlay);
    if (selected || ps.proposing || ps.selected) [lazy.sheetHandle, ...(selected ? [lazy.featurePanel] : [])].forEach(needNow);
    if (v.choropleth && chapter === null) needNow(lazy.choroplethLegend);
    return html`
      ${keyed(d.id, html`<aside id="side" aria-label=${t('app.sidePanel')}>
        <p class="notice" role="note">${t('app.approxNotice')}</p>
        <div role="tablist" aria-label=${t('tabs.label')} @keydown=${this.onTabKey}>
          ${TABS.map(
            (tab) => html`<button role="tab" id="tab-${tab}" aria-selected=${String(v.tab === tab)} aria-controls="panel" tabindex=${v.tab === tab ? 0 : -1} @click=${() => this.viewer.setTab(tab)}>
              ${t(`tabs.${tab}`)}
            </button>`,
          )}
        </div>
        <div role="tabpanel" id="panel" aria-labelledby="tab-${v.tab}" tabindex="0">${this.tabContent(d)}</div>
      </aside>`)}
      <main style=${`--sheet-h: ${this.sheetPercent}%`} ?data-sheet=${Boolean(selected || ps.proposing || ps.selected)}>
        ${keyed(`${d.id}/${town.version}`, html`<kp-map-view
          .detail=${d}
          .data=${town.mapData}
          .visible=${v.visible}
          .selected=${sel.feature}
          .selectedDistrict=${sel.district}
          .choropleth=${v.choropleth ? this.viewer.districts.state.classes?.byDistrict ?? null : null}
          .basemap=${town.settings.basemap}
          .initialView=${town.initialView}
          .camera=${v.camera}
          .covers=${this.covers.now}
          .coversSettled=${this.covers.settled}
          .basemaps=${this.basemaps.state.basemaps}
          .basemapInitial=${this.basemaps.state.initial}
          .theme=${chapter !== null ? 'projector' : 'default'}
          ?drawing=${v.mode === 'draw' || pc.drawingPolygon || this.progress.state.drawing !== null}
          .drawMode=${this.progress.state.drawing ?? 'polygon'}
          .progress=${builtOnDate(this.progress.state)}
          .progressDraft=${this.progress.state.drawnFrom ? this.progress.state.drawn : null} .changes=${this.progress.state.showChanges ? changedOnMap(this.progress.state, d.undertakings, town.mapData?.layers) : null}
          @draw-line-finish=${(e: CustomEvent<{ geometry: Geometry }>) => this.progress.drawnAs(e.detail.geometry)}
          .proposals=${ps.mapFeatures}
          .proposalTiles=${ps.tiles}
          .selectedProposal=${ps.selected?.id ?? null}
          .proposalAlert=${ps.alert}
          .proposalDraft=${pc.draft}
          ?placing=${pc.placing}
          @proposal-click=${(e: CustomEvent<{ id: string }>) => void this.viewer.showProposal(e.detail.id, { fly: false, toTab: false })}
          @place-point=${(e: CustomEvent<{ lngLat: [number, number] }>) => pc.placePoint(e.detail.lngLat)}
          @draft-move=${(e: CustomEvent<{ lngLat: [number, number] }>) => pc.placePoint(e.detail.lngLat)}
          @feature-click=${(e: CustomEvent<FeatureClickDetail>) => this.viewer.selectFeature(e.detail.id, false)}
          @district-click=${(e: CustomEvent<{ id: string }>) => this.openDistrict(e.detail.id)}
          @map-move=${(e: CustomEvent<MapView>) => this.viewer.mapMoved(e.detail)}
          @draw-finish=${this.onDrawn}
        ></kp-map-view>`)}
        ${selected
          ? html`<kp-feature-panel .indicators=${this.progress.state.indicators} .follows=${this.viewer.follows.state} .feature=${selected.feature} .layer=${layer} .goals=${d.goals} .undertakings=${d.undertakings} @panel-close=${() => this.viewer.closeFeature()}></kp-feature-panel>`
          : nothing}
        <kp-search-box .city=${d.id} @search-pick=${this.onSearchPick}></kp-search-box>
        <kp-proposal-overlay .proposals=${pc} .districts=${d.districts} .map=${this.mapRef} @proposal-cancel=${this.stopProposing}></kp-proposal-overlay>
        ${selected || ps.proposing || ps.selected
          ? html`<kp-sheet-handle .value=${this.sheetPercent} @sheet-resize=${(e: CustomEvent<{ percent: number }>) => (this.sheetPercent = e.detail.percent)}></kp-sheet-handle>`
          : nothing}
        ${pc.enabled && !ps.proposing && !ps.selected && !selected
          ? html`<button class="fab" data-action="propose-fab" @click=${this.toggleProposing}>${pc.proposeLabel}</button>`
          : nothing}
        ${toast ? html`<div class="toast" role="status">${toast}</div>` : nothing}
        ${v.choropleth && chapter === null
          ? html`<kp-choropleth-legend .metric=${choroplethMetrics(d, pc.kinds, () => this.requestUpdate()).find((m) => m.id === v.choropleth) ?? null} .classes=${this.viewer.districts.state.classes}></kp-choropleth-legend>`
          : nothing}
        ${chapter !== null && v.city
          ? keyed(`${v.city}/${this.viewer.story.state.council ?? ''}`, html`<kp-story-player
              .city=${v.city}
              .detail=${d}
              .chapter=${chapter}
              .council=${this.viewer.story.state.council}
              .mapData=${town.mapData}
              .map=${this.mapRef}
              @story-go=${(e: CustomEvent<{ chapter: number }>) => this.viewer.setChapter(e.detail.chapter)}
              @story-exit=${() => this.viewer.exitStory()}
            ></kp-story-player>`)
          : nothing}
      </main>
    `;
  }

  private tabContent(d: CityDetail) {
    const v = this.viewer.view.state;
    const sel = this.viewer.selection.state;
    const dist = this.viewer.districts.state;
    const pc = this.viewer.proposals;
    const ps = pc.s;
    switch (v.tab) {
      case 'layers':
        return html`<kp-layer-panel
            .layers=${d.layers} .lineKm=${d.lineKm}
            .data=${this.viewer.town.state.mapData?.layers ?? {}}
            .visible=${v.visible}
            .selected=${sel.feature}
            .downloadUrl=${(id: string) => this.viewer.api.layerDownloadUrl(d.id, id)}
            @layer-toggle=${(e: CustomEvent<{ id: string; visible: boolean }>) => this.viewer.setLayerVisible(e.detail.id, e.detail.visible)}
            @feature-select=${(e: CustomEvent<{ id: string }>) => this.viewer.selectFeature(e.detail.id, true)}
          ></kp-layer-panel>
          ${pc.enabled || ps.loadError
            ? html`<kp-proposal-legend
                .counts=${ps.loaded ? ps.counts : null}
                .visible=${ps.visibleStatuses}
                .error=${ps.loadError}
                @proposal-status-toggle=${(e: CustomEvent<{ status: ProposalStatus; visible: boolean }>) => pc.setStatusVisible(e.detail.status, e.detail.visible)}
                .kinds=${pc.kinds}
                .symbols=${ps.symbols}
                .kindCounts=${ps.liveByKind}
                .hiddenKinds=${ps.hiddenKinds}
                @proposal-kind-toggle=${(e: CustomEvent<{ kind: string; visible: boolean }>) => pc.setKindVisible(e.detail.kind, e.detail.visible)}
              ></kp-proposal-legend>`
            : nothing}`;
      case 'proposals':
        needNow(lazy.proposalsTab);
        return html`<kp-proposals-tab
          .proposals=${pc}
          .districts=${d.districts}
          @propose-toggle=${this.toggleProposing}
          @import-open=${(e: CustomEvent<{ opener: HTMLElement }>) => this.openImport(e.detail.opener)}
          @proposal-show=${(e: CustomEvent<{ id: string }>) => void this.viewer.showProposal(e.detail.id, { toTab: false })}
        ></kp-proposals-tab>`;
      case 'strategy':
        [lazy.progressPanel, lazy.strategyPanel].forEach(needNow);
        return html`<kp-progress-panel
          .progress=${this.progress.state}
          .follows=${this.viewer.follows.state}
          .undertakings=${d.undertakings}
          ?planner=${pc.session.isPlanner}
          .drawn=${this.progress.state.drawn}
          .error=${this.progress.state.recordError}
          @progress-date=${(e: CustomEvent<{ at: string }>) => this.progress.setDate(e.detail.at)}
          @council-present=${(e: CustomEvent<{ year: number }>) => this.viewer.startCouncilStory(e.detail.year)}
          @progress-since=${(e: CustomEvent<{ since: string | null }>) => this.progress.setSince(e.detail.since)}
          @progress-import=${(e: CustomEvent<{ file: File; from: string | null }>) => (this.map?.clearDrawing(), void this.progress.importFile(e.detail.file, e.detail.from, this.viewer.proposals.session.headers()))}
          @progress-show-changes=${(e: CustomEvent<{ on: boolean }>) => this.progress.showChangesOnMap(e.detail.on)}
          @progress-draw=${(e: CustomEvent<{ mode: 'linestring' | 'polygon' | null }>) => this.startProgressDrawing(e.detail.mode)}
          @progress-record=${(e: CustomEvent<{ undertaking: string; body: ProgressInputBody }>) => void this.recordProgress(e.detail.undertaking, e.detail.body)}
        ></kp-progress-panel><kp-strategy-panel
          .detail=${d}
          .indicators=${this.progress.state.indicators}
          .follows=${this.viewer.follows.state}
          .proposalKinds=${pc.kinds}
          .proposalCounts=${ps.loaded ? ps.liveByKind : null}
          @undertaking-select=${(e: CustomEvent<{ id: string }>) => this.viewer.showUndertaking(e.detail.id)}
          @propose-site=${(e: CustomEvent<{ kind: string }>) => this.proposeSite(e.detail.kind)}
        ></kp-strategy-panel>`;
      case 'districts':
        needNow(lazy.districtPanel);
        return html`<kp-district-panel
          .districts=${d.districts}
          .layers=${d.layers}
          .selected=${sel.district}
          .summary=${dist.summary}
          .indicators=${this.progress.state.indicators}
          .states=${this.progress.state.state?.states ?? null}
          .at=${this.progress.state.at}
          .districtShape=${districtShape(this.viewer.town.state.mapData?.districts, sel.district)}
          .query=${dist.query}
          ?loading=${dist.loading}
          .csvUrl=${this.viewer.api.summariesCsvUrl(d.id)}
          .error=${dist.error}
          .metric=${v.choropleth}
          .metrics=${choroplethMetrics(d, pc.kinds, () => this.requestUpdate())}
          .classes=${dist.classes}
          ?drawing=${v.mode === 'draw'}
          ?hasDrawing=${dist.hasDrawing}
          @district-pick=${(e: CustomEvent<{ id: string | null }>) => this.openDistrict(e.detail.id, true)}
          @choropleth-change=${(e: CustomEvent<{ metric: ChoroplethMetric | null }>) => this.viewer.setChoropleth(e.detail.metric)}
          @draw-start=${() => this.viewer.startDraw()}
          @draw-cancel=${() => this.viewer.cancelDraw()}
          @draw-clear=${this.clearArea}
          @draw-circle=${this.drawCircle}
          @feature-select=${(e: CustomEvent<{ id: string }>) => this.viewer.selectFeature(e.detail.id, true)}
        ></kp-district-panel>`;
    }
  }

  private covers = { now: () => mapCovers(this.renderRoot), settled: () => coversSettled(this.renderRoot) };

  // ---------- routing: events to actions ----------

  /** A search result: fly there and open what it is (a feature, district, undertaking, proposal). */
  private onSearchPick = (e: CustomEvent<SearchHit>) => {
    const hit = e.detail;
    if (hit.kind === 'district') return this.openDistrict(hit.id, true);
    if (hit.kind === 'undertaking') return this.viewer.showUndertaking(hit.id);
    if (hit.kind === 'proposal') return void this.viewer.showProposal(hit.id, { toTab: false });
    if (hit.kind !== 'geocoder' && this.viewer.feature(hit.id)) this.viewer.selectFeature(hit.id, false);
    // A street's box covers all its segments; a point (an address) gets a street-level view.
    this.viewer.fly(hit.bbox, 17);
  };

  /** The link of a town in the switcher: the open tab goes along. */
  private townLink = (city: string) => townHref(city, this.viewer.view.state.tab);

  private onTabKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(this.viewer.view.state.tab);
    const next = { ArrowRight: TABS[(i + 1) % TABS.length], ArrowLeft: TABS[(i + TABS.length - 1) % TABS.length], Home: TABS[0], End: TABS[TABS.length - 1] }[e.key];
    if (!next) return;
    e.preventDefault();
    this.viewer.setTab(next);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus());
  };

  private onMenu = (e: CustomEvent<{ action: MenuAction; opener: HTMLElement; year?: number }>) => {
    const action = e.detail.action;
    if (action === 'story') this.viewer.startStory();
    else if (action === 'council' && e.detail.year) this.viewer.startCouncilStory(e.detail.year);
    else if (action === 'export-png') void this.exportViewPng();
    else if (action === 'copy-link') void this.viewer.copyLink();
    else void this.openImport(e.detail.opener);
  };

  private openDistrict(id: string | null, fly = false): void {
    this.viewer.openDistrict(id, fly);
    if (this.panelCollapsed) this.togglePanel();
  }

  private onDrawn = (e: CustomEvent<{ geometry: Polygon | MultiPolygon }>) => {
    if (this.progress.state.drawing) {
      this.progress.drawnAs(e.detail.geometry);
    } else if (this.viewer.proposals.drawingPolygon) {
      // The area moves from the drawing tool to the proposal draft (drawn by the proposals layer).
      this.map?.clearDrawing();
      void this.viewer.proposals.polygonDrawn(e.detail.geometry);
    } else {
      this.viewer.queryArea(e.detail.geometry);
    }
  };

  private startProgressDrawing(mode: 'linestring' | 'polygon' | null): void {
    this.map?.clearDrawing();
    this.progress.startDrawing(mode);
  }

  private async recordProgress(undertaking: string, body: ProgressInputBody): Promise<void> {
    if (!(await this.progress.record(undertaking, body, this.viewer.proposals.session.headers()))) return;
    this.map?.clearDrawing();
    this.viewer.toast(t('progress.recorded'));
  }

  private skipTo(e: Event, where: 'map' | 'panel') {
    e.preventDefault();
    skipTo(this.renderRoot, this.map, where);
  }

  /** A circle around the map's centre as the drawn area (drawing without a mouse). */
  private drawCircle = async (e: CustomEvent<{ radiusM: number }>) => {
    const centre = this.map?.centre();
    if (!centre) return;
    const { circleArea } = await import('../districts/circle-area.ts');
    const area = circleArea(centre, e.detail.radiusM);
    await this.map?.showArea(area);
    this.viewer.queryArea(area);
  };

  private clearArea = () => {
    this.map?.clearDrawing();
    this.viewer.clearArea();
  };

  private toggleProposing = () => (this.viewer.proposals.s.proposing ? this.stopProposing() : this.beginProposal('point'));

  /** "Zaproponuj miejsce" in the strategy panel: the form for that kind (a resident gives a nickname in it, as for any proposal). */
  private proposeSite(kind: string): void {
    if (this.viewer.proposals.drawingPolygon) this.map?.clearDrawing();
    this.beginProposal(undefined, kind);
    void this.updateComplete
      .then(() => Promise.all([this.renderRoot.querySelector('kp-proposal-overlay')?.updateComplete, customElements.whenDefined('kp-proposal-form')]))
      .then(() => this.renderRoot.querySelector('kp-proposal-form')?.focusHeading());
  }

  /** The proposal form in place of an area query or an open feature; on a phone the panel folds away for the map. */
  private beginProposal(shape: 'point' | undefined, kind?: string): void {
    if (this.viewer.view.state.mode === 'draw') this.clearArea();
    this.viewer.closeFeature();
    this.viewer.proposals.start(shape, kind);
    if (!this.panelCollapsed && phone()) this.togglePanel();
  }

  private stopProposing = () => {
    if (this.viewer.proposals.drawingPolygon) this.map?.clearDrawing();
    this.viewer.proposals.cancel();
  };

  /** The current view as a PNG at screen size, with title, legend, scale bar, north arrow and attribution. */
  private exportViewPng = async () => {
    const d = this.viewer.town.state.detail;
    const map = this.map;
    if (!d || !map) return;
    try {
      const { exportViewPng } = await import('../export/export.ts');
      await exportViewPng(d, this.viewer.view.state.visible, (scale) => map.capture(scale));
    } catch (err) {
      this.viewer.toast(t('export.failed', { message: errorMessage(err) }));
    }
  };

  private togglePanel = () => {
    this.panelCollapsed = !this.panelCollapsed;
    this.toggleAttribute('panel-collapsed', this.panelCollapsed);
  };

  private openImport = async (opener: HTMLElement | null) => {
    this.importOpener = opener;
    try {
      await import('../import/kp-import-panel.ts');
      this.importOpen = true;
    } catch (err) {
      this.viewer.toast(errorMessage(err));
    }
  };

  private closeImport = () => {
    this.importOpen = false;
    void this.updateComplete.then(() => {
      const more = this.renderRoot.querySelector('kp-more-menu')?.shadowRoot?.querySelector<HTMLButtonElement>('button[data-action="more"]');
      (this.importOpener?.isConnected ? this.importOpener : more)?.focus();
    });
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-app': KpApp;
  }
}
