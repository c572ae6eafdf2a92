/**
 * Real GIS clients nobody here wrote: GDAL's OAPIF driver reads our OGC API – Features
 * service from the real server process, lists every collection with the right count,
 * pages through `next` links, and copies each collection to GeoPackage unchanged.
 * Exact checks use the fixture pack "mini" and a generated pack "big"; the real Kraśnik
 * pack (data/krasnik, when present) is checked generically against its own files.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PACKS, REAL_PACKS } from '../helpers/temp-pack.ts';
import { getJson, startServer, tempDir, type ServerProcess } from '../helpers/server-process.ts';

const BIG = 360; // more than GDAL's page size below, so it must follow next links
const PAGE_SIZE = 100;
const HAS_KRASNIK = existsSync(path.join(REAL_PACKS, 'krasnik', 'manifest.json'));
const CITIES = ['mini', 'big', ...(HAS_KRASNIK ? ['krasnik'] : [])];

const execFileAsync = promisify(execFile);
const GDAL_ENV = { ...process.env, GDAL_HTTP_TIMEOUT: '120', CPL_DEBUG: 'OFF' };
/**
 * Runs a GDAL tool without blocking the event loop: a synchronous run of many seconds would keep
 * this process from seeing the server close an idle keep-alive socket, and the next fetch would
 * be sent on a dead connection ("other side closed") on a busy machine.
 */
