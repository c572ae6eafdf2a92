import { describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../server/app.ts';
import type { AppDeps } from '../../server/http/deps.ts';
import { loadPack } from '../../server/packs/load-packs.ts';
import { storeProgress } from '../../server/proposals/store-progress.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { StoreUnavailableError } from '../../server/store/store.ts';
import { anonymous, resident, staff, type Caller } from '../helpers/people.ts';
import { TEST_CONFIG } from '../helpers/test-app.ts';
import { copyPack } from '../helpers/temp-pack.ts';
import { KNOWN, shapefileZip } from './make-files.ts';
import { maxDeviationM } from './helpers.ts';

// The admin import over HTTP, in-process, on a copy of the fixture pack "mini".
async function setup(edit?: (dir: string) => void) {
  const dir = copyPack('mini');
  edit?.(dir);
  const packs = new Map([['mini', await loadPack(dir)]]);
  const store = openSqliteStore(':memory:');
  const errors: unknown[] = [];
  const deps: AppDeps = { packs, config: TEST_CONFIG, store, progress: storeProgress(store) };
  const app = createApp(deps, { logError: (e) => errors.push(e) });
  const request = async (p: string, init?: RequestInit) => app.request(`http://localhost${p}`, init);
  const admin = await staff(request, store, 'admin');
  return { dir, deps, store, errors, request, admin };
}

const QUERY =
  'layer=parks&name=parki.zip&map=name:NAZWA&map=description:OPIS&set=status:planned&set=accuracy:surveyed&set=goals:II.1&set=source.document:Test%20strategy&set=source.section:1';
const zip = shapefileZip([{ type: 'Polygon', coordinates: KNOWN.polygon }], [{ NAZWA: 'Park nad stawem', OPIS: 'Zieleń' }], { encoding: 'windows-1250', cpg: '1250' });

const upload = (who: Caller, bytes: Uint8Array, type = 'application/octet-stream'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': type, ...who.headers },
  body: Uint8Array.from(bytes),
});

