/**
 * The one place that picks the store from configuration: PostgreSQL/PostGIS when DATABASE_URL
 * is set, else the embedded SQLite file in DATA_DIR.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import { openPostgresStore, type PostgresStoreOptions } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

export function openStore(config: Pick<Config, 'DATA_DIR' | 'DATABASE_URL'>, options: PostgresStoreOptions = {}): Store {
  if (config.DATABASE_URL) return openPostgresStore(config.DATABASE_URL, options);
  return openSqliteStore(path.join(config.DATA_DIR, 'plan.sqlite'));
}
