/**
 * Residents' proposals on the map, coloured by status (Okabe–Ito colours, safe for colour-blind
 * people, with a hollow marker for rejected ones): trees (kinds counted in units) as clustered
 * circles and filled areas; sites (a pocket park, a coworking centre…) as a shape per kind
 * (diamond, square…; `symbol` in the properties, set by the proposals controller), never
 * clustered, and areas with a lighter fill and the kind's marker inside;
 * a ring around the selected proposal, a red ring around what a refused proposal broke
 * (the nearest tree, the pond, the town boundary), and the draft being placed: a draggable
 * pin (mouse or arrow keys) or the drawn area.
 *
 * Owned by kp-map-view; sources and layers are added at run time on top of the base style,
 * and `setData` is called once per change of the collection, never per feature.
 */
import type { ExpressionSpecification, FilterSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { GeoJSONSource, Map as MlMap, Marker } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import type { ProposalFeatureProps } from '../../server/api-types.ts';
import { FONT_BOLD, NO_SELECTION } from '../../styles/build-style.ts';
import { t } from '../i18n/index.ts';
import { SITE_SHAPES } from '../state/proposal-kinds.ts';
import { rasterizeShape } from './proposal-symbols.ts';

type Maplibre = typeof import('maplibre-gl');
import { PROPOSAL_STATUSES, type ProposalStatus } from '../state/proposal-kinds.ts';

export { PROPOSAL_STATUSES, type ProposalStatus };

/** Status colours (Okabe–Ito), also used by the legend and the panels. */
export const PROPOSAL_COLOURS: Record<ProposalStatus, string> = {
  proposed: '#e69f00',
  accepted: '#0072b2',
  planted: '#009e73',
  rejected: '#cc79a7',
  withdrawn: '#8c959f',
};

export const PROPOSALS_POINTS_SOURCE = 'proposals-points';
export const PROPOSALS_AREAS_SOURCE = 'proposals-areas';
export const PROPOSALS_SITES_SOURCE = 'proposals-sites';
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
const SELECTED_SITE_LAYER = 'proposals-selected-site';
const AREA_LINE_LAYER = 'proposals-area-line';
const SELECTED_POINT_LAYER = 'proposals-selected-point';
const SELECTED_AREA_LAYER = 'proposals-selected-area';
const ALERT_POINT_LAYER = 'proposals-alert-point';
const ALERT_LINE_LAYER = 'proposals-alert-line';
const DRAFT_FILL_LAYER = 'proposals-draft-fill';
const DRAFT_LINE_LAYER = 'proposals-draft-line';

/** Style layers that a click can pick a proposal (or a cluster) from. */
export const PROPOSAL_HIT_LAYERS = [PROPOSAL_CLUSTER_LAYER, PROPOSAL_POINT_LAYER, PROPOSAL_SITE_LAYER, PROPOSAL_AREA_MARKER_LAYER, PROPOSAL_AREA_LAYER];

/** Marker images are drawn at twice their size on screen (sharp on high-density screens). */
const MARKER_PX = 24;
const MARKER_RATIO = 2;
const markerImage = ['concat', 'kp-site-', ['get', 'symbol'], '-', ['get', 'status']] as unknown as ExpressionSpecification;
const isSite = ['all', ['has', 'symbol'], ['!=', ['get', 'symbol'], 'circle']] as unknown as ExpressionSpecification;

const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

const statusColour: ExpressionSpecification = [
  'match',
  ['get', 'status'],
  ...PROPOSAL_STATUSES.flatMap((s) => [s, PROPOSAL_COLOURS[s]]),
  PROPOSAL_COLOURS.proposed,
] as unknown as ExpressionSpecification;

const POINT: FilterSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];

export type ProposalHit = { kind: 'proposal'; id: string } | { kind: 'cluster' };

export class ProposalsLayer {
  private marker: Marker | null = null;
  private points: FeatureCollection = empty();
  private areas: FeatureCollection = empty();
  private sites: FeatureCollection = empty();
  private alert: FeatureCollection = empty();
  private draftArea: FeatureCollection = empty();
  private selected: string | null = null;

  constructor(
    private readonly map: MlMap,
    private readonly ml: Maplibre,
    private readonly onPinMove: (lngLat: [number, number]) => void,
  ) {}

