/**
 * The offline base style, built from data (a theme of named colours) and a city's layer
 * catalogue by small pure functions, in the manner of Protomaps' basemap flavours.
 *
 * No network is needed: the town's features are GeoJSON handed in by the caller, all in one
 * source (see townCollection), and glyphs are static PBFs the build makes from a bundled font
 * (scripts/build/glyphs.ts).
 */
import type {
  ExpressionSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  SourceSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type { Feature, FeatureCollection } from 'geojson';
import type { LayerCatalogueEntry, Settings } from '../server/api-types.ts';

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

export interface BuildStyleOptions {
  /** Glyph URL template, e.g. "https://host/glyphs/<version>/{fontstack}/{range}.pbf". */
  glyphs: string;
  /** The town boundary, the districts and their label points. */
  boundary: FeatureCollection;
  districts: FeatureCollection;
  districtLabels: FeatureCollection;
  /** Features per catalogue layer id. A layer with no data draws nothing. */
  layers: Readonly<Record<string, FeatureCollection>>;
  /** Ids of the layers to show; defaults to each entry's `visible`. */
  visible?: ReadonlySet<string>;
  /** Optional raster basemap drawn under our layers (vector-style basemaps are merged by the map view). */
  basemap?: Settings['basemap'];
  /** Accessible attribution of the data pack (licence attributions of the layers are the map view's: attributionsFor). */
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

/**
 * The one source of the town's features: boundary, districts, their label points, every context
 * and strategy layer (each feature's part in `kp_part`). One source is one data load and one set
 * of tiles in MapLibre's worker, so the first map is drawn in fewer rounds (issue 13).
 */
export const TOWN_SOURCE = 'town';
export const BASEMAP_SOURCE = 'basemap';
export const DISTRICTS_HIT_LAYER = 'districts-hit';
export const CHOROPLETH_LAYER = 'districts-choropleth';
export const DISTRICT_SELECTED_LAYER = 'districts-selected';

/** The feature property naming the catalogue layer a feature belongs to (set when the role's layers are merged). */
export const LAYER_PROP = 'kp_layer';
/** The feature property naming the part of the town a feature of the town source is: see TownPart. */
export const PART_PROP = 'kp_part';
/** Style metadata key listing the catalogue layer ids the style draws. */
export const META_CATALOGUE = 'kp:layers';
/** Metadata key for the catalogue role a style layer draws: context or strategy. */
export const META_ROLE = 'kp:role';
/** Metadata key for the style layer's part: base, context, strategy, label, selected, district, choropleth. */
export const META_PART = 'kp:part';
/** Metadata key holding the style layer's own filter (geometry, category), which the shown layers or the selection are added to. */
export const META_FILTER = 'kp:filter';

export type Role = 'context' | 'strategy';
export type TownPart = 'boundary' | 'district' | 'district-label' | Role;

/** The filter of a part of the town source. */
export const partIs = (part: TownPart): ExpressionSpecification => ['==', ['get', PART_PROP], part];

const POLYGON: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
const LINE: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['LineString', 'MultiLineString']]];
const POINT: ExpressionSpecification = ['in', ['geometry-type'], ['literal', ['Point', 'MultiPoint']]];

/**
 * Every feature of the town in one collection, each tagged with its part (`kp_part`): the
 * boundary, the districts, their label points, then the context and the strategy layers in
 * catalogue order (so later layers draw on top), those also with their layer's id (`kp_layer`).
 */
export function townCollection(catalogue: readonly StyleLayerEntry[], data: Pick<BuildStyleOptions, 'boundary' | 'districts' | 'districtLabels' | 'layers'>): FeatureCollection {
  const features: Feature[] = [];
  const add = (fc: FeatureCollection | undefined, part: TownPart, layer?: string) => {
    for (const f of fc?.features ?? []) features.push({ ...f, properties: { ...f.properties, [PART_PROP]: part, ...(layer ? { [LAYER_PROP]: layer } : {}) } });
  };
  add(data.boundary, 'boundary');
  add(data.districts, 'district');
  add(data.districtLabels, 'district-label');
  for (const role of ['context', 'strategy'] as const) for (const entry of catalogue) if (entry.role === role) add(data.layers[entry.id], role, entry.id);
  return { type: 'FeatureCollection', features };
}

/**
 * The filter of a style layer that draws the given catalogue layers: its own filter and the
 * layer ids. Pure, so the map view switches layers with setFilter alone.
 * @example shownFilter(['==', ['geometry-type'], 'Point'], ['zalew']) // ['all', [...], ['in', ['get', 'kp_layer'], ['literal', ['zalew']]]]
 */
export function shownFilter(base: FilterSpecification | undefined, layerIds: readonly string[]): FilterSpecification {
  const shown: ExpressionSpecification = ['in', ['get', LAYER_PROP], ['literal', [...layerIds]]];
  return (base ? ['all', base, shown] : shown) as FilterSpecification;
}

