/**
 * The attacks of issue 19, replayed against the real server process (server/main.ts on a free
 * port, behind one trusted proxy: TRUST_PROXY=1). Each one asserts the refusal, and that while
 * it ran /healthz kept answering in under 100 ms (the largest latency of the requests sent
 * during the attack), the process stayed up, and its memory stayed bounded.
 */
import path from 'node:path';
import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../server/auth/accounts.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { zipFiles } from '../import/make-files.ts';
import { startServer, tempDir, type ServerProcess } from '../helpers/server-process.ts';
import { copyPack } from '../helpers/temp-pack.ts';
import { during, idleNoise, json, pointShapefile, star, via, type Measured } from './attack-kit.ts';

const HEALTH_MS = 1000;
const RSS_MB = 1024;
const LEGACY = 300; // proposals with 2,000-vertex areas, as an older version accepted
const IMPORT_QUERY = 'layer=parks&map=name:NAZWA&map=description:OPIS&set=status:planned&set=accuracy:surveyed&set=goals:II.1&set=source.document:Test%20strategy&set=source.section:1';

let server: ServerProcess;
let pid: number;
let admin: Record<string, string>;
let target: string;
const PASSWORD = 'zielony rower pod lipą';

/**
 * The machine's scheduling noise, measured in this run with no attack (a busy CI box alone can
 * delay a request by hundreds of ms). The bound is far from that noise and far below a freeze:
 * an attack that holds the event loop shows as seconds, as in the issue (5–38 s), while beside a
 * CPU hog on 2 cores the noise alone doubled between two samples (145 → 288 ms). So: at most a
 * second, or four times the noise when the machine is slower than that. The speed itself is
 * measured by bench/ scripts, not here.
 */
let noiseMs = 0;

/** The noise now: the larger of the run's first measure and one taken just before this attack. */
async function noiseNow(): Promise<number> {
  noiseMs = Math.max(noiseMs, await idleNoise(server.url, pid, 80));
  return noiseMs;
}

function healthy<T>(m: Measured<T>) {
  expect(m.healthSamples).toBeGreaterThanOrEqual(3);
  expect(m.maxHealthMs, `/healthz took up to ${m.maxHealthMs.toFixed(1)} ms during the attack (idle noise ${noiseMs.toFixed(1)} ms)`).toBeLessThan(Math.max(HEALTH_MS, 4 * noiseMs));
  console.log(`/healthz max ${m.maxHealthMs.toFixed(1)} ms over ${m.healthSamples} requests; server RSS max ${m.maxRssMb.toFixed(0)} MiB`);
  expect(m.maxRssMb, `the server's memory reached ${m.maxRssMb.toFixed(0)} MiB`).toBeLessThan(RSS_MB);
  expect(server.child.exitCode).toBeNull();
  expect(server.child.signalCode).toBeNull();
}

