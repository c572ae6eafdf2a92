import path from 'node:path';
import { createApp } from '../../server/app.ts';
import type { AppDeps } from '../../server/http/deps.ts';
import { loadPack, loadPacks } from '../../server/packs/load-packs.ts';
import { storeProgress } from '../../server/proposals/store-progress.ts';
import { FIXTURE_PACKS, REAL_PACKS } from './temp-pack.ts';
import { openTestStore } from './test-store.ts';

export const TEST_CONFIG: AppDeps['config'] = {
  BASEMAP: '',
  RATE_LIMIT_WRITES: 10_000,
  RATE_LIMIT_SIGNUPS: 10_000,
  RATE_LIMIT_LOGINS: 10_000,
  TRUST_PROXY: { hops: 0 },
  SESSION_TTL_HOURS: 1,
};

/** `request` as seen from client address `ip` behind one trusted proxy (config TRUST_PROXY: { hops: 1 }). */
export const fromAddress =
  (request: (p: string, init?: RequestInit) => Promise<Response>, ip: string) =>
  (p: string, init: RequestInit = {}) =>
    request(p, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), 'x-forwarded-for': ip } });

/**
 * The real app over the fixture pack "mini" and every real pack in data/, in-process (no port),
 * on a fresh store: SQLite in memory, or a new PostgreSQL database in the "postgres" project.
 */
export async function testApp(overrides: Partial<AppDeps> = {}) {
  const packs = await loadPacks(REAL_PACKS);
  const mini = await loadPack(path.join(FIXTURE_PACKS, 'mini'));
  packs.set(mini.id, mini);
  const store = overrides.store ?? (await openTestStore());
  const errors: unknown[] = [];
  const deps: AppDeps = { packs, config: TEST_CONFIG, store, progress: storeProgress(store), ...overrides };
  const app = createApp(deps, { logError: (e) => errors.push(e) });
  const request = async (p: string, init?: RequestInit): Promise<Response> => app.request(`http://localhost${p}`, withLength(init));
  return { app, packs, errors, request, store, deps };
}

export const postJson = (body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** A text body with its Content-Length, as every HTTP client sends it (app.request does not add one). */
function withLength(init?: RequestInit): RequestInit | undefined {
  if (typeof init?.body !== 'string') return init;
  const headers = new Headers(init.headers);
  if (!headers.has('content-length') && !headers.has('transfer-encoding')) headers.set('content-length', String(Buffer.byteLength(init.body)));
  return { ...init, headers };
}
