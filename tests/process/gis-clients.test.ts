/**
 * Three real GIS clients nobody here wrote, against the real server process: QGIS 3.22
 * (headless, OAPIF provider), OWSLib and GDAL's OAPIF driver. Every collection of every
 * town (and the fixture "mini", with proposals of both geometry types). The Python
 * scripts in tests/process/clients/ print what the clients saw; the assertions are here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_CRS } from '../../server/import/crs.ts';
import { tree } from '../helpers/people.ts';
import { getJson, startServer, tempDir, type ServerProcess, ROOT } from '../helpers/server-process.ts';
import { FIXTURE_PACKS, REAL_PACKS } from '../helpers/temp-pack.ts';

const PY = '/usr/bin/python3'; // Debian's Python, where python3-qgis and python3-owslib live
const CLIENTS = path.join(ROOT, 'tests', 'process', 'clients');
const CITIES = ['mini', ...['krasnik', 'kalisz'].filter((c) => existsSync(path.join(REAL_PACKS, c, 'manifest.json')))];
const GDAL_ENV = { ...process.env, GDAL_HTTP_TIMEOUT: '30', CPL_DEBUG: 'OFF' };
const PY_ENV = { ...process.env, QT_QPA_PLATFORM: 'offscreen', XDG_RUNTIME_DIR: tempDir('kp-xdg-') };

interface Col {
  id: string;
  geometryType: string;
}
let server: ServerProcess;
const proposals: string[] = [];
beforeAll(async () => {
  for (const [mod, pkg] of [['qgis.core', 'python3-qgis'], ['owslib', 'python3-owslib']]) {
    try {
      execFileSync(PY, ['-c', `import ${mod}`], { stdio: 'ignore', env: PY_ENV });
    } catch {
      throw new Error(`${pkg} is required for this test: apt-get install ${pkg} (.ci/run installs it)`);
    }
  }
  const packs = tempDir('kp-gis-packs-');
  cpSync(path.join(FIXTURE_PACKS, 'mini'), path.join(packs, 'mini'), { recursive: true });
  for (const c of CITIES.slice(1)) cpSync(path.join(REAL_PACKS, c), path.join(packs, c), { recursive: true });
  server = await startServer({ PACKS_DIR: packs });
  const r = await fetch(`${server.url}/api/residents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nickname: 'Gis' }) });
  const token = ((await r.json()) as { token: string }).token;
  const propose = async (body: unknown) => {
    const res = await fetch(`${server.url}/api/cities/mini/proposals`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(201);
    proposals.push(((await res.json()) as { id: string }).id);
  };
  await propose(tree(22.0052, 50.9052, { note: 'dąb przy szkole' }));
  await propose(tree(22.0152, 50.9052, { note: 'lipa' }));
  await propose(tree(0, 0, { count: 2, geometry: { type: 'Polygon', coordinates: [[[22.006, 50.906], [22.0065, 50.906], [22.0065, 50.9063], [22.006, 50.9063], [22.006, 50.906]]] } }));
});
afterAll(async () => server?.stop());

const collections = async (city: string) => (await getJson<{ collections: Col[] }>(`${server.url}/ogc/${city}/collections`)).collections;
const items = async (city: string, id: string, q = '') => (await getJson<{ features: { id: string; geometry: { coordinates: unknown } }[] }>(`${server.url}/ogc/${city}/collections/${id}/items?limit=10000${q}`)).features;
const gdal = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', env: GDAL_ENV, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });

describe('QGIS 3.22, headless, OAPIF provider', () => {
  interface QgisCol {
    city: string;
    id: string;
    valid: boolean;
    apiCount: number;
    geometryType: string;
    featureCount: number;
    iterated: number;
    featureTypes: string[];
    fields: [string, string][];
    lostCount: number;
    lost: string[];
    gpkgError: number;
    gpkgMessage: string;
    gpkgCount: number;
  }
  let report: { collections: QgisCol[]; crs2180: { valid: boolean; authid: string; coords: Record<string, number[][]>; city: string; id: string } };
  beforeAll(() => {
    const out = execFileSync(PY, [path.join(CLIENTS, 'qgis_check.py'), server.url, tempDir('kp-qgis-'), ...CITIES], { encoding: 'utf8', env: PY_ENV, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
    report = JSON.parse(out.trim().split('\n').pop()!);
  }, 600_000); // QGIS loads ~45 collections one by one: minutes on a busy 2-core machine

  it('loads every collection of every town: valid, right count, one geometry type, typed fields with values', async () => {
    const expected = (await Promise.all(CITIES.map(async (c) => (await collections(c)).map((x) => `${c}/${x.id}`)))).flat();
    expect(report.collections.map((c) => `${c.city}/${c.id}`)).toEqual(expected);
    for (const c of report.collections) {
      const where = `${c.city}/${c.id}`;
      expect(c.valid, where).toBe(true);
      expect(c.featureCount, where).toBe(c.apiCount);
      expect(c.iterated, where).toBe(c.apiCount);
      // The undertakings collection has no geometry for an undertaking with no place (never an invented
      // one): QGIS reads those as geometry-less features of the same point layer.
      if (c.id === 'undertakings') expect(c.featureTypes.filter((t) => t !== 'none' && t !== c.geometryType), where).toEqual([]);
      else if (c.apiCount > 0) expect(c.featureTypes, where).toEqual([c.geometryType]);
      expect(c.lostCount, `${where}: ${c.lost.join(', ')}`).toBe(0);
      // Typed columns: numbers are numbers in QGIS, never text. (QGIS 3.22 types columns from the
      // features, not from /schema, so an empty collection has no columns there; GDAL and newer QGIS read the schema.)
      if (c.apiCount === 0) continue;
      const fieldTypes = Object.fromEntries(c.fields);
      if (c.id === 'districts') expect(fieldTypes.areaKm2, where).toBe('Real');
      if (c.id.startsWith('proposals')) expect(fieldTypes.count, where).toMatch(/^Integer/);
      if (c.id === 'bike-routes') expect(fieldTypes.dlugosc_km, where).toBe('Real');
      expect(fieldTypes.source_document ?? fieldTypes.id, where).toBe('String');
    }
    expect(report.collections.filter((c) => c.apiCount > 0).length).toBeGreaterThan(10);
  });

  it('writes every collection to GeoPackage with no error and every feature', () => {
    for (const c of report.collections) {
      const where = `${c.city}/${c.id}`;
      expect(c.gpkgError, `${where}: ${c.gpkgMessage}`).toBe(0);
      expect(c.gpkgCount, where).toBe(c.apiCount);
    }
  });

  it('reads a collection in EPSG:2180 whose coordinates match proj4 within 0.01 m', async () => {
    const r = report.crs2180;
    expect(r.valid).toBe(true);
    expect(r.authid).toBe('EPSG:2180');
    const conv = proj4(KNOWN_CRS.get(4326)!.proj, KNOWN_CRS.get(2180)!.proj);
    const src = await items(r.city, r.id);
    expect(Object.keys(r.coords).sort()).toEqual(src.map((f) => f.id).sort());
    let worst = 0;
    let n = 0;
    for (const f of src) {
      const want = (f.geometry.coordinates as number[][][]).flat().map((p) => conv.forward(p as [number, number]));
      const got = r.coords[f.id]!;
      expect(got.length).toBe(want.length);
      want.forEach((p, i) => {
        worst = Math.max(worst, Math.abs(p[0]! - got[i]![0]!), Math.abs(p[1]! - got[i]![1]!));
        n++;
      });
    }
    expect(n).toBeGreaterThan(10);
    expect(worst).toBeLessThan(0.01);
  });
});

describe('OWSLib', () => {
  it('reads landing page, api(), conformance, collections, items with limit, bbox, datetime and a CQL2 filter', async () => {
    const out = execFileSync(PY, [path.join(CLIENTS, 'owslib_check.py'), `${server.url}/ogc/mini`, 'proposals-points', '[22.01,50.9,22.02,50.91]', "note LIKE 'dąb%'"], { encoding: 'utf8', env: PY_ENV, timeout: 120_000 });
    const r = JSON.parse(out);
    expect(r.links).toEqual(expect.arrayContaining(['service-desc', 'conformance', 'data']));
    expect(r.apiPaths).toContain('/collections/{collectionId}/items');
    expect(r.conformance).toContain('http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter');
    expect(r.collections).toEqual((await collections('mini')).map((c) => c.id));
    expect(r.collection).toBe('proposals-points');
    expect(r.queryables).toEqual(expect.arrayContaining(['geometry', 'note', 'createdAt', 'count']));
    expect(r.all).toEqual(proposals.slice(0, 2));
    expect(r.limit1).toEqual([proposals[0]]);
    expect(r.limit1Matched).toBe(2);
    expect(r.bbox).toEqual([proposals[1]]);
    expect(r.datetimeAll).toBe(2);
    expect(r.datetimeNone).toBe(0);
    expect(r.filter).toEqual([proposals[0]]);
  });
});

describe('GDAL 3.6 OAPIF driver', () => {
  it('copies every collection to GeoPackage, Shapefile and CSV with matching counts', async () => {
    for (const city of CITIES) {
      const dir = tempDir(`kp-gdal-${city}-`);
      const service = `OAPIF:${server.url}/ogc/${city}`;
      const want = Object.fromEntries(await Promise.all((await collections(city)).map(async (c) => [c.id, (await items(city, c.id)).length] as const)));
      // One run per format copies the whole service (GPKG: one file; Shapefile and CSV: one file per collection in a folder).
      for (const [driver, out, lco] of [['GPKG', path.join(dir, `${city}.gpkg`), []], ['ESRI Shapefile', path.join(dir, 'shp'), ['-lco', 'ENCODING=UTF-8']], ['CSV', path.join(dir, 'csv'), ['-lco', 'GEOMETRY=AS_WKT']]] as const) {
        gdal('ogr2ogr', ['-f', driver, out, service, ...lco]);
        const info = gdal('ogrinfo', ['-ro', '-so', '-al', out]);
        const got = Object.fromEntries([...info.matchAll(/Layer name: (\S+)[\s\S]*?Feature Count: (\d+)/g)].map((m) => [m[1], Number(m[2])]));
        // Every collection is there, with all its features (empty ones too: a layer with its columns and no rows).
        expect(got, `${city} → ${driver}`).toEqual(want);
      }
    }
  });

  it('filters with -spat and -where like the server does', async () => {
    const service = `OAPIF:${server.url}/ogc/mini`;
    const spat = JSON.parse(gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', service, 'proposals-points', '-spat', '22.01', '50.9', '22.02', '50.91'])) as { features: { properties: { id: string } }[] };
    expect(spat.features.map((f) => f.properties.id)).toEqual([proposals[1]]);
    // GDAL 3.6 sends the -where as a CQL filter (it finds cql-text and the queryables); the server's answer is what it gets.
    const run = spawnSync('ogr2ogr', ['--debug', 'on', '-f', 'GeoJSON', '/vsistdout/', service, 'proposals-points', '-where', "note = 'lipa' OR count > 5"], { encoding: 'utf8', env: GDAL_ENV });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Fetch\(\S+\/proposals-points\/items\?\S*filter=\(note%20%3D%20'lipa'\)%20OR%20\(count%20%3E%205\)/);
    const where = JSON.parse(run.stdout) as { features: { properties: { id: string } }[] };
    expect(where.features.map((f) => f.properties.id)).toEqual((await items('mini', 'proposals-points', `&filter=${encodeURIComponent("note = 'lipa' OR count > 5")}`)).map((f) => f.id));
    expect(where.features).toHaveLength(1);
  });
});
