/**
 * Where a proposals-list page's time goes on PostgreSQL at scale: seeds Kraśnik with N proposals
 * on a throwaway cluster, then times the store's list pages (bbox of a quarter of the town, the
 * whole town), prints PostgreSQL's plan (EXPLAIN ANALYZE) of the page and of the count, and
 * times the same pages through the HTTP API, one after another.
 *   npx tsx bench/pg-list-plans.ts [N=1000000]
 */
import path from 'node:path';
import pg from 'pg';
import { loadPack } from '../server/packs/load-packs.ts';
import { openPostgresStore } from '../server/store/postgres/postgres-store.ts';
import type { ProposalFilter } from '../server/store/store.ts';
import { createDatabase, startCluster } from '../tests/helpers/pg-cluster.ts';
import { ROOT, startServer } from '../tests/helpers/server-process.ts';
import { seedPostgres } from './seed-proposals.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const pack = await loadPack(path.join(ROOT, 'data', 'krasnik'));
const cluster = await startCluster();
try {
  const url = await createDatabase(cluster.adminUrl, 'plans');
  const t = performance.now();
  await seedPostgres(url, pack, N);
  console.log(`seeded ${N} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  const store = openPostgresStore(url, { log: () => undefined });
  if (!(await store.whenReady(60_000))) throw new Error(`not ready: ${store.problem}`);
  const bbox: [number, number, number, number] = [22.2, 50.92, 22.23, 50.935];
  const cases: [string, Partial<ProposalFilter>][] = [
    ['bbox, 100 rows, with total', { bbox, limit: 100 }],
    ['bbox, 100 rows, no total', { bbox, limit: 100, withTotal: false }],
    ['whole town, 20 rows, with total', { limit: 20 }],
  ];
  for (const [name, f] of cases) {
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await store.listProposals({ city: pack.id, offset: 0, sort: 'created', limit: 20, ...f });
      xs.push(performance.now() - t0);
    }
    console.log(`${name.padEnd(34)} ${xs.map((x) => x.toFixed(1)).join(' / ')} ms`);
  }
  await store.close();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const env = `ST_MakeEnvelope(${bbox.join(', ')}, 4326)`;
  for (const sql of [
    `SELECT id FROM proposals WHERE city = '${pack.id}' AND geom && ${env} ORDER BY seq LIMIT 100`,
    `SELECT COUNT(*) FROM proposals WHERE city = '${pack.id}' AND geom && ${env}`,
  ]) {
    const r = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
    console.log(`\n${sql}\n${r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n')}`);
  }
  await db.end();
  // The same pages through the HTTP API (the server process on this database).
  const server = await startServer({ DATABASE_URL: url, LOG_LEVEL: 'error' }, 120_000);
  try {
    for (const q of [`bbox=${bbox.join(',')}&limit=100`, 'limit=20']) {
      const xs: number[] = [];
      // Eight calls: a prepared statement's plan may change after the fifth.
      for (let i = 0; i < 8; i++) {
        const t0 = performance.now();
        const r = await fetch(`${server.url}/api/cities/${pack.id}/proposals?${q}`);
        await r.arrayBuffer();
        xs.push(performance.now() - t0);
      }
      console.log(`HTTP ?${q}: ${xs.map((x) => x.toFixed(1)).join(' / ')} ms`);
    }
  } finally {
    await server.stop();
  }
} finally {
  cluster.destroy();
}
