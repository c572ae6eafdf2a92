/**
 * Proposals as vector tiles (GET /api/cities/:city/proposals/tiles/{z}/{x}/{y}.pbf), decoded
 * with @mapbox/vector-tile as a map would. Runs on SQLite (unit project) and PostgreSQL
 * (postgres project); there it also compares the same tiles from both stores.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader as Pbf } from 'pbf';
import { describe, expect, it } from 'vitest';
import { tileCoords } from '../../server/geo/web-mercator-tiles.ts';
import { MAX_POINTS, POINT_ZOOM } from '../../server/proposals/proposal-tiles.ts';
import { resident, staff, tree, type Caller } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';
import { TEST_STORE, openTestStore } from '../helpers/test-store.ts';

type App = Awaited<ReturnType<typeof testApp>>;
interface Drawn {
  layer: 'proposals' | 'clusters';
  /** Position in tile units (0…4096 is inside the tile). */
  at: [number, number];
  props: Record<string, unknown>;
}

async function getTile(t: App, z: number, x: number, y: number, query = ''): Promise<{ res: Response; drawn: Drawn[] }> {
  const res = await t.request(`/api/cities/mini/proposals/tiles/${z}/${x}/${y}.pbf${query}`);
  if (res.status !== 200) return { res, drawn: [] };
  const tile = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer())));
  const drawn: Drawn[] = [];
  for (const layer of ['proposals', 'clusters'] as const) {
    const l = tile.layers[layer];
    for (let i = 0; l && i < l.length; i++) {
      const f = l.feature(i);
      const p = f.loadGeometry()[0]![0]!;
      drawn.push({ layer, at: [p.x, p.y], props: f.properties });
    }
  }
  return { res, drawn };
}

const tileOf = (lon: number, lat: number, z: number) => tileCoords(lon, lat, z).map(Math.floor) as [number, number];
const inside = (d: Drawn) => d.at[0] >= 0 && d.at[0] < 4096 && d.at[1] >= 0 && d.at[1] < 4096;
const countOf = (d: Drawn) => (d.layer === 'clusters' ? Number(d.props.count) : 1);

