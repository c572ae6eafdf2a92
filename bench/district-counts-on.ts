/**
 * District counts on a past date with a million proposals (SQLite): the per-day and per-month
 * history kept from proposal events (districtCountsOn) against the kept totals of today (districtCounts, the
 * anchor) and against replaying the events up to the date in one grouped query (what a store
 * without the kept history would have to do). Figures are ratios to the anchor, same run.
 *   npx tsx bench/district-counts-on.ts [proposals=1000000]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPack } from '../server/packs/load-packs.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import { ROOT } from '../tests/helpers/server-process.ts';
import { seedSqlite } from './seed-proposals.ts';

const n = Number(process.argv[2] ?? 1_000_000);
const pack = await loadPack(path.join(ROOT, 'data', 'krasnik'));
const file = path.join(mkdtempSync(path.join(tmpdir(), 'kp-bench-counts-')), 'plan.sqlite');
let t = performance.now();
seedSqlite(file, pack, n);
console.log(`seeded ${n} proposals in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const store = openSqliteStore(file);
// Seeded one a second from 2026-01-01: a date in the middle of them.
const mid = new Date(Date.parse('2026-01-01T00:00:00Z') + (n / 2) * 1000).toISOString().slice(0, 10);
const replay = store.db.prepare(`SELECT p.kind, p.district,
    SUM(CASE WHEN s.status IN ('proposed', 'accepted', 'planted') THEN p.count ELSE 0 END) AS proposed,
    SUM(CASE WHEN s.status IN ('accepted', 'planted') THEN p.count ELSE 0 END) AS accepted,
    SUM(CASE WHEN s.status = 'planted' THEN p.count ELSE 0 END) AS planted
  FROM (SELECT e.proposal_id, e.to_status AS status, MAX(e.seq) FROM proposal_events e WHERE e.at <= ? AND e.to_status IS NOT NULL GROUP BY e.proposal_id) s
  JOIN proposals p ON p.id = s.proposal_id WHERE p.city = ? AND p.district IS NOT NULL GROUP BY p.kind, p.district`);

async function time(label: string, fn: () => unknown, reps: number): Promise<number> {
  await fn();
  t = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  const ms = (performance.now() - t) / reps;
  console.log(`${label}: ${ms.toFixed(3)} ms per read`);
  return ms;
}

const anchor = await time('districtCounts (today, kept totals) — anchor', () => store.districtCounts(pack.id), 200);
const kept = await time(`districtCountsOn(${mid}) (kept per-day history)`, () => store.districtCountsOn(pack.id, mid), 200);
const scan = await time(`replay of the events up to ${mid} (no kept history)`, () => replay.all(`${mid}T23:59:59.999Z`, pack.id), 2);
// The dense case: changes on every day of six years in every district, kind and status (a
// synthetic town, its rows written straight into the kept history).
const days = 6 * 365;
const dense = store.db.prepare('INSERT INTO district_counts_daily (city, day, kind, district, status, units) VALUES (?, ?, ?, ?, ?, ?)');
store.db.transaction(() => {
  for (let d = 0; d < days; d++) {
    const day = new Date(Date.parse('2024-01-01T00:00:00Z') + d * 86_400_000).toISOString().slice(0, 10);
    for (const kind of ['tree', 'pocket-park', 'rain-garden'])
      for (const district of ['a', 'b', 'c', 'd'])
        for (const status of ['proposed', 'accepted', 'planted', 'rejected', 'withdrawn']) dense.run('dense', day, kind, district, status, 1);
  }
  store.db.exec(`INSERT INTO district_counts_monthly (city, month, kind, district, status, units)
    SELECT city, substr(day, 1, 7), kind, district, status, SUM(units) FROM district_counts_daily WHERE city = 'dense' GROUP BY 1, 2, 3, 4, 5`);
})();
const denseMs = await time(`districtCountsOn, six years of daily changes (${days * 60} rows), on the last day`, () => store.districtCountsOn('dense', '2029-12-31'), 20);
console.log(`dense history ×${(denseMs / anchor).toFixed(1)} the anchor`);
const same = JSON.stringify(await store.districtCountsOn(pack.id, '2999-12-31')) === JSON.stringify(await store.districtCounts(pack.id));
console.log(`ratios to the anchor: kept history ×${(kept / anchor).toFixed(1)}, replay ×${(scan / anchor).toFixed(0)}; history up to 2999 equals today's totals: ${same}`);
await store.close();
