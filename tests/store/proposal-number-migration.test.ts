/**
 * Migration 019 on both stores: proposals made before public numbers existed are numbered
 * 1, 2, 3… in the order they were made, and the next proposal goes on from there.
 */
import { describe, expect, it } from 'vitest';
import { migratePostgres } from '../../server/store/postgres/migrate.ts';
import type { PostgresStore } from '../../server/store/postgres/postgres-store.ts';
import { migrate, type SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { STORE_KINDS, useStore, proposal, spacing } from './contract-fixtures.ts';

describe.each(STORE_KINDS)('migration 019 numbers existing proposals in creation order — %s', (kind) => {
  const store = useStore(kind);

  it('backfills 1…n by creation order and continues after the highest', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const p = proposal({ city: i % 2 ? 'b' : 'a', at: [22.3 + i * 0.01, 50.8] });
      ids.push(p.id);
      expect((await store().createProposal(p, spacing(3))).ok).toBe(true);
    }
    // Back to the schema before 019 (as an existing database was), then migrate again.
    if (kind === 'postgres') {
      const pool = (store() as PostgresStore).pool;
      await pool.query('DROP INDEX proposals_number; ALTER TABLE proposals DROP COLUMN number; DELETE FROM schema_migrations WHERE version = 19');
      expect(await migratePostgres(pool)).toEqual(['019_proposal_number.sql']);
    } else {
      const db = (store() as SqliteStore).db;
      db.exec('DROP INDEX proposals_number; ALTER TABLE proposals DROP COLUMN number; DELETE FROM schema_migrations WHERE version = 19');
      expect(migrate(db)).toEqual(['019_proposal_number.sql']);
    }
    const numbers = await Promise.all(ids.map(async (id, i) => (await store().getProposal(i % 2 ? 'b' : 'a', id))!.number));
    expect(numbers).toEqual([1, 2, 3, 4]);
    const next = await store().createProposal(proposal({ city: 'a', at: [22.4, 50.8] }), spacing(3));
    expect(next.ok && next.proposal.number).toBe(5);
  });
});
