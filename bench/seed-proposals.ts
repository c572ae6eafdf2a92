/**
 * Seeds a store with many proposals straight through its database (not over HTTP), for the
 * scale benchmarks: points spread over the town's districts (the district from the pack's
 * index, as the service decides it), kinds, species and statuses mixed, deterministic by seed.
 *   npx tsx bench/seed-proposals.ts <city> <count> [--database-url URL | --data-dir DIR]
 */
import path from 'node:path';
import pg from 'pg';
import { loadPack } from '../server/packs/load-packs.ts';
import type { CityPack } from '../server/packs/index-pack.ts';
import { migratePostgres } from '../server/store/postgres/migrate.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import { ROOT } from '../tests/helpers/server-process.ts';

export interface SeedRow {
  id: string;
  kind: string;
  lon: number;
  lat: number;
  district: string;
  species: string;
  status: 'proposed' | 'accepted' | 'planted' | 'rejected';
  createdAt: string;
}

/** A small deterministic PRNG (mulberry32), so every run seeds the same proposals. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Yields `n` proposals inside the town, in batches. */
export function* seedRows(pack: CityPack, n: number, batch = 10_000, seed = 1): Generator<SeedRow[]> {
  const random = rng(seed);
  const [w, s, e, north] = bboxOf(pack);
  const kinds = pack.raw.manifest.proposals?.kinds ?? [];
  if (kinds.length === 0) throw new Error(`${pack.id} takes no proposals`);
  const species = pack.raw.species.map((x) => x.id);
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  let made = 0;
  while (made < n) {
    const rows: SeedRow[] = [];
    while (rows.length < batch && made < n) {
      const lon = w + random() * (e - w);
      const lat = s + random() * (north - s);
      const district = pack.districtIndex.locate(lon, lat);
      if (district === null) continue;
      // Mostly trees (the first kind), as a tree-planting consultation would have.
      const kind = random() < 0.8 ? kinds[0]! : kinds[1 + Math.floor(random() * (kinds.length - 1))] ?? kinds[0]!;
      const r = random();
      const status = r < 0.7 ? 'proposed' : r < 0.85 ? 'accepted' : r < 0.95 ? 'planted' : 'rejected';
      rows.push({
        id: `seed-${made.toString(36)}`,
        kind: kind.id,
        lon,
        lat,
        district,
        species: kind.needsSpecies && species.length ? species[made % species.length]! : '',
        status,
        createdAt: new Date(t0 + made * 1000).toISOString(),
      });
      made++;
    }
    yield rows;
  }
}

function bboxOf(pack: CityPack): [number, number, number, number] {
  const b = [Infinity, Infinity, -Infinity, -Infinity] as [number, number, number, number];
  const g = pack.raw.boundary.geometry;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const ring of rings) for (const [x, y] of ring) {
    b[0] = Math.min(b[0], x!); b[1] = Math.min(b[1], y!); b[2] = Math.max(b[2], x!); b[3] = Math.max(b[3], y!);
  }
  return b;
}

/** The history a seeded status came through (so the per-day counts kept from events match the status). */
const MOVES: Record<SeedRow['status'], [string, string][]> = {
  proposed: [],
  accepted: [['proposed', 'accepted']],
  planted: [['proposed', 'accepted'], ['accepted', 'planted']],
  rejected: [['proposed', 'rejected']],
};

