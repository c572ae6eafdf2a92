/**
 * The viewer with many proposals stored (issue 13): Kraśnik seeded with 0, 100 000 and
 * 1 000 000 proposals straight into the store (bench/seed-proposals.ts, not over HTTP), the real
 * server on it, the built viewer in headless Chromium (SwiftShader). For each N it prints:
 *   - first idle: navigation → the map's first `idle` (median of RUNS page loads);
 *   - JS heap after idle (after a forced GC, CDP Runtime.getHeapUsage);
 *   - the longest main-thread task while panning across the town, at the opening zoom
 *     (clusters) and at zoom 16 (proposals one by one), from a PerformanceObserver("longtask");
 *   - proposal tiles under load: autocannon at 32 connections on a z12, z14 and z17 tile of the
 *     centre (a popular tile: served from the tile cache after its first read), p50/p99;
 *   - cold tiles: every z14 and z16 tile over the town read once (8 at a time), under a filter
 *     not asked for before (so none is in the tile cache), p50/p99;
 * and the ratios against N = 0 from the same run (the machine is shared: compare within a run).
 *   npm run build && npx tsx bench/proposals-scale.ts [sizes=0,100000,1000000] [seconds=5] [--postgres]
 * Targets: first idle ≤ 1.2× and heap ≤ 1.5× the empty store's; tile p99 < 50 ms at 32
 * connections; no main-thread task over 100 ms while panning.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Browser } from 'playwright-core';
import { loadPack } from '../server/packs/load-packs.ts';
import { tileCoords } from '../server/geo/web-mercator-tiles.ts';
import { launchBrowser } from '../tests/e2e/harness.ts';
import { createDatabase, startCluster } from '../tests/helpers/pg-cluster.ts';
import { ROOT, startServer, tempDir, type ServerProcess } from '../tests/helpers/server-process.ts';
import { seedPostgres, seedSqlite } from './seed-proposals.ts';
import { watchLongTasks } from './long-tasks.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const SIZES = (args[0] ?? '0,100000,1000000').split(',').map(Number);
const SECONDS = Number(args[1] ?? 5);
const WITH_PG = process.argv.includes('--postgres');
const RUNS = 3;
const CONNECTIONS = 32;
/** Kraśnik's extent, roughly: the pans and the cold tiles cover it. */
const TOWN: [number, number, number, number] = [22.15, 50.9, 22.28, 50.97];

interface Figures {
  n: number;
  idleMs: number;
  heapMB: number;
  longestPanMs: number;
  longestPanZ16Ms: number;
  hot: Record<string, { p50: number; p99: number; perS: number; bad: number }>;
  cold: { p50: number; p99: number; tiles: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

async function viewerFigures(browser: Browser, url: string): Promise<Pick<Figures, 'idleMs' | 'heapMB' | 'longestPanMs' | 'longestPanZ16Ms'>> {
  const idles: number[] = [];
  const heaps: number[] = [];
  let longestPanMs = 0;
  let longestPanZ16Ms = 0;
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pl-PL' });
    try {
      const page = await context.newPage();
      // tsx names inner functions with __name(); the page needs it for the evaluated code.
      await page.addInitScript('window.__name = (f) => f;');
      await watchLongTasks(page);
      // ?test exposes the map, and keeps WebGL's drawing buffer for the tests' pixel reads (a copy
      // every frame): the bench draws as for everyone, without it.
      await page.addInitScript(() => {
        const get = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, kind: string, attrs?: Record<string, unknown>) {
          return get.call(this, kind as never, (attrs ? { ...attrs, preserveDrawingBuffer: false } : attrs) as never);
        } as typeof get;
      });
      await page.goto(`${url}/?test#krasnik`);
      await page.waitForFunction(() => performance.getEntriesByName('kp-map-idle').length > 0, undefined, { timeout: 180_000 });
      idles.push(await page.evaluate(() => performance.getEntriesByName('kp-map-idle')[0]!.startTime));
      const cdp = await context.newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      heaps.push(((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 1024 / 1024);
      if (run > 0) continue;
      // Pans across the town, waiting for each to be drawn; long tasks are counted from here on.
      const pan = (zoom: number) =>
        page.evaluate(
          async ([town, z]) => {
            type M = { jumpTo(o: object): void; panTo(c: [number, number], o: object): void; once(e: string, f: () => void): void; loaded(): boolean; areTilesLoaded(): boolean };
            const w = window as unknown as { __kpMap: M; __longest: number };
            const m = w.__kpMap;
            const idle = () => new Promise<void>((r) => m.once('idle', () => r()));
            const [x0, y0, x1, y1] = town as [number, number, number, number];
            const mid = (y0 + y1) / 2;
            m.jumpTo({ center: [x0, mid], zoom: z });
            await idle();
            w.__longest = 0;
            for (let i = 1; i <= 6; i++) {
              const done = idle();
              m.panTo([x0 + ((x1 - x0) * i) / 6, mid + (i % 2 ? 0.01 : -0.01)], { duration: 600 });
              await done;
            }
            return w.__longest;
          },
          [TOWN, zoom] as const,
        );
      longestPanMs = await pan(13);
      longestPanZ16Ms = await pan(16);
    } finally {
      await context.close();
    }
  }
  return { idleMs: median(idles), heapMB: median(heaps), longestPanMs, longestPanZ16Ms };
}

const tileUrl = (base: string, z: number, lon: number, lat: number) => {
  const [x, y] = tileCoords(lon, lat, z).map(Math.floor);
  return `${base}/proposals/tiles/${z}/${x}/${y}.pbf`;
};

async function tileFigures(s: ServerProcess): Promise<Pick<Figures, 'hot' | 'cold'>> {
  const base = `${s.url}/api/cities/krasnik`;
  const hot: Figures['hot'] = {};
  for (const z of [12, 14, 17]) {
    const r = await autocannon({ url: tileUrl(base, z, 22.2206, 50.9303), connections: CONNECTIONS, duration: SECONDS, headers: { 'accept-encoding': 'gzip' } });
    hot[`z${z}`] = { p50: r.latency.p50, p99: r.latency.p99, perS: r['2xx'] / SECONDS, bad: r.non2xx + r.errors + r.timeouts };
  }
  // Cold: tiles read once each, under a filter no one asked for yet (its own cache entries).
  const cold = `?kind=${pack.raw.manifest.proposals?.kinds.map((k) => k.id).join(',') ?? ''}`;
  const urls: string[] = [];
  for (const z of [14, 16]) {
    const [x0, y0] = tileCoords(TOWN[0], TOWN[3], z).map(Math.floor) as [number, number];
    const [x1, y1] = tileCoords(TOWN[2], TOWN[1], z).map(Math.floor) as [number, number];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) urls.push(`${base}/proposals/tiles/${z}/${x}/${y}.pbf${cold}`);
  }
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < urls.length) {
        const u = urls[next++]!;
        const t = performance.now();
        const r = await fetch(u, { headers: { 'accept-encoding': 'gzip' } });
        await r.arrayBuffer();
        times.push(performance.now() - t);
      }
    }),
  );
  return { hot, cold: { p50: pct(times, 0.5), p99: pct(times, 0.99), tiles: urls.length } };
}

