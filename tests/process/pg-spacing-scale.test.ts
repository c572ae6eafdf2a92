/**
 * On PostgreSQL a new proposal's spacing check reads only the proposals around its spot, however
 * many the town holds, on the resident's path (the procedure) and the staff's (the function).
 * Before migration 031 the check was a cached plan inside them, generic from the sixth call on:
 * not knowing the spot, it took a (city, …) index and tested every live proposal of the kind in
 * the town (80,000 rows read for 400 writes). Counted by PostgreSQL's own statistics: rows read
 * from the proposals table and its B-tree indexes (the GiST index, the right way in, is not
 * counted).
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { PostgresStore } from '../../server/store/postgres/postgres-store.ts';
import { resident, tree } from '../helpers/people.ts';
import { testApp, postJson } from '../helpers/test-app.ts';
import { openTestStore } from '../helpers/test-store.ts';

const WRITES = 400;

/**
 * Rows read from proposals by sequential scans and through its B-tree indexes, once PostgreSQL's
 * shared statistics hold `inserted` rows added to it (a backend sends its reads and inserts
 * together, so waiting on that condition waits for the reads of the same transactions).
 */
async function rowsRead(url: string, inserted: number): Promise<number> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    for (;;) {
      await db.query('SELECT pg_stat_clear_snapshot()');
      const r = await db.query<{ ins: string; n: string }>(
        `SELECT (SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'proposals') AS ins,
           coalesce((SELECT seq_tup_read FROM pg_stat_user_tables WHERE relname = 'proposals'), 0)
           + coalesce((SELECT SUM(idx_tup_read) FROM pg_stat_user_indexes WHERE relname = 'proposals' AND indexrelname <> 'proposals_geom'), 0) AS n`,
      );
      if (Number(r.rows[0]!.ins) >= inserted) return Number(r.rows[0]!.n);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await db.end();
  }
}

describe('the spacing check of a new proposal on PostgreSQL', () => {
  it('reads the proposals around the spot, not every one in the town, on both write paths as the town grows', async () => {
    const store = (await openTestStore('postgres')) as PostgresStore;
    const url = (store.pool as unknown as { options: { connectionString: string } }).options.connectionString;
    const t = await testApp({ store });
    const ala = await resident(t.request, 'Ala');
    // A town that grows from nothing, one proposal after another on a dense grid (3.5 × 5.6 m,
    // beyond the 3 m rule), as a consultation fills up: the writes' plans are made while the
    // table is nearly empty, and kept. Every tenth goes through the resident's path (CALL
    // kp_create_proposal_as_v3), the rest through the staff's (kp_create_proposal_v2).
    const spot = (i: number): [number, number] => [22.0005 + (i % 300) * 0.00005, 50.9005 + Math.floor(i / 300) * 0.00005];
    for (let i = 0; i < WRITES; i++) {
      const at = spot(i);
      if (i % 10 === 0) {
        expect((await t.request('/api/cities/mini/proposals', postJson(tree(...at), ala.headers))).status).toBe(201);
      } else {
        const r = await store.createProposal(
          { id: `staff-${i}`, city: 'mini', kind: 'tree', geometry: { type: 'Point', coordinates: at }, bbox: [...at, ...at], lon: at[0], lat: at[1], district: 'zachod', species: 'quercus-robur', count: 1, note: '', author: { kind: 'user', id: 'u-1', name: 'Planistka' }, createdAt: new Date().toISOString() },
          { minM: 3, distanceM: () => 0 },
        );
        expect(r.ok).toBe(true);
      }
    }
    // The check still refuses a spot too close to one of them.
    expect((await t.request('/api/cities/mini/proposals', postJson(tree(spot(7)[0] + 0.00001, spot(7)[1]), ala.headers))).status).toBe(422);
    const read = await rowsRead(url, WRITES);
    await store.close();
    // A scan of the town's live trees for each write would be about WRITES² / 2 rows (80,000 for 400).
    expect(read).toBeLessThan(WRITES * 5);
  });
});
