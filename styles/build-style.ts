/**
 * The offline base style, built from data (a theme of named colours) and a city's layer
 * catalogue by small pure functions, in the manner of Protomaps' basemap flavours.
 *
 * No network is needed: every source is GeoJSON handed in by the caller (inline data or a
 * same-origin URL), and glyphs come from a local protocol (see web/map/local-glyphs.ts).
 */
import type {
  ExpressionSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type { LayerCatalogueEntry, Settings } from '../server/api-types.ts';
import { layerAttribution } from './attribution.ts';

/** A theme: plain data, every colour a lower-case #rrggbb. */
export interface Theme {
  name: string;
  background: string;
  outside: string;
  boundaryFill: string;
  boundaryLine: string;
  districtLine: string;
  districtLabel: string;
  labelHalo: string;
  water: string;
  waterLine: string;
  river: string;
  roadMain: string;
  roadMainCasing: string;
  road: string;
  roadCasing: string;
  railway: string;
  railwayDash: string;
  landmark: string;
  text: string;
  routeCasing: string;
  selected: string;
  selectedHalo: string;
  /** Sequential, colour-blind-safe classes from low to high (ColorBrewer YlGnBu). */
  choropleth: string[];
  choroplethNoData: string;
}

/** What the style needs to know about a layer of the catalogue. */
export type StyleLayerEntry = Pick<LayerCatalogueEntry, 'id' | 'role' | 'kind' | 'legend' | 'visible' | 'license'>;

type GeoJSONData = GeoJSONSourceSpecification['data'];

export interface BuildStyleOptions {
  /** Glyph URL template, e.g. "kpglyphs://{fontstack}/{range}". */
  glyphs: string;
  /** Data (inline GeoJSON or a URL) for the town boundary, the districts and their label points. */
  boundary: GeoJSONData;
  districts: GeoJSONData;
  districtLabels: GeoJSONData;
  /** Data per catalogue layer id. A layer with no data gets an empty collection. */
  layers: Record<string, GeoJSONData>;
  /** Ids of the layers to show; defaults to each entry's `visible`. */
  visible?: ReadonlySet<string>;
  /** Optional raster basemap drawn under our layers (vector-style basemaps are merged by the map view). */
  basemap?: Settings['basemap'];
  /** Accessible attribution of the data pack, shown by the AttributionControl. */
  attribution?: string;
  /** The projector look (story mode) on top of the theme: see `projectorLayer`; none by default. */
  projector?: ProjectorLook | null;
}

/**
 * The projector look, plain data (styles/themes/projector.json `map`): more contrast for a
 * room with a projector: dark casings and strokes, thicker lines, larger labels. Layer
 * colours stay the pack's: its legend colours are the Okabe–Ito palette, which stays
 * distinguishable with the common colour-vision deficiencies, so no new hues are added.
 */
export interface ProjectorLook {
  outside: string;
  boundaryFill: string;
  boundaryLine: string;
  districtLine: string;
  districtLabel: string;
  text: string;
  lineScale: number;
  textScale: number;
  areaOpacity: number;
}

export const FONT_REGULAR = ['Noto Sans Regular'];
export const FONT_BOLD = ['Noto Sans Bold'];
/** The filter that matches no feature: selection layers start with it. */
export const NO_SELECTION = '__none__';

export const sourceIdOf = (layerId: string) => `layer-${layerId}`;
export const BOUNDARY_SOURCE = 'boundary';
export const DISTRICTS_SOURCE = 'districts';
export const DISTRICT_LABELS_SOURCE = 'district-labels';
export const BASEMAP_SOURCE = 'basemap';
export const DISTRICTS_HIT_LAYER = 'districts-hit';
export const CHOROPLETH_LAYER = 'districts-choropleth';
export const DISTRICT_SELECTED_LAYER = 'districts-selected';

/** Metadata key naming the catalogue layer a style layer draws. */
export const META_LAYER = 'kp:layer';
/** Metadata key for the style layer's part: base, context, strategy, label, selected, district, choropleth. */
export const META_PART = 'kp:part';

const POLYGON: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const LINE: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]];
const POINT: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];

const emptyCollection = { type: 'FeatureCollection', features: [] } as const;

