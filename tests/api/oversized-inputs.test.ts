/**
 * Every route of /api and /ogc, present and future, taken from the app's own route table: an oversized body and
 * oversized path parameters get a JSON refusal a person can act on, never a 5xx, never a logged
 * error. A route added later is covered without touching this file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { staff, type Caller } from '../helpers/people.ts';
import { testApp } from '../helpers/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;
let t: T;
let admin: Caller;
beforeAll(async () => {
  t = await testApp();
  // Signed in as an admin, so that every route reaches its body limit rather than stopping at "sign in first".
  admin = await staff(t.request, t.store, 'admin');
});

/** Routes that take a file, with their own, larger limit: a body just over it (the layer import's 50 MiB, a file of work done's 2 MiB). */
const UPLOADS = new Map([
  ['POST /api/admin/cities/:city/import', 51 * 1024 * 1024],
  ['POST /api/cities/:city/progress/geometry', 3 * 1024 * 1024],
]);

/** A body of `bytes` sent in 1 MiB chunks with no Content-Length, as a chunked upload arrives. */
function streamOf(bytes: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(0x61);
  let sent = 0;
  return new ReadableStream({
    pull(ctl) {
      if (sent >= bytes) return ctl.close();
      sent += chunk.length;
      ctl.enqueue(chunk);
    },
  });
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LONG = 'x'.repeat(5_000);

/** The app's routes (not middleware), as method + path with `:params`. */
function routes(): { method: string; path: string }[] {
  const seen = new Set<string>();
  return t.app.routes
    .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path.startsWith('/ogc')))
    .map((r) => ({ method: r.method, path: r.path }))
    .filter((r) => {
      const k = `${r.method} ${r.path}`;
      return seen.has(k) ? false : (seen.add(k), true);
    });
}

/** A real path for a route pattern: known towns for :city, `fill` for every other param. */
const pathOf = (pattern: string, fill: (name: string) => string) =>
  pattern.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, (_, name: string) => encodeURIComponent(fill(name))).replace(/\*$/, 'x');

describe('every API route', () => {
  it('has write routes to test (the route table is read)', () => {
    const writes = routes().filter((r) => WRITE_METHODS.has(r.method));
    // proposals, supports, statuses, progress, imports, admin, sign-in: far more than ten.
    expect(writes.length).toBeGreaterThan(10);
  });

  it('refuses a body over its limit with 413, a code and a closed connection (a chunked upload too)', async () => {
    const body = JSON.stringify({ note: 'a'.repeat(1_100_000) });
    const failures: string[] = [];
    for (const r of routes().filter((r) => WRITE_METHODS.has(r.method))) {
      const path = pathOf(r.path, (n) => (n === 'city' ? 'krasnik' : n === 'year' ? '2026' : '00000000-0000-4000-8000-000000000000'));
      const upload = UPLOADS.get(`${r.method} ${r.path}`);
      const res = await t.request(
        upload ? `${path}?layer=x` : path,
        upload
          ? ({ method: r.method, headers: { ...admin.headers, 'content-type': 'application/geo+json' }, body: streamOf(upload), duplex: 'half' } as RequestInit)
          : { method: r.method, headers: { ...admin.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body },
      );
      const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      const ok =
        res.status === 413 &&
        res.headers.get('connection') === 'close' &&
        json?.error?.code === (upload ? 'upload-too-large' : 'body-too-large') &&
        /larger than \d+ (KiB|MiB)/.test(json?.error?.message ?? '');
      if (!ok) failures.push(`${r.method} ${r.path} → ${res.status} ${JSON.stringify(json)?.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    expect(t.errors).toEqual([]);
  });

  it('answers 5,000-character path parameters with a JSON 4xx, never 5xx and never a logged error', async () => {
    const failures: string[] = [];
    for (const r of routes()) {
      // Each parameter long in turn, the others plausible, so every parameter's own check is reached.
      const names = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
      for (const longName of names) {
        const path = pathOf(r.path, (n) => (n === longName ? LONG : n === 'city' ? 'krasnik' : n === 'year' ? '2026' : 'x'));
        const init: RequestInit = WRITE_METHODS.has(r.method) ? { method: r.method, headers: { 'content-type': 'application/json' }, body: '{}' } : { method: r.method };
        const res = await t.request(path, init);
        const type = res.headers.get('content-type') ?? '';
        const json = type.includes('json') ? ((await res.json()) as { error?: { code?: string }; code?: string }) : null;
        // /api answers {error:{code}}; /ogc answers the OGC exception ({code, description}).
        if (res.status < 400 || res.status >= 500 || !(json?.error?.code ?? json?.code)) failures.push(`${r.method} ${r.path} (:${longName}) → ${res.status} ${type}`);
      }
    }
    expect(failures).toEqual([]);
    expect(t.errors).toEqual([]);
  });

  it('answers 10,000-character query values (the parameters routes read) without a 5xx or a logged error', async () => {
    const params = ['q', 'filter', 'bbox', 'limit', 'offset', 'status', 'kind', 'district', 'sort', 'datetime', 'since', 'on', 'lang', 'after', 'crs', 'f'];
    const failures: string[] = [];
    for (const r of routes().filter((r) => r.method === 'GET')) {
      const path = pathOf(r.path, (n) => (n === 'city' ? 'krasnik' : n === 'year' ? '2026' : n === 'z' ? '14' : n === 'x' ? '9200' : n === 'y' ? '5560' : 'x'));
      for (const p of params) {
        const res = await t.request(`${path}${path.includes('?') ? '&' : '?'}${p}=${encodeURIComponent(`${'9'.repeat(5)},${'ż'.repeat(10_000)}`)}`, { headers: admin.headers });
        if (res.status >= 500) failures.push(`GET ${r.path}?${p}= → ${res.status} ${(await res.text()).slice(0, 120)}`);
        else await res.arrayBuffer();
      }
    }
    expect(failures).toEqual([]);
    expect(t.errors).toEqual([]);
  });
});
