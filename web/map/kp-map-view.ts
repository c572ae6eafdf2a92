/**
 * The only owner of the MapLibre map. Gets the style's data and the app state as
 * properties, reports clicks and moves as events. Drawing (terra-draw) lives here too,
 * loaded only when the tool is first used.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ExpressionSpecification, FilterSpecification, GeoJSONSourceSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { attributionsFor } from '../../styles/attribution.ts';
import type { Map as MlMap, MapMouseEvent, PointLike } from 'maplibre-gl';
import type { FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { CityDetail, Settings } from '../../server/api-types.ts';
import {
  CHOROPLETH_LAYER,
  DISTRICTS_HIT_LAYER,
  DISTRICT_SELECTED_LAYER,
  BASEMAP_SOURCE,
  LAYER_PROP,
  META_FILTER,
  TOWN_SOURCE,
  districtSelectedFilter,
  META_PART,
  META_ROLE,
  NO_SELECTION,
  buildStyle,
  selectedFilter,
  shownFilter,
  type BuildStyleOptions,
  type ProjectorLook,
  type Theme,
} from '../../styles/build-style.ts';
import defaultTheme from '../../styles/themes/default.json';
import projectorTheme from '../../styles/themes/projector.json';
import type { MapShot } from './capture-map.ts';
import { highlightContext } from './context-highlight.ts';
import { glyphsUrl } from './glyphs-url.ts';
import { warmGlyphs } from './glyph-warmup.ts';
import { t, type MessageId } from '../i18n/index.ts';
import { LocaleController } from '../i18n/locale-controller.ts';
import type { MapView } from '../state/url-codec.ts';
import type { CameraRequest } from '../state/view.ts';
import type { MapData } from '../state/town.ts';
import type { ProposalFeatureProps } from '../../server/api-types.ts';
import type { Point } from 'geojson';
import { ProposalsLayer, proposalsStyle, type ProposalTilesSpec } from './proposals-layer.ts';
import { coverPadding, inFreePart, type Padding, type Rect } from './camera-padding.ts';
import type { BasemapOption } from '../../server/basemaps/basemaps.ts';
import type { BasemapSwitch } from './basemap-switch.ts';
import { setFilter, setLayout, setPaint } from './style-setters.ts';

/** The basemap switcher's value for the map's own style (no basemap under it). */
export const OWN_BASEMAP = 'own';

type Bbox = [number, number, number, number];

/** The map's look: the viewer's, or the projector's (story mode); both built by buildStyle. */
export type MapTheme = 'default' | 'projector';


/** What a story chapter shows on the map (see KpMapView.present). */
export interface Presentation {
  layers: readonly string[];
  highlight: readonly string[];
  district: string | null;
  /** Residents' proposals drawn too (the chapter's legend then names them); hidden otherwise. */
  proposals?: boolean;
  /** The work done to draw as built instead of the time control's (the report to the council: by the year's end). */
  built?: FeatureCollection | null;
}

/**
 * How a story chapter outlines its district: dashed, in a colour of its own, so the legend can
 * tell it from a highlighted feature (solid, in the selection red).
 */
export const STORY_DISTRICT_OUTLINE = { color: '#5e3c99', dash: [2, 1] as [number, number] };

/** Size of an off-screen twin (see KpMapView.twin), in CSS pixels. */
export interface TwinSize {
  width: number;
  height: number;
  /** The look (default: the live map's). */
  theme?: MapTheme;
  /** Pixels per CSS pixel the twin draws at (default: the screen's); captures at this scale need no re-draw. */
  pixelRatio?: number;
}
export interface PresentationCamera {
  center: [number, number];
  zoom: number;
  bearing: number;
  pitch: number;
}

export type { MapData };

export interface FeatureClickDetail {
  id: string;
  layer: string;
}

type TerraDrawLike = {
  start(): void;
  stop(): void;
  setMode(mode: string): void;
  clear(): void;
  getSnapshotFeature(id: string | number): { geometry: Geometry } | undefined;
  on(event: 'finish', cb: (id: string | number, context: { action: string }) => void): void;
  addFeatures(features: { type: 'Feature'; geometry: Geometry; properties: { mode: string } }[]): unknown;
};

/**
 * @fires feature-click - {FeatureClickDetail} a strategy or context feature was clicked
 * @fires district-click - {{ id: string }} a click inside a district, not on a feature
 * @fires map-move - {MapView} after the map stopped moving
 * @fires draw-finish - {{ geometry: Polygon }} a polygon was drawn with the area tool
 * @fires map-ready - the style is loaded
 * @fires map-error - {{ message: string }} the map could not start or a source failed
 * @fires proposal-click - {{ id: string }} a tree-planting proposal was clicked
 * @fires place-point - {{ lngLat: [number, number] }} a click while placing a tree
 * @fires draft-move - {{ lngLat: [number, number] }} the pin of the tree being placed was moved
 */
@customElement('kp-map-view')
export class KpMapView extends LitElement {
  static styles = css`
    :host {
      display: block;
      position: relative;
      width: 100%;
      height: 100%;
    }
    /* maplibre's own CSS makes the container position: relative; size it either way. */
    :host .map {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
    }
    .map:focus-visible {
      outline: 3px solid #1f5fbf;
      outline-offset: -3px;
    }
    .status {
      position: absolute;
      top: 50%;
      left: 50%;
      transform: translate(-50%, -50%);
      background: #ffffffee;
      padding: 0.6rem 1rem;
      border-radius: 6px;
      box-shadow: 0 1px 4px #0003;
      font-size: 0.95rem;
    }
    .status.error {
      color: #8a1010;
      max-width: 28rem;
    }
    /* Under the zoom buttons: clear of the scale bar, the attribution and the panels. */
    .basemaps {
      position: absolute;
      left: 10px;
      top: 5rem;
      z-index: 2;
      background: #fffffff0;
      border-radius: 6px;
      box-shadow: 0 1px 4px #0003;
      padding: 0.2rem 0.4rem;
      font-size: 0.8rem;
      display: flex;
      gap: 0.3rem;
      align-items: center;
    }
    .basemaps select {
      font: inherit;
      max-width: 12rem;
    }
    .basemap-notice {
      position: absolute;
      left: 1rem;
      right: 1rem;
      top: 7.4rem; /* below the zoom buttons and the switcher it speaks of */
      margin: 0 auto;
      z-index: 3;
      max-width: 28rem;
      box-sizing: border-box;
      background: #fff5f5;
      color: #8a1010;
      border: 1px solid #d1242f;
      border-radius: 6px;
      padding: 0.45rem 2rem 0.45rem 0.7rem;
      font-size: 0.85rem;
      box-shadow: 0 1px 4px #0003;
    }
    .basemap-notice button {
      position: absolute;
      right: 0.3rem;
      top: 0.2rem;
      border: none;
      background: none;
      font-size: 1.1rem;
      cursor: pointer;
    }
  `;

