import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { attributionsFor } from '../../styles/attribution.ts';
import { TOWN_SOURCE, buildStyle, type StyleLayerEntry, type Theme } from '../../styles/build-style.ts';
import theme from '../../styles/themes/default.json';
import { LayerEntry } from '../../server/packs/schema.ts';

const ODBL = { id: 'ODbL-1.0', title: 'Open Database License 1.0', url: 'https://opendatacommons.org/licenses/odbl/1-0/', attribution: '© OpenStreetMap contributors (ODbL)' };
const CC0 = { id: 'CC0-1.0', title: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/', attribution: 'Kolej: PLRailMap, CC0' };
const layers = [
  { id: 'streets', license: ODBL },
  { id: 'water', license: ODBL },
  { id: 'rail', license: CC0 },
  { id: 'drawn' },
];

describe('map attribution', () => {
  it('adds "© OpenStreetMap contributors (ODbL)" once while any OSM layer is visible, and drops it when none is', () => {
    expect(attributionsFor('Treść: strategia', layers, new Set(['streets', 'water', 'drawn']))).toEqual(['Treść: strategia', '© OpenStreetMap contributors (ODbL)']);
    expect(attributionsFor('Treść: strategia', layers, new Set(['rail', 'drawn']))).toEqual(['Treść: strategia', 'Kolej: PLRailMap, CC0']);
    expect(attributionsFor('Treść: strategia', layers, new Set(['drawn']))).toEqual(['Treść: strategia']);
  });

  it('puts no licence attribution on the merged sources: the map view shows it from the shown layers', () => {
    const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
    const catalogue: StyleLayerEntry[] = [
      { id: 'streets', role: 'context', kind: 'route', legend: { color: '#f3c26b' }, visible: true, license: ODBL },
      { id: 'drawn', role: 'context', kind: 'route', legend: { color: '#6baed6' }, visible: true },
    ];
    const style = buildStyle(theme as Theme, catalogue, { glyphs: '/glyphs/v/{fontstack}/{range}.pbf', boundary: empty, districts: empty, districtLabels: empty, layers: { streets: empty, drawn: empty } });
    expect((style.sources[TOWN_SOURCE] as { attribution?: string }).attribution).toBeUndefined();
    // Street names are drawn along the line.
    const label = style.layers.find((l) => l.id === 'context--road-label') as { layout: Record<string, unknown> } | undefined;
    expect(label?.layout['symbol-placement']).toBe('line');
    expect(label?.layout['text-field']).toEqual(['get', 'name']);
  });
});

describe('layer licence in the manifest', () => {
  const entry = { id: 'streets', title: 'Ulice', role: 'context', kind: 'route', file: 'layers/streets.geojson', legend: { color: '#f3c26b' } };
  it('is optional and validated: an id, a title, a URL and the attribution to show', () => {
    expect(LayerEntry.safeParse(entry).success).toBe(true);
    expect(LayerEntry.safeParse({ ...entry, license: ODBL }).success).toBe(true);
    const bad = LayerEntry.safeParse({ ...entry, license: { ...ODBL, url: 'not a url' } });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0]!.path).toEqual(['license', 'url']);
    expect(LayerEntry.safeParse({ ...entry, license: { id: 'ODbL-1.0', title: 'x', url: ODBL.url } }).success).toBe(false);
  });
});
