/**
 * Residents' proposals on the map, coloured by status (Okabe–Ito colours, safe for colour-blind
 * people, with a hollow marker for rejected ones), drawn from the server's vector tiles
 * (GET …/proposals/tiles/{z}/{x}/{y}.pbf, filtered by status and kind in the URL): further out
 * as clusters counted by the server, coloured by their main status and labelled with their
 * count; close in, trees (kinds counted in units) as circles and filled areas, sites (a pocket
 * park, a coworking centre…) as a shape per kind (diamond, square…, by kind from the town's
 * setup), areas with a lighter fill and the kind's marker inside; the author's last write drawn
 * at once from a small GeoJSON overlay until the tiles, fetched again, draw it;
 * a ring around the selected proposal, a red ring around what a refused proposal broke
 * (the nearest tree, the pond, the town boundary), and the draft being placed: a draggable
 * pin (mouse or arrow keys) or the drawn area.
 *
 * Owned by kp-map-view; sources and layers are added at run time on top of the base style.
 * The page never holds every proposal: only the tiles in view, decoded in MapLibre's workers.
 */
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, SourceSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { GeoJSONSource, Map as MlMap, Marker, VectorTileSource } from 'maplibre-gl';
import type { FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import type { ProposalFeatureProps } from '../../server/api-types.ts';
import { FONT_BOLD, NO_SELECTION } from '../../styles/build-style.ts';
import { t } from '../i18n/index.ts';
import type { ProposalSymbol } from '../state/proposal-kinds.ts';
import { MARKER_IMAGE_PREFIX, markerImageOf, rasterizeShape } from './proposal-symbols.ts';

type Maplibre = typeof import('maplibre-gl');
import { PROPOSAL_STATUSES, type ProposalStatus } from '../state/proposal-kinds.ts';
import { setFilter, setLayout, setPaint } from './style-setters.ts';

export { PROPOSAL_STATUSES, type ProposalStatus };

/** Status colours (Okabe–Ito), also used by the legend and the panels. */
export const PROPOSAL_COLOURS: Record<ProposalStatus, string> = {
  proposed: '#e69f00',
  accepted: '#0072b2',
  planted: '#009e73',
  rejected: '#cc79a7',
  withdrawn: '#8c959f',
};

/** Proposals as vector tiles from the server: layer "proposals" close in, "clusters" further out. */
export const PROPOSALS_TILES_SOURCE = 'proposals-tiles';
/** The author's own last write, drawn at once while the tiles are fetched again. */
export const PROPOSALS_FRESH_SOURCE = 'proposals-fresh';
const ALERT_SOURCE = 'proposals-alert';
const DRAFT_SOURCE = 'proposals-draft';

export const PROPOSAL_POINT_LAYER = 'proposals-point';
export const PROPOSAL_CLUSTER_LAYER = 'proposals-cluster';
export const PROPOSAL_CLUSTER_COUNT_LAYER = 'proposals-cluster-count';
export const PROPOSAL_AREA_LAYER = 'proposals-area';
/** Site proposals drawn as points (a marker shape per kind). */
export const PROPOSAL_SITE_LAYER = 'proposals-site';
/** The kind's marker inside a site proposal drawn as an area. */
export const PROPOSAL_AREA_MARKER_LAYER = 'proposals-area-marker';
const FRESH_AREA_LAYER = 'proposals-fresh-area';
const FRESH_LINE_LAYER = 'proposals-fresh-line';
const FRESH_POINT_LAYER = 'proposals-fresh-point';
const FRESH_SITE_LAYER = 'proposals-fresh-site';
const SELECTED_SITE_LAYER = 'proposals-selected-site';
const AREA_LINE_LAYER = 'proposals-area-line';
const SELECTED_POINT_LAYER = 'proposals-selected-point';
const SELECTED_AREA_LAYER = 'proposals-selected-area';
const ALERT_POINT_LAYER = 'proposals-alert-point';
const ALERT_LINE_LAYER = 'proposals-alert-line';
const DRAFT_FILL_LAYER = 'proposals-draft-fill';
const DRAFT_LINE_LAYER = 'proposals-draft-line';

/** Layers drawn from the tiles (hidden together when no status or kind is shown). */
const TILE_LAYERS = [PROPOSAL_AREA_LAYER, AREA_LINE_LAYER, PROPOSAL_AREA_MARKER_LAYER, SELECTED_AREA_LAYER, PROPOSAL_CLUSTER_LAYER, PROPOSAL_CLUSTER_COUNT_LAYER, PROPOSAL_POINT_LAYER, PROPOSAL_SITE_LAYER, SELECTED_SITE_LAYER, SELECTED_POINT_LAYER];

/** Style layers that a click can pick a proposal (or a cluster) from. */
export const PROPOSAL_HIT_LAYERS = [PROPOSAL_CLUSTER_LAYER, PROPOSAL_POINT_LAYER, PROPOSAL_SITE_LAYER, PROPOSAL_AREA_MARKER_LAYER, PROPOSAL_AREA_LAYER, FRESH_POINT_LAYER, FRESH_SITE_LAYER, FRESH_AREA_LAYER];
const POINT_HITS = new Set([PROPOSAL_POINT_LAYER, PROPOSAL_SITE_LAYER, PROPOSAL_AREA_MARKER_LAYER, FRESH_POINT_LAYER, FRESH_SITE_LAYER]);

/** What the map draws proposals from: the tile URL for the filters (null: nothing shown), a version bumped after each write, each kind's symbol. */
export interface ProposalTilesSpec {
  url: string | null;
  version: number;
  symbols: Record<string, ProposalSymbol>;
}

/** Marker images are drawn at twice their size on screen (sharp on high-density screens). */
const MARKER_PX = 24;
const MARKER_RATIO = 2;

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });
/** An empty collection (no setData for empty after empty). */
const isEmpty = (fc: FeatureCollection): boolean => fc.features.length === 0;