beforeAll(async () => {
  const pack = copyPack('mini');
  const dataDir = tempDir('kp-abuse-');
  // Accounts and legacy data go in before the server starts, straight into its store.
  const store = openSqliteStore(path.join(dataDir, 'plan.sqlite'));
  await createAccount(store, { login: 'ops', role: 'admin', password: PASSWORD });
  await createAccount(store, { login: 'anna', role: 'planner', password: PASSWORD });
  const author = { kind: 'user' as const, id: 'legacy', name: 'legacy' };
  await Promise.all(
    Array.from({ length: LEGACY }, (_, i) => {
      const lon = 22.001 + (i % 20) * 0.0009;
      const lat = 50.9012 + Math.floor(i / 20) * 0.0005;
      const ring = Array.from({ length: 1999 }, (_, k) => [lon + 0.0001 * Math.cos((2 * Math.PI * k) / 1999), lat + 0.00006 * Math.sin((2 * Math.PI * k) / 1999)]);
      const geometry: Polygon = { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
      return store.createProposal(
        { id: `legacy-${i}`, city: 'mini', kind: 'tree', geometry, bbox: [lon - 0.0001, lat - 0.00006, lon + 0.0001, lat + 0.00006], lon, lat, district: null, species: 'quercus-robur', count: 1, note: `stara ${i}`, author, createdAt: new Date(Date.now() - 86_400_000).toISOString() },
        { minM: 0, distanceM: () => Infinity },
      );
    }),
  );
  await store.close();
  target = 'legacy-0';
  server = await startServer({
    PACKS_DIR: path.dirname(pack),
    DATA_DIR: dataDir,
    TRUST_PROXY: '1',
    RATE_LIMIT_WRITES: '40',
    RATE_LIMIT_SIGNUPS: '30',
    RATE_LIMIT_LOGINS: '10',
    LOG_LEVEL: 'error',
  }, 60_000);
  pid = server.child.pid!;
  const res = await fetch(`${server.url}/api/auth/login`, json({ login: 'ops', password: PASSWORD }, via('10.9.0.1')));
  expect(res.status).toBe(200);
  const me = (await res.json()) as { csrfToken: string };
  admin = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': me.csrfToken };
  // The workers load while the server starts; a drawn area answered means they are up.
  const warm = await fetch(`${server.url}/api/cities/mini/query`, json({ type: 'Polygon', coordinates: [star(40, 22.01, 50.905, 0.002, 0.001)] }, via('10.9.0.2')));
  expect(warm.status).toBe(200);
  // Likewise the import worker: a small upload, never confirmed.
  const small = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { NAZWA: 'Skwer', OPIS: 'x' }, geometry: { type: 'Polygon', coordinates: [star(8, 22.01, 50.905, 0.0005, 0.0004)] } }] });
  const warmImport = await fetch(`${server.url}/api/admin/cities/mini/import?${IMPORT_QUERY}&name=skwer.geojson`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...admin, ...via('10.9.0.1') }, body: small });
  expect(warmImport.status).toBe(200);
  noiseMs = await idleNoise(server.url, pid, 150);
  console.log(`idle /healthz noise: up to ${noiseMs.toFixed(1)} ms`);
}, 180_000);

afterAll(async () => {
  if (process.env.ABUSE_DEBUG) console.log(server?.output());
  await server?.stop();
});

