/**
 * The stores side by side, through the real HTTP API: durable proposals created per second —
 * each next to the last (every write's spacing box overlaps the writes beside it: the worst
 * case for PostgreSQL's spacing locks, nothing to SQLite's single writer) and spread across the
 * town (as residents of a town write) — and proposal-list reads per second (bbox filter +
 * count), on the embedded SQLite store with one server, and on PostgreSQL + PostGIS with one and with two servers (autocannon against each,
 * the figures summed). PostgreSQL is a throwaway cluster on loopback, fsync on, started here.
 *   npx tsx bench/store.ts [seconds=8] [connections per server=16]
 * Everything shares the machine's cores: with two servers, PostgreSQL and the load generator
 * on 2 cores the figures show the cost of the network store, not a region's hardware. So each
 * phase also prints the CPU time the store's side spent per request (the server processes, and
 * PostgreSQL's processes), which a busy machine does not change the way it changes rates.
 * Each server first takes a second of writes that is not counted (a server just started is
 * still compiling its code and opening its connections).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createDatabase, startCluster } from '../tests/helpers/pg-cluster.ts';
import { startServer, type ServerProcess } from '../tests/helpers/server-process.ts';
import { miniPacksDir, residentTokens, spreadSpot, spreadSpots, treeProposals } from './write-load.ts';

const seconds = Number(process.argv[2] ?? 8);
const connections = Number(process.argv[3] ?? 16);


// Spots on a 0.00005° grid (≈3.5 × 5.6 m, beyond the 3 m rule); each server its own band of rows.
function spot(k: number, band: number): [number, number] {
  return [22.0005 + (k % 300) * 0.00005, 50.9005 + band * 0.004 + Math.floor(k / 300) * 0.00005];
}


/** CPU time (user + system) of processes so far, in ms, from /proc (Linux; 0 elsewhere). */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // gone (a backend that closed): its time is lost to both readings
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** The postmaster of a cluster and its children (backends, WAL writer, checkpointer...). */
function clusterPids(dataDir: string): number[] {
  const main = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [main];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === main) pids.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** Runs `phase`, and says how much CPU the servers and the database spent on it. */
async function withCpu<T extends { ok: number }>(servers: ServerProcess[], dataDir: string | null, phase: () => Promise<T>) {
  const pids = () => [...servers.map((s) => s.child.pid!), ...(dataDir ? clusterPids(dataDir) : [])];
  const before = pids();
  const node0 = cpuMs(servers.map((s) => s.child.pid!));
  const all0 = cpuMs(before);
  const r = await phase();
  const after = [...new Set([...before, ...pids()])];
  const node = cpuMs(servers.map((s) => s.child.pid!)) - node0;
  const db = cpuMs(after) - all0 - node;
  return { ...r, cpu: `CPU/request ${((node + db) / Math.max(1, r.ok)).toFixed(2)} ms (server ${(node / Math.max(1, r.ok)).toFixed(2)}${dataDir ? `, PostgreSQL ${(db / Math.max(1, r.ok)).toFixed(2)}` : ''})` };
}

/** Proposals side by side (each next to the last: the spacing check's worst case), or `spread` across the town. */
async function writes(servers: ServerProcess[], spread = false) {
  const runs = await Promise.all(
    servers.map(async (s, band) => {
      const ts = await residentTokens(s.url, connections);
      return autocannon({
        url: `${s.url}/api/cities/mini/proposals`,
        connections,
        duration: seconds,
        requests: treeProposals(ts, (k) => (spread ? spreadSpot(k, band, servers.length) : spot(k, band))),
      });
    }),
  );
  const ok = runs.reduce((s, r) => s + r['2xx'], 0);
  const bad = runs.reduce((s, r) => s + r.non2xx + r.errors, 0);
  return { ok, perS: ok / seconds, p99: Math.max(...runs.map((r) => r.latency.p99)), bad };
}