const statusColour: ExpressionSpecification = [
  'match',
  ['get', 'status'],
  ...PROPOSAL_STATUSES.flatMap((s) => [s, PROPOSAL_COLOURS[s]]),
  PROPOSAL_COLOURS.proposed,
] as unknown as ExpressionSpecification;

const POINT: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];
const AREA: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];

/** The symbol of a proposal by its kind (tiles carry the kind; symbols come from the town's setup). */
function symbolOf(symbols: Record<string, ProposalSymbol>): ExpressionSpecification {
  const pairs = Object.entries(symbols).flat();
  return (pairs.length ? ['match', ['get', 'kind'], ...pairs, 'circle'] : ['literal', 'circle']) as unknown as ExpressionSpecification;
}

/** Cluster counts as people read them: 999, 1.2k, 15k. */
const abbreviated = [
  'case',
  ['>=', ['get', 'count'], 10000],
  ['concat', ['to-string', ['round', ['/', ['get', 'count'], 1000]]], 'k'],
  ['>=', ['get', 'count'], 1000],
  ['concat', ['to-string', ['/', ['round', ['/', ['get', 'count'], 100]], 10]], 'k'],
  ['to-string', ['get', 'count']],
] as unknown as ExpressionSpecification;

/**
 * The proposals' sources and layers, plain style data: the map view puts them in the style it
 * makes the map with (one load with the town's, not a round of its own after it, issue 13), and
 * `install` adds them after a style change. The tile layers stay hidden while there is no URL.
 */
