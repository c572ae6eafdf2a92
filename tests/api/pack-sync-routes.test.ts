/**
 * The layer-version check (PackSync) runs only where pack layers are read: a proposal tile, a
 * proposal list or count, an export and a support ask the store nothing about layers; a layer,
 * the town, OGC collections and proposal writes (which test context layers) do.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LAYER_FREE_ROUTES } from '../../server/packs/layer-free-routes.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let versionQueries = 0;

beforeAll(async () => {
  t = await testApp();
  // Count the store's layer-version reads (PackSync calls it through the same store object).
  const original = t.store.importedLayersVersion.bind(t.store);
  t.store.importedLayersVersion = () => {
    versionQueries++;
    return original();
  };
});

/** How many layer-version queries one request made, and its status. */
async function queriesOf(p: string, init?: RequestInit): Promise<{ queries: number; status: number }> {
  const before = versionQueries;
  const res = await t.request(p, init);
  await res.arrayBuffer();
  return { queries: versionQueries - before, status: res.status };
}

describe('the layer-version check', () => {
  it('is skipped on routes that read no pack layer', async () => {
    const free: [string, RequestInit?][] = [
      ['/api/cities/mini/proposals/tiles/14/9200/5550.pbf'],
      ['/api/cities/mini/proposals?limit=5'],
      ['/api/cities/mini/proposals/counts'],
      ['/api/cities/mini/proposals/export.csv'],
      ['/api/cities/mini/proposal-setup'],
      ['/api/cities/mini/proposals/p-1/support', { method: 'PUT' }],
      ['/api/cities/mini/proposals/p-1/support', { method: 'DELETE' }],
    ];
    for (const [p, init] of free) {
      const r = await queriesOf(p, init);
      expect(r.status, p).toBeLessThan(500);
      expect(r.queries, `${init?.method ?? 'GET'} ${p}`).toBe(0);
    }
  });

  it('runs on routes that read pack layers, and on proposal writes (context layers)', async () => {
    const checked: [string, RequestInit?][] = [
      ['/api/cities/mini/layers/parks'],
      ['/api/cities/mini'],
      ['/ogc/mini/collections'],
      ['/api/cities/mini/proposals', postJson({})],
    ];
    for (const [p, init] of checked) {
      const r = await queriesOf(p, init);
      expect(r.status, p).toBeLessThan(500);
      expect(r.queries, `${init?.method ?? 'GET'} ${p}`).toBe(1);
    }
  });

  it('lists only routes the app has (a renamed route would silently lose its exemption)', () => {
    const table = new Set(t.app.routes.map((r) => `${r.method} ${r.path}`));
    for (const route of LAYER_FREE_ROUTES) expect(table, route).toContain(route);
  });
});
