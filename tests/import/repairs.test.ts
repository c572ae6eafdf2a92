import { describe, expect, it } from 'vitest';
import { repairGeometry } from '../../server/import/repair-feature.ts';
import { normalizeGeometry } from '../../server/import/normalize-geometry.ts';
import { geojsonFile, strategyProps } from './make-files.ts';
import { importInto, ok } from './helpers.ts';
import { importLineMessage, type ImportLine } from '../../server/http/import-line-messages.ts';

/** A repair or normalisation result with its lines in the CLI's English (what the report prints). */
function english<R extends { repairs?: ImportLine[]; reason?: ImportLine }>(r: R) {
  const { repairs, reason, ...rest } = r;
  return { ...rest, ...(repairs ? { repairs: repairs.map((l) => importLineMessage(l)) } : {}), ...(reason ? { reason: importLineMessage(reason) } : {}) };
}
/** Report items without the data twins of their English lines. */
const wordsOnly = (items: { repairLines?: unknown; reasonLines?: unknown }[]) => items.map(({ repairLines: _r, reasonLines: _s, ...rest }) => rest);

// Repairs are reported per feature; what cannot be repaired is refused with the reason.
const ring = [
  [22.006, 50.901],
  [22.011, 50.901],
  [22.011, 50.904],
  [22.006, 50.904],
  [22.006, 50.901],
];

describe('repairGeometry', () => {
  it('closes an open ring, drops duplicate vertices and rewinds a clockwise outer ring', () => {
    const open = [ring[0], ring[0], ring[3], ring[2], ring[2], ring[1]]; // clockwise, not closed, two duplicates
    const r = english(repairGeometry({ type: 'Polygon', coordinates: [open as number[][]] }, 'area'));
    expect(r).toEqual({
      ok: true,
      geometry: { type: 'Polygon', coordinates: [[ring[0], ring[1], ring[2], ring[3], ring[0]]] },
      repairs: ['dropped 2 duplicate vertices', 'closed 1 ring', 'fixed the winding of 1 ring (RFC 7946: outer rings counter-clockwise, holes clockwise)'],
    });
  });

  it('makes a Point of a one-point MultiPoint, refuses a MultiPoint of several', () => {
    expect(english(repairGeometry({ type: 'MultiPoint', coordinates: [[22.01, 50.905]] }, 'point'))).toEqual({ ok: true, geometry: { type: 'Point', coordinates: [22.01, 50.905] }, repairs: ['made a Point of a one-point MultiPoint'] });
    expect(english(repairGeometry({ type: 'MultiPoint', coordinates: [[22.01, 50.905], [22.02, 50.905]] }, 'point'))).toMatchObject({ ok: false, reason: 'a MultiPoint of 2 points; the pack has no MultiPoint: import them as separate point features' });
  });

  it('refuses a self-intersecting polygon and says where it crosses itself', () => {
    const bowtie = [[22.0, 50.9], [22.01, 50.91], [22.01, 50.9], [22.0, 50.91], [22.0, 50.9]];
    expect(english(repairGeometry({ type: 'Polygon', coordinates: [bowtie] }, 'area'))).toMatchObject({ ok: false, reason: 'the polygon intersects itself at [22.005, 50.905]' });
  });

  it('refuses too few distinct positions, a flat ring, and a type the layer kind does not take', () => {
    expect(english(repairGeometry({ type: 'LineString', coordinates: [[22, 50.9], [22, 50.9]] }, 'route'))).toMatchObject({ ok: false, reason: 'the line has fewer than 2 distinct positions', repairs: ['dropped 1 duplicate vertex'] });
    expect(english(repairGeometry({ type: 'Polygon', coordinates: [[[22, 50.9], [22.01, 50.9], [22, 50.9]]] }, 'area'))).toMatchObject({ ok: false, reason: 'the outer ring has fewer than 3 distinct positions' });
    expect(english(repairGeometry({ type: 'Polygon', coordinates: [[[22, 50.9], [22.01, 50.9], [22.02, 50.9], [22, 50.9]]] }, 'area'))).toMatchObject({ ok: false, reason: 'the outer ring encloses no area (its positions lie on one line)' });
    expect(english(repairGeometry({ type: 'Point', coordinates: [22, 50.9] }, 'route'))).toMatchObject({ ok: false, reason: 'a Point is not allowed in a layer of kind "route" (it takes LineString, MultiLineString)' });
    expect(english(repairGeometry({ type: 'Point', coordinates: [22, 50.9] }, 'mixed'))).toMatchObject({ ok: true });
  });
});

