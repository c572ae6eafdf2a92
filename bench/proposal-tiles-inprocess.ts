/**
 * What one proposal tile costs the server itself, without HTTP or the shared machine's other
 * load in between: Kraśnik seeded with N proposals (SQLite file, bench/seed-proposals.ts), the
 * app called in process (app.request), a tile of the centre at z12, z14, z15 and z17 read once
 * (cold: cells or rows read and encoded) and then 300 times (served from the tile cache).
 *   npx tsx bench/proposal-tiles-inprocess.ts [N=100000]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tileCoords } from '../server/geo/web-mercator-tiles.ts';
import { loadPack } from '../server/packs/load-packs.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import { ROOT } from '../tests/helpers/server-process.ts';
import { testApp } from '../tests/helpers/test-app.ts';
import { seedSqlite } from './seed-proposals.ts';

// The store's reader threads are unref'd: keep the process alive while they answer.
const keep = setInterval(() => undefined, 1000);
const N = Number(process.argv[2] ?? 100_000);
const pack = await loadPack(path.join(ROOT, 'data', 'krasnik'));
const dir = mkdtempSync(path.join(tmpdir(), 'kp-tiles-'));
seedSqlite(path.join(dir, 'plan.sqlite'), pack, N);
const store = openSqliteStore(path.join(dir, 'plan.sqlite'));
const t = await testApp({ store });
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
for (const z of [12, 14, 15, 17]) {
  const [x, y] = tileCoords(22.2206, 50.9303, z).map(Math.floor);
  const url = `/api/cities/krasnik/proposals/tiles/${z}/${x}/${y}.pbf`;
  const get = async () => (await t.request(url, { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer();
  let t0 = performance.now();
  const bytes = (await get()).byteLength;
  const cold = performance.now() - t0;
  const hot: number[] = [];
  for (let i = 0; i < 300; i++) {
    t0 = performance.now();
    await get();
    hot.push(performance.now() - t0);
  }
  console.log(`N=${N} z${z}: ${bytes} B gzip; cold ${cold.toFixed(1)} ms; cached p50 ${pct(hot, 0.5).toFixed(2)} ms, p99 ${pct(hot, 0.99).toFixed(2)} ms`);
}
await store.close();
clearInterval(keep);
