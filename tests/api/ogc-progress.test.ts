/** Progress as OGC API – Features collections: undertakings (latest state, share) and progress-updates (datetime). */
import { beforeAll, describe, expect, it } from 'vitest';
import { staff, type Caller } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;
type FC = { numberMatched: number; features: { id: string; geometry: { type: string; coordinates: number[] } | null; properties: Record<string, unknown> }[] };

describe('OGC progress collections', () => {
  let t: T;
  let planner: Caller;
  const ids: string[] = [];
  const json = async <X = FC>(p: string) => {
    const r = await t.request(p);
    expect(r.status, p).toBe(200);
    return (await r.json()) as X;
  };
  beforeAll(async () => {
    t = await testApp();
    planner = await staff(t.request, t.store, 'planner');
    const path = '/api/cities/mini/undertakings/u-routes/progress';
    for (const body of [
      { asOf: '2025-03-01', status: 'in_preparation' },
      { asOf: '2025-09-01', status: 'in_progress', values: { dlugosc: 0.4 }, geometry: { type: 'LineString', coordinates: [[22.002, 50.905], [22.0077, 50.905]] } },
    ]) {
      const r = await t.request(path, postJson(body, planner.headers));
      expect(r.status).toBe(201);
      ids.push(((await r.json()) as { update: { id: string } }).update.id);
    }
  });

  it('lists both collections, typed, with a temporal extent', async () => {
    const cols = await json<{ collections: { id: string; geometryType: string; extent: { temporal?: { interval: [string, string | null][] } } }[] }>('/ogc/mini/collections');
    const u = cols.collections.find((c) => c.id === 'undertakings')!;
    const p = cols.collections.find((c) => c.id === 'progress-updates')!;
    expect(u.geometryType).toBe('Point');
    expect(p.extent.temporal?.interval[0]).toEqual(['2025-03-01T00:00:00Z', null]);
    const q = await json<{ properties: Record<string, { enum?: string[] }> }>('/ogc/mini/collections/undertakings/queryables');
    expect(q.properties.status?.enum).toContain('in_progress');
  });

  it('serves every undertaking at its latest state with the share reached, and the state at the end of datetime', async () => {
    const now = await json('/ogc/mini/collections/undertakings/items');
    expect(now.numberMatched).toBe(3);
    const routes = now.features.find((f) => f.id === 'u-routes')!;
    expect(routes.properties).toMatchObject({ status: 'in_progress', asOf: '2025-09-01', target: 1, reached: 0.4, share: 0.4, updates: 2, place: 'work-done' });
    expect(routes.properties.measuredKm as number).toBeGreaterThan(0.35);
    expect(routes.geometry?.type).toBe('Point');
    expect(now.features.find((f) => f.id === 'u-nosite')).toMatchObject({ geometry: null, properties: { status: 'planned', place: 'none', share: null } });
    // A per-district target: the strategy's 1000 as the target, the town total apart and marked computed.
    const kr = await json('/ogc/krasnik/collections/undertakings/items');
    expect(kr.features.find((f) => f.id === 'zielona-i-blekitna-infrastruktura')!.properties).toMatchObject({ target: 1000, targetPer: 'district', targetComputed: 4000, reached: 0 });
    expect(routes.properties).toMatchObject({ targetPer: null, targetComputed: null });
    const then = await json('/ogc/mini/collections/undertakings/items?datetime=2025-06-30');
    expect(then.features.find((f) => f.id === 'u-routes')!.properties).toMatchObject({ status: 'in_preparation', reached: null, updates: 1, place: 'strategy-feature' });
    const filtered = await json(`/ogc/mini/collections/undertakings/items?filter=${encodeURIComponent("status = 'in_progress'")}`);
    expect(filtered.features.map((f) => f.id)).toEqual(['u-routes']);
  });

  it('filters the updates by the date they describe (datetime)', async () => {
    expect((await json('/ogc/mini/collections/progress-updates/items')).features.map((f) => f.id)).toEqual(ids);
    expect((await json('/ogc/mini/collections/progress-updates/items?datetime=2025-01-01/2025-06-30')).features.map((f) => f.id)).toEqual([ids[0]]);
    expect((await json('/ogc/mini/collections/progress-updates/items?datetime=2025-09-01')).features.map((f) => f.id)).toEqual([ids[1]]);
    expect((await json('/ogc/mini/collections/progress-updates/items?datetime=2026-01-01/..')).numberMatched).toBe(0);
    const one = await json<{ properties: Record<string, unknown> }>(`/ogc/mini/collections/progress-updates/items/${ids[1]}`);
    expect(one.properties).toMatchObject({ undertaking: 'u-routes', values: 'dlugosc=0.4', author: 'Urząd', status: 'in_progress' });
    expect((await t.request('/ogc/mini/collections/progress-updates/items?datetime=2025-13-01')).status).toBe(400);
  });
});
