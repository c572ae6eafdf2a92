/**
 * When PostgreSQL is not there: a bad DATABASE_URL stops the server with a message naming it;
 * a database down at start or going down while running gives 503 with Retry-After (never a
 * crash loop), the server recovers by itself when the database returns, and no proposal is
 * ever half-written. The test runs its own cluster so it can stop and start it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, startCluster, type Cluster } from '../helpers/pg-cluster.ts';
import { EventCount, until } from '../helpers/conditions.ts';
import { ROOT, startServer, tempDir, waitReady, type ServerProcess } from '../helpers/server-process.ts';
import { FIXTURE_PACKS } from '../helpers/temp-pack.ts';

let cluster: Cluster;
let server: ServerProcess | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  cluster = await startCluster();
  const packs = tempDir('kp-packs-');
  cpSync(path.join(FIXTURE_PACKS, 'mini'), path.join(packs, 'mini'), { recursive: true });
  env = { PACKS_DIR: packs, RATE_LIMIT_WRITES: '1000000', RATE_LIMIT_SIGNUPS: '1000000', DATABASE_URL: await createDatabase(cluster.adminUrl), LOG_LEVEL: 'info' };
});
afterAll(async () => {
  await server?.stop('SIGKILL');
  cluster?.destroy();
});

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
const tree = (k: number) => ({ kind: 'tree', geometry: { type: 'Point', coordinates: [22.0002 + (k % 150) * 0.0001, 50.9005 + Math.floor(k / 150) * 0.0001] }, species: 'tilia-cordata', count: 1, note: `${k}` });

async function expect503(res: Response) {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('store-unavailable');
  expect(body.error.message).toMatch(/database is not reachable.*nothing was saved/);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/);
}

describe('PostgreSQL outages', () => {
  it('stops with a clear message, no stack trace, for a DATABASE_URL that is not a postgres URL', () => {
    for (const bad of ['mysql://root@localhost/db', 'postgres://user:p@ss word@host/db']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
        cwd: ROOT,
        env: { ...process.env, ...env, PORT: '0', DATA_DIR: tempDir('kp-bad-'), DATABASE_URL: bad },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/DATABASE_URL: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).not.toContain('p@ss');
    }
  });

  it('starts while the database is down, answers 503 with Retry-After, and recovers by itself when it is up', async () => {
    cluster.stop();
    server = await startServer({ ...env, DATA_DIR: tempDir('kp-o1-') }, 120_000, { waitReady: false });
    await expect503(await fetch(`${server.url}/readyz`));
    await expect503(await post(`${server.url}/api/residents`, { nickname: 'Ala' }));
    // What needs no database keeps working: the town's layers and district answers.
    expect((await fetch(`${server.url}/api/cities/mini`)).status).toBe(200);
    // The failed attempt is logged, and the process is still there and answering after it.
    await until(() => /PostgreSQL not ready \(.+\); retrying/.test(server!.output()), 'the "not ready; retrying" log line');
    await expect503(await fetch(`${server.url}/readyz`));
    expect(server.child.exitCode).toBeNull();
    // Recovery needs a retry that succeeds: proof the retry loop runs without a crash.
    cluster.start();
    await waitReady(server.url, 120_000);
    expect((await post(`${server.url}/api/residents`, { nickname: 'Ala' })).status).toBe(201);
  });

  it('answers 503 while the database is down mid-stream, writes nothing by halves, and recovers', async () => {
    const url = server!.url;
    const { token } = (await (await post(`${url}/api/residents`, { nickname: 'Strumień' })).json()) as { token: string };
    const statuses = new Map<number, number>();
    const acknowledged = new Set<string>();
    const acks = new EventCount();
    const refusals = new EventCount();
    let k = 0;
    let running = true;
    const writer = (async () => {
      while (running) {
        const i = k++;
        // cluster.stop()/start() block this process (pg_ctl runs synchronously); a keep-alive
        // socket the server closed meanwhile fails the next request: not acknowledged, go on.
        const r = await post(`${url}/api/cities/mini/proposals`, tree(i), token).catch((e: unknown) => (e instanceof TypeError ? null : Promise.reject(e)));
        if (r === null) continue;
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 201) {
          acknowledged.add(((await r.json()) as { id: string }).id);
          acks.add();
        } else if (r.status === 503) {
          expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
          await r.body?.cancel();
          refusals.add();
        } else throw new Error(`unexpected ${r.status}: ${await r.text()}`);
      }
    })();
    const failed = writer.then(() => Promise.reject(new Error('the writer stopped early')));
    failed.catch(() => undefined); // raced below; once the writer is stopped on purpose, nobody waits on it
    const reach = (c: EventCount, n: number) => Promise.race([c.reached(n), failed]);
    // Conditions, not windows: some writes go through, the database goes down, some are refused
    // with 503 (and the server stays up), it comes back, and writes go through again.
    await reach(acks, 5);
    cluster.stop();
    await reach(refusals, 3);
    expect(server!.child.exitCode).toBeNull();
    cluster.start();
    await waitReady(url, 120_000);
    await reach(acks, acks.value + 5);
    running = false;
    await writer;
    expect(statuses.get(503)).toBeGreaterThan(0);
    expect(statuses.get(201)).toBeGreaterThan(5);
    expect(server!.output()).toMatch(/PostgreSQL unreachable: .+; answering 503/);

    const list = (await (await fetch(`${url}/api/cities/mini/proposals?limit=5000`)).json()) as { features: { id: string }[] };
    const ids = new Set(list.features.map((f) => f.id));
    expect([...acknowledged].filter((id) => !ids.has(id))).toEqual([]);
    // Every stored proposal is whole: it has its "created" event.
    for (const id of ids) {
      const d = (await (await fetch(`${url}/api/cities/mini/proposals/${id}`)).json()) as { history: { action: string }[] };
      expect(d.history[0]?.action).toBe('created');
    }
  });
});
