/**
 * The admin import over HTTP takes the same open-data options as the command line:
 * accuracy, geometry, where, clip and simplify, and refuses a bad one with 400 and its name.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { AppDeps } from '../../server/http/deps.ts';
import { loadPack } from '../../server/packs/load-packs.ts';
import { storeProgress } from '../../server/proposals/store-progress.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { staff } from '../helpers/people.ts';
import { TEST_CONFIG } from '../helpers/test-app.ts';
import { copyPack } from '../helpers/temp-pack.ts';
import { geojsonFile } from './make-files.ts';

async function setup() {
  const dir = copyPack('mini');
  const packs = new Map([['mini', await loadPack(dir)]]);
  const store = openSqliteStore(':memory:');
  const deps: AppDeps = { packs, config: TEST_CONFIG, store, progress: storeProgress(store) };
  const app = createApp(deps, { logError: () => {} });
  const request = async (p: string, init?: RequestInit) => app.request(`http://localhost${p}`, init);
  const admin = await staff(request, store, 'admin');
  const upload = (query: string, bytes: Uint8Array) =>
    request(`/api/admin/cities/mini/import?layer=water&name=woda.geojson&set=category:water&set=source.document:OpenStreetMap&set=source.section:woda&${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...admin.headers },
      body: Uint8Array.from(bytes),
    });
  return { upload };
}

const square = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
const file = geojsonFile([
  { geometry: square(21.995, 50.902, 22.005, 50.904), properties: { name: 'Staw na granicy', kind: 'pond' } },
  { geometry: square(22.006, 50.905, 22.007, 50.906), properties: { name: 'Staw', kind: 'pond' } },
  { geometry: square(22.008, 50.905, 22.009, 50.906), properties: { name: 'Basen', kind: 'pool' } },
  { geometry: { type: 'Point', coordinates: [22.01, 50.905] }, properties: { name: 'Źródło', kind: 'pond' } },
]);

describe('admin import: open-data options', () => {
  it('applies geometry, where, clip and accuracy as the command line does', async () => {
    const t = await setup();
    const res = await t.upload('geometry=polygon&where=kind:pond&clip=1&accuracy=approximate&simplify=1', file);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { report: { accepted: number; repaired: number; skipped: number; items: { status: string; reason?: string; repairs: string[] }[] } };
    expect(body.report.accepted + body.report.repaired).toBe(2);
    expect(body.report.skipped).toBe(2);
    expect(body.report.items.map((i) => i.status === 'skipped' ? i.reason : 'taken')).toEqual([
      'taken',
      'taken',
      // Named as the API's query parameters, not the command line's options.
      'kind is "pool", not "pond" (where)',
      'a point; geometry=polygon takes polygons only',
    ]);
    expect(body.report.items[0]!.repairs.join(' ')).toMatch(/cut at the town boundary/);
  });

  it('refuses a bad option with 400, naming the parameter and what it takes', async () => {
    const t = await setup();
    for (const [query, text] of [
      ['geometry=curve', /geometry: "curve" is not taken; use one of point, line, polygon/],
      ['simplify=-2', /simplify=-2: give a tolerance in metres from 0 to 1000/],
      ['accuracy=schematic', /accuracy: "schematic" is not taken; use one of surveyed, approximate/],
    ] as const) {
      const res = await t.upload(query, file);
      expect(res.status, query).toBe(400);
      const err = (await res.json()) as { error: { code: string; message: string } };
      expect(err.error.code).toBe('bad-option');
      expect(err.error.message).toMatch(text);
    }
  });
});