describe('normalizeGeometry', () => {
  it('drops Z/M, merges a one-dimension GeometryCollection, refuses mixed ones, empty and malformed geometry', () => {
    expect(english(normalizeGeometry({ type: 'LineString', coordinates: [[1, 2, 3, 4], [5, 6, 7, 8]] }))).toEqual({ ok: true, geometry: { type: 'LineString', coordinates: [[1, 2], [5, 6]] }, repairs: ['dropped Z/M values'] });
    expect(english(normalizeGeometry({ type: 'GeometryCollection', geometries: [{ type: 'LineString', coordinates: [[1, 2], [3, 4]] }, { type: 'LineString', coordinates: [[5, 6], [7, 8]] }] }))).toEqual({
      ok: true,
      geometry: { type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]] },
      repairs: ['GeometryCollection of 2 merged into a MultiLineString'],
    });
    expect(english(normalizeGeometry({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[1, 2], [3, 4]] }] }))).toEqual({ ok: false, reason: 'GeometryCollection mixes Point, LineString; split it into one feature per geometry type' });
    expect(english(normalizeGeometry(null))).toEqual({ ok: false, reason: 'empty geometry (the feature has no coordinates)' });
    expect(english(normalizeGeometry({ type: 'Polygon', coordinates: [] }))).toEqual({ ok: false, reason: 'empty geometry (Polygon without coordinates)' });
    expect(english(normalizeGeometry({ type: 'Point', coordinates: ['22', 50] }))).toEqual({ ok: false, reason: 'Point: position ["22",50] is not a pair of finite numbers' });
    expect(english(normalizeGeometry({ type: 'Circle', coordinates: [1, 2] }))).toEqual({ ok: false, reason: 'unknown geometry type "Circle"' });
  });
});

