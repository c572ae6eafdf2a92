/**
 * The store a test runs on: SQLite in memory by default; PostgreSQL (a fresh database in the
 * run's throwaway cluster) in the "postgres" project, where TEST_STORE=postgres.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../server/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/store/store.ts';
import { createDatabase } from './pg-cluster.ts';

/** sqlite: in memory (reads in place); sqlite-file: a file, with reads on worker threads. */
export type StoreKind = 'sqlite' | 'sqlite-file' | 'postgres';

export const TEST_STORE: StoreKind = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** A URL of a new, empty PostGIS database (only in the postgres project). */
export async function newPgDatabase(): Promise<string> {
  const admin = inject('pgAdminUrl');
  if (!admin) throw new Error('no PostgreSQL cluster: run this test in the "postgres" vitest project');
  return createDatabase(admin);
}

export async function openTestStore(kind: StoreKind = TEST_STORE): Promise<Store> {
  if (kind === 'sqlite') return openSqliteStore(':memory:');
  if (kind === 'sqlite-file') return openSqliteStore(path.join(mkdtempSync(path.join(tmpdir(), 'kp-store-')), 'plan.sqlite'));
  // A starved test machine can take seconds to hand out a connection: that is no outage here
  // (outages are tested on purpose, with their own stores, in tests/process/pg-*.test.ts).
  const store = openPostgresStore(await newPgDatabase(), { log: () => undefined, retryMs: 200, connectTimeoutMs: 60_000 });
  if (!(await store.whenReady(30_000))) throw new Error(`test PostgreSQL store not ready: ${store.problem}`);
  return store;
}

export type { PostgresStore };