  @property({ attribute: false }) detail: CityDetail | null = null;
  @property({ attribute: false }) data: MapData | null = null;
  @property({ attribute: false }) visible: ReadonlySet<string> = new Set();
  @property({ attribute: false }) selected: string | null = null;
  @property({ attribute: false }) selectedDistrict: string | null = null;
  /** Colour per district id for the choropleth, or null when it is off. */
  @property({ attribute: false }) choropleth: Record<string, string> | null = null;
  @property({ attribute: false }) basemap: Settings['basemap'] = null;
  @property({ attribute: false }) initialView: MapView | null = null;
  @property({ type: Boolean }) drawing = false;
  /** The author's last written proposals, drawn at once while the tiles are fetched again (or null). */
  @property({ attribute: false }) proposals: FeatureCollection<Geometry, ProposalFeatureProps> | null = null;
  /** Where proposals are drawn from: the tile URL for the legend's filters, and its version. */
  @property({ attribute: false }) proposalTiles: ProposalTilesSpec | null = null;
  @property({ attribute: false }) selectedProposal: string | null = null;
  /** What a refused proposal broke (ringed in red). */
  @property({ attribute: false }) proposalAlert: FeatureCollection | null = null;
  /** The proposal being placed: a draggable pin or a drawn area. */
  @property({ attribute: false }) proposalDraft: Point | Polygon | null = null;
  /** Placing a tree: a click on the map puts the pin there. */
  @property({ type: Boolean }) placing = false;
  /** The look: 'projector' while a story is presented. */
  @property({ attribute: false }) theme: MapTheme = 'default';
  /** The latest camera request (see CameraRequest). */
  @property({ attribute: false }) camera: CameraRequest | null = null;
  /** The work done by the time control's date (progress updates' geometry), drawn as built over the plan. */
  @property({ attribute: false }) progress: FeatureCollection | null = null;
  /** "What changed since …": the work recorded since that date, or the changed undertakings' places (a halo under the built work; hidden in a presentation). */
  @property({ attribute: false }) changes: FeatureCollection | null = null;
  /** The work done read from a file, before it is recorded (shown dashed; the map frames it). */
  @property({ attribute: false }) progressDraft: Geometry | null = null;
  /** What `drawing` draws: an area (the default), or a line (the built section of a route). */
  @property({ attribute: false }) drawMode: 'polygon' | 'linestring' = 'polygon';
  /** An off-screen twin for exports (see twin()): no controls, no input, never exposed to tests as the live map. */
  @property({ type: Boolean, reflect: true }) offscreen = false;
  /** Pixel ratio of the map's canvas (null: the screen's). */
  @property({ attribute: false }) pixelRatio: number | null = null;
  /** Screen boxes of what covers the map now (open panel, phone sheet): fits and flights aim at the rest. */
  @property({ attribute: false }) covers: () => Rect[] = () => [];
  /** Resolves once what covers the map has its size (a panel fetched on first use is defined and rendered), so `covers()` is true. */
  @property({ attribute: false }) coversSettled: () => Promise<void> = () => Promise.resolve();
  /** Basemaps the switcher offers (the own style is always first), and the one on at start. */
  @property({ attribute: false }) basemaps: BasemapOption[] = [];
  @property({ attribute: false }) basemapInitial = OWN_BASEMAP;
  @state() private basemapChoice = OWN_BASEMAP;
  /** The title of a basemap whose tiles failed (the own style is shown instead). */
  @state() private basemapFailed: string | null = null;
  /** Made when first needed (a basemap chosen, or the server's start basemap adopted): the own style needs none (issue 13: our JS at start). */
  private basemapSwitch: BasemapSwitch | null = null;
  private basemapSwitchLoad: Promise<BasemapSwitch | null> | null = null;

  @state() private status: 'loading' | 'ready' | 'error' = 'loading';
  /** The error shown over the map, kept as a message id so a locale switch re-words it. */
  @state() private error: { id: MessageId; params?: Record<string, string> } | null = null;
  protected readonly localeController = new LocaleController(this, () => this.applyLocale());

  private map: MlMap | null = null;
  /** Story mode's layers, highlight and district (see present()). */
  private presentation: Presentation | null = null;
  private mapStyle: StyleSpecification | null = null;
  /** What the style was built from, to build the other theme's style alike. */
  private styleOptions: BuildStyleOptions | null = null;
  private readonly themeStyles = new Map<MapTheme, StyleSpecification>();
  /** The theme whose paint and layout the running map has. */
  private appliedTheme: MapTheme = 'default';
  /** Resolves when the style has loaded (the map's `load` event). */
  private readonly loaded = new Promise<void>((resolve) => (this.resolveLoaded = resolve));
  private resolveLoaded!: () => void;
  private draw: TerraDrawLike | null = null;
  private proposalsLayer: ProposalsLayer | null = null;
  /** Makes the attribution control for a list of attributions; the one on the map and what it says. */
  private attributionControl: ((attributions: string[]) => import('maplibre-gl').IControl) | null = null;
  private attribution: { control: import('maplibre-gl').IControl; text: string } | null = null;
  private creating = false;
  /** The style has loaded (its sources exist): data goes into them from here, before the first `load`. */
  private styleLoaded = false;
  /** The town data in the map's sources (null: the map was made before it came). */
  private shownData: MapData | null = null;
  /** Ready was told (see whenDrawn). */
  private drawn = false;
  /** The click that closes a drawn polygon must not also pick a district. */
  private ignoreClicksUntil = 0;
  private readonly testMode = typeof location !== 'undefined' && new URLSearchParams(location.search).has('test');

  render() {
    const name = this.detail ? t('map.label', { city: this.detail.name }) : t('app.loadingMap');
    return html`
      <div class="map" role="application" aria-label=${name} tabindex="0"></div>
      ${this.status === 'loading' ? html`<div class="status" role="status">${t('app.loadingMap')}</div>` : null}
      ${this.status === 'error' ? html`<div class="status error" role="alert">${this.error ? t(this.error.id, this.error.params) : ''}</div>` : null}
      ${this.basemaps.length && this.status === 'ready'
        ? html`<div class="basemaps">
            <label for="basemap">${t('basemap.label')}</label>
            <select id="basemap" data-basemap-switch @change=${(e: Event) => this.chooseBasemap((e.target as HTMLSelectElement).value)}>
              <option value=${OWN_BASEMAP} ?selected=${this.basemapChoice === OWN_BASEMAP}>${t('basemap.own')}</option>
              ${this.basemaps.map((b) => html`<option value=${b.id} ?selected=${this.basemapChoice === b.id}>${b.title}</option>`)}
            </select>
          </div>`
        : null}
      ${this.basemapFailed
        ? html`<div class="basemap-notice" role="alert" data-basemap-failed>
            ${t('basemap.failed', { title: this.basemapFailed })}
            <button type="button" aria-label=${t('basemap.dismiss')} @click=${() => (this.basemapFailed = null)}>×</button>
          </div>`
        : null}
    `;
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.draw?.stop();
    this.proposalsLayer?.remove();
    this.map?.remove();
    this.map = null;
  }

