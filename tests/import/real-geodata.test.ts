/**
 * The importer options a GIS department needs to bring in open data (OpenStreetMap streets and
 * water, a PRG boundary, PLRailMap stations): selection by geometry and attribute, clipping to
 * the town, simplification in metres, names with diacritics, templates, `source` with dataset,
 * commit and licence per feature, accuracy from a flag, and replacing the boundary with the
 * schematic districts re-cut to it. Every input is written here, into a copy of the "mini" pack.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { area, booleanWithin, featureCollection, intersect, length, union } from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { importLayer } from '../../server/import/import-layer.ts';
import { boundaryTarget, readTarget } from '../../server/import/import-target.ts';
import { clipToArea } from '../../server/import/clip-to-area.ts';
import { simplifyMetres } from '../../server/import/simplify-metres.ts';
import { singleBoundary, writeBoundary } from '../../server/import/write-boundary.ts';
import { loadPack } from '../../server/packs/load-packs.ts';
import { ROOT } from '../helpers/server-process.ts';
import { copyPack, editJson } from '../helpers/temp-pack.ts';
import { geojsonFile } from './make-files.ts';
import { maxDeviationM, ok } from './helpers.ts';

const OSM = {
  'source.document': 'OpenStreetMap',
  'source.section': 'highway=primary|secondary|tertiary',
  'source.dataset': 'example/osm-extract streets.geojson',
  'source.commit': '0123456789abcdef0123456789abcdef01234567',
  'source.license': 'ODbL-1.0',
  'source.url': 'https://www.openstreetmap.org/copyright',
};

/** A copy of "mini" with a context route layer for streets and a context point layer for stations. */
function packWithStreets(): string {
  const dir = copyPack('mini');
  editJson(dir, 'manifest.json', (m) => {
    m.layers.push(
      { id: 'streets', title: 'Ulice', role: 'context', kind: 'route', file: 'layers/streets.geojson', legend: { color: '#f3c26b' }, license: { id: 'ODbL-1.0', title: 'Open Database License 1.0', url: 'https://opendatacommons.org/licenses/odbl/1-0/', attribution: '© OpenStreetMap contributors (ODbL)' } },
      { id: 'stations', title: 'Stacje', role: 'context', kind: 'point', file: 'layers/stations.geojson', legend: { color: '#636363' } },
    );
  });
  return dir;
}

const line = (coordinates: Position[], properties: Record<string, unknown>) => ({ geometry: { type: 'LineString', coordinates }, properties });
const pointAt = (coordinates: Position, properties: Record<string, unknown>) => ({ geometry: { type: 'Point', coordinates }, properties });

