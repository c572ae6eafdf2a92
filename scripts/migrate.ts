/**
 * Applies the store's migrations and exits: `npm run migrate`. The server also migrates at
 * start-up; this is for deploys that migrate first and then roll servers.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { readConfig } from '../server/config.ts';
import { migratePostgres } from '../server/store/postgres/migrate.ts';
import { migrate as migrateSqlite } from '../server/store/sqlite/sqlite-store.ts';

async function main() {
  let config;
  try {
    config = readConfig();
  } catch (e) {
    fail((e as Error).message);
  }
  if (config.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: config.DATABASE_URL, connectionTimeoutMillis: 5000, max: 1 });
    pool.on('error', () => undefined);
    try {
      const applied = await migratePostgres(pool);
      console.log(applied.length ? `PostgreSQL: applied ${applied.join(', ')}` : 'PostgreSQL: up to date');
    } catch (e) {
      fail(`PostgreSQL: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      await pool.end();
    }
  } else {
    mkdirSync(config.DATA_DIR, { recursive: true });
    const file = path.join(config.DATA_DIR, 'plan.sqlite');
    const db = new Database(file);
    const applied = migrateSqlite(db);
    db.close();
    console.log(applied.length ? `SQLite (${file}): applied ${applied.join(', ')}` : `SQLite (${file}): up to date`);
  }
}

function fail(msg: string): never {
  console.error(`migrate: ${msg}`);
  process.exit(1);
}

void main();