/** Width that grows with zoom: `base` px at z12, doubling every zoom level up to z16. */
function widthByZoom(base: number): ExpressionSpecification {
  return ['interpolate', ['exponential', 1.6], ['zoom'], 10, base * 0.35, 12, base, 16, base * 5];
}

/** Road widths by category: one zoom interpolation with a category match at each stop. */
function roadWidth(main: number, minor: number): ExpressionSpecification {
  const at = (k: number): ExpressionSpecification => ['match', ['get', 'category'], 'road-main', main * k, minor * k];
  return ['interpolate', ['exponential', 1.6], ['zoom'], 10, at(0.35), 12, at(1), 16, at(5)];
}

function meta(layer: string | null, part: string): Record<string, string> {
  return layer ? { [META_LAYER]: layer, [META_PART]: part } : { [META_PART]: part };
}

/**
 * Builds the whole style: background, optional basemap, town boundary, context layers
 * (water, river, roads, railway, landmarks), the district choropleth (hidden until
 * switched on), district outlines, strategy layers by kind, selection highlights and labels.
 *
 * @example
 * const style = buildStyle(theme, detail.layers, { glyphs: 'kpglyphs://{fontstack}/{range}', boundary, districts, districtLabels, layers });
 * new maplibregl.Map({ container, style });
 */
export function buildStyle(theme: Theme, catalogue: readonly StyleLayerEntry[], options: BuildStyleOptions): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {
    [BOUNDARY_SOURCE]: { type: 'geojson', data: options.boundary, attribution: options.attribution },
    [DISTRICTS_SOURCE]: { type: 'geojson', data: options.districts },
    [DISTRICT_LABELS_SOURCE]: { type: 'geojson', data: options.districtLabels },
  };
  for (const entry of catalogue) {
    // MapLibre shows a source's attribution only while one of its layers is drawn: exactly what ODbL asks.
    const attribution = layerAttribution(entry);
    sources[sourceIdOf(entry.id)] = { type: 'geojson', data: options.layers[entry.id] ?? emptyCollection, ...(attribution ? { attribution } : {}) };
  }

  const isVisible = (entry: StyleLayerEntry) => (options.visible ? options.visible.has(entry.id) : entry.visible);
  const context = catalogue.filter((e) => e.role === 'context');
  const strategy = catalogue.filter((e) => e.role === 'strategy');

  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': theme.outside }, metadata: meta(null, 'base') },
  ];
  if (options.basemap?.type === 'raster') {
    sources[BASEMAP_SOURCE] = {
      type: 'raster',
      tiles: options.basemap.tiles,
      tileSize: 256,
      maxzoom: options.basemap.maxzoom,
      attribution: options.basemap.attribution,
    };
    layers.push({ id: 'basemap', type: 'raster', source: BASEMAP_SOURCE, metadata: meta(null, 'base') });
  }
  layers.push(...boundaryFillLayers(theme, Boolean(options.basemap)));
  for (const entry of context) layers.push(...contextLayers(theme, entry, isVisible(entry)));
  layers.push(...districtLayers(theme));
  layers.push(...boundaryLineLayers(theme));
  // Strategy geometry in drawing order: areas under routes under points.
  for (const entry of strategy) layers.push(...strategyAreaLayers(theme, entry, isVisible(entry)));
  for (const entry of strategy) layers.push(...strategyRouteLayers(theme, entry, isVisible(entry)));
  for (const entry of strategy) layers.push(...strategyPointLayers(theme, entry, isVisible(entry)));
  for (const entry of strategy) layers.push(...selectionLayers(theme, entry));
  layers.push(districtLabelLayer(theme));
  for (const entry of context) layers.push(...contextLabelLayers(theme, entry, isVisible(entry)));
  for (const entry of strategy) layers.push(...strategyLabelLayers(theme, entry, isVisible(entry)));

  const look = options.projector;
  const name = look ? `kp-${theme.name}-projector` : `kp-${theme.name}`;
  return { version: 8, name, glyphs: options.glyphs, sources, layers: look ? layers.map((l) => projectorLayer(l, look)) : layers };
}

/**
 * Multiplies what a width or size expression outputs. A zoom curve may only be the
 * top-level expression, so its stops are scaled instead of the whole.
 * @example scaleOutput(['interpolate', ['linear'], ['zoom'], 12, 2, 16, 10], 2) // [..., 12, 4, 16, 20]
 */
