import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection } from 'geojson';
import { featureFilter, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import path from 'node:path';
import {
  LAYER_PROP,
  META_FILTER,
  META_PART,
  META_ROLE,
  PART_PROP,
  TOWN_SOURCE,
  buildStyle,
  districtSelectedFilter,
  selectedFilter,
  shownFilter,
  styleLayerIdsOf,
  townCollection,
  type StyleLayerEntry,
  type Theme,
} from '../../styles/build-style.ts';
import { loadPack } from '../../server/packs/load-packs.ts';
import { declaredKmOf, routeLabel, withRouteLabels } from '../../styles/labels.ts';
import theme from '../../styles/themes/default.json';

const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
const catalogue: StyleLayerEntry[] = [
  { id: 'podklad', role: 'context', kind: 'mixed', legend: { color: '#888888' }, visible: true },
  { id: 'trasy-rowerowe', role: 'strategy', kind: 'route', legend: { color: '#1a9641' }, visible: true },
  { id: 'park-przemyslowy', role: 'strategy', kind: 'area', legend: { color: '#7b3294' }, visible: true },
  { id: 'zalew', role: 'strategy', kind: 'point', legend: { color: '#2b83ba' }, visible: false },
  { id: 'mieszane', role: 'strategy', kind: 'mixed', legend: { color: '#d7191c' }, visible: true },
];
const options = {
  glyphs: '/glyphs/v1/{fontstack}/{range}.pbf',
  boundary: empty,
  districts: empty,
  districtLabels: empty,
  layers: Object.fromEntries(catalogue.map((l) => [l.id, empty])),
};

function styles() {
  return [
    buildStyle(theme as Theme, catalogue, options),
    buildStyle(theme as Theme, catalogue, { ...options, basemap: { type: 'raster', tiles: ['https://tile.example/{z}/{x}/{y}.png'], attribution: '© OSM', maxzoom: 19 } }),
  ];
}

/** Every string value in paint/layout that looks like a colour. */
function colours(layer: LayerSpecification): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string' && /^(#|rgb|hsl)/i.test(v)) out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk((layer as { paint?: unknown }).paint);
  return out;
}