  /** Adds the sources and layers (again after a style change). */
  install(): void {
    const map = this.map;
    this.addMarkerImages();
    if (map.getSource(PROPOSALS_POINTS_SOURCE)) return;
    map.addSource(PROPOSALS_POINTS_SOURCE, { type: 'geojson', data: this.points, cluster: true, clusterRadius: 40, clusterMaxZoom: 16 });
    map.addSource(PROPOSALS_AREAS_SOURCE, { type: 'geojson', data: this.areas });
    map.addSource(PROPOSALS_SITES_SOURCE, { type: 'geojson', data: this.sites });
    map.addSource(ALERT_SOURCE, { type: 'geojson', data: this.alert });
    map.addSource(DRAFT_SOURCE, { type: 'geojson', data: this.draftArea });
    // Sites get a lighter fill and a wider edge than tree areas, and their kind's marker inside.
    map.addLayer({ id: PROPOSAL_AREA_LAYER, type: 'fill', source: PROPOSALS_AREAS_SOURCE, paint: { 'fill-color': statusColour, 'fill-opacity': ['case', isSite, 0.18, 0.35] } });
    map.addLayer({
      id: AREA_LINE_LAYER,
      type: 'line',
      source: PROPOSALS_AREAS_SOURCE,
      paint: {
        'line-color': statusColour,
        'line-width': ['case', isSite, 3, 2],
        'line-dasharray': ['case', ['==', ['get', 'status'], 'rejected'], ['literal', [2, 1.5]], ['literal', [1, 0]]],
      },
    });
    map.addLayer({
      id: PROPOSAL_AREA_MARKER_LAYER,
      type: 'symbol',
      source: PROPOSALS_AREAS_SOURCE,
      filter: isSite,
      layout: { 'icon-image': markerImage, 'icon-allow-overlap': true, 'icon-ignore-placement': true, 'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.75, 16, 1] },
    });
    map.addLayer({
      id: SELECTED_AREA_LAYER,
      type: 'line',
      source: PROPOSALS_AREAS_SOURCE,
      filter: ['==', ['get', 'id'], NO_SELECTION],
      paint: { 'line-color': '#1f2328', 'line-width': 4 },
    });
    map.addLayer({
      id: PROPOSAL_CLUSTER_LAYER,
      type: 'circle',
      source: PROPOSALS_POINTS_SOURCE,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': '#1d3b2a',
        'circle-opacity': 0.85,
        'circle-radius': ['step', ['get', 'point_count'], 13, 10, 16, 100, 20, 1000, 25],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    });
    map.addLayer({
      id: PROPOSAL_CLUSTER_COUNT_LAYER,
      type: 'symbol',
      source: PROPOSALS_POINTS_SOURCE,
      filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': FONT_BOLD, 'text-size': 12, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    });
    map.addLayer({
      id: PROPOSAL_POINT_LAYER,
      type: 'circle',
      source: PROPOSALS_POINTS_SOURCE,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': ['case', ['==', ['get', 'status'], 'rejected'], '#ffffff', statusColour],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 4, 16, 7, 19, 10],
        'circle-stroke-color': ['case', ['==', ['get', 'status'], 'rejected'], PROPOSAL_COLOURS.rejected, ['==', ['get', 'status'], 'planted'], '#1f2328', '#ffffff'],
        'circle-stroke-width': ['case', ['==', ['get', 'status'], 'rejected'], 3, 1.5],
      },
    });
    map.addLayer({
      id: PROPOSAL_SITE_LAYER,
      type: 'symbol',
      source: PROPOSALS_SITES_SOURCE,
      layout: {
        'icon-image': markerImage,
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-size': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 16, 1.1, 19, 1.4],
      },
    });
    map.addLayer({
      id: SELECTED_SITE_LAYER,
      type: 'circle',
      source: PROPOSALS_SITES_SOURCE,
      filter: ['==', ['get', 'id'], NO_SELECTION],
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 16, 'circle-stroke-color': '#1f2328', 'circle-stroke-width': 3 },
    });
    map.addLayer({
      id: SELECTED_POINT_LAYER,
      type: 'circle',
      source: PROPOSALS_POINTS_SOURCE,
      filter: ['==', ['get', 'id'], NO_SELECTION],
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 13, 'circle-stroke-color': '#1f2328', 'circle-stroke-width': 3 },
    });
    map.addLayer({ id: DRAFT_FILL_LAYER, type: 'fill', source: DRAFT_SOURCE, paint: { 'fill-color': '#d7191c', 'fill-opacity': 0.15 } });
    map.addLayer({ id: DRAFT_LINE_LAYER, type: 'line', source: DRAFT_SOURCE, paint: { 'line-color': '#d7191c', 'line-width': 2 } });
    map.addLayer({
      id: ALERT_LINE_LAYER,
      type: 'line',
      source: ALERT_SOURCE,
      filter: ['!', POINT] as FilterSpecification,
      paint: { 'line-color': '#d7191c', 'line-width': 4, 'line-dasharray': [2, 1] },
    });
    map.addLayer({
      id: ALERT_POINT_LAYER,
      type: 'circle',
      source: ALERT_SOURCE,
      filter: POINT,
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 16, 'circle-stroke-color': '#d7191c', 'circle-stroke-width': 4 },
    });
    this.applySelected();
  }

  /** Replaces the proposals drawn: one setData per source. */
  setData(fc: FeatureCollection<Geometry, ProposalFeatureProps> | null): void {
    const points: Feature[] = [];
    const areas: Feature[] = [];
    const sites: Feature[] = [];
    for (const f of fc?.features ?? []) {
      if (!f.geometry) continue;
      const symbol = (f.properties as { symbol?: string } | null)?.symbol;
      if (f.geometry.type === 'Point' || f.geometry.type === 'MultiPoint') (symbol && symbol !== 'circle' ? sites : points).push(f);
      else areas.push(f);
    }
    this.points = { type: 'FeatureCollection', features: points };
    this.areas = { type: 'FeatureCollection', features: areas };
    this.sites = { type: 'FeatureCollection', features: sites };
    this.source(PROPOSALS_POINTS_SOURCE)?.setData(this.points);
    this.source(PROPOSALS_AREAS_SOURCE)?.setData(this.areas);
    this.source(PROPOSALS_SITES_SOURCE)?.setData(this.sites);
  }

  setSelected(id: string | null): void {
    this.selected = id;
    this.applySelected();
  }

  /** What a refused proposal broke, ringed in red (or nothing). */
  setAlert(fc: FeatureCollection | null): void {
    this.alert = fc ?? empty();
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
    this.draftArea = geometry?.type === 'Polygon' ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry }] } : empty();
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
    const rank = (id: string) => (id === PROPOSAL_POINT_LAYER || id === PROPOSAL_SITE_LAYER || id === PROPOSAL_AREA_MARKER_LAYER ? 0 : id === PROPOSAL_CLUSTER_LAYER ? 1 : 2);
    const best = hits.sort((a, b) => rank(a.layer.id) - rank(b.layer.id))[0];
    if (!best) return null;
    if (best.layer.id === PROPOSAL_CLUSTER_LAYER) {
      if (zoomToCluster) {
        const clusterId = best.properties?.cluster_id as number;
        const centre = (best.geometry as Point).coordinates as [number, number];
        void this.source(PROPOSALS_POINTS_SOURCE)
          ?.getClusterExpansionZoom(clusterId)
          .then((zoom) => map.easeTo({ center: centre, zoom: Math.min(zoom, 19), duration: 400 }));
      }
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
    if (this.map.getLayer(SELECTED_POINT_LAYER)) this.map.setFilter(SELECTED_POINT_LAYER, ['all', ['!', ['has', 'point_count']], ['==', ['get', 'id'], id]]);
    if (this.map.getLayer(SELECTED_AREA_LAYER)) this.map.setFilter(SELECTED_AREA_LAYER, ['==', ['get', 'id'], id]);
    if (this.map.getLayer(SELECTED_SITE_LAYER)) this.map.setFilter(SELECTED_SITE_LAYER, ['==', ['get', 'id'], id]);
  }

  /** One image per site shape and status: `kp-site-<shape>-<status>` (rejected: hollow). */
  private addMarkerImages(): void {
    for (const shape of SITE_SHAPES) {
      for (const status of PROPOSAL_STATUSES) {
        const id = `kp-site-${shape}-${status}`;
        if (this.map.hasImage(id)) continue;
        const colour = PROPOSAL_COLOURS[status];
        const hollow = status === 'rejected';
        const img = rasterizeShape(shape, {
          size: MARKER_PX * MARKER_RATIO,
          fill: hollow ? '#ffffff' : colour,
          stroke: hollow ? colour : status === 'planted' ? '#1f2328' : '#ffffff',
          strokePx: hollow ? 3 * MARKER_RATIO : 1.5 * MARKER_RATIO,
        });
        this.map.addImage(id, img, { pixelRatio: MARKER_RATIO });
      }
    }
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