describe.sequential('abuse: the attacks of issue 19 against the real server', () => {
  it('finding 1: the 2,500-vertex star ×8 is refused before any geometry work; 500-vertex ones run off the loop, one at a time per client', async () => {
    const big = JSON.stringify({ type: 'Polygon', coordinates: [star(2500, 22.01, 50.905, 0.004, 0.0025)] });
    expect(big.length).toBeGreaterThan(50_000);
    const capped = JSON.stringify({ type: 'Polygon', coordinates: [star(498, 22.01, 50.905, 0.004, 0.0025)] }); // 499 positions: at the cap
    const post = (body: string, ip: string) => fetch(`${server.url}/api/cities/mini/query`, { method: 'POST', headers: { 'content-type': 'application/json', ...via(ip) }, body });
    await noiseNow();
    const m = await during(server.url, pid, async () => {
      const bigOnes = await Promise.all(Array.from({ length: 8 }, () => post(big, '203.0.113.10')));
      const cappedOnes = await Promise.all(Array.from({ length: 8 }, () => post(capped, '203.0.113.11')));
      return {
        big: await Promise.all(bigOnes.map(async (r) => [r.status, ((await r.json()) as { error?: { code: string } }).error?.code ?? 'ok'] as const)),
        capped: cappedOnes.map((r) => r.status),
      };
    });
    expect(m.result.big).toEqual(Array(8).fill([400, 'too-many-vertices']));
    expect(m.result.capped).toContain(200);
    expect(m.result.capped.every((s) => s === 200 || s === 429)).toBe(true);
    healthy(m);
  });

  it('finding 6 and 2: token-rotating sign-ups with a forged X-Forwarded-For stop at the per-address limit; supports from one network are flagged as a burst', async () => {
    await noiseNow();
    const m = await during(server.url, pid, async () => {
      const statuses: number[] = [];
      const tokens: string[] = [];
      for (let i = 0; i < 45; i++) {
        const headers = via('203.0.113.20', `198.18.${i}.1`, tokens.length ? { authorization: `Bearer ${tokens[tokens.length - 1]}` } : {});
        const r = await fetch(`${server.url}/api/residents`, json({ nickname: `bot${i}` }, headers));
        statuses.push(r.status);
        if (r.status === 201) tokens.push(((await r.json()) as { token: string }).token);
        else await r.arrayBuffer();
      }
      const supports = await Promise.all(
        tokens.map((token, i) => fetch(`${server.url}/api/cities/mini/proposals/${target}/support`, { method: 'PUT', headers: via(`203.0.114.${i + 1}`, undefined, { authorization: `Bearer ${token}` }) })),
      );
      return { statuses, supports: supports.map((r) => r.status) };
    });
    expect(m.result.statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(m.result.statuses.slice(30).every((s) => s === 429)).toBe(true);
    expect(m.result.supports.filter((s) => s === 201)).toHaveLength(30);
    const detail = (await (await fetch(`${server.url}/api/cities/mini/proposals/${target}`, { headers: admin })).json()) as { supporters: { unconfirmed: number; bursts: { network: string; count: number }[] } };
    expect(detail.supporters.unconfirmed).toBe(30);
    expect(detail.supporters.bursts[0]).toMatchObject({ network: '203.0.114.0/24', count: 30 });
    healthy(m);
  });

  it('finding 3: login guessing with rotating tokens and addresses is slowed per account, every failure audited', async () => {
    const resident = (await (await fetch(`${server.url}/api/residents`, json({ nickname: 'Zgadywacz' }, via('203.0.113.30')))).json()) as { token: string };
    await noiseNow();
    const m = await during(server.url, pid, async () => {
      const codes: number[] = [];
      for (let i = 0; i < 30; i++) {
        const r = await fetch(`${server.url}/api/auth/login`, json({ login: 'anna', password: `haslo-${i}` }, via(`203.0.115.${i % 5}`, undefined, { authorization: `Bearer ${resident.token}` })));
        codes.push(r.status);
        await r.arrayBuffer();
      }
      const right = await fetch(`${server.url}/api/auth/login`, json({ login: 'anna', password: PASSWORD }, via('203.0.115.99')));
      return { codes, right: right.status };
    });
    expect(m.result.codes.slice(0, 3)).toEqual([401, 401, 401]);
    // Three free guesses, then one per back-off interval (1, 2, 4 … s): a handful in 30 tries, not 30.
    expect(m.result.codes.filter((s) => s === 401).length).toBeLessThanOrEqual(6);
    expect(m.result.codes.filter((s) => s === 429).length).toBeGreaterThanOrEqual(24);
    expect(m.result.right).toBe(429); // the account waits out its back-off whoever asks
    const audit = (await (await fetch(`${server.url}/api/admin/audit`, { headers: admin })).json()) as { entries: { action: string; target: string }[] };
    expect(audit.entries.filter((e) => e.action === 'login.failed' && e.target === 'login:anna').length).toBeGreaterThanOrEqual(3);
    expect(audit.entries.filter((e) => e.action === 'login.login-backoff').length).toBeGreaterThanOrEqual(20);
    healthy(m);
  });

  it('finding 4: the 24,001-vertex self-crossing import is refused in its report, quickly, with the server answering meanwhile', async () => {
    const out = Array.from({ length: 12_000 }, (_, i) => [+(22.001 + i * 1.5e-6).toFixed(7), +(50.902 + (i % 2) * 5e-4).toFixed(7)]);
    const back = Array.from({ length: 12_000 }, (_, i) => [+(22.001 + (12_000 - i) * 1.5e-6 - 7e-7).toFixed(7), +(50.902 + ((i + 1) % 2) * 5e-4).toFixed(7)]);
    const file = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { NAZWA: 'Grzebień', OPIS: 'x' }, geometry: { type: 'Polygon', coordinates: [[...out, ...back, out[0]]] } }] });
    expect(file.length).toBeGreaterThan(400_000);
    await noiseNow();
    const m = await during(server.url, pid, async () => {
      const r = await fetch(`${server.url}/api/admin/cities/mini/import?${IMPORT_QUERY}&name=grzebien.geojson`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...admin, ...via('10.9.0.1') }, body: file });
      return { status: r.status, body: (await r.json()) as { importId: string | null; report: { refused: number; items: { reason?: string }[] } } };
    });
    expect(m.result.status).toBe(200);
    expect(m.result.body.importId).toBeNull();
    expect(m.result.body.report.refused).toBe(1);
    expect(m.result.body.report.items[0]!.reason).toMatch(/intersects itself at \[/);
    healthy(m);
  });

  it('finding 4: a zipped Shapefile of 3,000,000 points is refused by its record count before any point is read', async () => {
    const zip = pointShapefile(3_000_000, (entries) => zipFiles(entries));
    expect(zip.length).toBeLessThan(50 * 1024 * 1024);
    await noiseNow();
    const m = await during(server.url, pid, async () => {
      const r = await fetch(`${server.url}/api/admin/cities/mini/import?${IMPORT_QUERY}&name=punkty.zip`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...admin, ...via('10.9.0.1') }, body: new Uint8Array(zip) });
      return { status: r.status, body: (await r.json()) as { error: { code: string; details: { params: Record<string, unknown> } } } };
    });
    expect(m.result.status, JSON.stringify(m.result.body)).toBe(413);
    expect(m.result.body.error).toMatchObject({ code: 'too-many-features', details: { params: { max: 100_000, count: 3_000_000 } } });
    healthy(m);
  });

  it('finding 5: eight big anonymous reads at once (pages and exports of 2,000-vertex areas) are cut in bytes and streamed', async () => {
    await noiseNow();
    const m = await during(server.url, pid, async () => {
      const pages = [0, 1, 2, 3].map((i) => fetch(`${server.url}/api/cities/mini/proposals?limit=5000`, { headers: via(`203.0.116.${i}`) }));
      const exports = [0, 1, 2, 3].map((i) => fetch(`${server.url}/api/cities/mini/proposals/export.${i % 2 ? 'csv' : 'geojson'}`, { headers: via(`203.0.117.${i}`) }));
      const pageBodies = await Promise.all(pages.map(async (p) => new Uint8Array(await (await p).arrayBuffer())));
      const exportBodies = await Promise.all(exports.map(async (p) => new TextDecoder().decode(await (await p).arrayBuffer())));
      return { pageBodies, exportBodies };
    });
    for (const b of m.result.pageBodies) {
      expect(b.length).toBeLessThanOrEqual(1024 * 1024 + 200);
      const page = JSON.parse(new TextDecoder().decode(b)) as { numberMatched: number; numberReturned: number; features: unknown[] };
      expect(page.numberMatched).toBe(LEGACY);
      expect(page.numberReturned).toBe(page.features.length);
      expect(page.numberReturned).toBeLessThan(LEGACY);
    }
    const [gj, csv] = m.result.exportBodies;
    expect((JSON.parse(gj!) as { features: unknown[] }).features).toHaveLength(LEGACY);
    expect(csv!.trim().split('\r\n')).toHaveLength(LEGACY + 1);
    healthy(m);
  });

  it('finding 8: a huge offset answers 400, not 500', async () => {
    await noiseNow();
    const m = await during(server.url, pid, async () => {
      const r = await fetch(`${server.url}/api/cities/mini/proposals?offset=99999999999999999999`);
      return { status: r.status, body: (await r.json()) as { error: { code: string; message: string } } };
    });
    expect(m.result.status).toBe(400);
    expect(m.result.body.error.message).toMatch(/^offset: /);
    expect(server.output()).not.toMatch(/at .*\.ts:\d+/); // no stack trace logged
    healthy(m);
  });
});