describe('buildStyle', () => {
  it('every layer uses a source that exists', () => {
    for (const style of styles()) {
      for (const layer of style.layers) {
        if ('source' in layer && layer.source) expect(style.sources, layer.id).toHaveProperty([layer.source as string]);
      }
    }
  });

  it('validates against the MapLibre style spec', () => {
    for (const style of styles()) expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
  });

  it('layer ids are unique', () => {
    for (const style of styles()) {
      const ids = style.layers.map((l) => l.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('colours are lower-case hex (or fully transparent rgba)', () => {
    for (const style of styles()) {
      for (const layer of style.layers) {
        for (const c of colours(layer)) {
          expect(c === 'rgba(0,0,0,0)' || /^#[0-9a-f]{6}$/.test(c), `${layer.id}: ${c}`).toBe(true);
        }
      }
    }
  });

  it('the theme itself is lower-case hex', () => {
    for (const [k, v] of Object.entries(theme)) {
      if (k === 'name') continue;
      for (const c of [v].flat()) expect(c, k).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it('text appears only in symbol layers', () => {
    for (const style of styles()) {
      for (const layer of style.layers) {
        const layout = (layer as { layout?: Record<string, unknown> }).layout ?? {};
        const hasText = Object.keys(layout).some((k) => k.startsWith('text-'));
        if (hasText) expect(layer.type, layer.id).toBe('symbol');
      }
    }
  });

  it('draws the whole town from one source, each feature tagged with its part (and its catalogue layer)', () => {
    const [style] = styles();
    expect(Object.keys(style!.sources)).toEqual([TOWN_SOURCE]);
    expect(styleLayerIdsOf(style!, 'context').length).toBeGreaterThan(0);
    expect(styleLayerIdsOf(style!, 'strategy').length).toBeGreaterThan(0);
    const point = (id: string) => ({ type: 'Feature' as const, properties: { id }, geometry: { type: 'Point' as const, coordinates: [22, 51] } });
    const fc = (...ids: string[]) => ({ type: 'FeatureCollection' as const, features: ids.map(point) });
    const town = townCollection(catalogue, {
      boundary: fc('town'),
      districts: fc('d1'),
      districtLabels: fc('d1'),
      layers: { podklad: fc('ctx'), 'trasy-rowerowe': fc('a'), zalew: fc('b', 'c') },
    });
    // Parts in drawing order; context before strategy whatever the catalogue order; strategy layers in catalogue order.
    expect(town.features.map((f) => [f.properties?.id, f.properties?.[PART_PROP], f.properties?.[LAYER_PROP]])).toEqual([
      ['town', 'boundary', undefined],
      ['d1', 'district', undefined],
      ['d1', 'district-label', undefined],
      ['ctx', 'context', 'podklad'],
      ['a', 'strategy', 'trasy-rowerowe'],
      ['b', 'strategy', 'zalew'],
      ['c', 'strategy', 'zalew'],
    ]);
  });

  it('each style layer draws only its own part of the town source, even where ids repeat across parts', () => {
    const style = buildStyle(theme as Theme, catalogue, options);
    // One id everywhere: a district, its label point, a context and a strategy feature.
    const feature = (part: string, type: 'Point' | 'Polygon' | 'LineString', layer?: string) => ({
      type: ['Point', 'LineString', 'Polygon'].indexOf(type) + 1,
      properties: { id: 'same', [PART_PROP]: part, ...(layer ? { [LAYER_PROP]: layer } : {}), name: 'X', category: 'road' },
    });
    const features = [
      feature('boundary', 'Polygon'),
      feature('district', 'Polygon'),
      feature('district-label', 'Point'),
      feature('context', 'LineString', 'podklad'),
      feature('context', 'Point', 'podklad'),
      feature('strategy', 'Polygon', 'park-przemyslowy'),
      feature('strategy', 'LineString', 'trasy-rowerowe'),
      feature('strategy', 'Point', 'mieszane'),
    ];
    const partOf = (l: LayerSpecification): string => {
      const md = (l.metadata ?? {}) as Record<string, string>;
      if (md[META_ROLE]) return md[META_ROLE]!;
      if (l.id.startsWith('boundary')) return 'boundary';
      return l.id === 'districts-label' ? 'district-label' : 'district';
    };
    const drawn = (l: LayerSpecification, filter: unknown) => {
      const f = featureFilter(filter as never, `layers[${style.layers.indexOf(l)}].filter`);
      return features.filter((x) => f.filter({ zoom: 14 }, x as never)).map((x) => x.properties[PART_PROP]);
    };
    let checked = 0;
    for (const l of style.layers) {
      if (!('source' in l) || l.source !== TOWN_SOURCE) continue;
      // Selection layers with the shared id selected: still only their own part.
      const md = (l.metadata ?? {}) as Record<string, unknown>;
      const filter = md[META_PART] === 'selected' ? selectedFilter(md[META_FILTER] as never, ['same']) : l.id === 'districts-selected' ? districtSelectedFilter('same') : (l as { filter?: unknown }).filter;
      const parts = new Set(drawn(l, filter));
      expect([...parts], l.id).toEqual(parts.size ? [partOf(l)] : []);
      if (parts.size) checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('colours strategy features by their layer legend in one style layer per kind', () => {
    const [style] = styles();
    const fill = style!.layers.find((l) => l.id === 'strategy--fill') as { paint: Record<string, unknown>; source: string };
    expect(fill.source).toBe(TOWN_SOURCE);
    expect(fill.paint['fill-color']).toEqual(['match', ['get', LAYER_PROP], 'trasy-rowerowe', '#1a9641', 'park-przemyslowy', '#7b3294', 'zalew', '#2b83ba', 'mieszane', '#d7191c', theme.landmark]);
    const types = new Set(style!.layers.filter((l) => (l.metadata as Record<string, string>)[META_ROLE] === 'strategy' && (l.metadata as Record<string, string>)[META_PART] === 'strategy').map((l) => l.type));
    expect([...types].sort()).toEqual(['circle', 'fill', 'line']);
  });

  it('filters shown layers in, hidden ones out; a role with none shown is hidden outright', () => {
    const [style] = styles();
    const circle = style!.layers.find((l) => l.id === 'strategy--circle') as { filter: unknown; metadata: Record<string, unknown>; layout: { visibility: string } };
    // zalew starts hidden (visible: false); the others are shown.
    expect(circle.filter).toEqual(shownFilter(circle.metadata[META_FILTER] as never, ['trasy-rowerowe', 'park-przemyslowy', 'mieszane']));
    expect(circle.layout.visibility).toBe('visible');
    const none = buildStyle(theme as Theme, catalogue, { ...options, visible: new Set(['trasy-rowerowe']) });
    const contextLayers = none.layers.filter((x) => (x.metadata as Record<string, string> | undefined)?.[META_ROLE] === 'context');
    expect(contextLayers.length).toBeGreaterThan(3);
    for (const l of contextLayers) {
      expect((l as { layout?: { visibility?: string } }).layout?.visibility, l.id).toBe('none');
    }
    const choropleth = style!.layers.find((l) => l.id === 'districts-choropleth') as { layout?: { visibility?: string } };
    expect(choropleth.layout?.visibility).toBe('none');
  });

  it('selection layers match nothing until the map view selects ids', () => {
    const [style] = styles();
    const sel = style!.layers.filter((l) => (l.metadata as Record<string, string>)[META_PART] === 'selected');
    expect(sel.map((l) => l.type).sort()).toEqual(['circle', 'line', 'line']);
    for (const l of sel) expect((l as { filter: unknown }).filter).toEqual(selectedFilter((l.metadata as Record<string, never>)[META_FILTER], ['__none__']));
    expect(selectedFilter(undefined, ['a', 'b'])).toEqual(['in', ['get', 'id'], ['literal', ['a', 'b']]]);
  });

  it('symbol layers use the bundled glyphs and their font names', () => {
    const [style] = styles();
    expect(style!.glyphs).toBe('/glyphs/v1/{fontstack}/{range}.pbf');
    const fonts = new Set(style!.layers.flatMap((l) => ((l as { layout?: Record<string, unknown> }).layout?.['text-font'] as string[] | undefined) ?? []));
    expect([...fonts].sort()).toEqual(['Noto Sans Bold', 'Noto Sans Regular']);
  });

  it.each(['krasnik', 'kalisz'])('stays lean for %s with every layer shown: at most 30 style layers, one source', async (town) => {
    const pack = await loadPack(path.join(import.meta.dirname, '..', '..', 'data', town));
    const layers = [...pack.layers.values()].map((l) => l.entry);
    const all = new Set(layers.map((l) => l.id));
    const style = buildStyle(theme as Theme, layers, { ...options, layers: {}, visible: all });
    expect(layers.length).toBeGreaterThan(3);
    expect(style.layers.length).toBeLessThanOrEqual(30);
    expect(Object.keys(style.sources)).toEqual([TOWN_SOURCE]);
    expect(style.layers.filter((l) => l.type === 'symbol').length).toBeLessThanOrEqual(6);
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
  });

  it('the basemap goes under everything but the background', () => {
    const [, withBasemap] = styles();
    expect(withBasemap!.layers[0]!.id).toBe('background');
    expect(withBasemap!.layers[1]!.id).toBe('basemap');
  });
});

describe('route labels', () => {
  it('uses a Polish decimal comma', () => {
    expect(routeLabel('ul. Urzędowska', 4.55)).toBe('ul. Urzędowska · 4,55 km');
    expect(routeLabel('ul. Lubelska', null)).toBe('ul. Lubelska');
  });

  it('reads the declared km from figures', () => {
    expect(declaredKmOf({ figures: [{ value: 2, unit: 'szt.' }, { value: 2.46, unit: 'km' }] })).toBe(2.46);
    expect(declaredKmOf({ figures: [] })).toBeNull();
  });

  it('labels line features, falling back to the measured length', () => {
    const fc = withRouteLabels(
      {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', id: 'a', geometry: { type: 'LineString', coordinates: [[22, 50], [22.1, 50]] }, properties: { name: 'A', figures: [{ value: 0.5, unit: 'km' }] } },
          { type: 'Feature', id: 'b', geometry: { type: 'LineString', coordinates: [[22, 50], [22.1, 50]] }, properties: { name: 'B', figures: [] } },
          { type: 'Feature', id: 'c', geometry: { type: 'Point', coordinates: [22, 50] }, properties: { name: 'C' } },
        ],
      },
      () => 7.123,
    );
    expect(fc.features.map((f) => f.properties.label)).toEqual(['A · 0,50 km', 'B · 7,12 km', undefined]);
  });
});