async function setup(t?: App) {
  t ??= await testApp();
  const ala = await resident(t.request, 'Ala');
  const planner = await staff(t.request, t.store, 'planner');
  const propose = async (who: Caller, lon: number, lat: number) => {
    const res = await t.request('/api/cities/mini/proposals', postJson(tree(lon, lat), who.headers));
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const setStatus = async (id: string, status: string, reason?: string) => {
    const res = await t.request(`/api/cities/mini/proposals/${id}/status`, postJson({ status, ...(reason ? { reason } : {}) }, planner.headers));
    expect(res.status).toBe(200);
  };
  return { t, ala, planner, propose, setStatus };
}

/** 24 trees over the mini town (clear of the pond), some accepted, rejected or planted. */
async function seedTown(s: Awaited<ReturnType<typeof setup>>) {
  const ids: string[] = [];
  for (let i = 0; i < 24; i++) ids.push(await s.propose(s.ala, 22.0006 + (i % 6) * 0.0031, 50.9006 + Math.floor(i / 6) * 0.0018));
  for (const id of ids.slice(0, 6)) await s.setStatus(id, 'accepted');
  for (const id of ids.slice(0, 2)) await s.setStatus(id, 'planted');
  for (const id of ids.slice(6, 9)) await s.setStatus(id, 'rejected', 'za blisko drogi');
  return ids;
}

describe(`proposal tiles (${TEST_STORE})`, () => {
  it('refuses a tile that does not exist with 400 naming the rule', async () => {
    const t = await testApp();
    for (const bad of ['23/0/0.pbf', '3/8/0.pbf', '3/0/8.pbf', 'a/0/0.pbf', '3/0/0.png', '3/-1/0.pbf', '3/0/0', '1.5/0/0.pbf']) {
      const res = await t.request(`/api/cities/mini/proposals/tiles/${bad}`);
      expect(res.status, bad).toBe(400);
      expect((await res.json()).error.code, bad).toBe('invalid-tile');
    }
    expect((await t.request('/api/cities/mini/proposals/tiles/3/0/0.pbf?status=lost')).status).toBe(400);
    expect((await t.request('/api/cities/mini/proposals/tiles/3/0/0.pbf?kind=palm')).status).toBe(400);
    expect((await t.request('/api/cities/nowhere/proposals/tiles/3/0/0.pbf')).status).toBe(404);
  });

  it("draws a proposal in its tile at every zoom, where it is: as itself close in, as a cluster of one further out", async () => {
    // One near the town's middle, one a metre from a zoom-16 tile edge.
    for (const [lon, lat] of [[22.0112, 50.9052], [22.01, 50.9071]] as [number, number][]) {
      const t = await testApp();
      const ala = await resident(t.request, 'Ola');
      expect((await t.request('/api/cities/mini/proposals', postJson(tree(lon, lat), ala.headers))).status).toBe(201);
      for (let z = 0; z <= 20; z++) {
        const [x, y] = tileOf(lon, lat, z);
        const { res, drawn } = await getTile(t, z, x, y);
        expect(res.status, `z${z}`).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
        const mine = drawn.filter(inside);
        expect(mine, `z${z}`).toHaveLength(1);
        expect(mine[0]!.layer, `z${z}`).toBe(z >= POINT_ZOOM ? 'proposals' : 'clusters');
        expect(countOf(mine[0]!)).toBe(1);
        const [tx, ty] = tileCoords(lon, lat, z);
        expect(Math.abs(mine[0]!.at[0] - (tx - x) * 4096), `z${z} x`).toBeLessThanOrEqual(1);
        expect(Math.abs(mine[0]!.at[1] - (ty - y) * 4096), `z${z} y`).toBeLessThanOrEqual(1);
        expect(t.errors).toEqual([]);
      }
    }
  });

  it("adds up: every zoom's clusters and points count what the list counts, for every filter", async () => {
    const s = await setup();
    await seedTown(s);
    for (const query of ['', '?status=accepted,planted', '?status=rejected', '?kind=tree', '?status=proposed&kind=tree']) {
      const listed = (await (await s.t.request(`/api/cities/mini/proposals${query}${query ? '&' : '?'}limit=1`)).json()).numberMatched as number;
      expect(listed, query).toBeGreaterThan(0);
      for (const z of [8, 12, 14, 15, 16]) {
        // Every tile over the town (22.00–22.02 × 50.90–50.91) at this zoom.
        const [x0, y0] = tileOf(22.0, 50.91, z);
        const [x1, y1] = tileOf(22.02, 50.9, z);
        let sum = 0;
        for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) sum += (await getTile(s.t, z, x, y, query)).drawn.filter(inside).reduce((n, d) => n + countOf(d), 0);
        expect(sum, `z${z}${query}`).toBe(listed);
      }
    }
    // Clusters carry the count of each status, adding up to their total and to the town's.
    const [x, y] = tileOf(22.01, 50.905, 10);
    const clusters = (await getTile(s.t, 10, x, y)).drawn.filter(inside);
    expect(clusters.length).toBeGreaterThan(1);
    const sum = (k: string) => clusters.reduce((n, c) => n + Number(c.props[k]), 0);
    for (const c of clusters) expect(['proposed', 'accepted', 'planted', 'rejected', 'withdrawn'].reduce((n, k) => n + Number(c.props[k]), 0)).toBe(c.props.count);
    expect({ count: sum('count'), proposed: sum('proposed'), accepted: sum('accepted'), planted: sum('planted'), rejected: sum('rejected'), withdrawn: sum('withdrawn') })
      .toEqual({ count: 24, proposed: 15, accepted: 4, planted: 2, rejected: 3, withdrawn: 0 });
  });

  it('changes its ETag exactly when a proposal drawn in it changes, and answers 304 otherwise', async () => {
    const s = await setup();
    const a = await s.propose(s.ala, 22.0112, 50.9052);
    const [x, y] = tileOf(22.0112, 50.9052, 17);
    const first = (await getTile(s.t, 17, x, y)).res;
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await s.t.request(`/api/cities/mini/proposals/tiles/17/${x}/${y}.pbf`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // A proposal in another tile leaves this one as it was.
    await s.propose(s.ala, 22.0031, 50.9012);
    expect((await getTile(s.t, 17, x, y)).res.headers.get('etag')).toBe(etag);
    // A change to the one drawn here changes it.
    await s.setStatus(a, 'accepted');
    const after = (await getTile(s.t, 17, x, y)).res.headers.get('etag');
    expect(after).not.toBe(etag);
    const { drawn } = await getTile(s.t, 17, x, y);
    expect(drawn.filter(inside).map((d) => d.props.status)).toEqual(['accepted']);
  });

  it('draws a tile holding more than MAX_POINTS proposals as clusters that count them all, and points again further in', async () => {
    const t = await testApp();
    // Straight into the store (the API's spacing rule would keep them apart): a grid of
    // MAX_POINTS + 50 trees about 2 m apart, inside one zoom-15 tile.
    const [lon0, lat0] = [22.0105, 50.9045];
    const total = MAX_POINTS + 50;
    const author = { kind: 'resident' as const, id: 'r1', name: 'Ala' };
    const at = new Date().toISOString();
    // In batches, so a PostgreSQL pool is not asked for thousands of connections at once.
    for (let from = 0; from < total; from += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, total - from) }, (_, k) => {
          const i = from + k;
          const [lon, lat] = [lon0 + (i % 70) * 0.00003, lat0 + Math.floor(i / 70) * 0.00002];
          return t.store.createProposal(
            { id: `p${i}`, city: 'mini', kind: 'tree', geometry: { type: 'Point', coordinates: [lon, lat] }, bbox: [lon, lat, lon, lat], lon, lat, district: null, species: 'quercus-robur', count: 1, note: '', author, createdAt: at },
            { minM: 0, distanceM: () => 0 },
          );
        }),
      );
    }
    const [x, y] = tileOf(lon0 + 0.001, lat0 + 0.0006, 15);
    expect(tileOf(lon0, lat0, 15)).toEqual([x, y]);
    const { drawn } = await getTile(t, 15, x, y);
    expect(drawn.every((d) => d.layer === 'clusters')).toBe(true);
    expect(drawn.filter(inside).reduce((n, d) => n + countOf(d), 0)).toBe(total);
    // Further in, the same trees are drawn one by one, and still add up.
    let sum = 0;
    for (const [tx, ty] of [[2 * x, 2 * y], [2 * x + 1, 2 * y], [2 * x, 2 * y + 1], [2 * x + 1, 2 * y + 1]] as const) {
      const tile = await getTile(t, 16, tx, ty);
      sum += tile.drawn.filter(inside).reduce((n, d) => n + countOf(d), 0);
      if (tile.drawn.some(inside) && tile.drawn.filter(inside).length <= MAX_POINTS) expect(tile.drawn.filter(inside).every((d) => d.layer === 'proposals' || d.layer === 'clusters')).toBe(true);
    }
    expect(sum).toBe(total);
    // And the legend's counts say the same.
    expect((await (await t.request('/api/cities/mini/proposals/counts')).json()).counts).toEqual([{ kind: 'tree', status: 'proposed', n: total }]);
  });

  it('filters by a list of kinds and statuses, refusing a kind the town does not take', async () => {
    const s = await setup();
    await seedTown(s);
    const [x, y] = tileOf(22.01, 50.905, 10);
    const sum = async (q: string) => (await getTile(s.t, 10, x, y, q)).drawn.filter(inside).reduce((n, d) => n + countOf(d), 0);
    expect(await sum('?kind=tree')).toBe(24);
    expect(await sum('?kind=tree,tree&status=rejected,planted')).toBe(5);
    const bad = await s.t.request(`/api/cities/mini/proposals/tiles/10/${x}/${y}.pbf?kind=tree,palm`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'invalid-input', details: { params: { field: 'kind', value: 'palm' } } });
    expect((await s.t.request(`/api/cities/mini/proposals/tiles/10/${x}/${y}.pbf?v=1`)).status).toBe(400);
    // The legend's counts: by kind and status, adding up to the list's.
    const counts = (await (await s.t.request('/api/cities/mini/proposals/counts')).json()).counts as { kind: string; status: string; n: number }[];
    expect(Object.fromEntries(counts.map((c) => [c.status, c.n]))).toEqual({ proposed: 15, accepted: 4, planted: 2, rejected: 3 });
  });

  it('changes the ETag of a cached tile when a support changes what it carries', async () => {
    const s = await setup();
    const a = await s.propose(s.ala, 22.0112, 50.9052);
    const [x, y] = tileOf(22.0112, 50.9052, 16);
    const etag = (await getTile(s.t, 16, x, y)).res.headers.get('etag');
    expect((await getTile(s.t, 16, x, y)).res.headers.get('etag')).toBe(etag);
    const ola = await resident(s.t.request, 'Ola');
    expect((await s.t.request(`/api/cities/mini/proposals/${a}/support`, { method: 'PUT', headers: ola.headers })).status).toBe(201);
    const { res, drawn } = await getTile(s.t, 16, x, y);
    expect(res.headers.get('etag')).not.toBe(etag);
    expect(drawn.filter(inside).map((d) => d.props.supports)).toEqual([1]);
  });

  it('is gzipped when the client accepts it', async () => {
    const s = await setup();
    await seedTown(s);
    const [x, y] = tileOf(22.01, 50.905, 15);
    const res = await s.t.request(`/api/cities/mini/proposals/tiles/15/${x}/${y}.pbf`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  // On PostgreSQL: the same tiles as SQLite. On SQLite: a file store (reads in the read pool's
  // worker threads) draws the same tiles as the in-memory one (reads on the main thread).
  it(TEST_STORE === 'postgres' ? 'draws the same tiles from SQLite and PostgreSQL' : 'draws the same tiles from a SQLite file (read pool) and from memory', async () => {
    const other = await setup(TEST_STORE === 'postgres' ? undefined : await testApp({ store: await openTestStore('sqlite-file') }));
    const onSqlite = await setup(await testApp({ store: await openTestStore('sqlite') }));
    await seedTown(other);
    await seedTown(onSqlite);
    const shape = (drawn: Drawn[]) =>
      drawn
        .filter(inside)
        .map((d) => `${d.layer} ${Math.round(d.at[0] / 2)} ${Math.round(d.at[1] / 2)} ${d.props.status} ${countOf(d)}`)
        .sort();
    for (const z of [10, 13, 15, 17]) {
      const [x, y] = tileOf(22.0112, 50.9052, z);
      const [a, b] = [await getTile(other.t, z, x, y), await getTile(onSqlite.t, z, x, y)];
      expect(shape(a.drawn).length, `z${z}`).toBeGreaterThan(0);
      expect(shape(a.drawn), `z${z}`).toEqual(shape(b.drawn));
    }
  });
});
