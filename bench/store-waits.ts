/**
 * Where a PostgreSQL write's time goes: the bench:store write load (16 residents' proposals on a
 * 3.5 m grid, one server) against a throwaway cluster with pg_stat_statements, while the
 * server's connections are sampled every 20 ms for what they wait on (advisory locks, row locks,
 * WAL flush, CPU). Prints writes/s, the wait samples, the statements by total time, and the WAL
 * written per write (pg_waldump --stats). With `prof`, the server also writes a V8 CPU profile
 * (node --cpu-prof) into the folder printed at the end. With `before`, the database is put back
 * to how writes queued before migrations 029 and 030 (every write exclusive on its ~200 m spacing
 * cell, every count on one row per key), so the two can be compared on the same machine minutes apart.
 * With `spread`, consecutive proposals land far apart across the town (write-load.ts's
 * spreadSpot, as bench:store's spread phase), so concurrent writes rarely share a spacing lock;
 * CONNS=1 measures a write's own database time, with nothing to wait for.
 *   [CONNS=16] npx tsx bench/store-waits.ts [seconds=8] [prof|before] [spread]
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createDatabase, startCluster } from '../tests/helpers/pg-cluster.ts';
import { ROOT, startServer, tempDir } from '../tests/helpers/server-process.ts';
import { miniPacksDir, residentTokens, spreadSpot, treeProposals } from './write-load.ts';

const seconds = Number(process.argv[2] ?? 8);
const profile = process.argv[3] === 'prof';
const before = process.argv[3] === 'before';
const spread = process.argv.includes('spread');

/** The queueing of the previous release: the first (coarse) key exclusive, and one counter row per key. */
const BEFORE_029_030 = `
  CREATE OR REPLACE FUNCTION kp_spacing_locks(p_locks bigint[], p_exclusive boolean[]) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN PERFORM pg_advisory_xact_lock(p_locks[1]); END $$;
  CREATE OR REPLACE FUNCTION kp_counter_slot(i int) RETURNS smallint LANGUAGE sql STABLE AS $$ SELECT 0::smallint $$;`;
const connections = Number(process.env.CONNS ?? 16);


/** The server with `node --cpu-prof` (not allowed in NODE_OPTIONS, so spawned here). */
async function profiledServer(env: Record<string, string>, dir: string) {
  const child = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir('kp-data-'), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/Listening on (http:\/\/[\d.]+:\d+)/);
      if (m) resolve(m[1]!);
    });
  });
  for (;;) {
    const r = await fetch(`${url}/readyz`).catch(() => null);
    if (r?.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // SIGINT: the server closes its store and exits, and node writes the profile on exit.
  return { url, stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGINT'))) };
}

const cluster = await startCluster();
try {
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  // Each function's own time, and (below, once the library is loaded) the statements inside the
  // procedures and triggers too: where a write's database time goes.
  await admin.query(`ALTER SYSTEM SET track_functions = 'all'`);
  await admin.end();
  cluster.stop();
  cluster.start();
  const admin2 = new pg.Client({ connectionString: cluster.adminUrl });
  await admin2.connect();
  await admin2.query(`ALTER SYSTEM SET pg_stat_statements.track = 'all'`);
  await admin2.query('SELECT pg_reload_conf()');
  await admin2.end();
  const url = await createDatabase(cluster.adminUrl, 'bench');
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query('CREATE EXTENSION pg_stat_statements');
  const env = { RATE_LIMIT_WRITES: '100000000', RATE_LIMIT_SIGNUPS: '100000000', LOG_LEVEL: 'error', PACKS_DIR: miniPacksDir(), DATABASE_URL: url };
  const profDir = tempDir('kp-cpu-prof-');
  const server = profile ? await profiledServer(env, profDir) : await startServer(env);
  if (before) await db.query(BEFORE_029_030);
  const tokens = await residentTokens(server.url, connections);
  await db.query('SELECT pg_stat_statements_reset(), pg_stat_reset()');
  const lsn0 = (await db.query<{ l: string }>('SELECT pg_current_wal_lsn() AS l')).rows[0]!.l;
  const waits = new Map<string, number>();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const r = await db.query<{ w: string }>(
        `SELECT coalesce(wait_event_type, 'CPU') || ':' || coalesce(wait_event, '-') AS w FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
      );
      for (const x of r.rows) waits.set(x.w, (waits.get(x.w) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const w = await autocannon({
    url: `${server.url}/api/cities/mini/proposals`,
    connections,
    duration: seconds,
    requests: treeProposals(tokens, spread ? (i) => spreadSpot(i) : (i) => [22.0005 + (i % 300) * 0.00005, 50.9005 + Math.floor(i / 300) * 0.00005]),
  });
  sampling = false;
  await sampler;
  const ok = w['2xx'];
  console.log(`writes ${(ok / seconds).toFixed(0)}/s, p50 ${w.latency.p50} ms, p99 ${w.latency.p99} ms, non-2xx ${w.non2xx}`);
  const total = [...waits.values()].reduce((a, b) => a + b, 0);
  console.log('what active connections were doing (samples every 20 ms):');
  for (const [what, n] of [...waits].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${what.padEnd(28)} ${String(n).padStart(5)}  ${((100 * n) / total).toFixed(0)}%`);
  const st = await db.query(
    `SELECT calls, round(total_exec_time::numeric) AS total_ms, round(mean_exec_time::numeric, 2) AS mean_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS query
     FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_activity%' ORDER BY total_exec_time DESC LIMIT 15`,
  );
  console.table(st.rows);
  const fns = await db.query(
    `SELECT funcname, calls, round(self_time::numeric) AS self_ms, round(total_time::numeric) AS total_ms FROM pg_stat_user_functions ORDER BY self_time DESC LIMIT 12`,
  );
  console.table(fns.rows);
  const lsn1 = (await db.query<{ l: string }>('SELECT pg_current_wal_lsn() AS l')).rows[0]!.l;
  const bytes = Number((await db.query<{ b: string }>('SELECT pg_wal_lsn_diff($1, $2) AS b', [lsn1, lsn0])).rows[0]!.b);
  console.log(`WAL written: ${(bytes / Math.max(1, ok) / 1024).toFixed(1)} KB per write`);
  const version = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0]!;
  const waldump = `/usr/lib/postgresql/${version}/bin/pg_waldump`;
  const args = ['-p', path.join(cluster.dir, 'data', 'pg_wal'), '-s', lsn0, '-e', lsn1, '--stats=record'];
  const r = process.getuid?.() === 0 ? spawnSync('runuser', ['-u', 'postgres', '--', waldump, ...args], { encoding: 'utf8' }) : spawnSync(waldump, args, { encoding: 'utf8' });
  console.log(r.stdout.split('\n').filter((l) => /^\S+\/\S+\s+[1-9]/.test(l) || /^Type|^Total/.test(l)).join('\n') || r.stderr.slice(0, 300));
  await db.end();
  await server.stop();
  if (profile) console.log(`CPU profile of the server: ${profDir}`);
} finally {
  cluster.destroy();
}
