/**
 * Real GIS clients nobody here wrote: GDAL's OAPIF driver reads our OGC API – Features
 * service from the real server process, lists every collection with the right count,
 * pages through `next` links, and copies each collection to GeoPackage unchanged.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PACKS, REAL_PACKS } from '../helpers/temp-pack.ts';
import { startServer, tempDir, type ServerProcess } from '../helpers/server-process.ts';

const BIG = 360; // more than GDAL's page size below, so it must follow next links

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', env: { ...process.env, GDAL_HTTP_TIMEOUT: '30', CPL_DEBUG: 'OFF' } });
}

let server: ServerProcess;
let packs: string;
beforeAll(async () => {
  try {
    run('ogrinfo', ['--version']);
  } catch {
    throw new Error('ogrinfo (Debian package gdal-bin) is required for this test: apt-get install gdal-bin (.ci/run installs it)');
  }
  packs = tempDir('kp-ogc-packs-');
  cpSync(path.join(FIXTURE_PACKS, 'mini'), path.join(packs, 'mini'), { recursive: true });
  cpSync(path.join(REAL_PACKS, 'krasnik'), path.join(packs, 'krasnik'), { recursive: true });
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

const counts = (info: string) => Object.fromEntries([...info.matchAll(/Layer name: (\S+)[\s\S]*?Feature Count: (\d+)/g)].map((m) => [m[1], Number(m[2])]));

describe('GDAL OAPIF driver', () => {
  it('lists every collection of every city with the right feature count', async () => {
    for (const city of ['mini', 'krasnik']) {
      const expected = (await (await fetch(`${server.url}/ogc/${city}/collections`)).json()) as { collections: { id: string }[] };
      const info = run('ogrinfo', ['-ro', '-so', '-al', `OAPIF:${server.url}/ogc/${city}`]);
      const got = counts(info);
      expect(Object.keys(got).sort(), city).toEqual(expected.collections.map((c) => c.id).sort());
      for (const c of expected.collections) {
        const page = (await (await fetch(`${server.url}/ogc/${city}/collections/${c.id}/items?limit=1`)).json()) as { numberMatched: number };
        expect(got[c.id], `${city}/${c.id}`).toBe(page.numberMatched);
      }
    }
  });

  it('reads a collection larger than its page size whole, through next links', () => {
    const out = run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `OAPIF:${server.url}/ogc/big`, 'spots', '-oo', 'PAGE_SIZE=100']);
    const fc = JSON.parse(out) as { features: { properties: { id: string }; geometry: { coordinates: number[] } }[] };
    expect(fc.features).toHaveLength(BIG);
    expect(new Set(fc.features.map((f) => f.properties.id)).size).toBe(BIG);
  });

  it('copies each collection to GeoPackage with the same number of features and the same geometries', () => {
    const gpkg = path.join(tempDir('kp-gpkg-'), 'krasnik.gpkg');
    run('ogr2ogr', ['-f', 'GPKG', gpkg, `OAPIF:${server.url}/ogc/krasnik`]);
    const layers = JSON.parse(readFileSync(path.join(REAL_PACKS, 'krasnik', 'manifest.json'), 'utf8')).layers as { id: string; file: string }[];
    for (const l of layers) {
      const pack = JSON.parse(readFileSync(path.join(REAL_PACKS, 'krasnik', l.file), 'utf8')) as { features: { properties: { id: string }; geometry: { coordinates: unknown } }[] };
      const back = JSON.parse(run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', gpkg, l.id])) as { features: { properties: { id: string }; geometry: { coordinates: unknown } }[] };
      expect(back.features.length, l.id).toBe(pack.features.length);
      const byId = new Map(back.features.map((f) => [f.properties.id, f.geometry.coordinates]));
      for (const f of pack.features) {
        const got = byId.get(f.properties.id);
        expect(got, `${l.id}/${f.properties.id}`).toBeDefined();
        const a = (f.geometry.coordinates as number[] | number[][]).flat(3) as number[];
        const b = (got as number[] | number[][]).flat(3) as number[];
        expect(b.length, `${l.id}/${f.properties.id}`).toBe(a.length);
        a.forEach((v, i) => expect(Math.abs(v - b[i]!), `${l.id}/${f.properties.id}[${i}]`).toBeLessThan(1e-7));
      }
    }
  });
});
