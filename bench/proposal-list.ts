/**
 * The proposals list at scale, on each store: one page (20 rows, with its total) for each
 * filter and sort the viewer's list offers, read `samples` times one after another straight
 * from the store; p50 and p99 per case and the p50 as a ratio to the plain first page (oldest
 * first) of the same run. On SQLite also without the list's indexes (migration 018).
 * Each line is printed as soon as it is measured (a run cut short still shows what it got).
 *   npx tsx bench/proposal-list.ts [count=1000000] [stores=sqlite,postgres] [samples=20] [seeded.sqlite]
 * (seeded.sqlite: a SQLite file already seeded with `count`, e.g. bench/million.ts's, copied
 * instead of seeding anew — the SQLite case drops indexes on its copy)
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPack } from '../server/packs/load-packs.ts';
import { openPostgresStore } from '../server/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import type { ProposalFilter, Store } from '../server/store/store.ts';
import { createDatabase, startCluster } from '../tests/helpers/pg-cluster.ts';
import { ROOT } from '../tests/helpers/server-process.ts';
import { seedPostgres, seedSqlite } from './seed-proposals.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const stores = (process.argv[3] ?? 'sqlite,postgres').split(',');
const SAMPLES = Number(process.argv[4] ?? 20);
const SEEDED = process.argv[5];

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function main() {
  const pack = await loadPack(path.join(ROOT, 'data', 'krasnik'));
  const district = pack.districts[0]!.info.id;
  const base: ProposalFilter = { city: pack.id, limit: 20, offset: 0, sort: 'created', status: ['proposed', 'accepted', 'planted', 'rejected'] };
  const cases: [string, Partial<ProposalFilter>][] = [
    ['oldest first (anchor)', {}],
    ['newest first', { sort: 'newest' }],
    ['most supported', { sort: 'supports' }],
    [`district ${district}, newest`, { district, sort: 'newest' }],
    ['kind tree, most supported', { kind: 'tree', sort: 'supports' }],
    ['status planted, newest', { status: ['planted'], sort: 'newest' }],
    ["one resident's own (mine), newest", { author: { kind: 'resident', id: 'nobody' }, sort: 'newest' }],
    ['a bbox of a quarter of the town', { bbox: [22.2, 50.92, 22.23, 50.935] }],
    ['the same bbox, newest, third page', { bbox: [22.2, 50.92, 22.23, 50.935], sort: 'newest', offset: 40 }],
    ['a bbox of a few streets', { bbox: [22.215, 50.927, 22.219, 50.929] }],
    ['a bbox smaller than a cell', { bbox: [22.2151, 50.9271, 22.2153, 50.9272] }],
  ];
  const run = async (store: Store, label: string) => {
    console.log(`\n${label} (${SAMPLES} reads per case, one at a time):`);
    let anchor = NaN;
    for (const [name, f] of cases) {
      const xs: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const t = performance.now();
        await store.listProposals({ ...base, ...f });
        xs.push(performance.now() - t);
      }
      const p50 = q(xs, 0.5);
      if (Number.isNaN(anchor)) anchor = p50;
      console.log(`  ${name.padEnd(36)} p50 ${p50.toFixed(1).padStart(8)} ms  p99 ${q(xs, 0.99).toFixed(1).padStart(8)} ms  p50 ×${(p50 / anchor).toFixed(2)}`);
    }
  };

  if (stores.includes('sqlite')) {
    const dir = mkdtempSync(path.join(tmpdir(), 'kp-list-bench-'));
    const file = path.join(dir, 'plan.sqlite');
    const t = performance.now();
    if (SEEDED) copyFileSync(SEEDED, file);
    else seedSqlite(file, pack, N);
    console.log(`SQLite: ${N} proposals in Kraśnik, ${SEEDED ? `copied from ${SEEDED}` : 'seeded'} in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    const store = openSqliteStore(file);
    try {
      await run(store, 'SQLite, with the list indexes');
      for (const ix of ['proposals_city_supports', 'proposals_city_kind', 'proposals_city_district', 'proposals_author']) store.db.exec(`DROP INDEX ${ix}`);
      await run(store, 'SQLite, without them');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (stores.includes('postgres')) {
    const cluster = await startCluster();
    try {
      const url = await createDatabase(cluster.adminUrl, 'list');
      const t = performance.now();
      await seedPostgres(url, pack, N);
      console.log(`\nPostgreSQL: ${N} proposals in Kraśnik, seeded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      const store = openPostgresStore(url, { log: () => undefined });
      if (!(await store.whenReady(60_000))) throw new Error(`PostgreSQL not ready: ${store.problem}`);
      try {
        await run(store, 'PostgreSQL + PostGIS');
      } finally {
        await store.close();
      }
    } finally {
      cluster.destroy();
    }
  }
}

// The SQLite store's reader threads do not keep the process alive (a server has its socket
// for that): without this, the first read on a reader thread let the process end silently.
const alive = setInterval(() => undefined, 1 << 30);
void main().finally(() => clearInterval(alive));
