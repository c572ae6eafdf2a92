/**
 * Stateless servers: two real server processes on one PostgreSQL database. What one writes the
 * other reads at once; supports sent through both leave exact counts; a server killed while
 * writing loses nothing it acknowledged, and the other goes on serving.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventCount, unless } from '../helpers/conditions.ts';
import { startServer, tempDir, type ServerProcess } from '../helpers/server-process.ts';
import { FIXTURE_PACKS } from '../helpers/temp-pack.ts';
import { newPgDatabase } from '../helpers/test-store.ts';

let a: ServerProcess;
let b: ServerProcess;
let env: Record<string, string>;

beforeAll(async () => {
  const packs = tempDir('kp-packs-');
  cpSync(path.join(FIXTURE_PACKS, 'mini'), path.join(packs, 'mini'), { recursive: true });
  env = { PACKS_DIR: packs, RATE_LIMIT_WRITES: '1000000', RATE_LIMIT_SIGNUPS: '1000000', DATABASE_URL: await newPgDatabase(), LOG_LEVEL: 'error' };
  // Started together: both migrate under the advisory lock, one applies, the other finds it done.
  [a, b] = await Promise.all([startServer({ ...env, DATA_DIR: tempDir('kp-a-') }), startServer({ ...env, DATA_DIR: tempDir('kp-b-') })]);
});
afterAll(async () => {
  await a?.stop('SIGKILL');
  await b?.stop('SIGKILL');
});

const json = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});
const signUp = async (url: string, nickname: string) => ((await (await fetch(`${url}/api/residents`, json({ nickname }))).json()) as { token: string }).token;
const tree = (lon: number, lat: number, note = '') => ({ kind: 'tree', geometry: { type: 'Point', coordinates: [lon, lat] }, species: 'tilia-cordata', count: 1, note });

describe('two servers, one PostgreSQL', () => {
  it('reads through one what was written through the other, at once; a resident signed up on one is known to the other', async () => {
    const token = await signUp(a.url, 'Ala');
    const created = await fetch(`${b.url}/api/cities/mini/proposals`, json(tree(22.0101, 50.9031, 'przez B'), token));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const viaA = await fetch(`${a.url}/api/cities/mini/proposals/${id}`);
    expect(viaA.status).toBe(200);
    expect(((await viaA.json()) as { properties: { note: string } }).properties.note).toBe('przez B');
    // The spacing rule holds across servers: 1 m away, through the other server, is refused.
    const close = await fetch(`${a.url}/api/cities/mini/proposals`, json(tree(22.01011, 50.9031), token));
    expect(close.status).toBe(422);
  });

  it('keeps exact counts when 40 residents support through both servers at once, twice each', async () => {
    const author = await signUp(a.url, 'Autorka');
    const { id } = (await (await fetch(`${a.url}/api/cities/mini/proposals`, json(tree(22.0121, 50.9041), author))).json()) as { id: string };
    const tokens = await Promise.all(Array.from({ length: 40 }, (_, i) => signUp(i % 2 ? a.url : b.url, `Mieszkaniec ${i}`)));
    const support = (url: string, token: string) => fetch(`${url}/api/cities/mini/proposals/${id}/support`, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
    const answers = await Promise.all(tokens.flatMap((t) => [support(a.url, t), support(b.url, t)]));
    // 201 when the support was added, 200 when the resident had already supported: 40 of each.
    expect(answers.filter((r) => r.status === 201)).toHaveLength(40);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(40);
    for (const url of [a.url, b.url]) {
      const p = (await (await fetch(`${url}/api/cities/mini/proposals/${id}`)).json()) as { properties: { supports: number } };
      expect(p.properties.supports).toBe(40);
    }
  });

  it('loses no acknowledged write when one server is killed mid-stream; the other keeps serving', async () => {
    const tokens = await Promise.all([0, 1, 2, 3].map((i) => signUp(a.url, `Strumień ${i}`)));
    const acknowledged = new Set<string>();
    const acksFrom = { a: new EventCount(), b: new EventCount() };
    let running = true;
    const stream = (url: string, token: string, row: number) =>
      (async () => {
        for (let k = 0; running && k < 1000; k++) {
          try {
            const r = await fetch(`${url}/api/cities/mini/proposals`, json(tree(22.0002 + (k % 150) * 0.0001, 50.9005 + row * 0.0012 + Math.floor(k / 150) * 0.0001), token));
            if (r.status === 201) {
              acknowledged.add(((await r.json()) as { id: string }).id);
              acksFrom[url === a.url ? 'a' : 'b'].add();
            } else throw new Error(`unexpected ${r.status}: ${await r.text()}`);
          } catch (e) {
            if (e instanceof Error && e.message.startsWith('unexpected')) throw e;
            return; // cut by the kill
          }
        }
      })();
    const clients = [stream(a.url, tokens[0]!, 0), stream(a.url, tokens[1]!, 1), stream(b.url, tokens[2]!, 2), stream(b.url, tokens[3]!, 3)];
    // Kill a once both servers have acknowledged writes mid-stream, then keep going until b has
    // acknowledged more on its own (events, not a time window).
    const all = Promise.all(clients);
    await unless(Promise.all([acksFrom.a.reached(12), acksFrom.b.reached(12)]), all, 'the clients stopped before both servers acknowledged 12 writes');
    await a.stop('SIGKILL');
    await unless(acksFrom.b.reached(acksFrom.b.value + 10), all, 'server b stopped acknowledging after a was killed');
    running = false;
    await Promise.all(clients);
    expect(acknowledged.size).toBeGreaterThan(20);
    const ids = new Set<string>();
    const page = (await (await fetch(`${b.url}/api/cities/mini/proposals?limit=5000`)).json()) as { features: { id: string }[] };
    page.features.forEach((f) => ids.add(f.id));
    expect([...acknowledged].filter((id) => !ids.has(id))).toEqual([]);
    // A restarted server sees the same.
    a = await startServer({ ...env, DATA_DIR: tempDir('kp-a2-') });
    const again = (await (await fetch(`${a.url}/api/cities/mini/proposals?limit=5000`)).json()) as { numberMatched: number };
    expect(again.numberMatched).toBe(ids.size);
  });
});