describe('per-feature report of an import', () => {
  it('lists accepted, repaired and refused features with ids, sources, repairs and reasons', async () => {
    const bytes = geojsonFile([
      { geometry: { type: 'Polygon', coordinates: [ring] }, properties: strategyProps('Dobry') },
      { geometry: { type: 'Polygon', coordinates: [[...ring].reverse().slice(0, -1)] }, properties: strategyProps('Naprawiony') },
      { geometry: { type: 'Polygon', coordinates: [[[22.0, 50.9], [22.01, 50.91], [22.01, 50.9], [22.0, 50.91], [22.0, 50.9]]] }, properties: strategyProps('Motylek') },
      { geometry: null, properties: strategyProps('Pusty') },
      { geometry: { type: 'Polygon', coordinates: [ring] }, properties: { NAZWA: 'Bez opisu' } },
      { geometry: { type: 'Polygon', coordinates: [ring] }, properties: strategyProps('Zły cel', { CEL: 'IV.9, I.1' }) },
    ]);
    const out = ok(await importInto('parks', [{ name: 'parki.geojson', bytes }], { map: { name: 'NAZWA', description: 'OPIS', goals: 'CEL' } }));
    expect(out.report).toMatchObject({ total: 6, accepted: 1, repaired: 1, refused: 4, warnings: [] });
    expect(wordsOnly(out.report.items)).toEqual([
      { id: 'parks-1', source: 'parki.geojson #1', valid: true, status: 'accepted', repairs: [] },
      { id: 'parks-2', source: 'parki.geojson #2', valid: true, status: 'repaired', repairs: ['closed 1 ring', 'fixed the winding of 1 ring (RFC 7946: outer rings counter-clockwise, holes clockwise)'] },
      { id: 'parks-3', source: 'parki.geojson #3', valid: false, status: 'refused', repairs: [], reason: 'the polygon intersects itself at [22.005, 50.905]' },
      { id: 'parks-4', source: 'parki.geojson #4', valid: false, status: 'refused', repairs: [], reason: 'empty geometry (the feature has no coordinates)' },
      { id: 'parks-5', source: 'parki.geojson #5', valid: false, status: 'refused', repairs: [], reason: 'missing "description": map it with --map description=FIELD or give it with --set description=…' },
      { id: 'parks-6', source: 'parki.geojson #6', valid: false, status: 'refused', repairs: [], reason: 'unknown operational goal IV.9 (goals.json has I.1, I.2, II.1…)' },
    ]);
    // The same lines as data, for the viewer to word.
    expect(out.report.items.map((i) => [...i.repairLines, ...(i.reasonLines ?? [])].map((l) => l.code))).toEqual([[], ['closed-rings', 'fixed-winding'], ['self-intersection'], ['empty-geometry'], ['missing-property'], ['unknown-goal']]);
    expect(out.report.items[1]!.repairLines[0]).toEqual({ code: 'closed-rings', params: { rule: 'one', count: 1 } });
    expect(out.features.map((f) => f.properties.id)).toEqual(['parks-1', 'parks-2']);
    // goals fall back to --set when the mapped attribute is empty
    const noGoal = ok(await importInto('parks', [{ name: 'p.geojson', bytes: geojsonFile([{ geometry: { type: 'Polygon', coordinates: [ring] }, properties: strategyProps('P', { CEL: '' }) }]) }], { map: { name: 'NAZWA', description: 'OPIS', goals: 'CEL' } }));
    expect(noGoal.features[0]!.properties).toMatchObject({ goals: ['II.1'] });
  });

  it('refuses ids used twice, ids used by another layer, unknown goals and undertakings', async () => {
    const bytes = geojsonFile([
      { geometry: { type: 'Point', coordinates: [22.01, 50.905] }, properties: strategyProps('A', { KOD: 'Ławka 1' }) },
      { geometry: { type: 'Point', coordinates: [22.011, 50.905] }, properties: strategyProps('B', { KOD: 'ławka-1' }) },
      { geometry: { type: 'Point', coordinates: [22.012, 50.905] }, properties: strategyProps('C', { KOD: 'route-a' }) },
      { geometry: { type: 'Point', coordinates: [22.013, 50.905] }, properties: strategyProps('D', { KOD: 'd', CEL: 'I.2 IV.3' }) },
      { geometry: { type: 'Point', coordinates: [22.014, 50.905] }, properties: strategyProps('E', { KOD: 'e', U: 'u-nic' }) },
      { geometry: { type: 'Point', coordinates: [22.015, 50.905] }, properties: strategyProps('F') },
    ]);
    const out = ok(await importInto('spots', [{ name: 's.geojson', bytes }], { idFrom: 'KOD', map: { name: 'NAZWA', description: 'OPIS', goals: 'CEL', undertaking: 'U' } }));
    expect(out.report.items.map((i) => [i.id, i.reason])).toEqual([
      ['lawka-1', undefined],
      ['lawka-1', 'id "lawka-1" is already used by s.geojson #1'],
      ['route-a', 'id "route-a" is already used by layer "routes"'],
      ['d', 'unknown operational goal IV.3 (goals.json has I.1, I.2, II.1…)'],
      ['e', 'unknown undertaking "u-nic"'],
      [null, '--id-from KOD: the feature has no value in "KOD"'],
    ]);
  });

  it('warns when accepted features lie outside the city bounds', async () => {
    const bytes = geojsonFile([{ geometry: { type: 'Point', coordinates: [19.94, 50.06] }, properties: strategyProps('Kraków') }]);
    const out = ok(await importInto('spots', [{ name: 'k.geojson', bytes }]));
    expect(out.report.warnings).toEqual(['1 of 1 accepted features lie outside the bounds of mini (22, 50.9, 22.02, 50.91), e.g. spots-1; check the coordinate system (--from).']);
  });
});