export function scaleOutput(value: unknown, k: number): unknown {
  if (typeof value === 'number') return value * k;
  if (!Array.isArray(value)) return value;
  const [op] = value;
  if (op === 'interpolate' || op === 'interpolate-hcl' || op === 'interpolate-lab') {
    return value.map((v, i) => (i >= 3 && i % 2 === 0 ? scaleOutput(v, k) : v));
  }
  if (op === 'step') return value.map((v, i) => (i === 2 || (i >= 4 && i % 2 === 0) ? scaleOutput(v, k) : v));
  return ['*', value, k];
}

/** One layer of the built style in the projector look (a pure function of the layer and the look). */
export function projectorLayer(layer: LayerSpecification, m: ProjectorLook): LayerSpecification {
  const part = (layer.metadata as Record<string, string> | undefined)?.[META_PART];
  const paint: Record<string, unknown> = { ...((layer as { paint?: Record<string, unknown> }).paint ?? {}) };
  const layout: Record<string, unknown> = { ...((layer as { layout?: Record<string, unknown> }).layout ?? {}) };
  const id = layer.id;
  if (id === 'background') paint['background-color'] = m.outside;
  if (id === 'boundary-fill') paint['fill-color'] = m.boundaryFill;
  if (id === 'boundary-line') Object.assign(paint, { 'line-color': m.boundaryLine, 'line-width': 3 });
  if (id === 'districts-line') Object.assign(paint, { 'line-color': m.districtLine, 'line-width': 2 });
  if (id === DISTRICT_SELECTED_LAYER) Object.assign(paint, { 'line-width': 6, 'line-opacity': 1 });
  if (layer.type === 'symbol' && layout['text-size'] !== undefined) {
    layout['text-size'] = scaleOutput(layout['text-size'], m.textScale);
    paint['text-halo-width'] = 2.5;
    if (id === 'districts-label') paint['text-color'] = m.districtLabel;
    else if (part === 'label' && paint['text-color'] !== undefined) paint['text-color'] = m.text;
  }
  if (part === 'strategy' || part === 'selected') {
    if (layer.type === 'line' && paint['line-width'] !== undefined) paint['line-width'] = scaleOutput(paint['line-width'], m.lineScale);
    if (layer.type === 'line' && paint['line-gap-width'] !== undefined) paint['line-gap-width'] = scaleOutput(paint['line-gap-width'], m.lineScale);
    if (layer.type === 'fill') paint['fill-opacity'] = m.areaOpacity;
    if (layer.type === 'circle' && part === 'strategy') {
      if (paint['circle-radius'] !== undefined) paint['circle-radius'] = scaleOutput(paint['circle-radius'], 1.5);
      Object.assign(paint, { 'circle-stroke-color': m.text, 'circle-stroke-width': 2 });
    }
    if (layer.type === 'circle' && part === 'selected' && paint['circle-radius'] !== undefined) paint['circle-radius'] = scaleOutput(paint['circle-radius'], 1.5);
    // Route casings turn dark so light colours (yellow, sky blue) stand out on the pale town.
    if (layer.type === 'line' && id.endsWith('--casing')) paint['line-color'] = m.text;
  }
  if (layer.type === 'background') return { ...layer, paint } as LayerSpecification;
  return { ...layer, paint, layout } as LayerSpecification;
}

function visibility(visible: boolean): 'visible' | 'none' {
  return visible ? 'visible' : 'none';
}

function boundaryFillLayers(theme: Theme, basemap: boolean): LayerSpecification[] {
  return [
    {
      id: 'boundary-fill',
      type: 'fill',
      source: BOUNDARY_SOURCE,
      metadata: meta(null, 'base'),
      // Over an online basemap the town is only tinted, so the basemap stays readable.
      paint: { 'fill-color': theme.boundaryFill, 'fill-opacity': basemap ? 0.25 : 1 },
    },
  ];
}

