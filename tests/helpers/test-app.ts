import path from 'node:path';
import { createApp } from '../../server/app.ts';
import type { AppDeps } from '../../server/http/deps.ts';
import { loadPack, loadPacks } from '../../server/packs/load-packs.ts';
import { storeProgress } from '../../server/proposals/store-progress.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { FIXTURE_PACKS, REAL_PACKS } from './temp-pack.ts';

export const TEST_CONFIG: AppDeps['config'] = { BASEMAP: '', RATE_LIMIT_WRITES: 10_000, TRUST_PROXY: false, SESSION_TTL_HOURS: 1 };

/** The real app over the fixture pack "mini" and every real pack in data/, with an in-memory store, in-process (no port). */
export async function testApp(overrides: Partial<AppDeps> = {}) {
  const packs = await loadPacks(REAL_PACKS);
  const mini = await loadPack(path.join(FIXTURE_PACKS, 'mini'));
  packs.set(mini.id, mini);
  const store = overrides.store ?? openSqliteStore(':memory:');
  const errors: unknown[] = [];
  const deps: AppDeps = { packs, config: TEST_CONFIG, store, progress: storeProgress(store, packs), ...overrides };
  const app = createApp(deps, { logError: (e) => errors.push(e) });
  const request = async (p: string, init?: RequestInit): Promise<Response> => app.request(`http://localhost${p}`, init);
  return { app, packs, errors, request, store, deps };
}

export const postJson = (body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