async function run(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(cmd, args, { encoding: 'utf8', env: GDAL_ENV, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

interface PackFeature {
  properties: { id: string };
  geometry: { type: string; coordinates: unknown };
}
interface Collections {
  collections: { id: string }[];
}

let server: ServerProcess;
let packs: string;
beforeAll(async () => {
  try {
    await run('ogrinfo', ['--version']);
  } catch {
    throw new Error('ogrinfo (Debian package gdal-bin) is required for this test: apt-get install gdal-bin (.ci/run installs it)');
  }
  packs = tempDir('kp-ogc-packs-');
  cpSync(path.join(FIXTURE_PACKS, 'mini'), path.join(packs, 'mini'), { recursive: true });
  if (HAS_KRASNIK) cpSync(path.join(REAL_PACKS, 'krasnik'), path.join(packs, 'krasnik'), { recursive: true });
  // "big": the mini pack with a point layer of 360 features on a grid.
  const big = path.join(packs, 'big');
  cpSync(path.join(FIXTURE_PACKS, 'mini'), big, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(big, 'manifest.json'), 'utf8'));
  manifest.id = 'big';
  writeFileSync(path.join(big, 'manifest.json'), JSON.stringify(manifest));
  const spots = JSON.parse(readFileSync(path.join(big, 'layers', 'spots.geojson'), 'utf8'));
  const template = spots.features[0];
  spots.features = Array.from({ length: BIG }, (_, i) => ({
    ...template,
    geometry: { type: 'Point', coordinates: [22.0005 + (i % 30) * 0.0006, 50.9005 + Math.floor(i / 30) * 0.0006] },
    properties: { ...template.properties, id: `spot-${i}`, name: `Punkt ${i}` },
  }));
  writeFileSync(path.join(big, 'layers', 'spots.geojson'), JSON.stringify(spots));
  server = await startServer({ PACKS_DIR: packs });
});
afterAll(async () => server?.stop());

const service = (city: string) => `OAPIF:${server.url}/ogc/${city}`;
const collectionIds = async (city: string) => (await getJson<Collections>(`${server.url}/ogc/${city}/collections`)).collections.map((c) => c.id);
const counts = (info: string) => Object.fromEntries([...info.matchAll(/Layer name: (\S+)[\s\S]*?Feature Count: (\d+)/g)].map((m) => [m[1], Number(m[2])]));

/** The features a collection must hold, read from the pack's own files (proposals: none in a fresh store). */
function packFeatures(city: string, collectionId: string): PackFeature[] {
  const dir = path.join(packs, city);
  const read = (file: string) => {
    const json = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    return (json.type === 'Feature' ? [json] : json.features) as PackFeature[];
  };
  if (collectionId === 'districts') return read('districts.geojson');
  if (collectionId === 'boundary') return read('boundary.geojson');
  if (collectionId.startsWith('proposals-')) return [];
  const layers = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).layers as { id: string; file: string }[];
  // A layer mixing geometry types is served as <layer>-points / -lines / -polygons.
  const split = /^(.*)-(points|lines|polygons)$/.exec(collectionId);
  const layer = layers.find((l) => l.id === collectionId) ?? layers.find((l) => l.id === split?.[1]);
  if (!layer) throw new Error(`${city}: collection ${collectionId} is not a layer of the pack`);
  const family = { points: 'Point', lines: 'LineString', polygons: 'Polygon' }[split?.[2] ?? ''];
  return read(layer.file).filter((f) => layer.id === collectionId || f.geometry.type.replace(/^Multi/, '') === family);
}

/** Collections made from the strategy and the store rather than a layer file (issue 17): what the API serves. */
const FROM_STRATEGY = new Set(['undertakings', 'progress-updates']);
async function expectedFeatures(city: string, collectionId: string): Promise<PackFeature[]> {
  if (!FROM_STRATEGY.has(collectionId)) return packFeatures(city, collectionId);
  return (await getJson<{ features: PackFeature[] }>(`${server.url}/ogc/${city}/collections/${collectionId}/items?limit=10000`)).features;
}

/** All coordinates of a geometry in order (so Polygon vs MultiPolygon promotion does not matter). */
const flatCoords = (coordinates: unknown) => (coordinates as unknown[]).flat(4) as number[];

describe('GDAL OAPIF driver', () => {
  it('lists every collection of every city (ogrinfo -so)', async () => {
    for (const city of CITIES) {
      const info = await run('ogrinfo', ['-ro', '-so', service(city)]);
      const listed = [...info.matchAll(/^\d+: (\S+)/gm)].map((m) => m[1]);
      expect(listed, city).toEqual(await collectionIds(city));
    }
    expect(await collectionIds('mini')).toEqual(['routes', 'parks', 'spots', 'water', 'districts', 'boundary', 'proposals-points', 'proposals-polygons', 'undertakings', 'progress-updates']);
  });

  it('reports the right Feature Count for every collection (ogrinfo -so -al)', async () => {
    for (const city of CITIES) {
      const got = counts(await run('ogrinfo', ['-ro', '-so', '-al', service(city)]));
      const ids = await collectionIds(city);
      expect(Object.keys(got).sort(), city).toEqual([...ids].sort());
      for (const id of ids) expect(got[id], `${city}/${id}`).toBe((await expectedFeatures(city, id)).length);
    }
  });

  it('reads a collection larger than its page size whole, through next links', () => {
    const r = spawnSync('ogr2ogr', ['--debug', 'on', '-f', 'GeoJSON', '/vsistdout/', service('big'), 'spots', '-oo', `PAGE_SIZE=${PAGE_SIZE}`], {
      encoding: 'utf8',
      env: GDAL_ENV,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.status, r.stderr).toBe(0);
    const fc = JSON.parse(r.stdout) as { features: { properties: { id: string } }[] };
    expect(fc.features).toHaveLength(BIG);
    expect(new Set(fc.features.map((f) => f.properties.id)).size).toBe(BIG);
    // It asked for pages of PAGE_SIZE and followed our next links (offset 100, 200, 300).
    const fetched = [...r.stderr.matchAll(/Fetch\((\S+\/collections\/spots\/items\S*)\)/g)].map((m) => new URL(m[1]!));
    expect(fetched.every((u) => u.searchParams.get('limit') === String(PAGE_SIZE))).toBe(true);
    const offsets = new Set(fetched.map((u) => Number(u.searchParams.get('offset') ?? 0)));
    for (let o = PAGE_SIZE; o < BIG; o += PAGE_SIZE) expect(offsets.has(o), `offset=${o}`).toBe(true);
  });

  it('copies each collection to GeoPackage with the same features and geometries (within 1e-7°)', async () => {
    for (const city of CITIES) {
      const gpkg = path.join(tempDir('kp-gpkg-'), `${city}.gpkg`);
      await run('ogr2ogr', ['-f', 'GPKG', gpkg, service(city), '-oo', `PAGE_SIZE=${PAGE_SIZE}`]);
      for (const id of await collectionIds(city)) {
        const expected = await expectedFeatures(city, id);
        const where = `${city}/${id}`;
        if (expected.length === 0) {
          expect(counts(await run('ogrinfo', ['-ro', '-so', gpkg, id]))[id], where).toBe(0);
          continue;
        }
        const back = JSON.parse(await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', gpkg, id])) as { features: PackFeature[] };
        expect(back.features.length, where).toBe(expected.length);
        const byId = new Map(back.features.map((f) => [f.properties.id, f.geometry]));
        for (const f of expected) {
          const got = byId.get(f.properties.id);
          expect(byId.has(f.properties.id), `${where}/${f.properties.id}`).toBe(true);
          // An undertaking with no place has no geometry (never an invented one), in GeoPackage too.
          if (!f.geometry) {
            expect(got ?? null, `${where}/${f.properties.id}`).toBeNull();
            continue;
          }
          const a = flatCoords(f.geometry.coordinates);
          const b = flatCoords(got!.coordinates);
          expect(b.length, `${where}/${f.properties.id}`).toBe(a.length);
          const worst = Math.max(0, ...a.map((v, i) => Math.abs(v - b[i]!)));
          expect(worst, `${where}/${f.properties.id}`).toBeLessThan(1e-7);
        }
      }
    }
  });
});
