/**
 * Lifts the sign-in lock of an account (set after too many failed sign-ins in a row), in the
 * configured store, and records it in the audit log.
 *   npm run user:unlock -- --login anna
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config.ts';
import { openStore } from '../server/store/open-store.ts';
import type { PostgresStore } from '../server/store/postgres/postgres-store.ts';

async function main() {
  const { values } = parseArgs({ options: { login: { type: 'string' } }, strict: true });
  const login = values.login;
  if (!login || !/^[a-z0-9._-]{3,40}$/i.test(login)) fail('--login: the account to unlock (3–40 characters of a–z, 0–9, dot, dash, underscore)');
  const config = readConfig();
  const store = openStore(config, { log: () => undefined });
  if (store.kind === 'postgres' && !(await (store as PostgresStore).whenReady(15_000))) {
    const problem = (store as PostgresStore).problem;
    await store.close();
    fail(`cannot reach the database in DATABASE_URL: ${problem}`);
  }
  try {
    const had = await store.unlockLogin(login);
    await store.audit({ at: new Date().toISOString(), actor: { kind: 'user', id: 'cli', name: 'cli' }, action: 'login.unlock', target: `login:${login.toLowerCase()}`, details: { hadLock: had } });
    console.log(had ? `Unlocked "${login}": it may sign in again.` : `"${login}" had no lock or failed sign-ins; nothing to lift.`);
  } finally {
    await store.close();
  }
}

function fail(msg: string): never {
  console.error(`user:unlock: ${msg}`);
  process.exit(2);
}

void main();