function boundaryLineLayers(theme: Theme): LayerSpecification[] {
  return [
    {
      id: 'boundary-line',
      type: 'line',
      source: BOUNDARY_SOURCE,
      metadata: meta(null, 'base'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': theme.boundaryLine, 'line-width': 2, 'line-dasharray': [4, 2] },
    },
  ];
}

function districtLayers(theme: Theme): LayerSpecification[] {
  return [
    {
      // Invisible fill so a click anywhere inside a district can find it.
      id: DISTRICTS_HIT_LAYER,
      type: 'fill',
      source: DISTRICTS_SOURCE,
      metadata: meta(null, 'district'),
      paint: { 'fill-color': theme.boundaryFill, 'fill-opacity': 0 },
    },
    {
      id: CHOROPLETH_LAYER,
      type: 'fill',
      source: DISTRICTS_SOURCE,
      metadata: meta(null, 'choropleth'),
      layout: { visibility: 'none' },
      paint: { 'fill-color': theme.choroplethNoData, 'fill-opacity': 0.6 },
    },
    {
      id: 'districts-selected',
      type: 'line',
      source: DISTRICTS_SOURCE,
      metadata: meta(null, 'district-selected'),
      filter: ['==', ['get', 'id'], NO_SELECTION],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': theme.selected, 'line-width': 3, 'line-opacity': 0.8 },
    },
    {
      id: 'districts-line',
      type: 'line',
      source: DISTRICTS_SOURCE,
      metadata: meta(null, 'district'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': theme.districtLine, 'line-width': 1, 'line-opacity': 0.9 },
    },
  ];
}

function districtLabelLayer(theme: Theme): LayerSpecification {
  return {
    id: 'districts-label',
    type: 'symbol',
    source: DISTRICT_LABELS_SOURCE,
    metadata: meta(null, 'label'),
    layout: {
      'text-field': ['get', 'name'],
      'text-font': FONT_BOLD,
      'text-size': ['interpolate', ['linear'], ['zoom'], 11, 11, 15, 15],
      'text-transform': 'uppercase',
      'text-letter-spacing': 0.08,
      'text-max-width': 8,
      'text-allow-overlap': false,
    },
    paint: { 'text-color': theme.districtLabel, 'text-halo-color': theme.labelHalo, 'text-halo-width': 1.5, 'text-opacity': 0.85 },
  };
}

function categoryIs(category: string): ExpressionSpecification {
  return ['==', ['get', 'category'], category];
}

function contextLayers(theme: Theme, entry: StyleLayerEntry, visible: boolean): LayerSpecification[] {
  const source = sourceIdOf(entry.id);
  const m = meta(entry.id, 'context');
  const v = visibility(visible);
  return [
    {
      id: `${entry.id}--water`,
      type: 'fill',
      source,
      metadata: m,
      filter: ['all', POLYGON, categoryIs('water')],
      layout: { visibility: v },
      paint: { 'fill-color': theme.water, 'fill-outline-color': theme.waterLine },
    },
    {
      id: `${entry.id}--river`,
      type: 'line',
      source,
      metadata: m,
      filter: ['all', LINE, ['in', ['get', 'category'], ['literal', ['river', 'water']]]],
      layout: { visibility: v, 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': theme.river, 'line-width': widthByZoom(1.6) },
    },
    {
      id: `${entry.id}--road-casing`,
      type: 'line',
      source,
      metadata: m,
      filter: ['all', LINE, ['in', ['get', 'category'], ['literal', ['road', 'road-main']]]],
      layout: { visibility: v, 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'category'], 'road-main', theme.roadMainCasing, theme.roadCasing],
        'line-width': roadWidth(3.4, 2.2),
      },
    },
    {
      id: `${entry.id}--road`,
      type: 'line',
      source,
      metadata: m,
      filter: ['all', LINE, ['in', ['get', 'category'], ['literal', ['road', 'road-main']]]],
      layout: { visibility: v, 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'category'], 'road-main', theme.roadMain, theme.road],
        'line-width': roadWidth(2.4, 1.4),
      },
    },
    {
      id: `${entry.id}--railway`,
      type: 'line',
      source,
      metadata: m,
      filter: ['all', LINE, categoryIs('railway')],
      layout: { visibility: v },
      paint: { 'line-color': theme.railway, 'line-width': widthByZoom(1.8) },
    },
    {
      id: `${entry.id}--railway-dash`,
      type: 'line',
      source,
      metadata: m,
      filter: ['all', LINE, categoryIs('railway')],
      layout: { visibility: v },
      paint: { 'line-color': theme.railwayDash, 'line-width': widthByZoom(1), 'line-dasharray': [3, 3] },
    },
    {
      id: `${entry.id}--landmark`,
      type: 'circle',
      source,
      metadata: m,
      filter: ['all', POINT],
      layout: { visibility: v },
      paint: { 'circle-color': theme.landmark, 'circle-radius': 3, 'circle-stroke-color': theme.labelHalo, 'circle-stroke-width': 1 },
    },
  ];
}