describe('import of open data into a context layer', () => {
  it('keeps street names with Polish letters (normalised to NFC) and writes source dataset, commit and licence on every feature', async () => {
    const dir = packWithStreets();
    const decomposed = 'S\u0301ro\u0301dmiejska'; // "Śródmiejska" as S + U+0301, o + U+0301, as some exports write it
    const file = geojsonFile([line([[22.002, 50.902], [22.008, 50.903]], { name: 'Aleja Świętego Józefa' }), line([[22.01, 50.905], [22.015, 50.906]], { name: decomposed })]);
    const out = ok(await importLayer([{ name: 'streets.geojson', bytes: file }], await readTarget(dir, 'streets'), { mode: 'replace', map: { name: 'name' }, set: { category: 'road-main', ...OSM } }));
    const names = out.features.map((f) => f.properties.name);
    expect(names).toEqual(['Aleja Świętego Józefa', 'Śródmiejska']);
    expect(names[1]).toBe('Śródmiejska'.normalize('NFC'));
    expect(names[1]!.length).toBe(11);
    for (const f of out.features) {
      expect(f.properties.source).toEqual({ document: 'OpenStreetMap', section: 'highway=primary|secondary|tertiary', dataset: OSM['source.dataset'], commit: OSM['source.commit'], license: 'ODbL-1.0', url: OSM['source.url'] });
      // Not survey-grade, so approximate unless the importer is told otherwise.
      expect(f.properties.accuracy).toBe('approximate');
    }
  });

  it('sets accuracy from --accuracy, and refuses to be told twice', async () => {
    const dir = packWithStreets();
    const file = geojsonFile([line([[22.002, 50.902], [22.008, 50.903]], { name: 'Polna' })]);
    const target = await readTarget(dir, 'streets');
    const surveyed = ok(await importLayer([{ name: 's.geojson', bytes: file }], target, { mode: 'replace', map: {}, set: { category: 'road', ...OSM }, accuracy: 'surveyed' }));
    expect(surveyed.features[0]!.properties.accuracy).toBe('surveyed');
    const both = await importLayer([{ name: 's.geojson', bytes: file }], target, { mode: 'replace', map: {}, set: { category: 'road', accuracy: 'approximate', ...OSM }, accuracy: 'surveyed' });
    expect(both.ok).toBe(false);
    if (!both.ok) expect(both.error).toMatchObject({ code: 'bad-option', message: expect.stringContaining('--accuracy') });
  });

  it('takes only one geometry family and only features matching --where; the rest are reported as skipped', async () => {
    const dir = packWithStreets();
    const file = geojsonFile([
      pointAt([22.005, 50.905], { name: 'Miniów', railway: 'station', town: 'Miniów' }),
      pointAt([22.015, 50.906], { name: 'Miniów Wschód', railway: 'halt', town: 'Miniów' }),
      pointAt([22.012, 50.904], { name: 'Inne', railway: 'station', town: 'Inne' }),
      line([[22.001, 50.901], [22.019, 50.909]], { railway: 'rail', town: 'Miniów' }),
    ]);
    const out = ok(
      await importLayer([{ name: 'rail.geojson', bytes: file }], await readTarget(dir, 'stations'), {
        mode: 'replace',
        geometry: 'point',
        where: { railway: 'station', town: 'Miniów' },
        idFrom: 'stacja-{name}',
        map: { name: 'Stacja kolejowa {name}' },
        set: { category: 'landmark', ...OSM },
      }),
    );
    expect(out.features.map((f) => [f.properties.id, f.properties.name])).toEqual([['stacja-miniow', 'Stacja kolejowa Miniów']]);
    expect(out.report).toMatchObject({ total: 4, accepted: 1, refused: 0, skipped: 3 });
    const reasons = out.report.items.filter((i) => i.status === 'skipped').map((i) => i.reason);
    expect(reasons).toEqual(['railway is "halt", not "station" (--where)', 'town is "Inne", not "Miniów" (--where)', 'a line; --geometry point takes points only']);
  });

  it('clips lines and polygons to the town boundary and skips what lies wholly outside (--clip)', async () => {
    const dir = packWithStreets();
    const target = await readTarget(dir, 'streets');
    const file = geojsonFile([
      line([[21.99, 50.905], [22.01, 50.905]], { name: 'Przez granicę' }), // half outside to the west
      line([[22.004, 50.902], [22.006, 50.903]], { name: 'W środku' }),
      line([[21.95, 50.95], [21.96, 50.95]], { name: 'Poza miastem' }),
    ]);
    const out = ok(await importLayer([{ name: 'streets.geojson', bytes: file }], target, { mode: 'replace', map: {}, set: { category: 'road', ...OSM }, clipTo: target.boundary! }));
    expect(out.features.map((f) => f.properties.name)).toEqual(['Przez granicę', 'W środku']);
    const cut = out.features[0]! as Feature<LineString>;
    expect(cut.geometry.coordinates[0]![0]).toBeCloseTo(22.0, 7);
    expect(length(cut)).toBeCloseTo(length({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[22.0, 50.905], [22.01, 50.905]] } } as Feature<LineString>), 6);
    expect(out.features.every((f) => booleanWithin(f as Feature<LineString>, target.boundary!))).toBe(true);
    expect(out.report.items[0]!.repairs.join(' ')).toMatch(/cut at the town boundary: kept 50 % of its length/);
    expect(out.report.items[2]).toMatchObject({ status: 'skipped', reason: 'outside the town boundary (--clip)' });

    // Without --clip the line outside is kept and the report warns about it.
    const unclipped = ok(await importLayer([{ name: 'streets.geojson', bytes: file }], target, { mode: 'replace', map: {}, set: { category: 'road', ...OSM } }));
    expect(unclipped.features).toHaveLength(3);
    expect(unclipped.report.warnings.join(' ')).toMatch(/outside the bounds of mini/);
  });

  it('cuts polygons at the boundary: the area kept is the part inside', () => {
    const boundary: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] } };
    const half: Polygon = { type: 'Polygon', coordinates: [[[0.5, 0.2], [1.5, 0.2], [1.5, 0.8], [0.5, 0.8], [0.5, 0.2]]] };
    const r = clipToArea(half, boundary);
    expect(r.inside).toBe('part');
    if (r.inside !== 'part') return;
    const inside: Polygon = { type: 'Polygon', coordinates: [[[0.5, 0.2], [1, 0.2], [1, 0.8], [0.5, 0.8], [0.5, 0.2]]] };
    expect(area(r.geometry as Polygon) / area(inside)).toBeCloseTo(1, 6);
    expect(clipToArea({ type: 'Point', coordinates: [2, 2] }, boundary)).toEqual({ inside: 'none' });
  });

  it('simplifies with a tolerance in metres: fewer vertices, none moved further than the tolerance', async () => {
    // A 1.4 km street with a 0.4 m wobble every ~20 m, and one real 30 m bend.
    const coords: Position[] = [];
    for (let i = 0; i <= 70; i++) coords.push([22.0 + i * 0.0002, 50.905 + (i % 2 ? 0.0000036 : 0) + (i === 35 ? 0.00027 : 0)]);
    const s = simplifyMetres({ type: 'LineString', coordinates: coords }, 1);
    expect(s.before).toBe(71);
    expect(s.after).toBeLessThan(10);
    const kept = (s.geometry as LineString).coordinates;
    expect(Math.max(...kept.map((p) => p[1]!))).toBeCloseTo(50.9052736, 7); // the bend survives
    // Every original vertex stays within ~1 m of the simplified line.
    const { pointToLineDistance } = await import('@turf/turf');
    const worst = Math.max(...coords.map((p) => pointToLineDistance(p, { type: 'Feature', properties: {}, geometry: s.geometry as LineString }, { units: 'meters' })));
    expect(worst).toBeLessThanOrEqual(1.05);

    const dir = packWithStreets();
    const out = ok(await importLayer([{ name: 'w.geojson', bytes: geojsonFile([line(coords, { name: 'Kręta' })]) }], await readTarget(dir, 'streets'), { mode: 'replace', map: {}, set: { category: 'road', ...OSM }, simplifyM: 1 }));
    expect(out.report.items[0]!.repairs).toContain(`simplified to 1 m: 71 → ${s.after} vertices`);
    expect(maxDeviationM((out.features[0]!.geometry as LineString).coordinates, kept)).toBeLessThan(0.01);
    const bad = await importLayer([{ name: 'w.geojson', bytes: geojsonFile([line(coords, { name: 'Kręta' })]) }], await readTarget(dir, 'streets'), { mode: 'replace', map: {}, set: { category: 'road', ...OSM }, simplifyM: -3 });
    expect(bad.ok).toBe(false);
  });

  it('drops a hole that encloses no area instead of refusing the water polygon', async () => {
    const dir = packWithStreets();
    const poly = {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [[22.002, 50.902], [22.006, 50.902], [22.006, 50.905], [22.002, 50.905], [22.002, 50.902]],
          [[22.003, 50.903], [22.004, 50.903], [22.003, 50.903]],
        ],
      },
      properties: {},
    };
    const out = ok(await importLayer([{ name: 'water.geojson', bytes: geojsonFile([poly]) }], await readTarget(dir, 'water'), { mode: 'replace', map: {}, set: { name: 'Woda', category: 'water', ...OSM } }));
    expect(out.report.refused).toBe(0);
    expect((out.features[0]!.geometry as Polygon).coordinates).toHaveLength(1);
    expect(out.report.items[0]!.repairs.join(' ')).toMatch(/dropped 1 hole of no area/);
  });
});

