import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { buildStyle, type StyleLayerEntry, type Theme } from '../../styles/build-style.ts';
import { glyphRangeUrl, glyphRangesFor } from '../../styles/glyph-ranges.ts';
import theme from '../../styles/themes/default.json';

const catalogue: StyleLayerEntry[] = [
  { id: 'roads', role: 'context', kind: 'route', legend: { color: '#888888' }, visible: true },
  { id: 'routes', role: 'strategy', kind: 'route', legend: { color: '#1a9641' }, visible: true },
  { id: 'spots', role: 'strategy', kind: 'point', legend: { color: '#2b83ba' }, visible: true },
  { id: 'parks', role: 'strategy', kind: 'area', legend: { color: '#7b3294' }, visible: true },
  { id: 'hidden', role: 'strategy', kind: 'point', legend: { color: '#d7191c' }, visible: false },
];
const fc = (...features: Feature[]): FeatureCollection => ({ type: 'FeatureCollection', features });
const at = (name: string, geometry: Geometry, extra: Record<string, unknown> = {}): Feature => ({ type: 'Feature', properties: { id: name, name, ...extra }, geometry });
const pt: Geometry = { type: 'Point', coordinates: [22, 51] };
const line: Geometry = { type: 'LineString', coordinates: [[22, 51], [22.01, 51]] };
const area: Geometry = { type: 'Polygon', coordinates: [[[22, 51], [22.01, 51], [22.01, 51.01], [22, 51]]] };

const style = buildStyle(theme as Theme, catalogue, {
  glyphs: 'https://x/glyphs/v1/{fontstack}/{range}.pbf',
  boundary: fc(),
  // District names are drawn upper-case: "ś" asks for "Ś", both in 256–511.
  districts: fc(),
  districtLabels: fc(at('Śródmieście', pt)),
  layers: {
    // Road names only from z14.
    roads: fc(at('ul. Ωmega', line, { category: 'road' })),
    // Route labels (bold) use `label` before `name`; a polygon of the same layer is not a route label.
    routes: fc(at('Trasa', line, { label: 'Trasa · 1,5 km' }), at('Pas – zieleń', area)),
    // Point labels from z12.5 (a z12 tile lays them out), area labels from z13.
    spots: fc(at('Źródło „Zdrój”', pt)),
    parks: fc(at('Park Ǆ', area)),
    hidden: fc(at('Ж', pt)),
  },
});
const names = (zoom: number) => glyphRangesFor(style, zoom).map((r) => `${r.fontstack}/${r.start}`);

describe('glyphRangesFor', () => {
  it('names the blocks of each font the labels laid out at the view\'s zoom can ask for', () => {
    expect(names(12.4)).toEqual(['Noto Sans Bold/0', 'Noto Sans Bold/256', 'Noto Sans Regular/0', 'Noto Sans Regular/256', 'Noto Sans Regular/8192']);
  });

  it('follows the layers\' zoom ranges as MapLibre lays tiles out (a minzoom of 12.5 counts from 12)', () => {
    expect(names(11.9)).toEqual(['Noto Sans Bold/0', 'Noto Sans Bold/256']);
    // Area labels from 13 ("Ǆ" is in 256–511 too); road names (Greek Ω, 768–1023) from 14.
    expect(names(13.2)).toEqual(names(12.4));
    expect(names(14)).toContain('Noto Sans Regular/768');
    expect(names(13.9)).not.toContain('Noto Sans Regular/768');
  });

  it('leaves out hidden layers and features the label layer\'s filter drops (a polygon is no route label)', () => {
    // "Ж" (1024–1279) is only in a hidden layer; "–" (8192) only in a polygon's name, which the bold route labels do not draw.
    expect(names(16).some((n) => n.endsWith('/1024'))).toBe(false);
    expect(names(16)).not.toContain('Noto Sans Bold/8192');
  });

  it('makes the URL MapLibre asks for', () => {
    expect(glyphRangeUrl(style.glyphs!, { fontstack: 'Noto Sans Bold', start: 256 })).toBe('https://x/glyphs/v1/Noto Sans Bold/256-511.pbf');
  });
});
