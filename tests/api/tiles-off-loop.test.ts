/**
 * Proposal tiles are encoded off the event loop: while the tile worker is held inside an
 * encoding (as thousands of proposals keep it), /healthz, the district summaries and a cached
 * tile answer; the held tile is sent once the worker lets go, and a second caller for the same
 * tile shares that one encoding.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileCoords } from '../../server/geo/web-mercator-tiles.ts';
import { createWork, type Work } from '../../server/work/work.ts';
import { until } from '../helpers/conditions.ts';
import { resident, tree } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

describe('proposal tiles off the event loop', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let work: Work;
  // [0]: 1 lets the held encodings go; [1]: the tile worker sets 1 once it holds one.
  const hold = new Int32Array(new SharedArrayBuffer(8));
  beforeAll(async () => {
    work = createWork();
    t = await testApp({ work });
  });
  afterAll(async () => {
    Atomics.store(hold, 0, 1);
    Atomics.notify(hold, 0);
    await work.close();
  });

  it('answers /healthz, the summaries and a cached tile while the tile worker is held; the held tile comes after', async () => {
    const ala = await resident(t.request, 'Ala');
    expect((await t.request('/api/cities/mini/proposals', postJson(tree(22.005, 50.905), ala.headers))).status).toBe(201);
    const [x, y] = tileCoords(22.005, 50.905, 16).map(Math.floor) as [number, number];
    // A tile encoded before the hold is served from the cache meanwhile.
    const cachedUrl = `/api/cities/mini/proposals/tiles/12/${x >> 4}/${y >> 4}.pbf`;
    expect((await t.request(cachedUrl)).status).toBe(200);
    await work.tiles.run('holdTiles', hold, { timeMs: 10_000 });

    const url = `/api/cities/mini/proposals/tiles/16/${x}/${y}.pbf`;
    let settled = false;
    const first = t.request(url).finally(() => (settled = true));
    await until(() => Atomics.load(hold, 1) === 1, 'the tile worker to take the encoding');
    const second = t.request(url);

    const health = await t.request('/healthz');
    expect(health.status).toBe(200);
    expect((await t.request('/api/cities/mini/districts/summaries')).status).toBe(200);
    expect((await t.request(cachedUrl)).status).toBe(200);
    expect(settled).toBe(false);

    Atomics.store(hold, 0, 1);
    Atomics.notify(hold, 0);
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
    const tile = new VectorTile(new Pbf(new Uint8Array(await a.arrayBuffer())));
    const drawn = tile.layers.proposals!;
    expect(drawn.length).toBe(1);
    expect(drawn.feature(0).properties).toMatchObject({ kind: 'tree', status: 'proposed', count: 1 });
  });
});
