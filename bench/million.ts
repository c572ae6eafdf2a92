/**
 * A million proposals: is every read still fast, and does no request hold up the others?
 * Seeds Kraśnik with N proposals straight into each store (SQLite, then PostgreSQL + PostGIS on
 * a throwaway loopback cluster), starts the real server on it, and prints for each store:
 *   - district summaries (what the choropleth and the district panel call) at 32 connections,
 *     asked as a browser asks (Accept-Encoding: gzip) and without compression;
 *   - a page of the proposals list in a bbox at 32 connections;
 *   - vector tiles of proposals (zoom 12, 14 and 17 over the centre) at 32 connections;
 *   - cold tiles: a grid of z15 and of z17 tiles over the centre, each read once (encoded anew:
 *     a map panning across the town), 32 at a time (each run takes tiles no run read before);
 *   - a full CSV export, streamed, while the summaries stay under load;
 * each with /healthz probed one request at a time from a worker thread (its p99 beside the
 * anchor: /healthz p99 on the idle server in the same run), and the server's own CPU time per
 * answer (from /proc: its event loop, reader threads and workers together), a figure the other
 * load on a shared machine changes far less than latencies.
 *   npx tsx bench/million.ts [proposals=1000000] [seconds=8] [stores=sqlite,postgres] [runs=1] [no-export]
 * (runs: measurements one after another on the same seeded store; no-export: leave out the export)
 * Targets (issue 14): summaries p99 < 50 ms at 32 connections; /healthz p99 < 20 ms while any
 * endpoint is under load; the CSV export raises no other request's p99 above 50 ms.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { tileCoords } from '../server/geo/web-mercator-tiles.ts';
import { loadPack } from '../server/packs/load-packs.ts';
import { createDatabase, startCluster } from '../tests/helpers/pg-cluster.ts';
import { ROOT, startServer, tempDir, type ServerProcess } from '../tests/helpers/server-process.ts';
import { seedPostgres, seedSqlite } from './seed-proposals.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const seconds = Number(process.argv[3] ?? 8);
const stores = (process.argv[4] ?? 'sqlite,postgres').split(',');
const runs = Number(process.argv[5] ?? 1);
const withExport = process.argv[6] !== 'no-export';
const CONNECTIONS = 32;
/** What a browser sends: the kept answers go gzipped, as the viewer receives them. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };

/** CPU time (ms) the process has used so far: user + system, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
}

/** Probes /healthz one request at a time from a worker thread until stopped; resolves to the latencies (ms). */
function probeHealth(url: string): { stop: () => Promise<number[]> } {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const http = require('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const out = []; let stopped = false;
    parentPort.on('message', () => { stopped = true; });
    (function next() {
      if (stopped) { parentPort.postMessage(out); return; }
      const t = performance.now();
      http.get(workerData + '/healthz', { agent }, (res) => { res.resume(); res.on('end', () => { out.push(performance.now() - t); next(); }); })
        .on('error', () => { out.push(60_000); next(); });
    })();`;
  const w = new Worker(code, { eval: true, workerData: url });
  return {
    stop: () =>
      new Promise((resolve) => {
        w.once('message', (m: number[]) => void w.terminate().then(() => resolve(m)));
        w.postMessage('stop');
      }),
  };
}

const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function load(url: string, connections = CONNECTIONS, headers: Record<string, string> = BROWSER) {
  const r = await autocannon({ url, connections, duration: seconds, headers });
  return { n: r['2xx'], perS: r['2xx'] / seconds, p50: r.latency.p50, p99: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts };
}

/** Each URL read once, `connections` at a time: latencies (ms) and how many failed. */
async function each(urls: string[], connections = CONNECTIONS) {
  const times: number[] = [];
  let bad = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const t = performance.now();
        const res = await fetch(url, { headers: BROWSER });
        await res.arrayBuffer();
        if (res.status !== 200) bad++;
        times.push(performance.now() - t);
      }
    }),
  );
  return { times, bad, perS: urls.length / ((performance.now() - t0) / 1000) };
}

async function measure(label: string, s: ServerProcess, run: number) {
  const base = `${s.url}/api/cities/krasnik`;
  const total = ((await (await fetch(`${base}/proposals?limit=1`)).json()) as { numberMatched: number }).numberMatched;
  console.log(`\n${label}: ${total} proposals stored (load average ${loadavg().map((x) => x.toFixed(1)).join(', ')})`);

  const idle = probeHealth(s.url);
  await load(`${s.url}/api/cities`, 1); // the idle anchor: /healthz beside one light client
  const anchor = p(await idle.stop(), 0.99);
  console.log(`  anchor  /healthz p99, server idle but one light client:   ${ms(anchor)}`);

  const pid = s.child.pid!;
  for (const [name, url, headers] of [
    ['district summaries (gzip)', `${base}/districts/summaries`, BROWSER],
    ['district summaries (plain)', `${base}/districts/summaries`, {}],
    ['proposals list (bbox page)', `${base}/proposals?bbox=22.20,50.92,22.23,50.935&limit=100`],
    // At the centre of Kraśnik: a z12 tile (a quarter of the town), a z14 and a z17 tile.
    ['tile z12 (clusters)', `${base}/proposals/tiles/12/2300/1372.pbf`],
    ['tile z14 (clusters)', `${base}/proposals/tiles/14/9202/5489.pbf`],
    ['tile z17 (points or clusters)', `${base}/proposals/tiles/17/73623/43913.pbf`],
  ] as [string, string, Record<string, string>?][]) {
    // Once first: a kept answer's first read (and a tile worker's start) is not what is measured here.
    await (await fetch(url, { headers: headers ?? BROWSER })).arrayBuffer();
    const probe = probeHealth(s.url);
    const cpu0 = cpuMs(pid);
    const r = await load(url, CONNECTIONS, headers ?? BROWSER);
    const cpu = (cpuMs(pid) - cpu0) / Math.max(1, r.n);
    const h = await probe.stop();
    console.log(
      `  ${name.padEnd(29)} ${r.perS.toFixed(0).padStart(6)}/s  p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  (non-2xx/errors ${r.bad}; server CPU ${cpu.toFixed(2)} ms/answer)   /healthz p99 ${ms(p(h, 0.99))} (${(p(h, 0.99) / anchor).toFixed(1)}× anchor)`,
    );
  }

  // Cold tiles: a grid around the centre, shifted each run so that every tile is encoded anew.
  for (const [z, side] of [[15, 8], [17, 16]] as const) {
    const [cx, cy] = tileCoords(22.2206, 50.9303, z).map(Math.floor) as [number, number];
    const x0 = cx - side / 2 + (run - 1) * side;
    const urls = Array.from({ length: side * side }, (_, i) => `${base}/proposals/tiles/${z}/${x0 + (i % side)}/${cy - side / 2 + Math.floor(i / side)}.pbf`);
    const probe = probeHealth(s.url);
    const cpu0 = cpuMs(pid);
    const r = await each(urls);
    const cpu = (cpuMs(pid) - cpu0) / urls.length;
    const h = await probe.stop();
    console.log(
      `  ${`cold tiles z${z} (${urls.length}, once each)`.padEnd(29)} ${r.perS.toFixed(0).padStart(6)}/s  p50 ${ms(p(r.times, 0.5))}  p99 ${ms(p(r.times, 0.99))}  (non-2xx ${r.bad}; server CPU ${cpu.toFixed(2)} ms/answer)   /healthz p99 ${ms(p(h, 0.99))} (${(p(h, 0.99) / anchor).toFixed(1)}× anchor)`,
    );
  }

  if (!withExport) return;
  // A full export, read as it streams, while the summaries and a tile stay under load (8
  // clients each, one request at a time) for as long as the export runs.
  const probe = probeHealth(s.url);
  let exporting = true;
  const beside = (url: string) =>
    Promise.all(
      Array.from({ length: 8 }, async () => {
        const times: number[] = [];
        while (exporting) {
          const t = performance.now();
          await (await fetch(url, { headers: BROWSER })).arrayBuffer();
          times.push(performance.now() - t);
        }
        return times;
      }),
    ).then((xs) => xs.flat());
  const sums = beside(`${base}/districts/summaries`);
  const tile = beside(`${base}/proposals/tiles/14/9202/5489.pbf`);
  const t = performance.now();
  const res = await fetch(`${base}/proposals/export.csv`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  const exportS = (performance.now() - t) / 1000;
  exporting = false;
  const [st, tt] = await Promise.all([sums, tile]);
  const h = await probe.stop();
  console.log(
    `  CSV export ${(bytes / 1e6).toFixed(1)} MB in ${exportS.toFixed(1)} s; meanwhile summaries p99 ${ms(p(st, 0.99))} and a z14 tile p99 ${ms(p(tt, 0.99))} (8 clients each), /healthz p99 ${ms(p(h, 0.99))} (${(p(h, 0.99) / anchor).toFixed(1)}× anchor)`,
  );
}

async function main() {
  const pack = await loadPack(path.join(ROOT, 'data', 'krasnik'));
  const env = { LOG_LEVEL: 'error', RATE_LIMIT_WRITES: '100000000' };
  console.log(`${N} proposals in Kraśnik, ${seconds} s per phase, ${CONNECTIONS} connections`);

  let t = performance.now();
  if (stores.includes('sqlite')) {
    const dataDir = tempDir('kp-million-');
    mkdirSync(dataDir, { recursive: true });
    seedSqlite(path.join(dataDir, 'plan.sqlite'), pack, N);
    console.log(`seeded SQLite in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    const sqlite = await startServer({ ...env, DATA_DIR: dataDir }, 120_000);
    try {
      for (let i = 1; i <= runs; i++) await measure(`SQLite, run ${i}`, sqlite, i);
    } finally {
      await sqlite.stop();
    }
  }
  if (!stores.includes('postgres')) return;

  const cluster = await startCluster();
  try {
    const url = await createDatabase(cluster.adminUrl, 'million');
    t = performance.now();
    await seedPostgres(url, pack, N);
    console.log(`\nseeded PostgreSQL in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    const pgServer = await startServer({ ...env, DATABASE_URL: url }, 120_000);
    try {
      for (let i = 1; i <= runs; i++) await measure(`PostgreSQL, run ${i}`, pgServer, i);
    } finally {
      await pgServer.stop();
    }
  } finally {
    cluster.destroy();
  }
}

void main();