  protected updated(changed: PropertyValues<this>): void {
    if (!this.map) {
      if (changed.has('detail') && this.detail && this.firstViewIsDefault()) warmGlyphs(glyphsUrl(), this.detail.firstViewGlyphs);
      // Made once the town's catalogue and data are here, with the data in its style: a map made
      // before them drew empty frames and then every source again (issue 13). Both come in one round trip.
      if (this.detail && this.data && !this.creating) void this.createMap();
      return;
    }
    if (changed.has('data')) this.applyData();
    if (changed.has('visible')) this.applyVisibility();
    if (changed.has('selected')) this.applySelection();
    // Picked on the map: the panel that opens must not hide it (a requested flight already aims clear of it).
    if (changed.has('selected') && this.selected && !changed.has('camera')) void this.keepSelectionInView(this.selected);
    if (changed.has('selectedDistrict')) this.applyDistrictSelection();
    if (changed.has('choropleth')) this.applyChoropleth();
    if (changed.has('drawing')) void this.applyDrawing();
    if (changed.has('proposalTiles')) this.proposalsLayer?.setTiles(this.proposalTiles);
    if (changed.has('proposals')) this.proposalsLayer?.setData(this.proposals);
    if (changed.has('selectedProposal')) this.proposalsLayer?.setSelected(this.selectedProposal);
    if (changed.has('proposalAlert')) this.proposalsLayer?.setAlert(this.proposalAlert);
    if (changed.has('proposalDraft')) this.proposalsLayer?.setDraft(this.proposalDraft);
    if (changed.has('proposalDraft') || changed.has('proposalAlert')) void this.keepDraftInView();
    if (changed.has('theme')) this.applyTheme();
    if (changed.has('camera')) this.applyCamera();
    if (changed.has('progress') || changed.has('changes') || changed.has('progressDraft')) this.applyProgress();
    if (changed.has('progressDraft') && this.progressDraft) this.frameDraft(this.progressDraft);
    if (changed.has('drawMode') && this.drawing) void this.applyDrawing();
    if (changed.has('basemaps')) this.adoptInitialBasemap();
  }

  /** Whether the map opens on the town's own view with its default layers (what `firstViewGlyphs` is worked out for). */
  private firstViewIsDefault(): boolean {
    const defaults = (this.detail?.layers ?? []).filter((l) => l.visible).map((l) => l.id);
    return !this.initialView && !this.offscreen && defaults.length === this.visible.size && defaults.every((id) => this.visible.has(id));
  }

  /** The server's BASEMAP is already in the style the map was made with: the switcher shows it as chosen. */
  private adoptInitialBasemap(): void {
    if (this.status !== 'ready' || this.basemapInitial === OWN_BASEMAP || this.basemapChoice !== OWN_BASEMAP) return;
    const option = this.basemaps.find((b) => b.id === this.basemapInitial);
    if (!option) return;
    this.basemapChoice = option.id;
    this.withBasemapSwitch((s) => s.adopt(option));
  }

  /** Puts a basemap under the map's layers (or the own style alone); `byPerson` clears an old failure notice. */
  chooseBasemap(id: string, byPerson = true): void {
    if (byPerson) this.basemapFailed = null;
    const option = this.basemaps.find((b) => b.id === id) ?? null;
    this.basemapChoice = option ? option.id : OWN_BASEMAP;
    if (option || this.basemapSwitchLoad) this.withBasemapSwitch((s) => s.show(option));
  }

  /** Uses the basemap switch once its module has come (calls keep their order). */
  private withBasemapSwitch(use: (s: BasemapSwitch) => void): void {
    const map = this.map;
    if (!map) return;
    this.basemapSwitchLoad ??= import('./basemap-switch.ts').then(
      ({ BasemapSwitch }) => {
        this.basemapSwitch = new BasemapSwitch(map, BASEMAP_SOURCE, () => this.mapStyle, (failed) => {
          // Its tiles do not load: say so, and show the own style rather than a blank map.
          this.basemapFailed = failed.title;
          this.chooseBasemap(OWN_BASEMAP, false);
        }, () => {
          // setStyle (to or from a style basemap) rebuilt the layers: the app's state goes back on.
          this.applyVisibility();
          this.applySelection();
          this.applyDistrictSelection();
          this.applyChoropleth();
        });
        return this.basemapSwitch;
      },
      (err: unknown) => {
        this.basemapSwitchLoad = null;
        console.error(err);
        return null;
      },
    );
    void this.basemapSwitchLoad.then((s) => s && use(s));
  }

  /** Resolves once the map's style has loaded (at once when it has). */
  whenReady(): Promise<void> {
    return this.loaded;
  }

  /** The map as it is drawn now, at `scale` pixels per CSS pixel (export). */
  async capture(scale: number): Promise<MapShot> {
    if (!this.map) throw new Error(t('app.loadingMap'));
    const map = this.map;
    // Only an export reads the map: its code comes then (issue 13: our JS at start).
    const { captureMap } = await import('./capture-map.ts');
    const shot = await captureMap(map, scale);
    return { ...shot, attributions: this.credits() };
  }

  /** Everything the map credits now: the pack, each shown layer's licence, and the basemap under it. */
  private credits(): string[] {
    const own = this.detail ? attributionsFor(this.detail.attribution, this.detail.layers, this.shownLayers()) : [];
    const basemap = this.basemapChoice === OWN_BASEMAP ? null : this.basemaps.find((b) => b.id === this.basemapChoice);
    return basemap ? [...own, basemap.attribution] : own;
  }

  private applyCamera(): void {
    const c = this.camera;
    if (!c || !this.map || this.status !== 'ready') return;
    if ('fit' in c) this.flyTo(c.fit, c.maxZoom);
    else this.map.jumpTo({ center: [c.jump.lon, c.jump.lat], zoom: c.jump.zoom });
  }