function print(label: string, rows: Figures[]) {
  const empty = rows.find((r) => r.n === 0) ?? rows[0]!;
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  console.log(`\n${label} — ratios against N = ${empty.n} in this run (a shared, loaded 2-core machine: compare within the run)`);
  for (const r of rows) {
    console.log(
      `  N=${String(r.n).padStart(7)}  first idle ${ms(r.idleMs)} (${(r.idleMs / empty.idleMs).toFixed(2)}×, target ≤ 1.2)  heap ${r.heapMB.toFixed(1)} MB (${(r.heapMB / empty.heapMB).toFixed(2)}×, target ≤ 1.5)  longest task panning: z13 ${ms(r.longestPanMs)}, z16 ${ms(r.longestPanZ16Ms)} (target ≤ 100)`,
    );
    console.log(
      `           tiles at ${CONNECTIONS} conn.: ${Object.entries(r.hot)
        .map(([z, h]) => `${z} ${h.perS.toFixed(0)}/s p50 ${h.p50} ms p99 ${h.p99} ms${h.bad ? ` (${h.bad} bad)` : ''}`)
        .join(' · ')} (target p99 < 50)   cold tiles (${r.cold.tiles}, 8 at a time): p50 ${ms(r.cold.p50)} p99 ${ms(r.cold.p99)}`,
    );
  }
}

async function run(label: string, seed: (n: number) => Promise<Record<string, string>>, browser: Browser) {
  const rows: Figures[] = [];
  for (const n of SIZES) {
    const t = performance.now();
    const env = await seed(n);
    console.log(`${label}: seeded ${n} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    const s = await startServer({ LOG_LEVEL: 'error', RATE_LIMIT_WRITES: '100000000', RATE_LIMIT_SIGNUPS: '100000000', ...env }, 180_000);
    try {
      const viewer = await viewerFigures(browser, s.url);
      const tiles = await tileFigures(s);
      rows.push({ n, ...viewer, ...tiles });
      print(label, rows.slice(-1));
    } finally {
      await s.stop();
    }
  }
  print(label, rows);
}

const pack = await loadPack(path.join(ROOT, 'data', 'krasnik'));
const browser = await launchBrowser();
try {
  await run(
    'SQLite',
    async (n) => {
      const dir = tempDir('kp-scale-');
      mkdirSync(dir, { recursive: true });
      seedSqlite(path.join(dir, 'plan.sqlite'), pack, n);
      return { DATA_DIR: dir };
    },
    browser,
  );
  if (WITH_PG) {
    const cluster = await startCluster();
    try {
      await run(
        'PostgreSQL',
        async (n) => {
          const url = await createDatabase(cluster.adminUrl, `scale${n}`);
          await seedPostgres(url, pack, n);
          return { DATABASE_URL: url };
        },
        browser,
      );
    } finally {
      cluster.destroy();
    }
  }
} finally {
  await browser.close();
}