describe('replacing the town boundary', () => {
  const SEEDS = {
    document: 'Opracowanie własne',
    section: 'Podział schematyczny',
    seeds: [
      { id: 'zachod', name: 'Zachód', at: [22.005, 50.905], description: 'Zachodnia część.', note: 'punkt orientacyjny' },
      { id: 'wschod', name: 'Wschód', at: [22.015, 50.905], description: 'Wschodnia część.', note: 'punkt orientacyjny' },
    ],
  };
  // A finer, irregular outline around the same town (as a PRG boundary would be).
  const NEW_RING: Position[] = [[21.999, 50.8995], [22.012, 50.8992], [22.021, 50.9003], [22.0205, 50.9104], [22.008, 50.9109], [21.9992, 50.9101], [21.999, 50.8995]];

  async function importBoundary(dir: string, ring: Position[]) {
    const file = geojsonFile([{ geometry: { type: 'Polygon', coordinates: [ring] }, properties: { nazwa: 'Miniów', teryt: '0601' } }]);
    return ok(
      await importLayer([{ name: 'granica.geojson', bytes: file }], await boundaryTarget(dir), {
        mode: 'replace',
        map: { name: 'nazwa', teryt: '{teryt}011' },
        set: { 'source.document': 'PRG', 'source.section': 'granica gminy', 'source.dataset': 'example/prg', 'source.license': 'PRG GUGiK' },
      }),
    );
  }

  it('writes boundary.geojson and re-cuts the schematic districts so they tile it exactly', async () => {
    const dir = copyPack('mini');
    writeFileSync(path.join(dir, 'district-seeds.json'), JSON.stringify(SEEDS));
    const out = await importBoundary(dir, NEW_RING);
    const feature = singleBoundary(out.features);
    expect(feature.properties).toMatchObject({ id: 'mini', name: 'Miniów', teryt: '0601011', accuracy: 'approximate', source: { dataset: 'example/prg' } });
    const w = await writeBoundary(dir, feature);
    expect(w.ok).toBe(true);
    if (!w.ok) return;
    expect(w.retiled).toEqual(['zachod', 'wschod']);

    const pack = await loadPack(dir);
    const boundary = pack.raw.boundary as Feature<Polygon | MultiPolygon>;
    expect(boundary.geometry.coordinates[0]).toHaveLength(NEW_RING.length);
    const districts = pack.raw.districts;
    expect(districts.every((d) => d.properties.accuracy === 'schematic')).toBe(true);
    const sum = districts.reduce((s, d) => s + area(d), 0);
    const merged = union(featureCollection(districts))!;
    const outside = area(merged) - area(intersect(featureCollection([merged, boundary]))!);
    // Exact up to the 6-decimal rounding of the written coordinates (≈ 0.1 m).
    expect(Math.abs(sum - area(boundary)) / area(boundary)).toBeLessThan(1e-5);
    expect(outside / area(boundary)).toBeLessThan(1e-5);
  });

  it('puts both files back when a seed would fall outside the new boundary', async () => {
    const dir = copyPack('mini');
    writeFileSync(path.join(dir, 'district-seeds.json'), JSON.stringify(SEEDS));
    const before = { b: readFileSync(path.join(dir, 'boundary.geojson'), 'utf8'), d: readFileSync(path.join(dir, 'districts.geojson'), 'utf8') };
    const westOnly: Position[] = [[22.0, 50.9], [22.009, 50.9], [22.009, 50.91], [22.0, 50.91], [22.0, 50.9]];
    const w = await writeBoundary(dir, singleBoundary((await importBoundary(dir, westOnly)).features));
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.problems.join(' ')).toMatch(/seed "wschod" .* lies outside the boundary/);
    expect(readFileSync(path.join(dir, 'boundary.geojson'), 'utf8')).toBe(before.b);
    expect(readFileSync(path.join(dir, 'districts.geojson'), 'utf8')).toBe(before.d);
  });

  it('without seeds keeps the districts, and refuses a boundary they no longer tile', async () => {
    const dir = copyPack('mini');
    const before = readFileSync(path.join(dir, 'boundary.geojson'), 'utf8');
    const w = await writeBoundary(dir, singleBoundary((await importBoundary(dir, NEW_RING)).features));
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.problems.join(' ')).toMatch(/districts do not tile the boundary/);
    expect(readFileSync(path.join(dir, 'boundary.geojson'), 'utf8')).toBe(before);
  });

  it('takes exactly one polygon', () => {
    const f = (geometry: Feature['geometry']) => ({ type: 'Feature' as const, geometry, properties: { id: 'mini', name: 'Miniów', category: 'water' as const, accuracy: 'approximate' as const, source: { document: 'PRG', section: 'x' } } });
    const poly = f({ type: 'Polygon', coordinates: [NEW_RING] });
    expect(singleBoundary([poly]).geometry.type).toBe('Polygon');
    expect(() => singleBoundary([poly, poly])).toThrow(/one polygon; the import yielded 2/);
    expect(() => singleBoundary([f({ type: 'LineString', coordinates: NEW_RING })])).toThrow(/a polygon, not a LineString/);
  });
});

