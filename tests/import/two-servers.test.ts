/**
 * No state in one server: two app instances on one store — one SQLite file (unit project) or
 * one PostgreSQL database (postgres project) — each with its own copy of the pack folder. An
 * upload through A is confirmed through B, and both serve the new layer at once (the layers
 * list, the layer's GeoJSON and its OGC collection), without a restart; a third server started
 * afterwards serves it too.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { AppDeps } from '../../server/http/deps.ts';
import { loadPack } from '../../server/packs/load-packs.ts';
import { storeProgress } from '../../server/proposals/store-progress.ts';
import { openPostgresStore } from '../../server/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/store/store.ts';
import { staff, type Caller } from '../helpers/people.ts';
import { TEST_CONFIG } from '../helpers/test-app.ts';
import { copyPack } from '../helpers/temp-pack.ts';
import { newPgDatabase, TEST_STORE } from '../helpers/test-store.ts';
import { KNOWN, shapefileZip } from './make-files.ts';

const kind = TEST_STORE === 'postgres' ? 'postgres' : 'sqlite-file';

type Request = (p: string, init?: RequestInit) => Promise<Response>;
interface Server {
  request: Request;
  store: Store;
  dir: string;
  errors: unknown[];
}

let openOne: () => Promise<Store>;
const servers: Server[] = [];

async function startServer(): Promise<Server> {
  const dir = copyPack('mini');
  const store = await openOne();
  const errors: unknown[] = [];
  const deps: AppDeps = { packs: new Map([['mini', await loadPack(dir)]]), config: TEST_CONFIG, store, progress: storeProgress(store) };
  const app = createApp(deps, { logError: (e) => errors.push(e) });
  const server = { request: (p: string, init?: RequestInit) => Promise.resolve(app.request(`http://localhost${p}`, init)), store, dir, errors };
  servers.push(server);
  return server;
}

beforeAll(async () => {
  if (kind === 'postgres') {
    const url = await newPgDatabase();
    openOne = async () => {
      const store = openPostgresStore(url, { log: () => undefined, retryMs: 200 });
      if (!(await store.whenReady(30_000))) throw new Error(`PostgreSQL store not ready: ${store.problem}`);
      return store;
    };
  } else {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kp-two-')), 'plan.sqlite');
    openOne = async () => openSqliteStore(file);
  }
});
afterAll(async () => {
  for (const s of servers) await s.store.close();
});

const QUERY =
  'layer=parks&name=parki.zip&map=name:NAZWA&map=description:OPIS&set=status:planned&set=accuracy:surveyed&set=goals:II.1&set=source.document:Test%20strategy&set=source.section:1';
const zip = shapefileZip([{ type: 'Polygon', coordinates: KNOWN.polygon }], [{ NAZWA: 'Park nad stawem', OPIS: 'Zieleń' }], { encoding: 'windows-1250', cpg: '1250' });
const upload = (who: Caller): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/octet-stream', ...who.headers }, body: Uint8Array.from(zip) });

/** What a server serves of the parks layer: the catalogue entry, the layer's GeoJSON (ids, ETag) and the OGC items. */
async function parksVia(s: Server) {
  const detail = (await (await s.request('/api/cities/mini')).json()) as { layers: { id: string; featureCount: number }[]; featureIndex: Record<string, unknown> };
  const layer = await s.request('/api/cities/mini/layers/parks');
  const ids = ((await layer.json()) as { features: { id: string }[] }).features.map((f) => f.id);
  const items = (await (await s.request('/ogc/mini/collections/parks/items?f=json')).json()) as { features: { id: string; properties: { name: string } }[]; numberMatched: number };
  return {
    count: detail.layers.find((l) => l.id === 'parks')!.featureCount,
    indexed: 'parks-1' in detail.featureIndex,
    ids,
    etag: layer.headers.get('etag'),
    ogc: items.features.map((f) => [f.id, f.properties.name]),
  };
}

describe(`two servers on one ${kind === 'postgres' ? 'PostgreSQL database' : 'SQLite file'}`, () => {
  it('uploads through A, confirms through B, and both serve the new layer at once; a server started later serves it too', async () => {
    const a = await startServer();
    const b = await startServer();
    const admin = await staff(a.request, a.store, 'admin');
    const before = await parksVia(a);
    expect(before).toMatchObject({ count: 1, indexed: false, ids: ['park-a'] });
    expect(await parksVia(b)).toEqual(before);

    const res = await a.request(`/api/admin/cities/mini/import?${QUERY}`, upload(admin));
    expect(res.status).toBe(200);
    const { importId } = (await res.json()) as { importId: string };

    const confirm = await b.request(`/api/admin/cities/mini/import/${importId}/confirm`, { method: 'POST', headers: admin.headers });
    expect(confirm.status).toBe(200);
    expect(await confirm.json()).toEqual({ city: 'mini', layer: 'parks', mode: 'replace', imported: 1, features: 1 });

    const viaB = await parksVia(b);
    expect(viaB).toMatchObject({ count: 1, indexed: true, ids: ['parks-1'], ogc: [['parks-1', 'Park nad stawem']] });
    expect(viaB.etag).not.toBe(before.etag);
    // A never saw the confirmation, yet serves the same from its next request.
    expect(await parksVia(a)).toEqual(viaB);
    // A cached copy is revalidated against the new ETag.
    expect((await a.request('/api/cities/mini/layers/parks', { headers: { 'if-none-match': before.etag! } })).status).toBe(200);
    expect((await a.request('/api/cities/mini/layers/parks', { headers: { 'if-none-match': viaB.etag! } })).status).toBe(304);

    // Confirmed once: the other server no longer knows the import.
    const twice = await a.request(`/api/admin/cities/mini/import/${importId}/confirm`, { method: 'POST', headers: admin.headers });
    expect(twice.status).toBe(404);
    expect((await twice.json()).error.code).toBe('unknown-import');

    // Neither pack folder was written: the store holds the layer.
    for (const s of [a, b]) expect(JSON.parse(readFileSync(path.join(s.dir, 'layers', 'parks.geojson'), 'utf8')).features[0].properties.id).toBe('park-a');
    const c = await startServer();
    expect(await parksVia(c)).toEqual(viaB);
    for (const s of servers) expect(s.errors).toEqual([]);
  });

  it('appends through A on top of what B imported, and a confirm through B of an upload made on A after that keeps both', async () => {
    const [a, b] = servers;
    const admin = await staff(b!.request, b!.store, 'admin');
    const more = shapefileZip([{ type: 'Polygon', coordinates: KNOWN.polygon }], [{ NAZWA: 'Park przy szkole', OPIS: 'Drzewa' }], { encoding: 'windows-1250', cpg: '1250' });
    const res = await a!.request(`/api/admin/cities/mini/import?${QUERY}&mode=append`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...admin.headers }, body: Uint8Array.from(more) });
    expect(res.status).toBe(200);
    const { importId } = (await res.json()) as { importId: string };
    const confirm = await b!.request(`/api/admin/cities/mini/import/${importId}/confirm`, { method: 'POST', headers: admin.headers });
    expect(confirm.status).toBe(200);
    expect(await confirm.json()).toMatchObject({ mode: 'append', imported: 1, features: 2 });
    for (const s of servers) expect((await parksVia(s)).ids).toEqual(['parks-1', 'parks-2']);
  });
});