describe('POST /api/admin/cities/:city/import', () => {
  it('is for admins only: 401 when signed out, 403 for a resident or a planner', async () => {
    const t = await setup();
    const url = `/api/admin/cities/mini/import?${QUERY}`;
    expect((await t.request(url, upload(anonymous, zip))).status).toBe(401);
    expect((await t.request(url, upload(await resident(t.request), zip))).status).toBe(403);
    const planner = await staff(t.request, t.store, 'planner');
    const res = await t.request(url, upload(planner, zip));
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden');
    // a cookie session without its CSRF token is refused too
    expect((await t.request(url, upload({ ...t.admin, headers: { cookie: t.admin.headers.cookie! } }, zip))).status).toBe(403);
  });

  it('answers 413 for an upload over 50 MiB, 415 for a form, 404 for an unknown layer, 400 for a bad option, 422 for a broken file', async () => {
    const t = await setup();
    const big = await t.request(`/api/admin/cities/mini/import?${QUERY}`, upload(t.admin, new Uint8Array(50 * 1024 * 1024 + 1)));
    expect(big.status).toBe(413);
    expect((await big.json()).error).toMatchObject({ code: 'upload-too-large', message: 'The file is larger than 50 MiB; import it with the command line (npm run import) instead.' });

    const form = await t.request(`/api/admin/cities/mini/import?${QUERY}`, upload(t.admin, zip, 'multipart/form-data; boundary=x'));
    expect(form.status).toBe(415);

    const layer = await t.request('/api/admin/cities/mini/import?layer=lasy', upload(t.admin, zip));
    expect(layer.status).toBe(404);
    expect((await layer.json()).error.code).toBe('unknown-layer');

    const option = await t.request('/api/admin/cities/mini/import?layer=parks&map=nazwa:NAZWA', upload(t.admin, zip));
    expect(option.status).toBe(400);
    expect((await option.json()).error.message).toMatch(/^map=nazwa: features of a strategy layer have no property "nazwa"/);

    const broken = await t.request(`/api/admin/cities/mini/import?${QUERY}`, upload(t.admin, zip.subarray(0, 200)));
    expect(broken.status).toBe(422);
    expect((await broken.json()).error).toMatchObject({ code: 'bad-zip', message: expect.stringMatching(/^The zip archive is damaged or truncated/) });

    const unknownCity = await t.request(`/api/admin/cities/atlantyda/import?${QUERY}`, upload(t.admin, zip));
    expect(unknownCity.status).toBe(404);
    expect(t.errors).toEqual([]);
  });

  it('reports without writing; confirm stores the layer (the pack folder is left as it was), swaps the pack and the layer route serves it', async () => {
    const t = await setup();
    const file = path.join(t.dir, 'layers', 'parks.geojson');
    const before = readFileSync(file, 'utf8');
    const res = await t.request(`/api/admin/cities/mini/import?${QUERY}`, upload(t.admin, zip));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { importId: string; expiresAt: string; report: { accepted: number; refused: number; items: unknown[]; files: { name: string; format: string; crs: string }[] } };
    expect(body.importId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.report).toMatchObject({ accepted: 1, refused: 0, itemsOmitted: 0, items: [{ id: 'parks-1', valid: true, status: 'accepted', repairs: [] }] });
    expect(body.report.files[0]).toMatchObject({ name: 'parki.zip', format: 'shapefile', crs: expect.stringMatching(/^EPSG:2180 /) });
    expect(readFileSync(file, 'utf8')).toBe(before);
    const still = await (await t.request('/api/cities/mini/layers/parks')).json();
    expect(still.features.map((f: { id: string }) => f.id)).toEqual(['park-a']);

    const confirm = await t.request(`/api/admin/cities/mini/import/${body.importId}/confirm`, { method: 'POST', headers: t.admin.headers });
    expect(confirm.status).toBe(200);
    expect(await confirm.json()).toEqual({ city: 'mini', layer: 'parks', mode: 'replace', imported: 1, features: 1 });
    expect(readFileSync(file, 'utf8')).toBe(before);
    const stored = await t.store.importedLayerText('mini', 'parks');
    expect(JSON.parse(stored!.text).features[0].properties).toMatchObject({ id: 'parks-1', name: 'Park nad stawem' });

    const served = await (await t.request('/api/cities/mini/layers/parks')).json();
    expect(served.features.map((f: { id: string }) => f.id)).toEqual(['parks-1']);
    expect(served.features[0].properties.description).toBe('Zieleń');
    expect(maxDeviationM(served.features[0].geometry.coordinates, KNOWN.polygon)).toBeLessThan(0.1);
    const detail = await (await t.request('/api/cities/mini')).json();
    expect(detail.featureIndex['parks-1']).toMatchObject({ layer: 'parks' });

    const again = await t.request(`/api/admin/cities/mini/import/${body.importId}/confirm`, { method: 'POST', headers: t.admin.headers });
    expect(again.status).toBe(404);
    expect((await again.json()).error.code).toBe('unknown-import');
    expect((await t.store.listAudit(10)).map((a) => [a.action, a.target])).toContainEqual(['layer.import', 'layer:mini/parks']);
  });

  it('answers 409 and leaves the layer as it was when the pack would not load with it', async () => {
    const t = await setup((dir) =>
      writeFileSync(path.join(dir, 'story.json'), JSON.stringify({ title: 'O', chapters: [{ id: 'start', kind: 'title', title: 'Start', camera: { center: [22.01, 50.905], zoom: 14 }, highlight: ['park-a'] }] })),
    );
    const file = path.join(t.dir, 'layers', 'parks.geojson');
    const before = readFileSync(file, 'utf8');
    const { importId } = (await (await t.request(`/api/admin/cities/mini/import?${QUERY}`, upload(t.admin, zip))).json()) as { importId: string };
    const res = await t.request(`/api/admin/cities/mini/import/${importId}/confirm`, { method: 'POST', headers: t.admin.headers });
    expect(res.status).toBe(409);
    const err = (await res.json()).error;
    expect(err.code).toBe('pack-invalid');
    expect(err.message).toMatch(/^With this layer the pack mini would not load, so nothing was changed: mini\/story\.json: chapter 1 "start": unknown feature "park-a"/);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const served = await (await t.request('/api/cities/mini/layers/parks')).json();
    expect(served.features.map((f: { id: string }) => f.id)).toEqual(['park-a']);

    // The upload still waits: once the pack is fixed, the same confirmation goes through.
    rmSync(path.join(t.dir, 'story.json'));
    const again = await t.request(`/api/admin/cities/mini/import/${importId}/confirm`, { method: 'POST', headers: t.admin.headers });
    expect(again.status).toBe(200);
    const now = await (await t.request('/api/cities/mini/layers/parks')).json();
    expect(now.features.map((f: { id: string }) => f.id)).toEqual(['parks-1']);
  });

  it('keeps the upload when the store fails during the confirmation (503), so confirming again stores it', async () => {
    const t = await setup();
    const { importId } = (await (await t.request(`/api/admin/cities/mini/import?${QUERY}`, upload(t.admin, zip))).json()) as { importId: string };
    const save = t.store.saveImportedLayer.bind(t.store);
    t.store.saveImportedLayer = () => Promise.reject(new StoreUnavailableError('connection refused'));
    const down = await t.request(`/api/admin/cities/mini/import/${importId}/confirm`, { method: 'POST', headers: t.admin.headers });
    expect(down.status).toBe(503);
    expect((await down.json()).error.code).toBe('store-unavailable');
    t.store.saveImportedLayer = save;
    const again = await t.request(`/api/admin/cities/mini/import/${importId}/confirm`, { method: 'POST', headers: t.admin.headers });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ layer: 'parks', imported: 1 });
    expect(JSON.parse((await t.store.importedLayerText('mini', 'parks'))!.text).features[0].properties.id).toBe('parks-1');
    expect(t.errors).toEqual([]);
  });

  it('stores an upload confirmed twice at once only once: one 200, one 404 unknown-import', async () => {
    const t = await setup();
    const { importId } = (await (await t.request(`/api/admin/cities/mini/import?${QUERY}`, upload(t.admin, zip))).json()) as { importId: string };
    const confirm = () => t.request(`/api/admin/cities/mini/import/${importId}/confirm`, { method: 'POST', headers: t.admin.headers });
    const answers = await Promise.all([confirm(), confirm()]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 404]);
    expect(await t.store.importedLayersVersion()).toBe(1);
    expect((await t.store.listAudit(10)).filter((a) => a.action === 'layer.import')).toHaveLength(1);
  });

  it('gives no import id when every feature was refused', async () => {
    const t = await setup();
    const res = await t.request('/api/admin/cities/mini/import?layer=parks', upload(t.admin, zip));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.importId).toBeNull();
    expect(body.report.refused).toBe(1);
    expect(body.report.items[0].reason).toBe('missing "name": map it with map=name=FIELD or give it with set=name=…; missing "description": map it with map=description=FIELD or give it with set=description=…; missing "goals": map it with map=goals=FIELD or give it with set=goals=…');
    // The same reasons as data, for the viewer to word in its language.
    expect(body.report.items[0].reasonLines).toEqual(['name', 'description', 'goals'].map((property) => ({ code: 'missing-property', params: { rule: 'map', property } })));
  });
});