describe('npm run import -- --boundary', () => {
  it('replaces the boundary from the command line and says which districts it re-cut', { timeout: 60_000 }, () => {
    const dir = copyPack('mini');
    writeFileSync(path.join(dir, 'district-seeds.json'), JSON.stringify(SEEDS_FOR_CLI));
    const file = path.join(path.dirname(dir), 'granica.geojson');
    writeFileSync(file, geojsonFile([{ geometry: { type: 'Polygon', coordinates: [[[21.999, 50.8995], [22.021, 50.9003], [22.0205, 50.9104], [21.9992, 50.9101], [21.999, 50.8995]]] }, properties: { nazwa: 'Miniów' } }]));
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'import.ts'), '--packs', path.dirname(dir), '--city', 'mini', '--boundary', '--map', 'name=nazwa', '--set', 'source.document=PRG', '--set', 'source.section=granica', file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Import into mini / boundary.geojson (the town boundary)');
    expect(r.stdout).toMatch(/Wrote .*boundary\.geojson \([\d.]+ km²\); the pack mini loads\./);
    expect(r.stdout).toContain('Re-cut the 2 schematic districts from district-seeds.json to the new boundary: zachod, wschod.');
    const written = JSON.parse(readFileSync(path.join(dir, 'boundary.geojson'), 'utf8')).features[0];
    expect(written.properties).toMatchObject({ id: 'mini', name: 'Miniów', accuracy: 'approximate' });
  });
});

const SEEDS_FOR_CLI = {
  document: 'Opracowanie własne',
  section: 'Podział schematyczny',
  seeds: [
    { id: 'zachod', name: 'Zachód', at: [22.005, 50.905], description: 'Zachodnia część.', note: 'punkt orientacyjny' },
    { id: 'wschod', name: 'Wschód', at: [22.015, 50.905], description: 'Wschodnia część.', note: 'punkt orientacyjny' },
  ],
};