/** The filter of the selected district's outline. */
export function districtSelectedFilter(id: string | null): FilterSpecification {
  return selectedFilter(partIs('district'), [id ?? NO_SELECTION]);
}

/** The filter of a selection layer: its own filter and the selected feature ids. */
export function selectedFilter(base: FilterSpecification | undefined, ids: readonly string[]): FilterSpecification {
  const match: ExpressionSpecification = ids.length === 1 ? ['==', ['get', 'id'], ids[0]!] : ['in', ['get', 'id'], ['literal', [...ids]]];
  return (base ? ['all', base, match] : match) as FilterSpecification;
}

/** A colour per catalogue layer, from its legend (data-driven, so one style layer draws them all). */
function legendColour(entries: readonly StyleLayerEntry[], fallback: string): ExpressionSpecification | string {
  if (entries.length === 0) return fallback;
  return ['match', ['get', LAYER_PROP], ...entries.flatMap((e) => [e.id, e.legend.color]), fallback] as unknown as ExpressionSpecification;
}

/** Width that grows with zoom: `base` px at z12, doubling every zoom level up to z16. */
function widthByZoom(base: number): ExpressionSpecification {
  return ['interpolate', ['exponential', 1.6], ['zoom'], 10, base * 0.35, 12, base, 16, base * 5];
}

/** Road widths by category: one zoom interpolation with a category match at each stop. */
function roadWidth(main: number, minor: number): ExpressionSpecification {
  const at = (k: number): ExpressionSpecification => ['match', ['get', 'category'], 'road-main', main * k, minor * k];
  return ['interpolate', ['exponential', 1.6], ['zoom'], 10, at(0.35), 12, at(1), 16, at(5)];
}

function meta(role: Role | null, part: string, filter?: FilterSpecification): Record<string, unknown> {
  return { ...(role ? { [META_ROLE]: role } : {}), [META_PART]: part, ...(filter ? { [META_FILTER]: filter } : {}) };
}

/**
 * A style layer drawing a role's shown catalogue layers: its own filter plus the shown ids
 * (kept in metadata to recompose it); hidden outright when none is shown, so it costs nothing.
 */
function roleLayer(role: Role, part: string, shown: readonly string[], layer: Omit<LayerSpecification, 'source' | 'metadata'> & { filter: FilterSpecification }): LayerSpecification {
  const { filter: own, ...rest } = layer as { filter: FilterSpecification; layout?: Record<string, unknown> } & Record<string, unknown>;
  const filter = ['all', partIs(role), own] as FilterSpecification;
  return {
    ...rest,
    source: TOWN_SOURCE,
    metadata: meta(role, part, filter),
    filter: part === 'selected' ? selectedFilter(filter, [NO_SELECTION]) : shownFilter(filter, shown),
    ...(part === 'selected' ? {} : { layout: { ...(rest.layout ?? {}), visibility: shown.length ? 'visible' : 'none' } }),
  } as LayerSpecification;
}

/**
 * Builds the whole style: background, optional basemap, town boundary, context layers
 * (water, river, roads, railway, landmarks), the district choropleth (hidden until
 * switched on), district outlines, strategy geometry, selection highlights and labels.
 * Features of the same kind share a style layer whatever catalogue layer they belong to
 * (colour by `kp_layer`), so the style stays under 30 layers for any catalogue.
 *
 * @example
 * const style = buildStyle(theme, detail.layers, { glyphs: '/glyphs/v1/{fontstack}/{range}.pbf', boundary, districts, districtLabels, layers });
 * new maplibregl.Map({ container, style });
 */
export function buildStyle(theme: Theme, catalogue: readonly StyleLayerEntry[], options: BuildStyleOptions): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {
    [TOWN_SOURCE]: { type: 'geojson', data: townCollection(catalogue, options), attribution: options.attribution } satisfies GeoJSONSourceSpecification,
  };
  const isVisible = (entry: StyleLayerEntry) => (options.visible ? options.visible.has(entry.id) : entry.visible);
  const strategy = catalogue.filter((e) => e.role === 'strategy');
  const shown = {
    context: catalogue.filter((e) => e.role === 'context' && isVisible(e)).map((e) => e.id),
    strategy: strategy.filter(isVisible).map((e) => e.id),
  };

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
  layers.push(...contextLayers(theme, shown.context));
  layers.push(...districtLayers(theme));
  layers.push(...boundaryLineLayers(theme));
  // Strategy geometry in drawing order: areas under routes under points.
  layers.push(...strategyLayers(theme, strategy, shown.strategy));
  layers.push(...selectionLayers(theme));
  layers.push(districtLabelLayer(theme));
  layers.push(...contextLabelLayers(theme, shown.context));
  layers.push(...strategyLabelLayers(theme, shown.strategy));

  const look = options.projector;
  const name = look ? `kp-${theme.name}-projector` : `kp-${theme.name}`;
  // The catalogue layers this style draws, for whoever reads the style (tests, exports).
  const metadata = { [META_CATALOGUE]: catalogue.map((e) => e.id) };
  return { version: 8, name, metadata, glyphs: options.glyphs, sources, layers: look ? layers.map((l) => projectorLayer(l, look)) : layers };
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

