/**
 * On PostgreSQL a resident's new proposal is one round trip (migrations 021, 029, 032): the layer version,
 * the rate-limit hit, the resident, the spacing check and the insert in one call, the reply
 * made by the server from what it sent and the number the insert drew. Counted on the store's own pools, so a second statement fails the test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { ProposalDetail } from '../../server/api-types.ts';
import type { PostgresStore } from '../../server/store/postgres/postgres-store.ts';
import { resident, tree } from '../helpers/people.ts';
import { FIXTURE_PACKS } from '../helpers/temp-pack.ts';
import { TEST_CONFIG, postJson, testApp } from '../helpers/test-app.ts';
import { openTestStore } from '../helpers/test-store.ts';

/** Records the statements sent through the store's pools. */
function countStatements(store: PostgresStore): { n: number; texts: string[] } {
  const seen = { n: 0, texts: [] as string[] };
  const note = (q: unknown) => {
    seen.n++;
    seen.texts.push(typeof q === 'string' ? q : ((q as { text?: string }).text ?? '?'));
  };
  const pools = [store.pool, (store as unknown as { counters: pg.Pool }).counters];
  for (const pool of new Set(pools)) {
    // pool.query checks a client out too, so every statement passes a checked-out client's query.
    pool.on('acquire', (client: pg.PoolClient) => {
      const own = client as unknown as { query: (...a: unknown[]) => unknown; __counted?: boolean };
      if (own.__counted) return;
      own.__counted = true;
      const q = own.query.bind(client);
      own.query = (...a: unknown[]) => {
        note(a[0]);
        return q(...a);
      };
    });
  }
  return seen;
}

async function setup(config = TEST_CONFIG) {
  const store = (await openTestStore('postgres')) as PostgresStore;
  const t = await testApp({ store, config });
  const ala = await resident(t.request, 'Ala');
  const create = (body: unknown, headers = ala.headers) => t.request('/api/cities/mini/proposals', postJson(body, headers));
  return { ...t, store, ala, create };
}

describe('a resident proposal on PostgreSQL', () => {
  it('is one statement, its reply made from what was sent and the drawn number (equal to a read of the row), and so is a refusal for spacing', async () => {
    const t = await setup();
    expect((await t.create(tree(22.005, 50.905))).status).toBe(201); // the first write binds the resident to the town
    const seen = countStatements(t.store);
    const res = await t.create({ ...tree(22.006, 50.905), note: 'przy szkole' });
    expect(res.status).toBe(201);
    expect(seen.texts).toEqual([expect.stringMatching(/^CALL kp_create_proposal_as_v3\(/)]);
    const p = (await res.json()) as ProposalDetail;
    expect(p.properties).toMatchObject({ status: 'proposed', district: 'zachod', author: 'Ala', supports: 0, note: 'przy szkole' });
    expect(p.history).toEqual([expect.objectContaining({ action: 'created', actor: 'Ala', toStatus: 'proposed' })]);
    const read = (await (await t.request(`/api/cities/mini/proposals/${p.id}`, { headers: t.ala.headers })).json()) as ProposalDetail;
    expect(read.properties).toEqual(p.properties);
    expect(read.geometry).toEqual(p.geometry);

    seen.texts.length = 0;
    const close = await t.create(tree(22.006, 50.905 + 1 / 111_200));
    expect(close.status).toBe(422);
    expect((await close.json()).error).toMatchObject({ code: 'too-close', details: { feature: { id: p.id } } });
    expect(seen.texts).toHaveLength(1);
  });

  it('binds a new resident to the town, refuses another town, an unknown token and the client over its limit', async () => {
    const t = await setup({ ...TEST_CONFIG, RATE_LIMIT_WRITES: 4 });
    expect((await t.create(tree(22.005, 50.905))).status).toBe(201); // write 2 of 4 (the sign-up was 1)
    const bound = await t.store.residentByTokenHash((await import('../../server/auth/tokens.ts')).hashToken(t.ala.headers.authorization!.slice(7)));
    expect(bound?.city).toBe('mini');
    // A spot Kraśnik takes (as in abuse-limits.test.ts), so the refusal is the call's own.
    const wrong = await t.request('/api/cities/krasnik/proposals', postJson(tree(22.2241, 50.9236), t.ala.headers)); // 3
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error).toMatchObject({ code: 'wrong-town', details: { params: { tokenCity: 'mini' } } });
    const unknown = await t.create(tree(22.007, 50.905), { authorization: `Bearer ${'x'.repeat(40)}` }); // 4
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error).toMatchObject({ code: 'not-signed-in' });
    const limited = await t.create(tree(22.008, 50.905)); // 5: over
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await t.store.listProposals({ city: 'mini', limit: 10, offset: 0, sort: 'created' })).total).toBe(1);
  });

  it('goes the long way when a layer was imported elsewhere, so the new layer already counts', async () => {
    const t = await setup();
    expect((await t.create(tree(22.005, 50.905))).status).toBe(201);
    // Another server confirms an import of the water layer with a second pond.
    const water = JSON.parse(readFileSync(path.join(FIXTURE_PACKS, 'mini', 'layers', 'water.geojson'), 'utf8')) as { features: { geometry: unknown; properties: Record<string, unknown> }[] };
    water.features.push({
      ...structuredClone(water.features[0]!),
      geometry: { type: 'Polygon', coordinates: [[[22.014, 50.902], [22.016, 50.902], [22.016, 50.903], [22.014, 50.903], [22.014, 50.902]]] },
      properties: { ...water.features[0]!.properties, id: 'pond-2', name: 'Nowy staw' },
    });
    const saved = await t.store.saveImportedLayer({ city: 'mini', layer: 'water', text: JSON.stringify(water), importedAt: new Date().toISOString() }, 0);
    expect(saved.ok).toBe(true);
    const res = await t.create(tree(22.015, 50.9025));
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: 'in-forbidden-area', details: { feature: { id: 'pond-2' } } });
    expect(t.deps.packSync!.version).toBe(saved.version);
    const seen = countStatements(t.store);
    expect((await t.create(tree(22.012, 50.905))).status).toBe(201); // in step again: one statement
    expect(seen.texts).toHaveLength(1);
  });
});
