/**
 * The app shell: loads a city through the API client, keeps the one app store (mirrored in
 * the URL hash), and wires panels and the map together by properties and events.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type {
  CityDetail,
  CityListItem,
  ContextFeatureProps,
  DistrictSummaries,
  DistrictSummary,
  QueryResult,
  Settings,
  StrategyFeatureProps,
} from '../../server/api-types.ts';
import { createApiClient, createImportApi, errorMessage } from '../api/client.ts';
import { Store, initialState, type AppState } from '../state/store.ts';
import { decodeHash, encodeHash, type ChoroplethMetric, type HashState, type MapView, type Tab } from '../state/url-codec.ts';
import { choroplethMetrics, classify, greenLayerIds, metricValue, type ChoroplethClasses } from '../state/choropleth.ts';
import { pickCity, stateForCity, strategyHeading, townHref, townTitle } from '../state/town.ts';
import { withRouteLabels } from '../../styles/labels.ts';
import defaultTheme from '../../styles/themes/default.json';
import { labelPoints, measuredKmById } from '../map/measure.ts';
import type { FeatureClickDetail, KpMapView, MapData } from '../map/kp-map-view.ts';
import { t } from '../i18n/index.ts';
import { getLocale, tIn, type Locale } from '../i18n/index.ts';
import { chooseLocale } from '../i18n/locale.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import '../map/kp-map-view.ts';
import '../layers/kp-layer-panel.ts';
import '../layers/kp-feature-panel.ts';
import '../strategy/kp-strategy-panel.ts';
import '../districts/kp-district-panel.ts';
import { ProposalsController, type ProposalShape, type ProposalsHost, type SubmitDetail } from './proposals-controller.ts';
import type { ProposalStatus } from '../map/proposals-layer.ts';
import type { EditDetail, ReviewDetail } from '../proposals/kp-review-queue.ts';
import '../proposals/kp-proposal-form.ts';
import '../proposals/kp-proposal-panel.ts';
import '../proposals/kp-proposal-legend.ts';
import '../proposals/kp-sign-in.ts';
import '../proposals/kp-review-queue.ts';
import './kp-town-switcher.ts';
import type { ImportDoneDetail } from '../import/kp-import-panel.ts';

type Bbox = [number, number, number, number];
type AnyFeature = Feature<Geometry, StrategyFeatureProps | ContextFeatureProps>;

const TABS: Tab[] = ['layers', 'strategy', 'districts', 'proposals'];

@customElement('kp-app')
export class KpApp extends LitElement {
  static styles = css`
    :host {
      display: grid;
      grid-template-rows: auto 1fr;
      grid-template-columns: minmax(320px, 400px) 1fr;
      grid-template-areas: 'header header' 'side map';
      height: 100vh;
      height: 100dvh;
      font-family: inherit;
      color: #1f2328;
    }
    :focus-visible {
      outline: 3px solid #1f5fbf;
      outline-offset: 2px;
    }
    header {
      grid-area: header;
      display: flex;
      align-items: center;
      gap: 0.8rem;
      padding: 0.45rem 0.9rem;
      background: #1d3b2a;
      color: #fff;
      min-width: 0;
    }
    header h1 {
      margin: 0;
      font-size: 1.1rem;
      line-height: 1.2;
      white-space: nowrap;
    }
    header .strategy {
      font-size: 0.9rem;
      opacity: 0.9;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      flex: 1;
      min-width: 0;
    }
    header button {
      font: inherit;
      font-size: 0.82rem;
      background: transparent;
      color: #fff;
      border: 1px solid #ffffffaa;
      border-radius: 4px;
      padding: 0.25rem 0.6rem;
      cursor: pointer;
      white-space: nowrap;
    }
    header button:hover {
      background: #ffffff22;
    }
    header button.lang {
      flex: none;
      font-weight: 600;
      padding: 0.25rem 0.45rem;
      min-width: 2.2rem;
    }
    header .toggle {
      display: none;
    }
    aside {
      grid-area: side;
      display: flex;
      flex-direction: column;
      min-height: 0;
      border-right: 1px solid #d0d7de;
      background: #fff;
    }
    .notice {
      margin: 0;
      padding: 0.45rem 0.9rem;
      font-size: 0.8rem;
      background: #fff8e1;
      border-bottom: 1px solid #ecd48a;
      color: #4d3800;
    }
    [role='tablist'] {
      display: flex;
      border-bottom: 1px solid #d0d7de;
    }
    [role='tab'] {
      flex: 1;
      font: inherit;
      font-size: 0.9rem;
      padding: 0.55rem 0.4rem;
      background: #f6f8fa;
      border: none;
      border-bottom: 3px solid transparent;
      cursor: pointer;
      color: #1f2328;
    }
    [role='tab'][aria-selected='true'] {
      background: #fff;
      border-bottom-color: #1f5fbf;
      font-weight: 600;
    }
    [role='tabpanel'] {
      flex: 1;
      overflow: auto;
      padding: 0 0.9rem 1rem;
      min-height: 0;
    }
    main {
      grid-area: map;
      position: relative;
      min-width: 0;
      min-height: 0;
    }
    kp-feature-panel,
    kp-proposal-form,
    kp-proposal-panel {
      position: absolute;
      top: 0.6rem;
      right: 0.6rem;
      width: min(380px, calc(100% - 1.2rem));
      max-height: calc(100% - 5rem);
      z-index: 2;
    }
    header button.propose[aria-pressed='true'] {
      background: #fff;
      color: #1d3b2a;
    }
    .fab {
      display: none;
    }
    .proposals-tab .intro {
      font-size: 0.88rem;
      margin: 0.8rem 0 0.5rem;
    }
    .proposals-tab .propose-btn {
      font: inherit;
      background: #1f5fbf;
      color: #fff;
      border: 1px solid #1f5fbf;
      border-radius: 4px;
      padding: 0.35rem 0.8rem;
      cursor: pointer;
    }
    .proposals-tab .muted {
      color: #57606a;
      font-size: 0.82rem;
    }
    .proposals-tab hr {
      border: none;
      border-top: 1px solid #d0d7de;
      margin: 0.9rem 0 0.2rem;
    }
    .center {
      grid-column: 1 / -1;
      grid-row: 2;
      display: flex;
      align-items: center;
      justify-content: center;
      padding: 2rem;
    }
    .error-box {
      max-width: 36rem;
      border: 1px solid #d1242f;
      border-radius: 8px;
      padding: 1rem 1.2rem;
      background: #fff5f5;
    }
    .error-box h2 {
      margin-top: 0;
      color: #8a1010;
    }
    .error-box button {
      font: inherit;
      padding: 0.3rem 0.8rem;
    }
    .toast {
      position: absolute;
      left: 50%;
      bottom: 2.5rem;
      transform: translateX(-50%);
      background: #1f2328;
      color: #fff;
      padding: 0.35rem 0.8rem;
      border-radius: 4px;
      font-size: 0.85rem;
      z-index: 3;
    }
    /* Town switcher and the "more" menu (copy link, import; presentation and PNG on a phone). */
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    kp-town-switcher {
      flex: none;
      max-width: 45%;
    }
    header .more {
      position: relative;
      flex: none;
    }
    header .more ul {
      position: absolute;
      right: 0;
      top: calc(100% + 0.35rem);
      z-index: 20;
      min-width: 13rem;
      margin: 0;
      padding: 0.3rem 0;
      list-style: none;
      background: #fff;
      border: 1px solid #8c959f;
      border-radius: 6px;
      box-shadow: 0 6px 20px #0004;
    }
    header .more ul button {
      display: block;
      width: 100%;
      text-align: left;
      border: none;
      border-radius: 0;
      background: transparent;
      color: #1f2328;
      font-size: 0.9rem;
      padding: 0.45rem 0.9rem;
    }
    header .more ul button:hover,
    header .more ul button:focus-visible {
      background: #eef3fb;
    }
    header .more ul button:focus-visible {
      outline-offset: -3px;
    }
    header .more li.narrow {
      display: none;
    }
    /* Presentation: the map fills the screen, the story player replaces the chrome. */
    :host([presenting]) header,
    :host([presenting]) aside,
    :host([presenting]) main > :not(kp-map-view):not(kp-story-player) {
      display: none !important;
    }
    :host([presenting]) main {
      grid-area: 1 / 1 / -1 / -1 !important;
    }
    @media (max-width: 760px) {
      :host {
        grid-template-columns: 1fr;
        grid-template-rows: auto 55% 1fr;
        grid-template-areas: 'header' 'map' 'side';
      }
      :host([panel-collapsed]) {
        grid-template-rows: auto 1fr auto;
      }
      :host([panel-collapsed]) aside [role='tabpanel'],
      :host([panel-collapsed]) aside .notice {
        display: none;
      }
      header .strategy {
        display: none;
      }
      header .toggle {
        display: inline-block;
      }
      header h1 {
        font-size: 1rem;
        flex: 1;
      }
      header {
        gap: 0.5rem;
        padding: 0.45rem 0.6rem;
      }
      header .wide {
        display: none;
      }
      header .more li.narrow {
        display: list-item;
      }
      kp-town-switcher {
        flex: 1 1 auto;
        max-width: none;
      }
      aside {
        border-right: none;
        border-top: 1px solid #d0d7de;
      }
      kp-feature-panel,
      kp-proposal-form,
      kp-proposal-panel {
        top: auto;
        bottom: 0;
        right: 0;
        left: 0;
        width: auto;
        max-height: 70%;
        border-radius: 8px 8px 0 0;
      }
      header button.propose {
        display: none;
      }
      .fab {
        display: block;
        position: absolute;
        left: 50%;
        bottom: 4rem;
        transform: translateX(-50%);
        z-index: 2;
        font: inherit;
        font-weight: 600;
        background: #1d3b2a;
        color: #fff;
        border: 2px solid #fff;
        border-radius: 2rem;
        padding: 0.55rem 1.1rem;
        box-shadow: 0 2px 8px #0005;
        white-space: nowrap;
      }
    }
  `;

  private readonly api = createApiClient();
  /** Re-renders the shell on a language switch (each component has its own); the tab title follows. */
  protected readonly localeController = new LocaleController(this, () => {
    if (this.detail) document.title = townTitle(this.detail, t('app.title'));
  });
  private readonly store = new Store(initialState());
  /** What the proposals controller needs from the shell (each town's controller gets the same). */
  private readonly proposalsHost: ProposalsHost = {
    addController: (c) => this.addController(c),
    removeController: (c) => this.removeController(c),
    requestUpdate: () => this.requestUpdate(),
    get updateComplete() {
      return Promise.resolve(true);
    },
    proposalsChanged: () => this.refreshTargets(),
    announce: (message) => this.showToast(message),
    packFeature: (id) => (this.findFeature(id)?.feature as Feature | undefined) ?? null,
    boundary: () => this.mapData?.boundary ?? null,
  };
  /** Tree-planting proposals: map data, propose flow, open proposal, planner queue; a new one per town. */
  private proposals = new ProposalsController(this.proposalsHost);
  /** The admin layer import; the session (CSRF token) is the proposals controller's. */
  private readonly importApi = createImportApi(() => this.proposals.session.headers());
  private unsubscribe: (() => void) | null = null;

  @state() private phase: 'loading' | 'ready' | 'error' = 'loading';
  @state() private loadError = '';
  @state() private settings: Settings = { basemap: null };
  @state() private detail: CityDetail | null = null;
  @state() private mapData: MapData | null = null;
  @state() private summary: DistrictSummary | null = null;
  @state() private queryResult: QueryResult | null = null;
  @state() private districtLoading = false;
  @state() private districtError: string | null = null;
  @state() private hasDrawing = false;
  @state() private classes: ChoroplethClasses | null = null;
  @state() private toast = '';
  @state() private panelCollapsed = false;
  /** The server's towns (the town switcher). */
  @state() private cities: CityListItem[] = [];
  /** Name of the town being loaded after a switch (the old one stays until it is ready). */
  @state() private switchingTo: string | null = null;
  @state() private menuOpen = false;
  @state() private importOpen = false;
  /** Bumped when a town's data is fetched again (after an import): the map is made anew. */
  @state() private mapVersion = 0;

  @query('kp-map-view') private mapView!: KpMapView;

  private initialView: MapView | null = null;
  private summaries: DistrictSummaries | null = null;
  private pendingBbox: Bbox | null = null;
  private summaryRequest = 0;
  /** Each town load gets a number; only the latest one is shown. */
  private cityRequest = 0;

  connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.store.subscribe((s, prev) => this.onStateChange(s, prev));
    window.addEventListener('hashchange', this.onHashChange);
    // Fetch MapLibre (its own chunk) in parallel with the city's data.
    import('../map/maplibre.ts').catch(() => undefined);
    void this.load();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    window.removeEventListener('hashchange', this.onHashChange);
  }

  private get s(): AppState {
    return this.store.state;
  }

  private async load(): Promise<void> {
    this.phase = 'loading';
    try {
      const hash = decodeHash(location.hash);
      const [settings, cities] = await Promise.all([this.api.settings(), this.api.cities()]);
      this.settings = settings;
      this.cities = cities.cities;
      // `#story/3` names no city: the first city with a story.
      const cityId = pickCity(cities.cities, hash);
      if (!cityId) throw new Error(t('app.noCities'));
      const req = ++this.cityRequest;
      const loaded = await this.fetchCity(cityId);
      if (req !== this.cityRequest) return;
      this.showCity(loaded, hash);
      this.phase = 'ready';
    } catch (err) {
      this.loadError = errorMessage(err);
      this.phase = 'error';
    }
  }

  /** A town's catalogue with its boundary, districts and every layer, ready for the map. */
  private async fetchCity(cityId: string): Promise<{ detail: CityDetail; mapData: MapData }> {
    const detail = await this.api.city(cityId);
    const [boundary, districts, ...layers] = await Promise.all([
      this.api.boundary(cityId),
      this.api.districtGeometry(cityId),
      ...detail.layers.map((l) => this.api.layer(cityId, l.id)),
    ]);
    const layerData: Record<string, FeatureCollection> = {};
    detail.layers.forEach((l, i) => {
      const fc = layers[i]!;
      if (l.kind === 'route' || l.kind === 'mixed') {
        const km = measuredKmById(fc);
        layerData[l.id] = withRouteLabels(fc as FeatureCollection<Geometry, StrategyFeatureProps>, (id) => km.get(id) ?? null);
      } else {
        layerData[l.id] = fc;
      }
    });
    return { detail, mapData: { boundary, districts, districtLabels: labelPoints(districts), layers: layerData } };
  }

  /**
   * Shows a loaded town with a clean state taken from the hash: nothing of the previous town
   * (selection, district, drawing, choropleth, story, proposals, open panels) survives. The
   * side panel and the map are keyed by the town, so they are made anew for it.
   */
  private showCity({ detail, mapData }: { detail: CityDetail; mapData: MapData }, hash: HashState): void {
    performance.mark('kp-data-loaded');
    const switching = this.detail !== null;
    this.switchingTo = null;
    this.summaryRequest++;
    this.summary = null;
    this.queryResult = null;
    this.districtLoading = false;
    this.districtError = null;
    this.hasDrawing = false;
    this.classes = null;
    this.summaries = null;
    this.pendingBbox = null;
    this.viewBeforeStory = null;
    this.importOpen = false;
    this.setMenu(false);
    this.detail = detail;
    this.mapData = mapData;
    document.title = townTitle(detail, t('app.title'));
    const next = stateForCity(detail, hash, (id) => this.findFeature(id, mapData.layers) !== null);
    this.initialView = next.view;
    if (switching) this.renewProposals();
    this.store.set(next);
    if (next.feature && !next.view) this.pendingBbox = detail.featureIndex[next.feature]?.bbox ?? null;
    if (next.district) void this.loadSummary(next.district);
    if (next.choropleth) void this.updateChoropleth(next.choropleth);
    void this.proposals.init(detail.id, detail);
  }

  /** A fresh proposals controller for a new town; a signed-in planner or admin stays signed in. */
  private renewProposals(): void {
    const old = this.proposals;
    this.removeController(old);
    this.proposals = new ProposalsController(this.proposalsHost);
    this.proposals.session.setUser(old.session.user);
  }

  /** Another town named by the hash (switcher, Back/Forward, a pasted link): load it, then swap. */
  private async switchCity(h: HashState): Promise<void> {
    const req = ++this.cityRequest;
    let target = this.cities.find((c) => c.id === h.city);
    if (!target) {
      // A town added since the page loaded?
      this.cities = (await this.api.cities().catch(() => null))?.cities ?? this.cities;
      if (req !== this.cityRequest) return;
      target = this.cities.find((c) => c.id === h.city);
    }
    if (!target) {
      this.showToast(t('towns.unknown', { town: h.city ?? '' }));
      history.replaceState(null, '', encodeHash(this.toHash(this.s)));
      return;
    }
    this.switchingTo = target.name;
    try {
      const loaded = await this.fetchCity(target.id);
      if (req !== this.cityRequest) return;
      this.showCity(loaded, h);
    } catch (err) {
      if (req !== this.cityRequest) return;
      this.switchingTo = null;
      this.showToast(t('towns.failed', { town: target.name, message: errorMessage(err) }));
      // The link goes back to the town still shown.
      history.replaceState(null, '', encodeHash(this.toHash(this.s)));
    }
  }

  /** The link of a town in the switcher: the open tab goes along. */
  private townLink = (city: string) => townHref(city, this.s.tab);

  private onStateChange(s: AppState, prev: AppState): void {
    this.requestUpdate();
    const hash = encodeHash(this.toHash(s));
    // While another town loads, the link already names it: the old town must not write over it.
    if (hash && hash !== location.hash && !this.switchingTo) history.replaceState(null, '', hash);
    if (s.choropleth !== prev.choropleth) void this.updateChoropleth(s.choropleth);
    if (s.story !== prev.story) {
      this.toggleAttribute('presenting', s.story !== null);
      // The story player (and the export code it loads) is fetched only when a presentation starts.
      if (s.story !== null) import('../story/kp-story-player.ts').catch((err) => (this.toast = errorMessage(err)));
    }
  }

  private toHash(s: AppState): HashState {
    const defaults = this.detail?.layers.filter((l) => l.visible).map((l) => l.id) ?? [];
    const visible = this.detail?.layers.filter((l) => s.visible.has(l.id)).map((l) => l.id) ?? [];
    const same = visible.length === defaults.length && visible.every((id) => defaults.includes(id));
    return { city: s.city, view: s.view, layers: same ? null : visible, feature: s.feature, district: s.district, tab: s.tab, choropleth: s.choropleth, story: s.story };
  }

  /** Someone pasted or edited the link: follow it. */
  private onHashChange = () => {
    const h = decodeHash(location.hash);
    if (!this.detail) {
      // The first town is still loading (or failed): start again from the new link.
      void this.load();
      return;
    }
    if (h.city && h.city !== this.s.city) {
      void this.switchCity(h);
      return;
    }
    if (this.switchingTo) {
      // Back to the town still shown while another was loading: that load is dropped.
      this.cityRequest++;
      this.switchingTo = null;
    }
    if (h.story != null || this.s.story !== null) {
      this.store.set({ story: h.story != null && this.detail.hasStory ? h.story : null });
      if (h.story != null) return;
    }
    const patch: Partial<AppState> = { feature: h.feature, tab: h.tab ?? this.s.tab, choropleth: h.choropleth };
    if (h.layers) patch.visible = new Set(h.layers);
    if (h.district !== this.s.district) {
      patch.district = h.district;
      if (h.district) void this.loadSummary(h.district);
      else this.summary = null;
    }
    this.store.set(patch);
    if (h.view) this.mapView?.jumpTo(h.view);
  };

  private findFeature(id: string, data: Record<string, FeatureCollection> | undefined = this.mapData?.layers): { feature: AnyFeature; layer: string } | null {
    if (!data) return null;
    const hint = this.detail?.featureIndex[id]?.layer;
    const order = hint ? [hint, ...Object.keys(data).filter((k) => k !== hint)] : Object.keys(data);
    for (const layer of order) {
      const f = data[layer]?.features.find((x) => String(x.id ?? x.properties?.id) === id);
      if (f) return { feature: f as AnyFeature, layer };
    }
    return null;
  }

  // ---------- rendering ----------

  render() {
    const d = this.detail;
    return html`
      <header>
        <h1 class=${d && this.cities.length > 1 ? 'visually-hidden' : ''}>${d ? d.name : t('app.title')}</h1>
        ${d && this.cities.length > 1
          ? html`<kp-town-switcher .cities=${this.cities} .current=${d.id} .loading=${this.switchingTo} .hrefFor=${this.townLink}></kp-town-switcher>`
          : nothing}
        ${d ? html`<span class="strategy">${strategyHeading(d.strategy)}</span>` : html`<span class="strategy"></span>`}
        ${this.phase === 'ready'
          ? html`
              ${this.proposals.enabled
                ? html`<button class="propose" data-action="propose" aria-pressed=${String(Boolean(this.proposals.proposing))} @click=${this.toggleProposing}>
                    ${this.proposals.proposing ? t('proposals.proposeStop') : this.proposals.proposeLabel}
                  </button>`
                : nothing}
              ${d?.hasStory ? html`<button class="wide" data-action="story" @click=${this.startStory}>${t('story.open')}</button>` : nothing}
              <button class="wide" data-action="export-png" @click=${this.exportViewPng}>${t('export.png')}</button>
              ${d ? this.moreMenu(d) : nothing}
              <button class="toggle" aria-expanded=${String(!this.panelCollapsed)} aria-controls="side" @click=${this.togglePanel}>
                ${this.panelCollapsed ? t('app.panelToggle.show') : t('app.panelToggle.hide')}
              </button>
            `
          : nothing}
        ${this.localeSwitch()}
      </header>
      ${this.phase === 'loading' ? html`<div class="center" role="status">${t('app.loading')}</div>` : nothing}
      ${this.phase === 'error'
        ? html`<div class="center">
            <div class="error-box" role="alert">
              <h2>${t('app.error.title')}</h2>
              <p>${this.loadError}</p>
              <button @click=${() => this.load()}>${t('app.error.retry')}</button>
            </div>
          </div>`
        : nothing}
      ${this.phase === 'ready' && d ? this.readyView(d) : nothing}
      ${this.importOpen && d
        ? html`<kp-import-panel
            .city=${d.id}
            .townName=${d.name}
            .layers=${d.layers}
            .api=${this.importApi}
            @import-done=${this.onImportDone}
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
    return html`<button class="lang" data-action="locale" lang=${other} aria-label=${`${tIn(other, 'locale.short')}: ${tIn(other, 'locale.switch')}`} title=${tIn(other, 'locale.switch')} @click=${() => chooseLocale(other)}>
      ${tIn(other, 'locale.short')}
    </button>`;
  }

  /**
   * Less used actions: copy link, the admin's layer import, and on a phone also the
   * presentation and PNG export (their header buttons do not fit there).
   */
  private moreMenu(d: CityDetail) {
    const admin = this.proposals.session.user?.role === 'admin';
    return html`<div class="more" @keydown=${this.onMenuKey}>
      <button data-action="more" aria-expanded=${String(this.menuOpen)} aria-controls="more-menu" aria-label=${t('menu.label')} @click=${() => this.setMenu(!this.menuOpen)}>
        ${t('menu.more')} <span aria-hidden="true">▾</span>
      </button>
      ${this.menuOpen
        ? html`<ul id="more-menu" aria-label=${t('menu.label')} @click=${() => this.setMenu(false)}>
            ${d.hasStory ? html`<li class="narrow"><button data-menu="story" @click=${this.startStory}>${t('story.open')}</button></li>` : nothing}
            <li class="narrow"><button data-menu="export-png" @click=${this.exportViewPng}>${t('export.png')}</button></li>
            <li><button data-menu="copy-link" @click=${this.copyLink}>${t('app.copyLink')}</button></li>
            ${admin ? html`<li><button data-menu="import" @click=${this.openImport}>${t('import.open')}</button></li>` : nothing}
          </ul>`
        : nothing}
    </div>`;
  }

  private setMenu(open: boolean): void {
    if (this.menuOpen === open) return;
    this.menuOpen = open;
    if (open) {
      document.addEventListener('pointerdown', this.onMenuOutside, true);
      void this.updateComplete.then(() => this.menuItems()[0]?.focus());
    } else {
      document.removeEventListener('pointerdown', this.onMenuOutside, true);
    }
  }

  private menuItems(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('#more-menu button')].filter((b) => b.offsetParent !== null);
  }

  private onMenuOutside = (e: Event) => {
    const more = this.renderRoot.querySelector('.more');
    if (more && !e.composedPath().includes(more)) this.setMenu(false);
  };

  private onMenuKey = (e: KeyboardEvent) => {
    if (!this.menuOpen) return;
    const items = this.menuItems();
    const i = items.indexOf((this.renderRoot as ShadowRoot).activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.setMenu(false);
      this.renderRoot.querySelector<HTMLButtonElement>('button[data-action="more"]')?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };

  // ---------- layer import (admins) ----------

  /** Where focus returns when the import dialog closes. */
  private importOpener: HTMLElement | null = null;

  private openImport = async (e?: Event) => {
    this.importOpener = (e?.currentTarget as HTMLElement | null) ?? null;
    try {
      await import('../import/kp-import-panel.ts');
      this.importOpen = true;
    } catch (err) {
      this.showToast(errorMessage(err));
    }
  };

  private closeImport = () => {
    this.importOpen = false;
    void this.updateComplete.then(() => {
      const opener = this.importOpener?.isConnected ? this.importOpener : this.renderRoot.querySelector<HTMLButtonElement>('button[data-action="more"]');
      opener?.focus();
    });
  };

  /** A layer was written: the town's data is fetched again and the map made anew at the same view. */
  private onImportDone = async (e: CustomEvent<ImportDoneDetail>) => {
    const city = this.s.city;
    if (!city) return;
    const req = ++this.cityRequest;
    try {
      const { detail, mapData } = await this.fetchCity(city);
      if (req !== this.cityRequest || this.s.city !== city) return;
      this.detail = detail;
      this.mapData = mapData;
      const known = new Set(detail.layers.map((l) => l.id));
      const visible = new Set([...this.s.visible].filter((id) => known.has(id)));
      visible.add(e.detail.layer);
      const feature = this.s.feature && this.findFeature(this.s.feature, mapData.layers) ? this.s.feature : null;
      this.initialView = this.s.view;
      this.mapVersion++;
      this.store.set({ visible, feature });
      this.refreshTargets();
    } catch (err) {
      if (req === this.cityRequest) this.showToast(errorMessage(err));
    }
  };

  private readyView(d: CityDetail) {
    const s = this.s;
    const selected = s.feature ? this.findFeature(s.feature) : null;
    const layer = selected ? d.layers.find((l) => l.id === selected.layer) ?? null : null;
    return html`
      ${keyed(d.id, html`<aside id="side" aria-label=${t('app.sidePanel')}>
        <p class="notice" role="note">${t('app.approxNotice')}</p>
        <div role="tablist" aria-label=${t('tabs.label')} @keydown=${this.onTabKey}>
          ${TABS.map(
            (tab) => html`<button
              role="tab"
              id="tab-${tab}"
              aria-selected=${String(s.tab === tab)}
              aria-controls="panel"
              tabindex=${s.tab === tab ? 0 : -1}
              @click=${() => this.store.set({ tab })}
            >
              ${t(`tabs.${tab}`)}
            </button>`,
          )}
        </div>
        <div role="tabpanel" id="panel" aria-labelledby="tab-${s.tab}" tabindex="0">${this.tabContent(d)}</div>
      </aside>`)}
      <main>
        ${keyed(`${d.id}/${this.mapVersion}`, html`<kp-map-view
          .detail=${d}
          .data=${this.mapData}
          .visible=${s.visible}
          .selected=${s.feature}
          .selectedDistrict=${s.district}
          .choropleth=${s.choropleth ? this.classes?.byDistrict ?? null : null}
          .basemap=${this.settings.basemap}
          .initialView=${this.initialView}
          ?drawing=${s.mode === 'draw' || this.proposals.drawingPolygon}
          .proposals=${this.proposals.mapFeatures}
          .selectedProposal=${this.proposals.selected?.id ?? null}
          .proposalAlert=${this.proposals.alert}
          .proposalDraft=${this.proposals.draft}
          ?placing=${this.proposals.placing}
          @proposal-click=${(e: CustomEvent<{ id: string }>) => this.openProposal(e.detail.id)}
          @place-point=${(e: CustomEvent<{ lngLat: [number, number] }>) => this.proposals.placePoint(e.detail.lngLat)}
          @draft-move=${(e: CustomEvent<{ lngLat: [number, number] }>) => this.proposals.placePoint(e.detail.lngLat)}
          @feature-click=${(e: CustomEvent<FeatureClickDetail>) => this.selectFeature(e.detail.id, false)}
          @district-click=${(e: CustomEvent<{ id: string }>) => this.openDistrict(e.detail.id)}
          @map-move=${(e: CustomEvent<MapView>) => this.store.set({ view: e.detail })}
          @draw-finish=${(e: CustomEvent<{ geometry: Polygon | MultiPolygon }>) => (this.proposals.drawingPolygon ? this.onProposalDrawn(e.detail.geometry) : this.runQuery(e.detail.geometry))}
          @map-ready=${this.onMapReady}
        ></kp-map-view>`)}
        ${selected
          ? html`<kp-feature-panel
              .feature=${selected.feature}
              .layer=${layer}
              .goals=${d.goals}
              .undertakings=${d.undertakings}
              @panel-close=${this.closeFeature}
            ></kp-feature-panel>`
          : nothing}
        ${this.proposalOverlay(d)}
        ${this.proposals.enabled && !this.proposals.proposing && !this.proposals.selected && !selected
          ? html`<button class="fab" data-action="propose-fab" @click=${this.toggleProposing}>${this.proposals.proposeLabel}</button>`
          : nothing}
        ${this.toast ? html`<div class="toast" role="status">${this.toast}</div>` : nothing}
        ${s.story !== null && s.city
          ? keyed(s.city, html`<kp-story-player
              .city=${s.city}
              .detail=${d}
              .chapter=${s.story}
              @story-go=${(e: CustomEvent<{ chapter: number }>) => this.store.set({ story: e.detail.chapter })}
              @story-exit=${this.exitStory}
            ></kp-story-player>`)
          : nothing}
      </main>
    `;
  }

  private tabContent(d: CityDetail) {
    const s = this.s;
    switch (s.tab) {
      case 'layers':
        return html`<kp-layer-panel
          .layers=${d.layers}
          .data=${this.mapData?.layers ?? {}}
          .visible=${s.visible}
          .selected=${s.feature}
          .downloadUrl=${(id: string) => this.api.layerDownloadUrl(d.id, id)}
          @layer-toggle=${this.onLayerToggle}
          @feature-select=${(e: CustomEvent<{ id: string }>) => this.selectFeature(e.detail.id, true)}
        ></kp-layer-panel>
        ${this.proposals.enabled || this.proposals.loadError
          ? html`<kp-proposal-legend
              .counts=${this.proposals.loaded ? this.proposals.counts : null}
              .visible=${this.proposals.visibleStatuses}
              .error=${this.proposals.loadError}
              @proposal-status-toggle=${(e: CustomEvent<{ status: ProposalStatus; visible: boolean }>) => this.proposals.setStatusVisible(e.detail.status, e.detail.visible)}
              .kinds=${this.proposals.kinds}
              .symbols=${this.proposals.symbols}
              .kindCounts=${this.proposals.liveByKind}
              .hiddenKinds=${this.proposals.hiddenKinds}
              @proposal-kind-toggle=${(e: CustomEvent<{ kind: string; visible: boolean }>) => this.proposals.setKindVisible(e.detail.kind, e.detail.visible)}
            ></kp-proposal-legend>`
          : nothing}`;
      case 'proposals':
        return this.proposalsTab(d);
      case 'strategy':
        return html`<kp-strategy-panel
          .detail=${d}
          .proposalKinds=${this.proposals.kinds}
          .proposalCounts=${this.proposals.loaded ? this.proposals.liveByKind : null}
          @undertaking-select=${this.onUndertaking}
          @propose-site=${(e: CustomEvent<{ kind: string }>) => this.proposeSite(e.detail.kind)}
        ></kp-strategy-panel>`;
      case 'districts':
        return html`<kp-district-panel
          .districts=${d.districts}
          .layers=${d.layers}
          .selected=${s.district}
          .summary=${this.summary}
          .query=${this.queryResult}
          ?loading=${this.districtLoading}
          .csvUrl=${this.api.summariesCsvUrl(d.id)}
          .error=${this.districtError}
          .metric=${s.choropleth}
          .metrics=${choroplethMetrics(d, this.proposals.kinds)}
          .classes=${this.classes}
          ?drawing=${s.mode === 'draw'}
          ?hasDrawing=${this.hasDrawing}
          @district-pick=${(e: CustomEvent<{ id: string | null }>) => this.openDistrict(e.detail.id, true)}
          @choropleth-change=${(e: CustomEvent<{ metric: ChoroplethMetric | null }>) => this.store.set({ choropleth: e.detail.metric })}
          @draw-start=${this.startDraw}
          @draw-cancel=${() => this.store.set({ mode: 'browse' })}
          @draw-clear=${this.clearDraw}
          @feature-select=${(e: CustomEvent<{ id: string }>) => this.selectFeature(e.detail.id, true)}
        ></kp-district-panel>`;
    }
  }

  // ---------- actions ----------

  private onMapReady = () => {
    if (this.pendingBbox) this.mapView.flyTo(this.pendingBbox);
    this.pendingBbox = null;
  };

  private onTabKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(this.s.tab);
    let next: Tab | null = null;
    if (e.key === 'ArrowRight') next = TABS[(i + 1) % TABS.length]!;
    else if (e.key === 'ArrowLeft') next = TABS[(i + TABS.length - 1) % TABS.length]!;
    else if (e.key === 'Home') next = TABS[0]!;
    else if (e.key === 'End') next = TABS[TABS.length - 1]!;
    if (!next) return;
    e.preventDefault();
    this.store.set({ tab: next });
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus());
  };

  private onLayerToggle = (e: CustomEvent<{ id: string; visible: boolean }>) => {
    const visible = new Set(this.s.visible);
    if (e.detail.visible) visible.add(e.detail.id);
    else visible.delete(e.detail.id);
    this.store.set({ visible });
  };

  private selectFeature(id: string, fly: boolean): void {
    const found = this.findFeature(id);
    if (!found) return;
    const patch: Partial<AppState> = { feature: id };
    this.proposals.close();
    if (!this.s.visible.has(found.layer)) patch.visible = new Set([...this.s.visible, found.layer]);
    this.store.set(patch);
    const bbox = this.detail?.featureIndex[id]?.bbox;
    if (fly && bbox) this.mapView?.flyTo(bbox);
  }

  private closeFeature = () => {
    this.store.set({ feature: null });
  };

  private onUndertaking = (e: CustomEvent<{ id: string }>) => {
    const d = this.detail;
    const data = this.mapData?.layers;
    if (!d || !data) return;
    const u = d.undertakings.find((x) => x.id === e.detail.id);
    if (!u) return;
    const inLayers = u.layers.flatMap((l) => (data[l]?.features ?? []).map((f) => ({ f, layer: l })));
    const own = inLayers.filter(({ f }) => (f.properties as StrategyFeatureProps | null)?.undertaking === u.id);
    const chosen = own.length ? own : inLayers;
    const ids = chosen.map(({ f }) => String(f.id ?? f.properties?.id));
    const boxes = ids.map((id) => d.featureIndex[id]?.bbox).filter((b): b is Bbox => Boolean(b));
    if (!ids.length) return;
    const visible = new Set([...this.s.visible, ...u.layers]);
    this.store.set({ feature: ids[0]!, visible });
    if (boxes.length) {
      this.mapView?.flyTo([
        Math.min(...boxes.map((b) => b[0])),
        Math.min(...boxes.map((b) => b[1])),
        Math.max(...boxes.map((b) => b[2])),
        Math.max(...boxes.map((b) => b[3])),
      ]);
    }
  };

  private openDistrict(id: string | null, fly = false): void {
    this.queryResult = null;
    this.store.set({ district: id, tab: 'districts' });
    if (this.panelCollapsed) this.togglePanel();
    if (!id) {
      this.summary = null;
      return;
    }
    void this.loadSummary(id).then(() => {
      if (fly && this.summary) this.mapView?.flyTo(this.summary.district.bbox, 15);
    });
  }

  private async loadSummary(id: string): Promise<void> {
    const city = this.s.city;
    if (!city) return;
    const req = ++this.summaryRequest;
    this.districtLoading = true;
    this.districtError = null;
    try {
      const summary = await this.api.districtSummary(city, id);
      if (req === this.summaryRequest) this.summary = summary;
    } catch (err) {
      if (req === this.summaryRequest) this.districtError = errorMessage(err);
    } finally {
      if (req === this.summaryRequest) this.districtLoading = false;
    }
  }

  private async updateChoropleth(metric: ChoroplethMetric | null): Promise<void> {
    const d = this.detail;
    const city = this.s.city;
    if (!metric || !d || !city) {
      this.classes = null;
      return;
    }
    try {
      const summaries = this.summaries ?? (await this.api.districtSummaries(city));
      // Another town was opened meanwhile: these figures are not its.
      if (this.s.city !== city) return;
      this.summaries = summaries;
      const green = greenLayerIds(d);
      const values: Record<string, number | null> = {};
      for (const s of summaries.summaries) values[s.district.id] = metricValue(s, metric, green);
      if (this.s.choropleth === metric) this.classes = classify(values, defaultTheme.choropleth);
    } catch (err) {
      this.districtError = errorMessage(err);
    }
  }

  private startDraw = () => {
    this.store.set({ mode: 'draw', feature: null });
  };

  private async runQuery(geometry: Polygon | MultiPolygon): Promise<void> {
    const city = this.s.city;
    this.store.set({ mode: 'browse' });
    this.hasDrawing = true;
    if (!city) return;
    const req = ++this.summaryRequest;
    this.districtLoading = true;
    this.districtError = null;
    this.queryResult = null;
    try {
      const result = await this.api.query(city, geometry);
      if (req === this.summaryRequest) this.queryResult = result;
    } catch (err) {
      if (req === this.summaryRequest) this.districtError = errorMessage(err);
    } finally {
      if (req === this.summaryRequest) this.districtLoading = false;
    }
  }

  private clearDraw = () => {
    this.mapView?.clearDrawing();
    this.summaryRequest++;
    this.queryResult = null;
    this.hasDrawing = false;
    this.districtLoading = false;
    this.districtError = null;
    this.store.set({ mode: 'browse' });
  };

  // ---------- tree-planting proposals ----------

  private proposalOverlay(d: CityDetail) {
    const pc = this.proposals;
    const p = pc.proposing;
    if (p && pc.kind) {
      return html`<kp-proposal-form
        .kind=${pc.kind}
        .kinds=${pc.kinds}
        .species=${pc.setup?.species ?? []}
        .shape=${p.shape}
        ?placed=${Boolean(p.geometry)}
        .areaM2=${p.areaM2}
        .maxCount=${pc.maxCount()}
        ?needsNickname=${pc.needsNickname}
        ?busy=${p.busy}
        .error=${p.error}
        @shape-change=${(e: CustomEvent<{ shape: ProposalShape }>) => this.setProposalShape(e.detail.shape)}
        @kind-change=${(e: CustomEvent<{ kind: string }>) => this.setProposalKind(e.detail.kind)}
        @place-centre=${this.placeAtCentre}
        @redraw=${() => {
          this.mapView?.clearDrawing();
          pc.redraw();
        }}
        @proposal-submit=${(e: CustomEvent<SubmitDetail>) => void pc.submit(e.detail)}
        @proposal-cancel=${this.stopProposing}
      ></kp-proposal-form>`;
    }
    const sel = pc.selected;
    if (!sel) return nothing;
    const district = sel.detail?.properties.district;
    return html`<kp-proposal-panel
      .selected=${sel}
      .kind=${pc.kindById(sel.detail?.properties.kind)}
      .districtName=${district ? d.districts.find((x) => x.id === district)?.name ?? null : null}
      ?canWithdraw=${pc.session.isMine(sel.id)}
      ?isPlanner=${pc.session.isPlanner}
      ?needsNickname=${pc.needsNickname}
      @panel-close=${() => pc.close()}
      @support-toggle=${(e: CustomEvent<{ on: boolean; nickname?: string }>) => void pc.toggleSupport(e.detail.on, e.detail.nickname)}
      @proposal-withdraw=${() => void pc.withdraw()}
    ></kp-proposal-panel>`;
  }

  private proposalsTab(d: CityDetail) {
    const pc = this.proposals;
    if (!pc.loaded) return html`<p role="status">${t('proposals.loading')}</p>`;
    if (!pc.enabled) return html`<p>${pc.loadError ? t('proposals.loadError', { message: pc.loadError }) : t('proposals.none')}</p>`;
    const total = Object.values(pc.counts).reduce((a, b) => a + b, 0);
    const resident = pc.session.resident;
    return html`<div class="proposals-tab">
      <p class="intro">${pc.introText}</p>
      <button class="propose-btn" data-action="propose-tab" @click=${this.toggleProposing}>${pc.proposing ? t('proposals.proposeStop') : pc.proposeLabel}</button>
      <p class="muted">${t('proposals.counts', { n: total })}${resident && !pc.session.isPlanner ? html` · ${t('proposals.you', { name: resident.nickname })}` : nothing}</p>
      <hr />
      <kp-sign-in
        .user=${pc.session.user}
        ?busy=${pc.signInBusy}
        .error=${pc.signInError}
        @sign-in=${(e: CustomEvent<{ login: string; password: string }>) => void pc.signIn(e.detail.login, e.detail.password)}
        @sign-out=${() => void pc.signOut()}
      ></kp-sign-in>
      ${pc.session.user?.role === 'admin'
        ? html`<p><button class="propose-btn" data-action="import-open" @click=${this.openImport}>${t('import.open')}</button></p>`
        : nothing}
      ${pc.session.isPlanner
        ? html`<kp-review-queue
            .queue=${pc.queue}
            .districts=${d.districts}
            .species=${pc.setup?.species ?? []}
            .kinds=${pc.kinds}
            .symbols=${pc.symbols}
            .csvUrl=${pc.exportUrl('csv')}
            .geojsonUrl=${pc.exportUrl('geojson')}
            @queue-filter=${(e: CustomEvent<{ status?: 'proposed' | 'accepted'; district?: string | null; kind?: string | null }>) => pc.setQueueFilter(e.detail)}
            @review=${(e: CustomEvent<ReviewDetail>) => void pc.review(e.detail.id, e.detail.status, e.detail.reason).then(e.detail.done)}
            @proposal-edit=${(e: CustomEvent<EditDetail>) =>
              void pc.edit(e.detail.id, { count: e.detail.count, species: e.detail.species }).then(e.detail.done)}
            @proposal-show=${(e: CustomEvent<{ id: string }>) => this.openProposal(e.detail.id, true)}
          ></kp-review-queue>`
        : nothing}
    </div>`;
  }

  private toggleProposing = () => {
    if (this.proposals.proposing) {
      this.stopProposing();
      return;
    }
    if (this.s.mode === 'draw') this.clearDraw();
    this.store.set({ feature: null });
    this.proposals.start('point');
    if (this.panelCollapsed === false && matchMedia('(max-width: 760px)').matches) this.togglePanel();
  };

  /** "Zaproponuj miejsce" in the strategy panel: the form for that kind (a resident gives a nickname in it, as for any proposal). */
  private proposeSite(kind: string): void {
    if (this.proposals.drawingPolygon) this.mapView?.clearDrawing();
    if (this.s.mode === 'draw') this.clearDraw();
    this.store.set({ feature: null });
    this.proposals.start(undefined, kind);
    if (this.panelCollapsed === false && matchMedia('(max-width: 760px)').matches) this.togglePanel();
    void this.updateComplete.then(() => this.renderRoot.querySelector('kp-proposal-form')?.focusHeading());
  }

  private setProposalKind(kind: string): void {
    const shape = this.proposals.proposing?.shape;
    this.proposals.setKind(kind);
    if (this.proposals.proposing?.shape !== shape) this.mapView?.clearDrawing();
  }

  private stopProposing = () => {
    if (this.proposals.drawingPolygon) this.mapView?.clearDrawing();
    this.proposals.cancel();
  };

  private setProposalShape(shape: ProposalShape): void {
    this.mapView?.clearDrawing();
    if (this.s.mode === 'draw') this.store.set({ mode: 'browse' });
    this.proposals.setShape(shape);
  }

  private onProposalDrawn(geometry: Polygon | MultiPolygon): void {
    // The area moves from the drawing tool to the proposal draft (drawn by the proposals layer).
    this.mapView?.clearDrawing();
    this.proposals.polygonDrawn(geometry);
  }

  private placeAtCentre = () => {
    // On a phone the form covers the lower 70% of the map: use the middle of what stays visible.
    const phone = matchMedia('(max-width: 760px)').matches;
    const r = this.mapView?.getBoundingClientRect();
    const c = this.mapView?.centre(phone && r ? { x: r.width / 2, y: (r.height * 0.3) / 2 } : undefined);
    if (c) this.proposals.placePoint(c);
  };

  private openProposal(id: string, fly = false): void {
    this.store.set({ feature: null });
    void this.proposals.open(id).then(() => {
      const g = this.proposals.selected?.detail?.geometry;
      if (!fly || !g) return;
      const pts: number[][] = g.type === 'Point' ? [g.coordinates] : g.type === 'Polygon' ? g.coordinates[0]! : [];
      if (!pts.length) return;
      const xs = pts.map((p) => p[0]!);
      const ys = pts.map((p) => p[1]!);
      this.mapView?.flyTo([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], 17);
    });
  }

  /** Proposal counts changed: district summaries and the choropleth are fetched again. */
  private refreshTargets(): void {
    this.summaries = null;
    if (this.s.choropleth) void this.updateChoropleth(this.s.choropleth);
    if (this.s.district && !this.queryResult) void this.loadSummary(this.s.district);
  }

  private toastTimer = 0;
  private showToast(message: string): void {
    this.toast = message;
    clearTimeout(this.toastTimer);
    this.toastTimer = window.setTimeout(() => (this.toast = ''), 4000);
  }

  // ---------- presentation and export ----------

  /** The viewer's camera before the story started, restored when it ends. */
  private viewBeforeStory: MapView | null = null;

  private startStory = () => {
    this.viewBeforeStory = this.s.view;
    this.store.set({ story: 1 });
  };

  private exitStory = () => {
    const back = this.viewBeforeStory;
    this.viewBeforeStory = null;
    this.store.set({ story: null });
    void this.updateComplete.then(() => {
      if (back) this.mapView?.jumpTo(back);
    });
  };

  /** The current view as a PNG at screen size, with title, legend, scale bar, north arrow and attribution. */
  private exportViewPng = async () => {
    const d = this.detail;
    const map = this.mapView?.maplibre;
    if (!d || !map) return;
    try {
      const { exportMapPng, slug } = await import('../export/export.ts');
      const legend = d.layers
        .filter((l) => l.role === 'strategy' && this.s.visible.has(l.id))
        .map((l) => ({ label: l.legend.label ?? l.title, color: l.legend.color, kind: l.kind }));
      const decorations = { title: `${d.name} — ${d.strategy.title}`, subtitle: d.strategy.period, legend, legendTitle: t('story.legend'), attribution: d.attribution, north: t('export.north') };
      await exportMapPng(map, decorations, 1, `${slug(d.name)}-widok.png`);
    } catch (err) {
      this.toast = t('export.failed', { message: errorMessage(err) });
      setTimeout(() => (this.toast = ''), 4000);
    }
  };

  private copyLink = async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      this.toast = t('app.linkCopied');
    } catch {
      this.toast = location.href;
    }
    setTimeout(() => (this.toast = ''), 2500);
  };

  private togglePanel = () => {
    this.panelCollapsed = !this.panelCollapsed;
    this.toggleAttribute('panel-collapsed', this.panelCollapsed);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-app': KpApp;
  }
}