function boundaryFillLayers(theme: Theme, basemap: boolean): LayerSpecification[] {
  return [
    {
      id: 'boundary-fill',
      type: 'fill',
      source: TOWN_SOURCE,
      filter: partIs('boundary'),
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
      source: TOWN_SOURCE,
      filter: partIs('boundary'),
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
      source: TOWN_SOURCE,
      filter: partIs('district'),
      metadata: meta(null, 'district'),
      paint: { 'fill-color': theme.boundaryFill, 'fill-opacity': 0 },
    },
    {
      id: CHOROPLETH_LAYER,
      type: 'fill',
      source: TOWN_SOURCE,
      filter: partIs('district'),
      metadata: meta(null, 'choropleth'),
      layout: { visibility: 'none' },
      paint: { 'fill-color': theme.choroplethNoData, 'fill-opacity': 0.6 },
    },
    {
      id: 'districts-selected',
      type: 'line',
      source: TOWN_SOURCE,
      metadata: meta(null, 'district-selected'),
      filter: districtSelectedFilter(null),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': theme.selected, 'line-width': 3, 'line-opacity': 0.8 },
    },
    {
      id: 'districts-line',
      type: 'line',
      source: TOWN_SOURCE,
      filter: partIs('district'),
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
    source: TOWN_SOURCE,
    filter: partIs('district-label'),
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


function categoryIn(...categories: string[]): ExpressionSpecification {
  return ['in', ['get', 'category'], ['literal', categories]];
}

function contextLayers(theme: Theme, shown: readonly string[]): LayerSpecification[] {
  const c = (part: string, l: Parameters<typeof roleLayer>[3]) => roleLayer('context', part, shown, l);
  return [
    c('context', {
      id: 'context--water',
      type: 'fill',
      filter: ['all', POLYGON, categoryIn('water')],
      paint: { 'fill-color': theme.water, 'fill-outline-color': theme.waterLine },
    }),
    c('context', {
      id: 'context--river',
      type: 'line',
      filter: ['all', LINE, categoryIn('river', 'water')],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': theme.river, 'line-width': widthByZoom(1.6) },
    }),
    c('context', {
      id: 'context--road-casing',
      type: 'line',
      filter: ['all', LINE, categoryIn('road', 'road-main')],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'category'], 'road-main', theme.roadMainCasing, theme.roadCasing],
        'line-width': roadWidth(3.4, 2.2),
      },
    }),
    c('context', {
      id: 'context--road',
      type: 'line',
      filter: ['all', LINE, categoryIn('road', 'road-main')],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['match', ['get', 'category'], 'road-main', theme.roadMain, theme.road],
        'line-width': roadWidth(2.4, 1.4),
      },
    }),
    c('context', {
      id: 'context--railway',
      type: 'line',
      filter: ['all', LINE, categoryIn('railway')],
      paint: { 'line-color': theme.railway, 'line-width': widthByZoom(1.8) },
    }),
    c('context', {
      id: 'context--railway-dash',
      type: 'line',
      filter: ['all', LINE, categoryIn('railway')],
      paint: { 'line-color': theme.railwayDash, 'line-width': widthByZoom(1), 'line-dasharray': [3, 3] },
    }),
    c('context', {
      id: 'context--landmark',
      type: 'circle',
      filter: POINT,
      paint: { 'circle-color': theme.landmark, 'circle-radius': 3, 'circle-stroke-color': theme.labelHalo, 'circle-stroke-width': 1 },
    }),
  ];
}

function contextLabelLayers(theme: Theme, shown: readonly string[]): LayerSpecification[] {
  return [
    // Street names along the line, as on any town map; only from street level, where they fit.
    roleLayer('context', 'label', shown, {
      id: 'context--road-label',
      type: 'symbol',
      filter: ['all', LINE, categoryIn('road', 'road-main'), ['!', ['in', 'bez nazwy', ['get', 'name']]]],
      minzoom: 14,
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': FONT_REGULAR,
        'text-size': ['interpolate', ['linear'], ['zoom'], 14, 11, 17, 14],
        'symbol-spacing': 300,
        'text-max-angle': 30,
        'text-padding': 2,
      },
      paint: { 'text-color': theme.text, 'text-halo-color': theme.labelHalo, 'text-halo-width': 1.6 },
    }),
    roleLayer('context', 'label', shown, {
      id: 'context--landmark-label',
      type: 'symbol',
      filter: POINT,
      minzoom: 13,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_REGULAR,
        'text-size': 11,
        'text-offset': [0, 0.9],
        'text-anchor': 'top',
        'text-max-width': 9,
        'text-optional': true,
      },
      paint: { 'text-color': theme.landmark, 'text-halo-color': theme.labelHalo, 'text-halo-width': 1.2 },
    }),
  ];
}

