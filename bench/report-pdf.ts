/**
 * The yearly council report's PDF for Kraśnik with 0 and with N proposals in the store (SQLite,
 * seeded straight into the database): the time of a build (a fresh cache each run, the report
 * worker already warm), of a repeated download (from the cache), and of the report's JSON, with
 * the ratio N / 0 — the proposals reach the report only as per-district counts the store keeps,
 * so the ratio should stay near 1. Also /healthz's worst latency while the builds ran.
 *   npx tsx bench/report-pdf.ts [proposals=1000000] [runs=3]
 */
import path from 'node:path';
import { createApp } from '../server/app.ts';
import type { AppDeps } from '../server/http/deps.ts';
import { loadPacks } from '../server/packs/load-packs.ts';
import { storeProgress } from '../server/proposals/store-progress.ts';
import { createReportService } from '../server/report/report-service.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import type { ProgressUpdate } from '../server/store/store.ts';
import { createWork } from '../server/work/work.ts';
import { ROOT, tempDir } from '../tests/helpers/server-process.ts';
import { seedSqlite } from './seed-proposals.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 3);
const YEAR = new Date().getUTCFullYear() - 1;
const CONFIG: AppDeps['config'] = { BASEMAP: '', RATE_LIMIT_WRITES: 1e6, TRUST_PROXY: { hops: 0 }, SESSION_TTL_HOURS: 1 };

const packs = await loadPacks(path.join(ROOT, 'data'));
const pack = packs.get('krasnik')!;
const work = createWork();
// The pool's workers do not hold the process open (a server's socket does): this does, here.
const keepAlive = setInterval(() => undefined, 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(proposals: number) {
  const dir = tempDir('kp-bench-report-');
  const file = path.join(dir, 'plan.sqlite');
  if (proposals) {
    const t = performance.now();
    seedSqlite(file, pack, proposals);
    console.log(`seeded ${proposals} proposals in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const store = openSqliteStore(file);
  const author = { kind: 'user', id: 'bench', name: 'bench' } as const;
  const update = (id: string, undertaking: string, asOf: string, extra: Partial<ProgressUpdate>): ProgressUpdate => ({ id, city: 'krasnik', undertaking, asOf, status: 'in_progress', values: {}, note: '', geometry: null, corrects: null, author, createdAt: new Date().toISOString(), ...extra });
  await store.addProgressUpdate(update('b1', 'system-tras-rowerowych-i-biegowych', `${YEAR}-06-30`, { values: { 'dlugosc-tras': 2.1 }, note: 'Odcinek ul. Kolejowej', geometry: { type: 'LineString', coordinates: [[22.21, 50.933], [22.223, 50.933]] } }));
  await store.addProgressUpdate(update('b2', 'krasnicki-park-przemyslowy', `${YEAR}-09-30`, { note: 'Plan miejscowy' }));
  const deps: AppDeps = { packs, config: CONFIG, store, progress: storeProgress(store), work };
  const app = createApp(deps, { logError: (e) => console.error(e) });
  const get = async (p: string) => {
    const t = performance.now();
    const r = await app.request(`http://localhost${p}`);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${p}: HTTP ${r.status}`);
    return { ms: performance.now() - t, cache: r.headers.get('x-report-cache') };
  };
  console.error(`store with ${proposals} proposals ready; warming the report worker`);
  // Warm the worker (it loads TypeScript and pdf-lib once).
  deps.reports = createReportService(work);
  await get(`/api/cities/krasnik/reports/${YEAR}.pdf`);
  const build: number[] = [];
  const cached: number[] = [];
  const json: number[] = [];
  let worstHealth = 0;
  for (let i = 0; i < RUNS; i++) {
    deps.reports = createReportService(work);
    let building = true;
    const probe = (async () => {
      // A probe every 20 ms (in process a request is only microtasks: without a pause the
      // worker's answer would never be read, and a tight loop would take the CPU from the build).
      while (building) {
        worstHealth = Math.max(worstHealth, (await get('/healthz')).ms);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const b = await get(`/api/cities/krasnik/reports/${YEAR}.pdf`);
    building = false;
    await probe;
    if (b.cache !== 'miss') throw new Error('expected a fresh build');
    build.push(b.ms);
    const c = await get(`/api/cities/krasnik/reports/${YEAR}.pdf`);
    if (c.cache !== 'hit') throw new Error('expected a cached download');
    cached.push(c.ms);
    json.push((await get(`/api/cities/krasnik/reports/${YEAR}.json`)).ms);
  }
  await store.close();
  return { build: median(build), cached: median(cached), json: median(json), worstHealth };
}

const zero = await measure(0);
const many = await measure(N);
const row = (label: string, r: typeof zero) =>
  `${label.padEnd(20)} build ${r.build.toFixed(0).padStart(6)} ms   cached ${r.cached.toFixed(1).padStart(6)} ms   json ${r.json.toFixed(1).padStart(6)} ms   /healthz worst during builds ${r.worstHealth.toFixed(1)} ms`;
console.log(row('0 proposals', zero));
console.log(row(`${N} proposals`, many));
console.log(`ratio ${N} / 0: build ${(many.build / zero.build).toFixed(2)}×, cached ${(many.cached / zero.cached).toFixed(2)}×, json ${(many.json / zero.json).toFixed(2)}×; cached / build (0 proposals) ${(zero.cached / zero.build).toFixed(4)}`);
await work.close();
clearInterval(keepAlive);
