/**
 * The proposals list at scale on the embedded store: one page (20 rows, with its total) for
 * each filter and sort the viewer's list offers, as a ratio to the plain first page (oldest
 * first) measured in the same run, with the list's indexes (migration 018) and without them.
 *   npx tsx bench/proposal-list.ts [count=1000000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPack } from '../server/packs/load-packs.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import type { ProposalFilter } from '../server/store/store.ts';
import { ROOT } from '../tests/helpers/server-process.ts';
import { seedSqlite } from './seed-proposals.ts';

const N = Number(process.argv[2] ?? 1_000_000);

async function main() {
  const pack = await loadPack(path.join(ROOT, 'data', 'krasnik'));
  const dir = mkdtempSync(path.join(tmpdir(), 'kp-list-bench-'));
  const file = path.join(dir, 'plan.sqlite');
  let t = performance.now();
  seedSqlite(file, pack, N);
  console.log(`${N} proposals in Kraśnik, seeded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  const store = openSqliteStore(file);
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
  ];
  const median = async (f: ProposalFilter) => {
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await store.listProposals(f);
      xs.push(performance.now() - t);
    }
    return xs.sort((a, b) => a - b)[2]!;
  };
  const run = async (label: string) => {
    const anchor = await median({ ...base });
    console.log(`\n${label}: anchor ${anchor.toFixed(1)} ms`);
    for (const [name, f] of cases) {
      const ms = await median({ ...base, ...f });
      console.log(`  ${name.padEnd(36)} ${ms.toFixed(1).padStart(8)} ms  ×${(ms / anchor).toFixed(2)}`);
    }
  };
  await run('with the list indexes');
  for (const ix of ['proposals_city_supports', 'proposals_city_kind', 'proposals_city_district', 'proposals_author']) store.db.exec(`DROP INDEX ${ix}`);
  await run('without them');
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

void main();
