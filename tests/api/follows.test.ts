/** Following undertakings: who may follow, each follower sees only their own, unknown undertakings, counts of what is new. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FollowsResponse } from '../../server/progress/progress-types.ts';
import { anonymous, resident, staff, type Caller } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;
const followUrl = (id: string) => `/api/cities/mini/undertakings/${id}/follow`;
type Err = { error: { code: string; message: string; details?: { params?: Record<string, unknown> } } };

describe('follows API', () => {
  let t: T;
  let ala: Caller;
  let ola: Caller;
  let planner: Caller;
  beforeAll(async () => {
    t = await testApp();
    ala = await resident(t.request, 'Ala');
    ola = await resident(t.request, 'Ola');
    planner = await staff(t.request, t.store, 'planner');
  });

  const put = (who: Caller, id: string) => t.request(followUrl(id), { method: 'PUT', headers: who.headers });
  const del = (who: Caller, id: string) => t.request(followUrl(id), { method: 'DELETE', headers: who.headers });
  const list = async (who: Caller) => (await (await t.request('/api/cities/mini/follows', { headers: who.headers })).json()) as FollowsResponse;

  it('refuses anonymous callers (401 not-signed-in) on every follow route', async () => {
    for (const r of [await put(anonymous, 'u-routes'), await del(anonymous, 'u-routes'), await t.request('/api/cities/mini/follows'), await t.request('/api/cities/mini/follows/seen', { method: 'POST' })]) {
      expect(r.status).toBe(401);
      expect(((await r.json()) as Err).error.code).toBe('not-signed-in');
    }
  });

  it('lets a resident (and a planner, and an admin) follow; following again is no new follow; each sees only their own', async () => {
    expect((await put(ala, 'u-routes')).status).toBe(201);
    expect((await put(ala, 'u-routes')).status).toBe(200);
    expect((await put(ala, 'u-parks')).status).toBe(201);
    expect((await put(ola, 'u-parks')).status).toBe(201);
    expect((await put(planner, 'u-nosite')).status).toBe(201);
    expect((await list(ala)).follows.map((f) => f.undertaking).sort()).toEqual(['u-parks', 'u-routes']);
    expect((await list(ola)).follows.map((f) => f.undertaking)).toEqual(['u-parks']);
    expect((await list(planner)).follows.map((f) => f.undertaking)).toEqual(['u-nosite']);
    // An admin account follows too, apart from everyone else.
    const admin = await staff(t.request, t.store, 'admin');
    expect((await put(admin, 'u-routes')).status).toBe(201);
    expect((await list(admin)).follows.map((f) => f.undertaking)).toEqual(['u-routes']);
    expect((await t.request('/api/cities/mini/follows/seen', { method: 'POST', headers: admin.headers })).status).toBe(200);
    expect((await del(admin, 'u-routes')).status).toBe(200);
    // Ola stops following: Ala's follow of the same undertaking stays.
    const r = await del(ola, 'u-parks');
    expect(await r.json()).toMatchObject({ following: false, removed: true });
    expect((await list(ola)).follows).toEqual([]);
    expect((await list(ala)).follows.map((f) => f.undertaking)).toContain('u-parks');
    expect(await (await del(ola, 'u-parks')).json()).toMatchObject({ removed: false });
  });

  it('answers 404 unknown-undertaking (with the undertaking in its params) for an undertaking the town has not', async () => {
    for (const r of [await put(ala, 'no-such-thing'), await del(ala, 'no-such-thing')]) {
      expect(r.status).toBe(404);
      const e = ((await r.json()) as Err).error;
      expect(e.code).toBe('unknown-undertaking');
      expect(e.details?.params).toMatchObject({ undertaking: 'no-such-thing' });
    }
    expect((await t.request('/api/cities/nowhere/follows', { headers: ala.headers })).status).toBe(404);
    const bad = await t.request('/api/cities/mini/follows?x=1', { headers: ala.headers });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Err).error.code).toBe('invalid-input');
  });

  it('counts the updates of a followed undertaking recorded since the follower last looked, and starts again when they look', async () => {
    const before = (await list(ala)).follows.find((f) => f.undertaking === 'u-routes')!;
    expect(before.newSince).toBe(0);
    for (const asOf of ['2025-04-01', '2025-05-01']) {
      expect((await t.request('/api/cities/mini/undertakings/u-routes/progress', postJson({ asOf, status: 'in_progress', values: { dlugosc: 0.2 } }, planner.headers))).status).toBe(201);
    }
    const after = await list(ala);
    expect(after.follows.find((f) => f.undertaking === 'u-routes')!.newSince).toBe(2);
    expect(after.follows.find((f) => f.undertaking === 'u-parks')!.newSince).toBe(0);
    expect(after.newSince).toBe(2);
    // Ola follows nothing: nothing new for her, and Ala's look does not touch anyone else's.
    expect((await list(ola)).newSince).toBe(0);
    expect((await t.request('/api/cities/mini/follows/seen', { method: 'POST', headers: ala.headers })).status).toBe(200);
    expect((await list(ala)).newSince).toBe(0);
  });
});
