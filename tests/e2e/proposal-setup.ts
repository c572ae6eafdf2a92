/**
 * The proposal tests' common set-up, in one place: a server on copies of the given packs with a
 * planner made by the CLI (as an operator makes one), residents signed up through the API, trees
 * proposed at a spot, and the planner's signed-in headers for status changes.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { ProposalDetail } from '../../server/api-types.ts';
import { ROOT, startServer, type RunningServer } from './harness.ts';

export const PLANNER = { login: 'anna', password: 'correct horse battery' };

export interface Resident {
  id: string;
  nickname: string;
  token: string;
  /** `authorization: Bearer …`, for the API. */
  headers: Record<string, string>;
}

export interface ProposalTown {
  server: RunningServer;
  /** A resident signed up through the API. */
  resident(nickname: string): Promise<Resident>;
  /** A tree proposed by `who` at [lon, lat] (201 expected). */
  propose(who: Resident, at: [number, number], opts?: { note?: string; species?: string; city?: string }): Promise<ProposalDetail>;
  /** The planner's headers (session cookie, CSRF token, origin) for status changes. */
  plannerHeaders(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/** Packs by name: a fixture (tests/fixtures/packs/<name>) or a shipped town (data/<name>). */
export async function startProposalTown(packs: string[], env: Record<string, string> = {}): Promise<ProposalTown> {
  const packsDir = mkdtempSync(path.join(tmpdir(), 'kp-e2e-packs-'));
  for (const name of packs) {
    const fixture = path.join(ROOT, 'tests', 'fixtures', 'packs', name);
    cpSync(existsSync(fixture) ? fixture : path.join(ROOT, 'data', name), path.join(packsDir, name), { recursive: true });
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kp-e2e-data-'));
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/user-add.ts', '--role', 'planner', '--login', PLANNER.login], {
    cwd: ROOT,
    input: `${PLANNER.password}\n`,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const server = await startServer({ PACKS_DIR: packsDir, DATA_DIR: dataDir, RATE_LIMIT_WRITES: '1000', RATE_LIMIT_SIGNUPS: '1000', ...env });
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return {
    server,
    async resident(nickname) {
      const res = await post('/api/residents', { nickname });
      expect(res.status).toBe(201);
      const r = (await res.json()) as { id: string; nickname: string; token: string };
      return { ...r, headers: { authorization: `Bearer ${r.token}` } };
    },
    async propose(who, [lon, lat], opts = {}) {
      const res = await post(
        `/api/cities/${opts.city ?? packs[0]}/proposals`,
        { kind: 'tree', geometry: { type: 'Point', coordinates: [lon, lat] }, species: opts.species ?? 'quercus-robur', count: 1, note: opts.note ?? '' },
        who.headers,
      );
      const body = (await res.json()) as ProposalDetail;
      expect(res.status, JSON.stringify(body)).toBe(201);
      return body;
    },
    async plannerHeaders() {
      const login = await post('/api/auth/login', PLANNER);
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const me = (await login.json()) as { csrfToken: string };
      return { cookie, 'x-csrf-token': me.csrfToken, origin: server.url };
    },
    async stop() {
      await server.stop();
      rmSync(packsDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
