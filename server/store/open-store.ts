/**
 * The one place that picks the store from configuration: PostgreSQL/PostGIS when DATABASE_URL
 * is set, else the embedded SQLite file in DATA_DIR. Packs' districts are handed to the store
 * so a database that can answer "which district" does so.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import type { CityPack } from '../packs/load-packs.ts';
import { openPostgresStore, type PostgresStoreOptions } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { DistrictShape, Store } from './store.ts';

export function openStore(config: Pick<Config, 'DATA_DIR' | 'DATABASE_URL'>, options: PostgresStoreOptions = {}): Store {
  if (config.DATABASE_URL) return openPostgresStore(config.DATABASE_URL, options);
  return openSqliteStore(path.join(config.DATA_DIR, 'plan.sqlite'));
}

/** Each pack's districts as the store takes them. */
export function districtShapes(pack: CityPack): DistrictShape[] {
  return pack.raw.districts.map((f) => ({ id: f.properties.id, geometry: f.geometry }));
}

export async function syncAllDistricts(store: Store, packs: Map<string, CityPack>): Promise<void> {
  for (const pack of packs.values()) await store.syncDistricts(pack.id, districtShapes(pack));
}