async function reads(servers: ServerProcess[]) {
  const runs = await Promise.all(
    servers.map((s) =>
      autocannon({ url: `${s.url}/api/cities/mini/proposals?bbox=22.0005,50.9005,22.006,50.902&limit=50`, connections, duration: seconds }),
    ),
  );
  const ok = runs.reduce((s, r) => s + r['2xx'], 0);
  return { ok, perS: ok / seconds, p99: Math.max(...runs.map((r) => r.latency.p99)), bad: runs.reduce((s, r) => s + r.non2xx + r.errors, 0) };
}

/**
 * A second of writes first, not counted: JIT, connections and caches warm, as in a running
 * server. Its spots are the spread walk's last ones, which the spread phase does not reach.
 */
async function warmUp(servers: ServerProcess[]) {
  await Promise.all(
    servers.map(async (s, band) => {
      const ts = await residentTokens(s.url, connections);
      const r = await autocannon({
        url: `${s.url}/api/cities/mini/proposals`,
        connections,
        duration: 1,
        requests: treeProposals(ts, (k) => spreadSpot(spreadSpots(servers.length) - 1 - k, band, servers.length)),
      });
      if (r.non2xx || r.errors) throw new Error(`warm-up: ${r.non2xx} non-2xx, ${r.errors} errors`);
    }),
  );
}

async function measure(label: string, servers: ServerProcess[], dataDir: string | null = null) {
  await warmUp(servers);
  const w = await withCpu(servers, dataDir, () => writes(servers));
  const ws = await withCpu(servers, dataDir, () => writes(servers, true));
  const r = await withCpu(servers, dataDir, () => reads(servers));
  const total = (await (await fetch(`${servers[0]!.url}/api/cities/mini/proposals?limit=1`)).json()) as { numberMatched: number };
  console.log(
    `${label.padEnd(26)} writes ${w.perS.toFixed(0).padStart(5)}/s (p99 ${w.p99} ms, non-2xx ${w.bad})   spread ${ws.perS.toFixed(0).padStart(5)}/s (p99 ${ws.p99} ms, non-2xx ${ws.bad})   reads ${r.perS.toFixed(0).padStart(5)}/s (p99 ${r.p99} ms, non-2xx ${r.bad})   stored ${total.numberMatched}   (load average ${loadavg().map((x) => x.toFixed(1)).join(', ')})`,
  );
  console.log(`${''.padEnd(26)} writes ${w.cpu}   spread ${ws.cpu}   reads ${r.cpu}`);
}

async function main() {
  const env = { RATE_LIMIT_WRITES: '100000000', RATE_LIMIT_SIGNUPS: '100000000', LOG_LEVEL: 'error' };
  console.log(`${seconds} s per phase, ${connections} connections per server; durable writes (SQLite synchronous=FULL, PostgreSQL fsync on)`);

  const sqlite = await startServer({ ...env, PACKS_DIR: miniPacksDir() });
  try {
    await measure('SQLite, 1 server', [sqlite]);
  } finally {
    await sqlite.stop();
  }

  const cluster = await startCluster();
  try {
    const one = { ...env, PACKS_DIR: miniPacksDir(), DATABASE_URL: await createDatabase(cluster.adminUrl, 'bench') };
    const a = await startServer(one);
    try {
      await measure('PostgreSQL, 1 server', [a], path.join(cluster.dir, 'data'));
    } finally {
      await a.stop();
    }
    const two = { ...env, PACKS_DIR: miniPacksDir(), DATABASE_URL: await createDatabase(cluster.adminUrl, 'bench') };
    const [b, c] = await Promise.all([startServer(two), startServer(two)]);
    try {
      await measure('PostgreSQL, 2 servers', [b, c], path.join(cluster.dir, 'data'));
    } finally {
      await Promise.all([b.stop(), c.stop()]);
    }
  } finally {
    cluster.destroy();
  }
}

void main();