export function proposalsStyle(url: string | null, data: { fresh: FeatureCollection; alert: FeatureCollection; draft: FeatureCollection }): { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } {
  const sources: Record<string, SourceSpecification> = {
    [PROPOSALS_TILES_SOURCE]: { type: 'vector', tiles: [absolute(url ?? 'data:,')], minzoom: 0, maxzoom: 20 },
    [PROPOSALS_FRESH_SOURCE]: { type: 'geojson', data: data.fresh },
    [ALERT_SOURCE]: { type: 'geojson', data: data.alert },
    [DRAFT_SOURCE]: { type: 'geojson', data: data.draft },
  };
  const layers: LayerSpecification[] = [];
  const tiles = { source: PROPOSALS_TILES_SOURCE, 'source-layer': 'proposals' };
  const areaFill = { 'fill-color': statusColour, 'fill-opacity': 0.35 };
  const areaLine = { 'line-color': statusColour, 'line-width': 2, 'line-dasharray': ['case', ['==', ['get', 'status'], 'rejected'], ['literal', [2, 1.5]], ['literal', [1, 0]]] };
  const pointPaint = {
    'circle-color': ['case', ['==', ['get', 'status'], 'rejected'], '#ffffff', statusColour],
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 4, 16, 7, 19, 10],
    'circle-stroke-color': ['case', ['==', ['get', 'status'], 'rejected'], PROPOSAL_COLOURS.rejected, ['==', ['get', 'status'], 'planted'], '#1f2328', '#ffffff'],
    'circle-stroke-width': ['case', ['==', ['get', 'status'], 'rejected'], 3, 1.5],
  } as const;
  const siteLayout = { 'icon-allow-overlap': true, 'icon-ignore-placement': true, 'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 16, 1.1, 19, 1.4] } as const;
  // Sites get a lighter fill and a wider edge than tree areas, and their kind's marker inside (set in applySymbols).
  layers.push({ id: PROPOSAL_AREA_LAYER, type: 'fill', ...tiles, filter: AREA, paint: areaFill as never });
  layers.push({ id: AREA_LINE_LAYER, type: 'line', ...tiles, filter: AREA, paint: areaLine as never });
  layers.push({ id: PROPOSAL_AREA_MARKER_LAYER, type: 'symbol', ...tiles, filter: AREA, layout: { 'icon-allow-overlap': true, 'icon-ignore-placement': true, 'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.75, 16, 1] } });
  layers.push({ id: SELECTED_AREA_LAYER, type: 'line', ...tiles, filter: ['==', ['get', 'id'], NO_SELECTION], paint: { 'line-color': '#1f2328', 'line-width': 4 } });
  layers.push({
    id: PROPOSAL_CLUSTER_LAYER,
    type: 'circle',
    source: PROPOSALS_TILES_SOURCE,
    'source-layer': 'clusters',
    // Coloured by the status most of its proposals have; sized by how many it counts.
    paint: {
      'circle-color': statusColour,
      'circle-opacity': 0.9,
      'circle-radius': ['step', ['get', 'count'], 11, 10, 14, 100, 18, 1000, 23, 10000, 28],
      'circle-stroke-color': '#1f2328',
      'circle-stroke-width': 1.5,
    },
  });
  layers.push({
    id: PROPOSAL_CLUSTER_COUNT_LAYER,
    type: 'symbol',
    source: PROPOSALS_TILES_SOURCE,
    'source-layer': 'clusters',
    layout: { 'text-field': abbreviated, 'text-font': FONT_BOLD, 'text-size': 12, 'text-allow-overlap': true },
    paint: { 'text-color': '#1f2328', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  });
  layers.push({ id: PROPOSAL_POINT_LAYER, type: 'circle', ...tiles, filter: POINT, paint: pointPaint as never });
  layers.push({ id: PROPOSAL_SITE_LAYER, type: 'symbol', ...tiles, filter: POINT, layout: siteLayout as never });
  layers.push({ id: SELECTED_SITE_LAYER, type: 'circle', ...tiles, filter: ['==', ['get', 'id'], NO_SELECTION], paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 16, 'circle-stroke-color': '#1f2328', 'circle-stroke-width': 3 } });
  layers.push({ id: SELECTED_POINT_LAYER, type: 'circle', ...tiles, filter: ['==', ['get', 'id'], NO_SELECTION], paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 13, 'circle-stroke-color': '#1f2328', 'circle-stroke-width': 3 } });
  // The author's last write, on top, until the tiles that draw it have come.
  const fresh = { source: PROPOSALS_FRESH_SOURCE };
  layers.push({ id: FRESH_AREA_LAYER, type: 'fill', ...fresh, filter: AREA, paint: areaFill as never });
  layers.push({ id: FRESH_LINE_LAYER, type: 'line', ...fresh, filter: AREA, paint: areaLine as never });
  layers.push({ id: FRESH_POINT_LAYER, type: 'circle', ...fresh, filter: POINT, paint: pointPaint as never });
  layers.push({ id: FRESH_SITE_LAYER, type: 'symbol', ...fresh, filter: POINT, layout: siteLayout as never });
  layers.push({ id: DRAFT_FILL_LAYER, type: 'fill', source: DRAFT_SOURCE, paint: { 'fill-color': '#d7191c', 'fill-opacity': 0.15 } });
  layers.push({ id: DRAFT_LINE_LAYER, type: 'line', source: DRAFT_SOURCE, paint: { 'line-color': '#d7191c', 'line-width': 2 } });
  layers.push({
    id: ALERT_LINE_LAYER,
    type: 'line',
    source: ALERT_SOURCE,
    filter: ['!', POINT] as FilterSpecification,
    paint: { 'line-color': '#d7191c', 'line-width': 4, 'line-dasharray': [2, 1] },
  });
  layers.push({
    id: ALERT_POINT_LAYER,
    type: 'circle',
    source: ALERT_SOURCE,
    filter: POINT,
    paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 16, 'circle-stroke-color': '#d7191c', 'circle-stroke-width': 4 },
  });
  for (const layer of layers) {
    if (TILE_LAYERS.includes(layer.id) && !url) (layer as { layout?: Record<string, unknown> }).layout = { ...((layer as { layout?: Record<string, unknown> }).layout ?? {}), visibility: 'none' };
  }
  return { sources, layers };
}

export type ProposalHit = { kind: 'proposal'; id: string } | { kind: 'cluster' };

export class ProposalsLayer {
  private marker: Marker | null = null;
  private fresh: FeatureCollection = empty();
  /** Whether proposals are shown at all (see setShown). */
  private shown = true;
  private alert: FeatureCollection = empty();
  private draftArea: FeatureCollection = empty();
  private selected: string | null = null;
  private tiles: ProposalTilesSpec = { url: null, version: 0, symbols: {} };
  /** The tile URL and version the source has loaded. */
  private loaded: { url: string | null; version: number } = { url: null, version: 0 };

  constructor(
    private readonly map: MlMap,
    private readonly ml: Maplibre,
    private readonly onPinMove: (lngLat: [number, number]) => void,
  ) {}

  /**
   * Adds the sources and layers (again after a style change), unless the style the map was made
   * with has them (proposalsStyle), then puts the layer's state on them.
   */
  install(): void {
    const map = this.map;
    this.addMarkerImages();
    const source = map.getSource<VectorTileSource>(PROPOSALS_TILES_SOURCE);
    if (!source) {
      const { sources, layers } = proposalsStyle(this.tiles.url, { fresh: this.fresh, alert: this.alert, draft: this.draftArea });
      for (const [id, spec] of Object.entries(sources)) map.addSource(id, spec);
      for (const layer of layers) map.addLayer(layer);
    } else if (this.tiles.url && source.tiles?.[0] !== absolute(this.tiles.url)) {
      // The map was made before the tile URL came.
      source.setTiles([absolute(this.tiles.url)]);
    }
    this.loaded = { url: this.tiles.url, version: this.tiles.version };
    this.applySymbols();
    this.setShown(this.shown);
    this.applySelected();
  }

  /**
   * Where the tiles come from: a new URL (other filters) loads them afresh; a new version (after
   * a write) fetches the tiles again in place, cheap for those unchanged (ETag, 304).
   */
  setTiles(spec: ProposalTilesSpec | null): void {
    const prev = this.tiles;
    this.tiles = spec ?? { url: null, version: 0, symbols: {} };
    const source = this.map.getSource<VectorTileSource>(PROPOSALS_TILES_SOURCE);
    if (!source) return;
    if (prev.symbols !== this.tiles.symbols) this.applySymbols();
    const { url, version } = this.tiles;
    // The map's first style was made with this URL already (proposalsStyle): nothing to load again.
    if (url && url !== this.loaded.url && source.tiles?.[0] === absolute(url)) this.loaded = { url, version };
    if (url && url !== this.loaded.url) source.setTiles([absolute(url)]);
    else if (url && version !== this.loaded.version) this.map.refreshTiles(PROPOSALS_TILES_SOURCE);
    if (url !== this.loaded.url || version !== this.loaded.version) this.whenTilesLoaded(version);
    this.loaded = { url: url ?? this.loaded.url, version };
    this.applyTilesVisibility();
  }

  /** The author's last written proposals, drawn at once (the tiles follow). */
  setData(fc: FeatureCollection<Geometry, ProposalFeatureProps> | null): void {
    const next = fc ?? empty();
    if (isEmpty(next) && isEmpty(this.fresh)) return;
    this.fresh = next;
    this.source(PROPOSALS_FRESH_SOURCE)?.setData(this.fresh);
  }
  setSelected(id: string | null): void {
    this.selected = id;
    this.applySelected();
  }

  /** What a refused proposal broke, ringed in red (or nothing). */
  setAlert(fc: FeatureCollection | null): void {
    const next = fc ?? empty();
    if (isEmpty(next) && isEmpty(this.alert)) return;
    this.alert = next;
    this.source(ALERT_SOURCE)?.setData(this.alert);
  }

  /** The proposal being placed: a draggable pin for a point, an outline for an area. */
  setDraft(geometry: Point | Polygon | null): void {
    if (geometry?.type === 'Point') {
      const [lon, lat] = geometry.coordinates as [number, number];
      if (!this.marker) this.marker = this.createMarker();
      this.marker.setLngLat([lon, lat]);
      if (!this.marker.getElement().isConnected) this.marker.addTo(this.map);
    } else {
      this.marker?.remove();
    }
    const next: FeatureCollection = geometry?.type === 'Polygon' ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry }] } : empty();
    // Nothing drawn before or now: no new data for MapLibre's worker (each setData is a round of tiles).
    if (isEmpty(next) && isEmpty(this.draftArea)) return;
    this.draftArea = next;
    this.source(DRAFT_SOURCE)?.setData(this.draftArea);
  }

  /** The proposal (or cluster) under a screen point; a cluster zooms the map in. */
  hit(point: { x: number; y: number }, zoomToCluster: boolean): ProposalHit | null {
    const map = this.map;
    if (!map.getLayer(PROPOSAL_POINT_LAYER)) return null;
    const hits = map.queryRenderedFeatures(
      [
        [point.x - 6, point.y - 6],
        [point.x + 6, point.y + 6],
      ],
      { layers: PROPOSAL_HIT_LAYERS },
    );
    const rank = (id: string) => (POINT_HITS.has(id) ? 0 : id === PROPOSAL_CLUSTER_LAYER ? 1 : 2);
    const best = hits.sort((a, b) => rank(a.layer.id) - rank(b.layer.id))[0];
    if (!best) return null;
    if (best.layer.id === PROPOSAL_CLUSTER_LAYER) {
      // Server clusters are cells of a grid: two zoom levels in, each splits into sixteen.
      if (zoomToCluster) map.easeTo({ center: (best.geometry as Point).coordinates as [number, number], zoom: Math.min(map.getZoom() + 2, 19), duration: 400 });
      return { kind: 'cluster' };
    }
    const id = best.properties?.id;
    return typeof id === 'string' ? { kind: 'proposal', id } : null;
  }

  remove(): void {
    this.marker?.remove();
  }

  private applySelected(): void {
    const id = this.selected ?? NO_SELECTION;
    const map = this.map;
    if (!map.getLayer(SELECTED_POINT_LAYER)) return;
    const site = ['!=', symbolOf(this.tiles.symbols), 'circle'];
    setFilter(map, SELECTED_POINT_LAYER, ['all', POINT, ['!', site], ['==', ['get', 'id'], id]] as unknown as FilterSpecification);
    setFilter(map, SELECTED_SITE_LAYER, ['all', POINT, site, ['==', ['get', 'id'], id]] as unknown as FilterSpecification);
    setFilter(map, SELECTED_AREA_LAYER, ['all', AREA, ['==', ['get', 'id'], id]] as unknown as FilterSpecification);
  }

  /** Circles for trees, a marker shape per site kind: filters and icons from the kinds' symbols. */
  private applySymbols(): void {
    const map = this.map;
    if (!map.getLayer(PROPOSAL_POINT_LAYER)) return;
    const symbol = symbolOf(this.tiles.symbols);
    const site = ['!=', symbol, 'circle'];
    const image = ['concat', MARKER_IMAGE_PREFIX, symbol, '-', ['get', 'status']] as unknown as ExpressionSpecification;
    for (const layer of [PROPOSAL_POINT_LAYER, FRESH_POINT_LAYER]) setFilter(map, layer, ['all', POINT, ['!', site]] as unknown as FilterSpecification);
    for (const layer of [PROPOSAL_SITE_LAYER, FRESH_SITE_LAYER]) {
      setFilter(map, layer, ['all', POINT, site] as unknown as FilterSpecification);
      setLayout(map, layer, 'icon-image', image);
    }
    setFilter(map, PROPOSAL_AREA_MARKER_LAYER, ['all', AREA, site] as unknown as FilterSpecification);
    setLayout(map, PROPOSAL_AREA_MARKER_LAYER, 'icon-image', image);
    for (const layer of [PROPOSAL_AREA_LAYER, FRESH_AREA_LAYER]) setPaint(map, layer, 'fill-opacity', ['case', site, 0.18, 0.35] as unknown as ExpressionSpecification);
    for (const layer of [AREA_LINE_LAYER, FRESH_LINE_LAYER]) setPaint(map, layer, 'line-width', ['case', site, 3, 2] as unknown as ExpressionSpecification);
    this.applySelected();
  }

  /** The tile layers are hidden while no status (or no kind) is shown. */
  /**
   * Shows or hides every proposals layer (a story chapter that does not name proposals hides
   * them). The tile layers stay hidden while there is no tile URL yet, whatever is asked: a
   * shown layer would fetch its placeholder source.
   */
  setShown(shown: boolean): void {
    this.shown = shown;
    for (const layer of this.map.getLayersOrder()) {
      if (layer.startsWith('proposals-') && !TILE_LAYERS.includes(layer)) setLayout(this.map, layer, 'visibility', shown ? 'visible' : 'none');
    }
    this.applyTilesVisibility();
  }

  private applyTilesVisibility(): void {
    const visibility = this.tiles.url && this.shown ? 'visible' : 'none';
    for (const layer of TILE_LAYERS) if (this.map.getLayer(layer)) setLayout(this.map, layer, 'visibility', visibility);
  }

  /** Once the tiles of `version` are drawn, the fresh overlay has done its job: the tiles draw those proposals now. */
  private whenTilesLoaded(version: number): void {
    const check = () => {
      if (this.tiles.version !== version) return this.map.off('idle', check);
      if (!this.map.isSourceLoaded(PROPOSALS_TILES_SOURCE)) return;
      this.map.off('idle', check);
      this.setData(null);
    };
    this.map.on('idle', check);
  }

  /**
   * One image per site shape and status, `kp-site-<shape>-<status>` (rejected: hollow), drawn
   * when a tile first asks for it: a town with no site on screen draws none (the 25 images took
   * tens of ms of the first map on a slow machine, issue 13). MapLibre's missing-image resolver
   * is awaited before it answers the tile; an image added on the `styleimagemissing` event
   * would come only with a second round of that tile.
   */
  private addMarkerImages(): void {
    // Set again after a style change: the map keeps one resolver, so this replaces the same one.
    this.map.setMissingStyleImageResolver((id) => {
      const marker = markerImageOf(id);
      if (!marker || this.map.hasImage(id)) return;
      const colour = PROPOSAL_COLOURS[marker.status];
      const hollow = marker.status === 'rejected';
      const img = rasterizeShape(marker.shape, {
        size: MARKER_PX * MARKER_RATIO,
        fill: hollow ? '#ffffff' : colour,
        stroke: hollow ? colour : marker.status === 'planted' ? '#1f2328' : '#ffffff',
        strokePx: hollow ? 3 * MARKER_RATIO : 1.5 * MARKER_RATIO,
      });
      this.map.addImage(id, img, { pixelRatio: MARKER_RATIO });
    });
  }

  private source(id: string): GeoJSONSource | undefined {
    return this.map.getSource<GeoJSONSource>(id);
  }

  /** The locale changed: the pin's label (the layer's only text outside the map style). */
  applyLocale(): void {
    this.marker?.getElement().setAttribute('aria-label', t('proposals.pin'));
  }

  private createMarker(): Marker {
    const marker = new this.ml.Marker({ draggable: true, color: '#d7191c' });
    const el = marker.getElement();
    el.tabIndex = 0;
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', t('proposals.pin'));
    el.classList.add('kp-proposal-pin');
    marker.on('dragend', () => {
      const p = marker.getLngLat();
      this.onPinMove([p.lng, p.lat]);
    });
    // Arrow keys nudge the pin (Shift: further), without panning the map.
    el.addEventListener('keydown', (e: KeyboardEvent) => {
      const step = e.shiftKey ? 20 : 4;
      const d: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      const delta = d[e.key];
      if (!delta) return;
      e.preventDefault();
      e.stopPropagation();
      const px = this.map.project(marker.getLngLat());
      const next = this.map.unproject([px.x + delta[0], px.y + delta[1]]);
      marker.setLngLat(next);
      this.onPinMove([next.lng, next.lat]);
    });
    return marker;
  }
}

/** Tile URLs go to MapLibre's workers, which need them absolute. */
function absolute(url: string): string {
  return url.startsWith('data:') ? url : new URL(url, location.href).href.replace(/%7B/g, '{').replace(/%7D/g, '}');
}