  /** The style of a theme: the default one the map was made with, the projector one built alike. */
  private styleOf(theme: MapTheme): StyleSpecification | null {
    const built = this.themeStyles.get(theme);
    if (built || !this.styleOptions) return built ?? null;
    const style = buildStyle(defaultTheme as Theme, this.detail?.layers ?? [], {
      ...this.styleOptions,
      projector: theme === 'projector' ? (projectorTheme.map as ProjectorLook) : null,
    });
    this.themeStyles.set(theme, style);
    return style;
  }

  /**
   * Puts the theme's paint and layout on the running map, property by property where the
   * two built styles differ (no setStyle: layers added at run time, such as proposals and
   * drawings, stay; visibility and filters stay the app's).
   */
  private applyTheme(): void {
    const map = this.map;
    if (!map || this.status !== 'ready' || this.appliedTheme === this.theme) return;
    const from = this.styleOf(this.appliedTheme);
    const to = this.styleOf(this.theme);
    if (!from || !to) return;
    const before = new Map(from.layers.map((l) => [l.id, l]));
    for (const layer of to.layers) {
      const old = before.get(layer.id);
      if (!old || !map.getLayer(layer.id)) continue;
      for (const kind of ['paint', 'layout'] as const) {
        const a = ((old as Record<string, unknown>)[kind] ?? {}) as Record<string, unknown>;
        const b = ((layer as Record<string, unknown>)[kind] ?? {}) as Record<string, unknown>;
        for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
          if (name === 'visibility' || JSON.stringify(a[name]) === JSON.stringify(b[name])) continue;
          if (kind === 'paint') setPaint(map, layer.id, name as never, b[name] as never);
          else setLayout(map, layer.id, name as never, b[name] as never);
        }
      }
    }
    this.appliedTheme = this.theme;
  }

  /**
   * Flies to a [west, south, east, north] box in the part of the map no panel or sheet covers.
   * Waits for the covers to settle and a frame: the panel that asked for the flight is laid out by then.
   */
  async flyTo(bbox: Bbox, maxZoom = 16): Promise<void> {
    if (!this.map) return;
    await this.settled();
    const map = this.map;
    if (!map) return;
    const [w, s, e, n] = bbox;
    const padding = this.freePadding();
    map.fitBounds([[w, s], [e, n]], { padding, maxZoom, duration: this.testMode ? 0 : 800 });
    this.setAttribute('data-camera-padding', `${padding.top} ${padding.right} ${padding.bottom} ${padding.left}`);
  }

  /** The covers have their size and a frame has passed: what `freePadding()` reads is the layout the user sees. */
  private async settled(): Promise<void> {
    await this.coversSettled();
    await nextFrame();
  }

  /** Padding that keeps the camera's aim clear of the covering panels, plus a margin. */
  private freePadding(): Padding {
    const box = this.getBoundingClientRect();
    const base = Math.min(60, Math.round(Math.min(box.width, box.height) / 10));
    return coverPadding(box, this.covers(), base);
  }

  /** The selected feature went under the panel that opened for it: pan its middle into the free part. */
  private async keepSelectionInView(id: string): Promise<void> {
    const bbox = this.detail?.featureIndex[id]?.bbox;
    if (!bbox || !this.map || this.status !== 'ready') return;
    await this.settled();
    const map = this.map;
    if (!map || this.selected !== id) return;
    const centre: [number, number] = [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2];
    const box = this.getBoundingClientRect();
    const padding = this.freePadding();
    const p = map.project(centre);
    if (inFreePart({ x: box.left + p.x, y: box.top + p.y }, box, padding)) return;
    map.easeTo({ center: centre, offset: [(padding.left - padding.right) / 2, (padding.top - padding.bottom) / 2], duration: this.testMode ? 0 : 400 });
  }

  /** The pin being placed went under a panel (the form grew, a refusal opened): pan it back into the free part. */
  private async keepDraftInView(): Promise<void> {
    const draft = this.proposalDraft;
    if (!this.map || this.status !== 'ready' || draft?.type !== 'Point') return;
    await this.settled();
    const map = this.map;
    if (!map || this.proposalDraft !== draft) return;
    const box = this.getBoundingClientRect();
    const padding = this.freePadding();
    const p = map.project(draft.coordinates as [number, number]);
    if (inFreePart({ x: box.left + p.x, y: box.top + p.y }, box, padding)) return;
    // An offset, not padding: padding would stay on the map and shift every later view.
    const offset: [number, number] = [(padding.left - padding.right) / 2, (padding.top - padding.bottom) / 2];
    map.easeTo({ center: draft.coordinates as [number, number], offset, duration: this.testMode ? 0 : 400 });
  }

  /**
   * Presentation (story) mode: the given layers, highlighted features and district outline
   * override the `visible`, `selected` and `selectedDistrict` properties until `present(null)`.
   */
  present(p: Presentation | null): void {
    const was = this.presentation;
    this.presentation = p;
    if (!this.map) return;
    this.applyVisibility();
    this.applySelection();
    this.applyDistrictSelection();
    if (p && this.map.getLayer(CHOROPLETH_LAYER)) setLayout(this.map, CHOROPLETH_LAYER, 'visibility', 'none');
    else this.applyChoropleth();
    if (this.status === 'ready') highlightContext(this.map, p?.highlight ?? [], p?.layers ?? [], defaultTheme.selected);
    this.applyPresentationLook();
    if (p?.built !== undefined || was?.built !== undefined || Boolean(p) !== Boolean(was)) this.applyProgress();
    // Back in the viewer: no panel padding, north up.
    if (!p && was) this.map.jumpTo({ padding: { top: 0, right: 0, bottom: 0, left: 0 }, bearing: 0, pitch: 0 });
  }

  /**
   * What only a presentation changes: residents' proposals shown only on chapters that name them
   * in their legend, and the district outline dashed in its own colour (the viewer's look back after).
   */
  private applyPresentationLook(): void {
    const map = this.map;
    if (!map || this.status !== 'ready') return;
    const p = this.presentation;
    const proposals = !p || Boolean(p.proposals);
    this.proposalsLayer?.setShown(proposals);
    if (map.getLayer(DISTRICT_SELECTED_LAYER)) {
      const viewer = this.styleOf(this.appliedTheme)?.layers.find((l) => l.id === DISTRICT_SELECTED_LAYER) as { paint?: Record<string, unknown> } | undefined;
      setPaint(map, DISTRICT_SELECTED_LAYER, 'line-color', (p ? STORY_DISTRICT_OUTLINE.color : viewer?.paint?.['line-color'] ?? defaultTheme.selected) as never);
      setPaint(map, DISTRICT_SELECTED_LAYER, 'line-dasharray', (p ? STORY_DISTRICT_OUTLINE.dash : undefined) as never);
    }
  }

  /**
   * A second, hidden map view of the same town and look (the projector's while a story is open),
   * of the given size, for exports: a PDF or a chapter image is drawn there, so this (the live)
   * map never moves or changes layers under the audience. Remove the returned element when done.
   */
  async twin(size: TwinSize): Promise<KpMapView> {
    const host = document.createElement('div');
    // Laid out (WebGL needs a sized canvas) but never seen, clicked or read out.
    host.setAttribute('aria-hidden', 'true');
    host.inert = true;
    host.style.cssText = `position:fixed;left:-${size.width + 100}px;top:0;width:${size.width}px;height:${size.height}px;visibility:hidden;pointer-events:none;z-index:-1;`;
    const twin = document.createElement('kp-map-view');
    twin.offscreen = true;
    twin.detail = this.detail;
    twin.data = this.data;
    twin.basemap = this.basemap;
    twin.theme = size.theme ?? this.theme;
    twin.pixelRatio = size.pixelRatio ?? null;
    twin.proposals = this.proposals;
    twin.proposalTiles = this.proposalTiles;
    twin.visible = new Set();
    host.append(twin);
    document.body.append(host);
    // The host goes with the twin.
    const remove = twin.remove.bind(twin);
    twin.remove = () => {
      remove();
      host.remove();
    };
    return twin;
  }

  /** Moves to a story camera: a flight of `durationMs`, or a jump when 0; `padding` keeps room for a panel. Resolves when the map is idle. */
  showCamera(camera: PresentationCamera, durationMs: number, padding: { top: number; right: number; bottom: number; left: number }): Promise<void> {
    const map = this.map;
    if (!map) return Promise.resolve();
    const done = new Promise<void>((resolve) => map.once('idle', () => resolve()));
    const options = { center: camera.center, zoom: camera.zoom, bearing: camera.bearing, pitch: camera.pitch, padding };
    if (durationMs > 0) map.flyTo({ ...options, duration: durationMs, essential: false });
    else map.jumpTo(options);
    map.triggerRepaint();
    return done;
  }

  /** [lon, lat] at a point of the map (px from its top-left), by default the middle of its uncovered part (placing a tree with the keyboard). */
  centre(at?: { x: number; y: number }): [number, number] | null {
    if (!this.map) return null;
    if (!at) {
      const box = this.getBoundingClientRect();
      const p = this.freePadding();
      at = { x: (p.left + box.width - p.right) / 2, y: (p.top + box.height - p.bottom) / 2 };
    }
    const c = this.map.unproject([at.x, at.y]);
    return [c.lng, c.lat];
  }

  /** Removes the drawn area. */
  clearDrawing(): void {
    this.draw?.clear();
  }

  private async createMap(): Promise<void> {
    const detail = this.detail;
    const data = this.data;
    // Made with the town's data in its style (see updated).
    if (!detail || !data) return;
    this.creating = true;
    const container = this.renderRoot.querySelector<HTMLDivElement>('.map');
    if (!container) return;
    let mod: typeof import('./maplibre.ts');
    try {
      mod = await import('./maplibre.ts');
    } catch (err) {
      this.fail('map.error', { message: (err as Error).message });
      return;
    }
    const { maplibregl, maplibreCss } = mod;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(maplibreCss);
    const root = this.renderRoot as ShadowRoot;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];

    this.shownData = data;
    this.styleOptions = {
      glyphs: glyphsUrl(),
      boundary: data.boundary,
      districts: data.districts,
      districtLabels: data.districtLabels,
      layers: data.layers,
      visible: this.visible,
      basemap: this.basemap?.type === 'raster' ? this.basemap : null,
    };
    this.mapStyle = this.styleOf('default');
    const view = this.initialView;
    let map: MlMap;
    try {
      // The proposals' sources and layers are in the first style too: loaded with the town's, no round of their own.
      const proposals = proposalsStyle(this.proposalTiles?.url ?? null, { fresh: EMPTY, alert: EMPTY, draft: EMPTY });
      map = new maplibregl.Map({
        container,
        style: { ...this.mapStyle!, sources: { ...this.mapStyle!.sources, ...proposals.sources }, layers: [...this.mapStyle!.layers, ...proposals.layers] },
        center: view ? [view.lon, view.lat] : detail.view.center,
        zoom: view ? view.zoom : detail.view.zoom,
        bearing: view ? 0 : detail.view.bearing,
        pitch: 0,
        maxBounds: padBounds(detail.bounds, 0.6),
        attributionControl: false,
        interactive: !this.offscreen,
        dragRotate: false,
        pitchWithRotate: false,
        // Labels appear at once: a fade re-renders every frame until it ends, which delays the
        // first idle by several frames on a phone or software WebGL (and an off-screen twin is read right after each draw).
        fadeDuration: 0,
        ...(this.pixelRatio ? { pixelRatio: this.pixelRatio } : {}),
        // No multisampling on screen (MapLibre's default): MSAA multiplies the cost of every frame where WebGL runs in
        // software. An export twin keeps it: its frames are few and printed.
        canvasContextAttributes: this.testMode || this.offscreen ? { preserveDrawingBuffer: true, antialias: this.offscreen && !this.testMode } : { antialias: false },
        locale: this.maplibreLocale(detail.name),
        // Every label from the bundled font's glyphs, none drawn with the machine's fonts.
        localIdeographFontFamily: false,
      });
    } catch (err) {
      this.fail('map.webgl');
      console.warn(err);
      return;
    }
    this.map = map;
    if (!this.offscreen) {
      map.keyboard.enable();
      map.touchZoomRotate.disableRotation();
      map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
      map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
      this.attributionControl = (attributions) => new maplibregl.AttributionControl({ compact: false, customAttribution: attributions });
      this.applyAttribution();
      keepScaleClearOfAttribution(map.getContainer());
    }
    if (this.testMode) {
      const w = window as unknown as { __kpMap?: MlMap; __kpTwins?: MlMap[] };
      if (this.offscreen) w.__kpTwins = [...(w.__kpTwins ?? []), map];
      else w.__kpMap = map;
    }

    map.on('error', (e) => {
      // Counted by the switch, shown as its notice (before the switch has come: the start basemap's, dropped as the switch would).
      if (this.basemapSwitch ? this.basemapSwitch.owns(e) : (e as { sourceId?: string }).sourceId === BASEMAP_SOURCE) return;
      // No error is dropped: log it, and tell the person when the map cannot draw.
      console.error('Map error:', e.error);
      if (this.status !== 'ready') this.fail('map.error', { message: e.error?.message ?? '' });
    });
    // The style's sources exist from here: the town's layers (if they came after the map was made)
    // and the proposals' tiles go in at once, not at \`load\`, which waits for the map to be drawn
    // without them and so costs a second round of tiles and frames before the first idle (issue 13).
    map.once('style.load', () => {
      this.styleLoaded = true;
      this.installProposals(maplibregl);
      if (this.shownData !== this.data) this.applyData();
    });
    map.on('load', () => {
      this.status = 'ready';
      this.applySelection();
      this.applyDistrictSelection();
      this.applyChoropleth();
      if (this.basemap?.type === 'style') this.mergeVectorBasemap(this.basemap.url);
      this.adoptInitialBasemap();
      if (this.drawing) void this.applyDrawing();
      map.on('style.load', () => this.applyProgress());
      // The work done is drawn over the plan once the plan is on screen (the map's first idle), not
      // on the way to it (issue 13); a presentation opened by a link draws its own at once.
      if (this.presentation) this.applyProgress();
      // (A task after it: its module is fetched once the first map is done, not as part of it.)
      else map.once('idle', () => setTimeout(() => this.applyProgress()));
      this.applyTheme();
      if (this.presentation) highlightContext(map, this.presentation.highlight, this.presentation.layers, defaultTheme.selected);
      this.applyPresentationLook();
      this.applyCamera();
      performance.mark('kp-map-load');
      // The town's layers came while the style loaded: into the sources now.
      if (this.shownData !== this.data) this.applyData();
      this.whenDrawn();
    });
    // Idle counts once the town's layers are in the map (an empty map is not drawn yet).
    map.on('idle', () => this.shownData && this.setAttribute('data-map-state', 'idle'));
    map.on('dataloading', () => this.setAttribute('data-map-state', 'busy'));
    map.on('movestart', () => this.setAttribute('data-map-state', 'busy'));
    map.on('moveend', () => {
      const c = map.getCenter();
      this.emit<MapView>('map-move', { zoom: map.getZoom(), lat: c.lat, lon: c.lng });
    });
    map.on('click', (e) => this.onClick(e));
    map.on('mousemove', (e) => {
      if (this.drawing) return;
      const hit = this.placing || this.proposalsLayer?.hit(e.point, false) || this.hitFeature(e.point) || this.hitDistrict(e.point);
      map.getCanvas().style.cursor = hit ? 'pointer' : '';
    });
    map.on('mouseout', () => (map.getCanvas().style.cursor = ''));
  }

  /**
   * Ready (whenReady, map-ready, and the bench's mark at the first idle, everything drawn) once
   * the style has loaded with the town's layers in it.
   */
  private whenDrawn(): void {
    const map = this.map;
    if (!map || this.status !== 'ready' || !this.shownData || this.drawn) return;
    this.drawn = true;
    // A performance mark at the first idle with everything drawn, read by bench/map-load.ts.
    map.once('idle', () => performance.mark('kp-map-idle'));
    this.resolveLoaded();
    this.emit('map-ready', {});
  }

  /** The town's layers came (or came again): into the map's sources, and the styles built from them. */
  private applyData(): void {
    const map = this.map;
    const data = this.data;
    if (!map || !data || !this.styleLoaded || this.shownData === data || !this.styleOptions) return;
    this.shownData = data;
    this.styleOptions = { ...this.styleOptions, boundary: data.boundary, districts: data.districts, districtLabels: data.districtLabels, layers: data.layers };
    this.themeStyles.clear();
    this.mapStyle = this.styleOf('default');
    const town = this.mapStyle?.sources[TOWN_SOURCE] as GeoJSONSourceSpecification | undefined;
    if (town && typeof town.data === 'object') (map.getSource(TOWN_SOURCE) as import('maplibre-gl').GeoJSONSource | undefined)?.setData(town.data);
    this.setAttribute('data-map-state', 'busy');
    this.whenDrawn();
  }

  private fail(id: MessageId, params?: Record<string, string>): void {
    this.status = 'error';
    this.error = { id, params };
    this.emit('map-error', { message: t(id, params) });
  }

  /** MapLibre's own UI strings (canvas label, control titles) in the current locale. */
  private maplibreLocale(city: string): Record<string, string> {
    return {
      'Map.Title': t('map.label', { city }),
      'NavigationControl.ZoomIn': t('map.zoomIn'),
      'NavigationControl.ZoomOut': t('map.zoomOut'),
      'NavigationControl.ResetBearing': t('map.resetBearing'),
      'AttributionControl.ToggleAttribution': t('map.toggleAttribution'),
    };
  }

  /**
   * The locale changed: MapLibre wrote its strings into the DOM when the map was made, so
   * they are re-set here (its table, the canvas label, the controls' titles); the rest of
   * this element re-renders (LocaleController), the proposal pin follows.
   */
  private applyLocale(): void {
    const map = this.map;
    if (!map || !this.detail) return;
    const strings = this.maplibreLocale(this.detail.name);
    map._locale = { ...map._locale, ...strings };
    const label = (el: Element | null, text: string) => {
      if (!el) return;
      el.setAttribute('aria-label', text);
      if (el.hasAttribute('title')) el.setAttribute('title', text);
    };
    const root = map.getContainer();
    label(map.getCanvas(), strings['Map.Title']!);
    label(root.querySelector('.maplibregl-ctrl-zoom-in'), strings['NavigationControl.ZoomIn']!);
    label(root.querySelector('.maplibregl-ctrl-zoom-out'), strings['NavigationControl.ZoomOut']!);
    label(root.querySelector('.maplibregl-ctrl-compass'), strings['NavigationControl.ResetBearing']!);
    label(root.querySelector('.maplibregl-ctrl-attrib-button'), strings['AttributionControl.ToggleAttribution']!);
    this.proposalsLayer?.applyLocale();
  }

  private emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  /** The catalogue layers drawn now: the story chapter's, or the viewer's. */
  private shownLayers(): ReadonlySet<string> {
    return this.presentation ? new Set(this.presentation.layers) : this.visible;
  }

  /** Style layers that can be clicked to select a feature (strategy and context geometry with a shown layer). */
  private interactiveLayerIds(): string[] {
    if (!this.mapStyle || !this.map) return [];
    const shownRoles = new Set((this.detail?.layers ?? []).filter((l) => this.visible.has(l.id)).map((l) => l.role));
    return this.mapStyle.layers
      .filter((l) => {
        const md = l.metadata as Record<string, string> | undefined;
        const part = md?.[META_PART];
        return (part === 'strategy' || part === 'context') && shownRoles.has(md?.[META_ROLE] as 'context' | 'strategy');
      })
      .map((l) => l.id);
  }

  private hitFeature(point: { x: number; y: number }): FeatureClickDetail | null {
    const map = this.map;
    if (!map) return null;
    const box: [PointLike, PointLike] = [
      [point.x - 5, point.y - 5],
      [point.x + 5, point.y + 5],
    ];
    const layers = this.interactiveLayerIds();
    if (!layers.length) return null;
    const hits = map.queryRenderedFeatures(box, { layers });
    // Strategy before context; points and lines before areas (they sit on top).
    const rank = (part: string | undefined, type: string) => (part === 'strategy' ? 0 : 10) + (type === 'Point' ? 0 : type.includes('Line') ? 1 : 2);
    let best: FeatureClickDetail | null = null;
    let bestRank = Infinity;
    for (const f of hits) {
      const md = f.layer.metadata as Record<string, string> | undefined;
      const id = f.properties?.id;
      const layer = f.properties?.[LAYER_PROP];
      if (typeof id !== 'string' || typeof layer !== 'string') continue;
      const r = rank(md?.[META_PART], f.geometry.type);
      if (r < bestRank) {
        best = { id, layer };
        bestRank = r;
      }
    }
    return best;
  }

  private hitDistrict(point: { x: number; y: number }): string | null {
    const map = this.map;
    if (!map || !map.getLayer(DISTRICTS_HIT_LAYER)) return null;
    const f = map.queryRenderedFeatures([point.x, point.y], { layers: [DISTRICTS_HIT_LAYER] })[0];
    const id = f?.properties?.id;
    return typeof id === 'string' ? id : null;
  }

  private installProposals(ml: typeof import('maplibre-gl')): void {
    const map = this.map;
    if (!map) return;
    const layer = new ProposalsLayer(map, ml, (lngLat) => this.emit('draft-move', { lngLat }));
    this.proposalsLayer = layer;
    const apply = () => {
      layer.setTiles(this.proposalTiles);
      layer.install();
      layer.setData(this.proposals);
      layer.setSelected(this.selectedProposal);
      layer.setAlert(this.proposalAlert);
      layer.setDraft(this.proposalDraft);
    };
    apply();
    // A vector basemap replaces the style: put the proposals back on top.
    map.on('style.load', apply);
  }

  private progressPending = false;
  /** The work-done layers' module: drawn after the first idle, so not in the start bundle (issue 13). */
  private progressLayer: typeof import('./progress-layer.ts') | null = null;
  private progressLayerLoad: Promise<void> | null = null;
  private applyProgress(): void {
    const map = this.map;
    if (!map) return;
    if (!map.isStyleLoaded()) {
      // Sources still loading: draw the work done once the map has settled.
      if (!this.progressPending) {
        this.progressPending = true;
        // A task after the idle: the plan's first idle is done before the work done's module is asked for.
        map.once('idle', () =>
          setTimeout(() => {
            this.progressPending = false;
            this.applyProgress();
          }),
        );
      }
      return;
    }
    if (!this.progressLayer) {
      this.progressLayerLoad ??= import('./progress-layer.ts').then(
        (m) => {
          this.progressLayer = m;
          this.applyProgress();
        },
        (err: unknown) => {
          this.progressLayerLoad = null;
          console.error(err);
        },
      );
      return;
    }
    const { installProgressLayer, setChangedData, setDraftData, setProgressData } = this.progressLayer;
    installProgressLayer(map);
    const built = this.presentation?.built !== undefined ? this.presentation.built : this.progress;
    setProgressData(map, built);
    this.setAttribute('data-progress-built', String(built?.features.length ?? 0));
    const changes = this.presentation ? null : this.changes;
    setChangedData(map, changes);
    this.setAttribute('data-progress-changed', String(changes?.features.length ?? 0));
    setDraftData(map, this.presentation ? null : this.progressDraft);
    this.toggleAttribute('data-progress-draft', Boolean(this.progressDraft) && !this.presentation);
  }

  /** Frames the geometry read from a file, so the planner sees what they are about to record. */
  private frameDraft(g: Geometry): void {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') {
        b[0] = Math.min(b[0]!, c[0] as number); b[1] = Math.min(b[1]!, c[1] as number); b[2] = Math.max(b[2]!, c[0] as number); b[3] = Math.max(b[3]!, c[1] as number);
      } else if (Array.isArray(c)) c.forEach(walk);
    };
    if ('coordinates' in g) walk(g.coordinates);
    if (Number.isFinite(b[0])) void this.flyTo([b[0]!, b[1]!, b[2]!, b[3]!]);
  }

  private onClick(e: MapMouseEvent): void {
    if (this.drawing || performance.now() < this.ignoreClicksUntil) return;
    if (this.placing) {
      this.emit('place-point', { lngLat: [e.lngLat.lng, e.lngLat.lat] });
      return;
    }
    const proposal = this.proposalsLayer?.hit(e.point, true);
    if (proposal) {
      if (proposal.kind === 'proposal') this.emit('proposal-click', { id: proposal.id });
      return;
    }
    const hit = this.hitFeature(e.point);
    if (hit) {
      this.emit<FeatureClickDetail>('feature-click', hit);
      return;
    }
    const district = this.hitDistrict(e.point);
    if (district) this.emit('district-click', { id: district });
  }

  /**
   * Shows the chosen catalogue layers: each role's style layers get the shown ids in their
   * filter, and are hidden outright when their role has none shown (so they cost nothing).
   */
  private applyVisibility(): void {
    const map = this.map;
    if (!map || !this.mapStyle) return;
    const shown = this.shownLayers();
    const ids = { context: [] as string[], strategy: [] as string[] };
    for (const l of this.detail?.layers ?? []) if (shown.has(l.id)) ids[l.role].push(l.id);
    for (const l of this.mapStyle.layers) {
      const md = l.metadata as Record<string, unknown> | undefined;
      const role = md?.[META_ROLE] as 'context' | 'strategy' | undefined;
      if (!role || md?.[META_PART] === 'selected' || !map.getLayer(l.id)) continue;
      setFilter(map, l.id, shownFilter(md?.[META_FILTER] as FilterSpecification | undefined, ids[role]));
      setLayout(map, l.id, 'visibility', ids[role].length ? 'visible' : 'none');
    }
    this.applyAttribution();
  }

  /** The pack's attribution and each shown layer's licence attribution (ODbL asks for it exactly while its data is drawn). */
  private applyAttribution(): void {
    const map = this.map;
    if (!map || !this.detail || !this.attributionControl) return;
    const list = attributionsFor(this.detail.attribution, this.detail.layers, this.shownLayers());
    const text = list.join('\n');
    if (this.attribution?.text === text) return;
    if (this.attribution) map.removeControl(this.attribution.control);
    const control = this.attributionControl(list);
    map.addControl(control, 'bottom-right');
    this.attribution = { control, text };
  }

  private applySelection(): void {
    const map = this.map;
    if (!map || !this.mapStyle) return;
    const ids = this.presentation?.highlight ?? [this.selected ?? NO_SELECTION];
    for (const l of this.mapStyle.layers) {
      const md = l.metadata as Record<string, unknown> | undefined;
      if (md?.[META_PART] !== 'selected' || !map.getLayer(l.id)) continue;
      setFilter(map, l.id, selectedFilter(md[META_FILTER] as FilterSpecification | undefined, ids.length ? ids : [NO_SELECTION]));
    }
  }

  private applyDistrictSelection(): void {
    if (!this.map?.getLayer(DISTRICT_SELECTED_LAYER)) return;
    const district = this.presentation ? this.presentation.district : this.selectedDistrict;
    setFilter(this.map, DISTRICT_SELECTED_LAYER, districtSelectedFilter(district));
  }

  private applyChoropleth(): void {
    const map = this.map;
    if (!map?.getLayer(CHOROPLETH_LAYER)) return;
    const colours = this.choropleth;
    if (!colours || Object.keys(colours).length === 0) {
      setLayout(map, CHOROPLETH_LAYER, 'visibility', 'none');
      return;
    }
    const pairs = Object.entries(colours).flat();
    const expr = ['match', ['get', 'id'], ...pairs, (defaultTheme as Theme).choroplethNoData] as unknown as ExpressionSpecification;
    setPaint(map, CHOROPLETH_LAYER, 'fill-color', expr);
    setLayout(map, CHOROPLETH_LAYER, 'visibility', 'visible');
  }

  /** A vector-style basemap: its layers go under ours; our glyphs serve every label (another font gets Noto Sans). */
  private mergeVectorBasemap(url: string): void {
    const map = this.map;
    const ours = this.mapStyle;
    if (!map || !ours) return;
    map.setStyle(url, {
      transformStyle: (_previous, next) => ({
        ...next,
        glyphs: ours.glyphs,
        sources: { ...next.sources, ...ours.sources },
        layers: [...next.layers, ...ours.layers.filter((l) => l.id !== 'background' && l.id !== 'boundary-fill')],
      }),
    });
  }

  private async applyDrawing(): Promise<void> {
    const map = this.map;
    if (!map) return;
    if (!this.drawing) {
      if (this.draw) this.draw.setMode('static');
      return;
    }
    // The tool is asked for while the map may still be loading tiles (a jump just before):
    // wait for it rather than drop the request, which left the area tool dead.
    await whenLoaded(map);
    const draw = await this.ensureDraw(map);
    if (!this.drawing) return;
    // One area at a time: a new drawing replaces the last one.
    draw.clear();
    draw.setMode(this.drawMode);
  }

  /** Terra Draw, loaded and started on first use. */
  private async ensureDraw(map: NonNullable<KpMapView['map']>): Promise<TerraDrawLike> {
    if (this.draw) return this.draw;
    const [{ TerraDraw, TerraDrawPolygonMode, TerraDrawLineStringMode }, { TerraDrawMapLibreGLAdapter }] = await Promise.all([
      import('terra-draw'),
      import('terra-draw-maplibre-gl-adapter'),
    ]);
    const draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode({
          styles: { fillColor: '#d7191c', fillOpacity: 0.15, outlineColor: '#d7191c', outlineWidth: 2, closingPointColor: '#ffffff', closingPointOutlineColor: '#d7191c' },
        }),
        new TerraDrawLineStringMode({ styles: { lineStringColor: '#0f5132', lineStringWidth: 4, closingPointColor: '#ffffff', closingPointOutlineColor: '#0f5132' } }),
      ],
    }) as unknown as TerraDrawLike;
    draw.start();
    draw.on('finish', (id, context) => {
      if (context.action !== 'draw') return;
      this.ignoreClicksUntil = performance.now() + 500;
      const f = draw.getSnapshotFeature(id);
      if (f && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')) {
        this.emit<{ geometry: Polygon | MultiPolygon }>('draw-finish', { geometry: f.geometry });
      } else if (f && f.geometry.type === 'LineString') {
        this.emit<{ geometry: Geometry }>('draw-line-finish', { geometry: f.geometry });
      }
    });
    this.draw = draw;
    return draw;
  }

  /**
   * Shows an area made without drawing (a circle around the map's centre, for keyboard users)
   * as the drawn area: it can be cleared like one. An area larger than the uncovered part of the
   * map is framed by zooming out (never in), so it is seen whole.
   */
  async showArea(geometry: Polygon): Promise<void> {
    const map = this.map;
    if (!map) return;
    await whenLoaded(map);
    const draw = await this.ensureDraw(map);
    draw.clear();
    draw.addFeatures([{ type: 'Feature', geometry, properties: { mode: 'polygon' } }]);
    const ring = geometry.coordinates[0] ?? [];
    if (!ring.length) return;
    const lons = ring.map((c) => c[0]!);
    const lats = ring.map((c) => c[1]!);
    await this.flyTo([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], map.getZoom());
  }
}