function contextLabelLayers(theme: Theme, entry: StyleLayerEntry, visible: boolean): LayerSpecification[] {
  return [
    {
      // Street names along the line, as on any town map; only from street level, where they fit.
      id: `${entry.id}--road-label`,
      type: 'symbol',
      source: sourceIdOf(entry.id),
      metadata: meta(entry.id, 'label'),
      filter: ['all', LINE, ['in', ['get', 'category'], ['literal', ['road', 'road-main']]], ['!', ['in', 'bez nazwy', ['get', 'name']]]],
      minzoom: 14,
      layout: {
        visibility: visibility(visible),
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': FONT_REGULAR,
        'text-size': ['interpolate', ['linear'], ['zoom'], 14, 11, 17, 14],
        'symbol-spacing': 300,
        'text-max-angle': 30,
        'text-padding': 2,
      },
      paint: { 'text-color': theme.text, 'text-halo-color': theme.labelHalo, 'text-halo-width': 1.6 },
    },
    {
      id: `${entry.id}--landmark-label`,
      type: 'symbol',
      source: sourceIdOf(entry.id),
      metadata: meta(entry.id, 'label'),
      filter: ['all', POINT],
      minzoom: 13,
      layout: {
        visibility: visibility(visible),
        'text-field': ['get', 'name'],
        'text-font': FONT_REGULAR,
        'text-size': 11,
        'text-offset': [0, 0.9],
        'text-anchor': 'top',
        'text-max-width': 9,
        'text-optional': true,
      },
      paint: { 'text-color': theme.landmark, 'text-halo-color': theme.labelHalo, 'text-halo-width': 1.2 },
    },
  ];
}

function strategyAreaLayers(_theme: Theme, entry: StyleLayerEntry, visible: boolean): LayerSpecification[] {
  if (entry.kind !== 'area' && entry.kind !== 'mixed') return [];
  const source = sourceIdOf(entry.id);
  const m = meta(entry.id, 'strategy');
  const v = visibility(visible);
  return [
    {
      id: `${entry.id}--fill`,
      type: 'fill',
      source,
      metadata: m,
      filter: POLYGON,
      layout: { visibility: v },
      paint: { 'fill-color': entry.legend.color, 'fill-opacity': 0.35 },
    },
    {
      id: `${entry.id}--outline`,
      type: 'line',
      source,
      metadata: m,
      filter: POLYGON,
      layout: { visibility: v, 'line-join': 'round' },
      paint: { 'line-color': entry.legend.color, 'line-width': 2 },
    },
  ];
}

