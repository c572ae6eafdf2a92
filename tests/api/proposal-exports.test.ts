/**
 * Streamed exports cannot hold up the viewer: over a real socket, a client that stops reading
 * an export (a paused TCP socket) does not keep list pages waiting, at most EXPORTS_AT_ONCE
 * exports stream at once (one more gets 503 busy/export-slots with Retry-After), and an export
 * whose client reads nothing for EXPORT_IDLE_S is ended and its slot freed. The tests wait for
 * events and conditions; the idle time is the server's setting, not a window the test must hit.
 */
import { serve, type ServerType } from '@hono/node-server';
import { mkdtempSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSqlite } from '../../bench/seed-proposals.ts';
import { createApp } from '../../server/app.ts';
import type { AppDeps } from '../../server/http/deps.ts';
import { loadPack } from '../../server/packs/load-packs.ts';
import { storeProgress } from '../../server/proposals/store-progress.ts';
import { EXPORTS_AT_ONCE } from '../../server/routes/proposals.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/store/store.ts';
import { until } from '../helpers/conditions.ts';
import { TEST_CONFIG } from '../helpers/test-app.ts';
import { FIXTURE_PACKS } from '../helpers/temp-pack.ts';

// Far more than the socket buffers between a paused client and the server hold (a few MiB).
const PROPOSALS = 40_000;
const EXPORT = '/api/cities/mini/proposals/export.geojson';
/** An export with no rows (a box with no proposal): cheap, but held to the same per-client and slot rules. */
const EMPTY_EXPORT = `${EXPORT}?bbox=0,0,0.001,0.001`;

let file = '';
const opened: { server: ServerType; store: Store }[] = [];

beforeAll(async () => {
  file = path.join(mkdtempSync(path.join(tmpdir(), 'kp-exports-')), 'plan.sqlite');
  seedSqlite(file, await loadPack(path.join(FIXTURE_PACKS, 'mini')), PROPOSALS);
});

afterAll(async () => {
  for (const { server, store } of opened) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  }
});

/** A real server on a free port over the seeded store; client addresses from X-Forwarded-For. */
async function start(exportIdleS: number): Promise<number> {
  const store = openSqliteStore(file);
  const deps: AppDeps = {
    packs: new Map([['mini', await loadPack(path.join(FIXTURE_PACKS, 'mini'))]]),
    config: { ...TEST_CONFIG, TRUST_PROXY: { hops: 1 }, EXPORT_IDLE_S: exportIdleS },
    store,
    progress: storeProgress(store),
  };
  const app = createApp(deps, { logError: (e) => console.error(e) });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  opened.push({ server, store });
  return (server.address() as AddressInfo).port;
}

/** A client that sends a GET, reads the response head, then stops reading (its socket paused). */
async function pausedClient(port: number, p: string, address: string) {
  const socket = net.connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let ended = false;
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.on('close', () => (ended = true));
  socket.write(`GET ${p} HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: ${address}\r\nConnection: close\r\n\r\n`);
  await until(() => Buffer.concat(chunks).includes('\r\n\r\n') || ended, 'the response head');
  socket.pause();
  const head = Buffer.concat(chunks).toString('latin1').split('\r\n\r\n')[0]!;
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
    /** Reads on until the server closes the connection; the whole response as text. */
    async finish(): Promise<string> {
      socket.resume();
      await until(() => ended, 'the server to close the connection');
      return Buffer.concat(chunks).toString('utf8');
    },
    close: () => socket.destroy(),
  };
}

const get = (port: number, p: string, address: string) => fetch(`http://127.0.0.1:${port}${p}`, { headers: { 'x-forwarded-for': address } });

describe('proposal exports beside the viewer', () => {
  it('a stalled export keeps no list page waiting; one export more than the slots is refused with 503 and Retry-After', async () => {
    const port = await start(3600);
    const a = await pausedClient(port, EXPORT, '203.0.113.1');
    expect(a.status).toBe(200);

    // The viewer's list, counts and tiles answer while the export's client reads nothing.
    const list = await get(port, '/api/cities/mini/proposals?limit=50', '203.0.113.50');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { numberMatched: number }).numberMatched).toBe(PROPOSALS);
    expect((await get(port, '/api/cities/mini/proposals/counts', '203.0.113.50')).status).toBe(200);

    const others = [];
    for (let i = 1; i < EXPORTS_AT_ONCE; i++) others.push(await pausedClient(port, EXPORT, `203.0.113.${1 + i}`));
    expect(others.map((o) => o.status)).toEqual(others.map(() => 200));
    const refused = await get(port, EMPTY_EXPORT, '203.0.113.99');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { error: unknown }).error).toMatchObject({ code: 'busy', details: { params: { rule: 'export-slots', max: EXPORTS_AT_ONCE } } });

    // A client that goes away frees its slot.
    a.close();
    const next = await until(async () => {
      const res = await get(port, EMPTY_EXPORT, '203.0.113.99');
      return res.status === 200 ? res : (await res.body?.cancel(), null);
    }, 'an export slot to be free once a client left');
    expect(await next.json()).toMatchObject({ type: 'FeatureCollection', features: [] });
    for (const o of others) o.close();
  });

  it('ends an export whose client reads nothing for EXPORT_IDLE_S, and frees its slot', async () => {
    const port = await start(1);
    const a = await pausedClient(port, EXPORT, '198.51.100.7');
    expect(a.status).toBe(200);
    // The same client may start another export once the stalled one was ended (one per client).
    const again = await until(async () => {
      const res = await get(port, EMPTY_EXPORT, '198.51.100.7');
      return res.status === 200 ? res : (expect(res.status).toBe(429), await res.body?.cancel(), null);
    }, 'the stalled export to be ended');
    expect(await again.json()).toMatchObject({ features: [] });
    // What the paused client gets when it reads again: the start of the export, cut off.
    const text = await a.finish();
    expect(text).toContain('{"type":"FeatureCollection","features":[');
    expect(text.trimEnd().endsWith(']}')).toBe(false);
    expect(text.length).toBeGreaterThan(10_000);
  });
});
