import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection } from 'geojson';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { buildStyle, META_LAYER, sourceIdOf, styleLayerIdsOf, type StyleLayerEntry, type Theme } from '../../styles/build-style.ts';
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
  glyphs: 'kpglyphs://{fontstack}/{range}',
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

  it('every catalogue layer has a source and style layers', () => {
    const [style] = styles();
    for (const entry of catalogue) {
      expect(style!.sources).toHaveProperty([sourceIdOf(entry.id)]);
      expect(styleLayerIdsOf(style!, entry.id).length, entry.id).toBeGreaterThan(0);
    }
  });

  it('draws layers by kind', () => {
    const [style] = styles();
    const typesOf = (id: string) => new Set(style!.layers.filter((l) => (l.metadata as Record<string, string> | undefined)?.[META_LAYER] === id).map((l) => l.type));
    expect([...typesOf('trasy-rowerowe')].sort()).toEqual(['line', 'symbol']);
    expect(typesOf('park-przemyslowy').has('fill')).toBe(true);
    expect(typesOf('zalew').has('circle')).toBe(true);
  });

  it('hidden catalogue layers start hidden; the choropleth starts hidden', () => {
    const [style] = styles();
    const zalew = style!.layers.filter((l) => (l.metadata as Record<string, string> | undefined)?.[META_LAYER] === 'zalew' && (l.metadata as Record<string, string>)['kp:part'] !== 'selected');
    for (const l of zalew) expect((l as { layout?: { visibility?: string } }).layout?.visibility, l.id).toBe('none');
    const choropleth = style!.layers.find((l) => l.id === 'districts-choropleth') as { layout?: { visibility?: string } };
    expect(choropleth.layout?.visibility).toBe('none');
  });

  it('symbol layers use the local glyphs', () => {
    const [style] = styles();
    expect(style!.glyphs).toBe('kpglyphs://{fontstack}/{range}');
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