export function seedSqlite(file: string, pack: CityPack, n: number): void {
  const store = openSqliteStore(file);
  const db = store.db;
  const insert = db.prepare(`INSERT INTO proposals (id, city, kind, geometry, lon, lat, district, species, count, note, status, supports,
    author_kind, author_id, author_name, created_at, updated_at, number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, '', ?, 0, 'resident', 'seed', 'seed', ?, ?,
    (SELECT IFNULL(MAX(number), 0) + 1 FROM proposals))`);
  const rtree = db.prepare('INSERT INTO proposals_rtree (seq, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)');
  const event = db.prepare(`INSERT INTO proposal_events (proposal_id, at, actor_kind, actor_id, actor_name, action, from_status, to_status)
    VALUES (?, ?, 'resident', 'seed', 'seed', 'created', NULL, 'proposed')`);
  const move = db.prepare(`INSERT INTO proposal_events (proposal_id, at, actor_kind, actor_id, actor_name, action, from_status, to_status)
    VALUES (?, ?, 'user', 'seed', 'seed', ?, ?, ?)`);
  const put = db.transaction((rows: SeedRow[]) => {
    for (const r of rows) {
      const geometry = JSON.stringify({ type: 'Point', coordinates: [r.lon, r.lat] });
      const seq = insert.run(r.id, pack.id, r.kind, geometry, r.lon, r.lat, r.district, r.species, r.status, r.createdAt, r.createdAt).lastInsertRowid;
      rtree.run(seq, r.lon, r.lon, r.lat, r.lat);
      event.run(r.id, r.createdAt);
      for (const [from, to] of MOVES[r.status]) move.run(r.id, r.createdAt, to, from, to);
    }
  });
  for (const rows of seedRows(pack, n)) put(rows);
  void store.close();
}

export async function seedPostgres(url: string, pack: CityPack, n: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await migratePostgres(pool);
    for (const rows of seedRows(pack, n)) {
      const col = <K extends keyof SeedRow>(k: K) => rows.map((r) => r[k]);
      await pool.query(
        `WITH r AS (
           SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::text[], $7::text[], $8::text[])
             AS t(id, kind, lon, lat, district, species, status, created_at)
         ), p AS (
           INSERT INTO proposals (id, city, kind, geom, lon, lat, district, species, count, note, status, supports, author_kind, author_id, author_name, created_at, updated_at)
           SELECT id, $9, kind, ST_SetSRID(ST_MakePoint(lon, lat), 4326), lon, lat, district, species, 1, '', status, 0, 'resident', 'seed', 'seed', created_at, created_at FROM r
           RETURNING id, created_at
         )
         INSERT INTO proposal_events (proposal_id, at, actor_kind, actor_id, actor_name, action, from_status, to_status)
         SELECT id, created_at, 'resident', 'seed', 'seed', 'created', NULL, 'proposed' FROM p`,
        [col('id'), col('kind'), col('lon'), col('lat'), col('district'), col('species'), col('status'), col('createdAt'), pack.id],
      );
      await pool.query(
        `INSERT INTO proposal_events (proposal_id, at, actor_kind, actor_id, actor_name, action, from_status, to_status)
         SELECT r.id, r.created_at, 'user', 'seed', 'seed', m.to_status, m.from_status, m.to_status
         FROM unnest($1::text[], $2::text[], $3::text[]) AS r(id, status, created_at)
         JOIN (VALUES ${Object.entries(MOVES).flatMap(([st, moves]) => moves.map(([f, t]) => `('${st}', '${f}', '${t}')`)).join(', ')}) AS m(status, from_status, to_status) ON m.status = r.status`,
        [col('id'), col('status'), col('createdAt')],
      );
    }
    // The steady state autovacuum keeps in a live database: the counts tables took one update
    // per seeded row (their few rows would otherwise sit behind a million dead versions).
    await pool.query('VACUUM ANALYZE proposals, proposal_events, district_counts, district_counts_daily, district_counts_monthly, proposal_cells');
  } finally {
    await pool.end();
  }
}

async function main() {
  const [city, count, flag, target] = process.argv.slice(2);
  if (!city || !count || !['--database-url', '--data-dir'].includes(flag ?? '') || !target) {
    console.error('usage: npx tsx bench/seed-proposals.ts <city> <count> (--database-url URL | --data-dir DIR)');
    process.exit(2);
  }
  const pack = await loadPack(path.join(ROOT, 'data', city));
  const t = performance.now();
  if (flag === '--database-url') await seedPostgres(target, pack, Number(count));
  else seedSqlite(path.join(target, 'plan.sqlite'), pack, Number(count));
  console.log(`seeded ${count} proposals in ${city} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) void main();
