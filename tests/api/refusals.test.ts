/**
 * Real refusals, sent by the API: each carries a catalogued code, its params in
 * `details.params`, and the English message made from exactly those params (so a client can
 * word it from the data alone).
 */
import { describe, expect, it } from 'vitest';
import { REFUSAL_CODES, refusalMessage, type RefusalCode, type RefusalParams } from '../../server/http/messages.ts';
import { anonymous, resident, staff, tree } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

interface Body {
  error: { code: RefusalCode; message: string; details: { params: RefusalParams } & Record<string, unknown> };
}

/** Reads a refusal and checks it is one of the catalogue's, with the message its params make. */
async function refusal(res: Response, status: number): Promise<Body['error']> {
  expect(res.status).toBe(status);
  const { error } = (await res.json()) as Body;
  expect(REFUSAL_CODES).toContain(error.code);
  expect(error.details.params).toBeTypeOf('object');
  expect(error.message).toBe(refusalMessage(error.code, error.details.params));
  return error;
}

// Fixture "mini": town 22.00–22.02°E × 50.90–50.91°N; a pond at 22.001–22.004 × 50.9085–50.9095; trees one per 10 m², at least 3 m apart.
const M = 1 / 111_200;
const square = (lon: number, lat: number, sideM: number) => {
  const d = sideM * M;
  const dx = d / Math.cos((lat * Math.PI) / 180);
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + dx, lat], [lon + dx, lat + d], [lon, lat + d], [lon, lat]]] };
};

describe('refusals as data', () => {
  it('proposal rules carry their figures: area, max, per, count; distance and min; town; the feature touched', async () => {
    const t = await testApp();
    const ala = await resident(t.request, 'Ala');
    const create = (body: unknown) => t.request('/api/cities/mini/proposals', postJson(body, ala.headers));

    const many = await refusal(await create(tree(0, 0, { geometry: square(22.006, 50.902, 20), count: 100 })), 422);
    expect(many.code).toBe('count-too-high');
    expect(many.details.params).toMatchObject({ max: 39, per: 10, count: 100 });
    expect(many.details.params.area).toBeGreaterThan(390);
    expect(many.details.params.area).toBeLessThan(410);

    const huge = await refusal(await create(tree(0, 0, { geometry: square(22.005, 50.9005, 240), count: 1 })), 422);
    expect(huge).toMatchObject({ code: 'area-too-large', details: { params: { max: 50000 } } });

    const pond = await refusal(await create(tree(22.0025, 50.909)), 422);
    expect(pond).toMatchObject({ code: 'in-forbidden-area', details: { rule: 'in-forbidden-area', params: { category: 'water' } } });

    const outside = await refusal(await create(tree(21.99, 50.905)), 422);
    expect(outside).toMatchObject({ code: 'outside-town', details: { params: { rule: 'point', town: 'Miniów' } } });

    expect((await create(tree(22.012, 50.905))).status).toBe(201);
    const close = await refusal(await create(tree(22.012, 50.905 + 2 * M)), 422);
    expect(close).toMatchObject({ code: 'too-close', details: { params: { kind: 'drzewo', min: 3 } } });
    expect(close.details.params.distance).toBeCloseTo(2, 0);
    expect(close.details.distanceM).toBeTypeOf('number');

    const count = await refusal(await create(tree(22.013, 50.905, { count: 0 })), 400);
    expect(count).toMatchObject({ code: 'invalid-input', details: { params: { field: 'count', rule: 'min', min: 1 } } });
    const species = await refusal(await create(tree(22.013, 50.905, { species: 'palma' })), 400);
    expect(species).toMatchObject({ code: 'invalid-input', details: { params: { field: 'species', rule: 'not-on-list', value: 'palma', town: 'Miniów' } } });
  });

  it('drawn areas, tiles, routes, towns and sign-in: the rule and its figures', async () => {
    const t = await testApp();
    const query = (body: unknown) => t.request('/api/cities/mini/query', postJson(body));
    const ring = Array.from({ length: 600 }, (_, i) => [22.01 + 0.001 * Math.cos(i / 100), 50.905 + 0.001 * Math.sin(i / 100)]);
    const big = await refusal(await query({ type: 'Polygon', coordinates: [[...ring, ring[0]]] }), 400);
    expect(big).toMatchObject({ code: 'too-many-vertices', details: { params: { field: 'area', rule: 'area', count: 601, max: 500 } } });
    const bowTie = await refusal(await query({ type: 'Polygon', coordinates: [[[22.001, 50.901], [22.002, 50.902], [22.002, 50.901], [22.001, 50.902], [22.001, 50.901]]] }), 400);
    expect(bowTie).toMatchObject({ code: 'self-intersection', details: { params: { at: [22.0015, 50.9015] } } });

    const tile = await refusal(await t.request('/api/cities/mini/proposals/tiles/40/1/1.pbf'), 400);
    expect(tile).toMatchObject({ code: 'invalid-tile', details: { params: { tile: '40/1/1.pbf' } } });
    const city = await refusal(await t.request('/api/cities/atlantyda/boundary'), 404);
    expect(city).toMatchObject({ code: 'unknown-city', details: { params: { city: 'atlantyda' } } });
    expect(city.details.params.known).toContain('mini');
    const route = await refusal(await t.request('/api/nic-tu-nie-ma'), 404);
    expect(route).toMatchObject({ code: 'not-found', details: { params: { rule: 'route', method: 'GET', path: '/api/nic-tu-nie-ma' } } });

    const anonymousWrite = await refusal(await t.request('/api/cities/mini/proposals', postJson(tree(22.01, 50.905), anonymous.headers)), 401);
    expect(anonymousWrite).toMatchObject({ code: 'not-signed-in', details: { params: { rule: 'resident' } } });
    const reserved = await refusal(await t.request('/api/residents', postJson({ nickname: 'Urząd Miasta' })), 400);
    expect(reserved).toMatchObject({ code: 'nickname-reserved', details: { params: { field: 'nickname', nickname: 'Urząd Miasta' } } });

    const admin = await staff(t.request, t.store, 'admin');
    const weak = await refusal(await t.request('/api/admin/users', postJson({ login: 'nowy', role: 'planner', password: 'krótkie' }, admin.headers)), 400);
    expect(weak.code === 'weak-password' || weak.code === 'invalid-input').toBe(true);
    expect(weak.details.params.field).toBe('password');
  });

  it('supporting: own proposal and a proposal no longer live are refused by code', async () => {
    const t = await testApp();
    const ala = await resident(t.request, 'Ala');
    const created = await t.request('/api/cities/mini/proposals', postJson(tree(22.014, 50.906), ala.headers));
    const { id } = ((await created.json()) as { properties: { id: string } }).properties;
    const own = await refusal(await t.request(`/api/cities/mini/proposals/${id}/support`, { method: 'PUT', headers: ala.headers }), 403);
    expect(own.code).toBe('own-proposal');
    const withdrawn = await t.request(`/api/cities/mini/proposals/${id}/withdraw`, postJson({}, ala.headers));
    expect(withdrawn.status).toBe(200);
    const ola = await resident(t.request, 'Ola');
    const gone = await refusal(await t.request(`/api/cities/mini/proposals/${id}/support`, { method: 'PUT', headers: ola.headers }), 409);
    expect(gone.code).toBe('proposal-not-live');
  });
});
