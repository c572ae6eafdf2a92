/**
 * What a request costs a network store, counted in round trips (statements sent by the store's
 * pools). A resident's new proposal — the write every town sees most — is one: the layer
 * version, the rate-limit hit, the resident, the spacing check and the inserts all happen in
 * one CALL, and nothing is read back for the reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProposalDetail } from '../../server/api-types.ts';
import { resident, tree, type Caller } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';
import { openTestStore, type PostgresStore } from '../helpers/test-store.ts';

let t: Awaited<ReturnType<typeof testApp>>;
let store: PostgresStore;
let ala: Caller;

beforeAll(async () => {
  store = (await openTestStore('postgres')) as PostgresStore;
  t = await testApp({ store });
  ala = await resident(t.request, 'Ala');
});
afterAll(async () => store?.close());

/** The response and the round trips it took. */
async function counted(f: () => Promise<Response>) {
  const before = store.roundTrips.n;
  const res = await f();
  await res.clone().arrayBuffer();
  return { res, trips: store.roundTrips.n - before };
}

describe('round trips per request on PostgreSQL', () => {
  it('stores a resident’s proposal in one round trip, first write and later ones, and replies with what was stored', async () => {
    for (const [lon, lat] of [[22.005, 50.905], [22.006, 50.905], [22.0061, 50.9052]] as const) {
      const { res, trips } = await counted(() => t.request('/api/cities/mini/proposals', postJson(tree(lon, lat), ala.headers)));
      expect(res.status).toBe(201);
      expect(trips).toBe(1);
      const p = (await res.json()) as ProposalDetail;
      const stored = await store.getProposal('mini', String(p.id));
      expect(stored).toMatchObject({ id: p.id, lon, lat, status: 'proposed', author: { kind: 'resident', name: 'Ala' } });
      expect(p.properties).toMatchObject({ number: stored!.number, district: stored!.district, author: 'Ala', supports: 0 });
      expect(p.history).toEqual([expect.objectContaining({ action: 'created', actor: 'Ala', toStatus: 'proposed' })]);
    }
  });

  it('refuses one too close or with an unknown token, each in one round trip', async () => {
    const near = await counted(() => t.request('/api/cities/mini/proposals', postJson(tree(22.005, 50.905), ala.headers)));
    expect(near.res.status).toBe(422);
    expect(((await near.res.json()) as { error: { code: string } }).error.code).toBe('too-close');
    expect(near.trips).toBe(1);
    const stranger = await counted(() => t.request('/api/cities/mini/proposals', postJson(tree(22.012, 50.905), { authorization: `Bearer ${'x'.repeat(43)}` })));
    expect(stranger.res.status).toBe(401);
    expect(stranger.trips).toBe(1);
  });

  it('lists proposals in a box with their total in one round trip, an empty page too', async () => {
    const list = await counted(() => t.request('/api/cities/mini/proposals?bbox=22.004,50.904,22.007,50.906&limit=2'));
    expect(list.res.status).toBe(200);
    expect(list.trips).toBe(1);
    const body = (await list.res.json()) as { numberMatched: number; features: { id: string }[] };
    expect(body.numberMatched).toBe(3);
    expect(body.features).toHaveLength(2);
    const past = await counted(() => t.request('/api/cities/mini/proposals?bbox=22.004,50.904,22.007,50.906&limit=2&offset=5'));
    expect(past.trips).toBe(1);
    expect(await past.res.json()).toMatchObject({ numberMatched: 3, features: [] });
  });

  it('counts statements on every pool of the store, the rate-limit pool included', async () => {
    const before = store.roundTrips.n;
    await store.residentByTokenHash('nobody');
    await store.rateLimitHit('count-test', 10, 60_000, Date.now());
    expect(store.roundTrips.n - before).toBe(2);
  });
});