/** Strategy geometry of every layer, coloured by its layer's legend: areas, then routes, then points. */
function strategyLayers(theme: Theme, strategy: readonly StyleLayerEntry[], shown: readonly string[]): LayerSpecification[] {
  const colour = legendColour(strategy, theme.landmark);
  const s = (l: Parameters<typeof roleLayer>[3]) => roleLayer('strategy', 'strategy', shown, l);
  return [
    s({ id: 'strategy--fill', type: 'fill', filter: POLYGON, paint: { 'fill-color': colour, 'fill-opacity': 0.35 } }),
    s({ id: 'strategy--outline', type: 'line', filter: POLYGON, layout: { 'line-join': 'round' }, paint: { 'line-color': colour, 'line-width': 2 } }),
    s({
      id: 'strategy--casing',
      type: 'line',
      filter: LINE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': theme.routeCasing, 'line-width': widthByZoom(6) },
    }),
    s({
      id: 'strategy--line',
      type: 'line',
      filter: LINE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': colour, 'line-width': widthByZoom(3.5) },
    }),
    s({
      id: 'strategy--circle',
      type: 'circle',
      filter: POINT,
      paint: {
        'circle-color': colour,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 16, 9],
        'circle-stroke-color': theme.labelHalo,
        'circle-stroke-width': 1.5,
      },
    }),
  ];
}

/** Highlight of the selected strategy feature(s): the map view sets their filter to the selected ids. */
function selectionLayers(theme: Theme): LayerSpecification[] {
  const s = (l: Parameters<typeof roleLayer>[3]) => roleLayer('strategy', 'selected', [], l);
  return [
    s({ id: 'strategy--selected-fill', type: 'line', filter: POLYGON, layout: { 'line-join': 'round' }, paint: { 'line-color': theme.selected, 'line-width': 4 } }),
    s({
      id: 'strategy--selected-line',
      type: 'line',
      filter: LINE,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': theme.selected, 'line-width': widthByZoom(3), 'line-gap-width': widthByZoom(3.5) },
    }),
    s({
      id: 'strategy--selected-circle',
      type: 'circle',
      filter: POINT,
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 8, 16, 14],
        'circle-stroke-color': theme.selected,
        'circle-stroke-width': 3,
      },
    }),
  ];
}

function strategyLabelLayers(theme: Theme, shown: readonly string[]): LayerSpecification[] {
  const text: ExpressionSpecification = ['coalesce', ['get', 'label'], ['get', 'name']];
  const paint = { 'text-color': theme.text, 'text-halo-color': theme.labelHalo, 'text-halo-width': 1.6 };
  const l = (layer: Parameters<typeof roleLayer>[3]) => roleLayer('strategy', 'label', shown, layer);
  return [
    l({
      id: 'strategy--route-label',
      type: 'symbol',
      filter: LINE,
      layout: {
        'symbol-placement': 'line',
        'text-field': text,
        'text-font': FONT_BOLD,
        'text-size': ['interpolate', ['linear'], ['zoom'], 12, 11, 16, 14],
        'text-offset': [0, -1.1],
        'symbol-spacing': 400,
        'text-max-angle': 35,
      },
      paint,
    }),
    l({
      id: 'strategy--point-label',
      type: 'symbol',
      filter: POINT,
      minzoom: 12.5,
      layout: {
        'text-field': text,
        'text-font': FONT_REGULAR,
        'text-size': 12,
        'text-offset': [0, 1],
        'text-anchor': 'top',
        'text-max-width': 10,
        'text-optional': true,
      },
      paint,
    }),
    l({
      id: 'strategy--area-label',
      type: 'symbol',
      filter: POLYGON,
      minzoom: 13,
      layout: {
        'text-field': text,
        'text-font': FONT_REGULAR,
        'text-size': 12,
        'text-max-width': 10,
        'text-optional': true,
      },
      paint,
    }),
  ];
}

/** Ids of the style layers of a role (parts: context/strategy geometry, labels, selection). */
export function styleLayerIdsOf(style: StyleSpecification, role: Role, parts: readonly string[] = ['context', 'strategy', 'label']): string[] {
  return style.layers
    .filter((l) => {
      const md = l.metadata as Record<string, string> | undefined;
      return md?.[META_ROLE] === role && parts.includes(md[META_PART] ?? '');
    })
    .map((l) => l.id);
}
