/**
 * Two servers on one SQLite file (README "Running for a region"): a tile the first server has
 * cached is read again once the second writes a proposal (SQLite's data_version), without
 * waiting for any age-out. SQLite only: PostgreSQL tiles age out instead (TILE_MAX_AGE_MS).
 */
import { VectorTile } from '@mapbox/vector-tile';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PbfReader as Pbf } from 'pbf';
import { expect, it } from 'vitest';
import { tileCoords } from '../../server/geo/web-mercator-tiles.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { resident, tree } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

type App = Awaited<ReturnType<typeof testApp>>;

/** The statuses drawn inside tile z/x/y, and its ETag. */
async function drawnIn(t: App, z: number, x: number, y: number) {
  const res = await t.request(`/api/cities/mini/proposals/tiles/${z}/${x}/${y}.pbf`);
  expect(res.status).toBe(200);
  const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.proposals;
  const statuses: unknown[] = [];
  for (let i = 0; layer && i < layer.length; i++) {
    const p = layer.feature(i).loadGeometry()[0]![0]!;
    if (p.x >= 0 && p.x < 4096 && p.y >= 0 && p.y < 4096) statuses.push(layer.feature(i).properties.status);
  }
  return { etag: res.headers.get('etag'), statuses };
}

it('a proposal written through one server is drawn in the other server\'s cached tile at once', async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kp-tiles-')), 'plan.sqlite');
  const a = await testApp({ store: openSqliteStore(file) });
  const b = await testApp({ store: openSqliteStore(file) });
  const [x, y] = tileCoords(22.0112, 50.9052, 17).map(Math.floor) as [number, number];
  const before = await drawnIn(a, 17, x, y);
  expect(before.statuses).toEqual([]);
  expect((await drawnIn(a, 17, x, y)).etag, 'cached while nothing changes').toBe(before.etag);

  const ala = await resident(b.request, 'Ala');
  const res = await b.request('/api/cities/mini/proposals', postJson(tree(22.0112, 50.9052), ala.headers));
  expect(res.status).toBe(201);

  const after = await drawnIn(a, 17, x, y);
  expect(after.etag).not.toBe(before.etag);
  expect(after.statuses).toEqual(['proposed']);
});