/** The sources of a map made before the town's layers came. */
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

function padBounds([w, s, e, n]: Bbox, factor: number): [[number, number], [number, number]] {
  const dx = (e - w) * factor;
  const dy = (n - s) * factor;
  return [
    [w - dx, s - dy],
    [e + dx, n + dy],
  ];
}



/** What the story player may ask of the map view: wait for it, show a chapter, move the camera, capture it. */
export type StoryMap = Pick<KpMapView, 'whenReady' | 'present' | 'showCamera' | 'capture' | 'getBoundingClientRect' | 'twin'>;

/** Resolves once the map has loaded what it shows (at once if it has). */
function whenLoaded(map: { loaded(): boolean; once(type: 'idle', listener: () => void): unknown }): Promise<void> {
  return map.loaded() ? Promise.resolve() : new Promise((resolve) => void map.once('idle', () => resolve()));
}

declare global {
  interface HTMLElementTagNameMap {
    'kp-map-view': KpMapView;
  }
}

/**
 * On a narrow map the attribution (which carries the accuracy statement, so it stays open)
 * wraps over the full width and would cover the scale bar: lift the bottom-left controls
 * above it whenever the two would overlap.
 */
function keepScaleClearOfAttribution(container: HTMLElement): void {
  const left = container.querySelector<HTMLElement>('.maplibregl-ctrl-bottom-left');
  const right = container.querySelector<HTMLElement>('.maplibregl-ctrl-bottom-right');
  if (!left || !right) return;
  const place = () => {
    // Lifting changes only the vertical position, so the horizontal test is stable.
    const overlaps = right.getBoundingClientRect().left < left.getBoundingClientRect().right;
    left.style.bottom = overlaps ? `${Math.ceil(right.getBoundingClientRect().height)}px` : '';
  };
  new ResizeObserver(place).observe(right);
  new ResizeObserver(place).observe(container);
}