function strategyRouteLayers(theme: Theme, entry: StyleLayerEntry, visible: boolean): LayerSpecification[] {
  if (entry.kind !== 'route' && entry.kind !== 'mixed') return [];
  const source = sourceIdOf(entry.id);
  const m = meta(entry.id, 'strategy');
  const v = visibility(visible);
  return [
    {
      id: `${entry.id}--casing`,
      type: 'line',
      source,
      metadata: m,
      filter: LINE,
      layout: { visibility: v, 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': theme.routeCasing, 'line-width': widthByZoom(6) },
    },
    {
      id: `${entry.id}--line`,
      type: 'line',
      source,
      metadata: m,
      filter: LINE,
      layout: { visibility: v, 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': entry.legend.color, 'line-width': widthByZoom(3.5) },
    },
  ];
}

function strategyPointLayers(theme: Theme, entry: StyleLayerEntry, visible: boolean): LayerSpecification[] {
  if (entry.kind !== 'point' && entry.kind !== 'mixed') return [];
  return [
    {
      id: `${entry.id}--circle`,
      type: 'circle',
      source: sourceIdOf(entry.id),
      metadata: meta(entry.id, 'strategy'),
      filter: POINT,
      layout: { visibility: visibility(visible) },
      paint: {
        'circle-color': entry.legend.color,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 16, 9],
        'circle-stroke-color': theme.labelHalo,
        'circle-stroke-width': 1.5,
      },
    },
  ];
}

/** Highlight of the selected feature: its filter is set to the selected id by the map view. */
function selectionLayers(theme: Theme, entry: StyleLayerEntry): LayerSpecification[] {
  const source = sourceIdOf(entry.id);
  const m = meta(entry.id, 'selected');
  const none: ExpressionSpecification = ['==', ['get', 'id'], NO_SELECTION];
  const out: LayerSpecification[] = [];
  if (entry.kind === 'area' || entry.kind === 'mixed') {
    out.push({
      id: `${entry.id}--selected-fill`,
      type: 'line',
      source,
      metadata: m,
      filter: ['all', POLYGON, none],
      layout: { 'line-join': 'round' },
      paint: { 'line-color': theme.selected, 'line-width': 4 },
    });
  }
  if (entry.kind === 'route' || entry.kind === 'mixed') {
    out.push({
      id: `${entry.id}--selected-line`,
      type: 'line',
      source,
      metadata: m,
      filter: ['all', LINE, none],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': theme.selected, 'line-width': widthByZoom(3), 'line-gap-width': widthByZoom(3.5) },
    });
  }
  if (entry.kind === 'point' || entry.kind === 'mixed') {
    out.push({
      id: `${entry.id}--selected-circle`,
      type: 'circle',
      source,
      metadata: m,
      filter: ['all', POINT, none],
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 8, 16, 14],
        'circle-stroke-color': theme.selected,
        'circle-stroke-width': 3,
      },
    });
  }
  return out;
}

function strategyLabelLayers(theme: Theme, entry: StyleLayerEntry, visible: boolean): LayerSpecification[] {
  const source = sourceIdOf(entry.id);
  const m = meta(entry.id, 'label');
  const v = visibility(visible);
  const text: ExpressionSpecification = ['coalesce', ['get', 'label'], ['get', 'name']];
  const paint = { 'text-color': theme.text, 'text-halo-color': theme.labelHalo, 'text-halo-width': 1.6 };
  const out: LayerSpecification[] = [];
  if (entry.kind === 'route' || entry.kind === 'mixed') {
    out.push({
      id: `${entry.id}--route-label`,
      type: 'symbol',
      source,
      metadata: m,
      filter: LINE,
      layout: {
        visibility: v,
        'symbol-placement': 'line',
        'text-field': text,
        'text-font': FONT_BOLD,
        'text-size': ['interpolate', ['linear'], ['zoom'], 12, 11, 16, 14],
        'text-offset': [0, -1.1],
        'symbol-spacing': 400,
        'text-max-angle': 35,
      },
      paint,
    });
  }
  if (entry.kind === 'point' || entry.kind === 'mixed') {
    out.push({
      id: `${entry.id}--point-label`,
      type: 'symbol',
      source,
      metadata: m,
      filter: POINT,
      minzoom: 12.5,
      layout: {
        visibility: v,
        'text-field': text,
        'text-font': FONT_REGULAR,
        'text-size': 12,
        'text-offset': [0, 1],
        'text-anchor': 'top',
        'text-max-width': 10,
        'text-optional': true,
      },
      paint,
    });
  }
  if (entry.kind === 'area' || entry.kind === 'mixed') {
    out.push({
      id: `${entry.id}--area-label`,
      type: 'symbol',
      source,
      metadata: m,
      filter: POLYGON,
      minzoom: 13,
      layout: {
        visibility: v,
        'text-field': text,
        'text-font': FONT_REGULAR,
        'text-size': 12,
        'text-max-width': 10,
        'text-optional': true,
      },
      paint,
    });
  }
  return out;
}

/** Ids of the style layers drawing one catalogue layer (to toggle them together). */
export function styleLayerIdsOf(style: StyleSpecification, layerId: string, parts: readonly string[] = ['context', 'strategy', 'label']): string[] {
  return style.layers
    .filter((l) => {
      const md = l.metadata as Record<string, string> | undefined;
      return md?.[META_LAYER] === layerId && parts.includes(md[META_PART] ?? '');
    })
    .map((l) => l.id);
}
