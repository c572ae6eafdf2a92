/** The progress API: who may record, what is refused, append-only history, replay, indicators, changes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { stateOn } from '../../server/progress/replay.ts';
import type { IndicatorsResponse, ProgressChangesResponse, ProgressStateResponse, PublicProgressUpdate, UndertakingProgressResponse } from '../../server/progress/progress-types.ts';
import type { YearReport } from '../../server/report/year-report.ts';
import { anonymous, resident, staff, tree, type Caller } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;
const URL_ROUTES = '/api/cities/mini/undertakings/u-routes/progress';

describe('progress API', () => {
  let t: T;
  let planner: Caller;
  let admin: Caller;
  let res: Caller;
  beforeAll(async () => {
    t = await testApp();
    planner = await staff(t.request, t.store, 'planner');
    admin = await staff(t.request, t.store, 'admin');
    res = await resident(t.request);
  });

  const record = (who: Caller, body: unknown, path = URL_ROUTES) => t.request(path, postJson(body, who.headers));

  it('lets planners and admins record an update, refuses residents (403) and anonymous callers (401)', async () => {
    const body = { asOf: '2025-04-01', status: 'in_progress', values: { dlugosc: 0.3 } };
    const who: [Caller, number, string?][] = [[anonymous, 401, 'not-signed-in'], [res, 403, 'forbidden'], [planner, 201], [admin, 201]];
    for (const [caller, status, code] of who) {
      const r = await record(caller, body);
      expect(r.status, caller.role).toBe(status);
      const json = (await r.json()) as { error?: { code: string }; update?: PublicProgressUpdate };
      if (code) expect(json.error?.code).toBe(code);
      else {
        // Signed by the office, never by the planner's login.
        expect(json.update).toMatchObject({ undertaking: 'u-routes', asOf: '2025-04-01', status: 'in_progress', values: { dlugosc: 0.3 }, author: 'Urząd' });
      }
    }
  });

  it('refuses bad updates with a code and the field in its params, writing nothing', async () => {
    const before = ((await (await t.request(URL_ROUTES)).json()) as UndertakingProgressResponse).updates.length;
    const cases: [unknown, number, string, Record<string, unknown>?][] = [
      [{ asOf: '2025-13-01', status: 'done' }, 400, 'invalid-input'],
      [{ asOf: '2025-01-01', status: 'finished' }, 400, 'invalid-input'],
      [{ asOf: '2025-01-01', status: 'done', values: { szerokosc: 2 } }, 400, 'unknown-figure', { field: 'values.szerokosc', figures: ['dlugosc'] }],
      [{ asOf: '2025-01-01', status: 'done', values: { dlugosc: -1 } }, 400, 'invalid-input'],
      [{ asOf: '2999-01-01', status: 'done' }, 400, 'as-of-in-future', { field: 'asOf' }],
      [{ asOf: '2025-01-01', status: 'done', geometry: { type: 'LineString', coordinates: [[23, 50.905], [23.1, 50.905]] } }, 400, 'outside-town', { field: 'geometry' }],
      [{ asOf: '2025-01-01', status: 'done', geometry: { type: 'LineString', coordinates: Array.from({ length: 2001 }, (_, i) => [22.002 + i * 1e-6, 50.905]) } }, 400, 'too-many-vertices', { field: 'geometry', max: 2000 }],
      [{ asOf: '2025-01-01', status: 'done', geometry: { type: 'Polygon', coordinates: [[[22.002, 50.902], [22.01, 50.908], [22.01, 50.902], [22.002, 50.908], [22.002, 50.902]]] } }, 400, 'self-intersection', { field: 'geometry' }],
      [{ asOf: '2025-01-01', status: 'done', corrects: 'nope' }, 404, 'corrects-unknown', { field: 'corrects' }],
    ];
    for (const [body, status, code, params] of cases) {
      const r = await record(planner, body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      const json = (await r.json()) as { error: { code: string; message: string; details?: { params?: Record<string, unknown> } } };
      expect(json.error.code).toBe(code);
      expect(json.error.message.length).toBeGreaterThan(10);
      if (params) expect(json.error.details?.params).toMatchObject(params);
    }
    expect((await record(planner, { asOf: '2025-01-01', status: 'done' }, '/api/cities/mini/undertakings/none/progress')).status).toBe(404);
    expect(((await (await t.request(URL_ROUTES)).json()) as UndertakingProgressResponse).updates.length).toBe(before);
  });

  it('refuses to type in a figure the proposals count live (trees per district)', async () => {
    const r = await record(planner, { asOf: '2025-01-01', status: 'in_progress', values: { 'drzewa-w-dzielnicy': 300 } }, '/api/cities/krasnik/undertakings/zielona-i-blekitna-infrastruktura/progress');
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('figure-counted-live');
  });

  it('keeps history append-only: a correction is a new update, the corrected one stays as it was', async () => {
    const path = '/api/cities/krasnik/undertakings/centrum-nauki-i-robotyki/progress';
    const first = ((await (await record(planner, { asOf: '2025-06-01', status: 'in_progress', values: { 'powierzchnia-obiektu': 900 }, note: 'stan surowy' }, path)).json()) as { update: PublicProgressUpdate }).update;
    const fixRes = await record(planner, { asOf: '2025-06-01', status: 'in_progress', values: { 'powierzchnia-obiektu': 700 }, note: 'pomyłka w metrażu', corrects: first.id }, path);
    expect(fixRes.status).toBe(201);
    const fix = ((await fixRes.json()) as { update: PublicProgressUpdate }).update;
    // A second correction of the same update is refused: correct the correction instead.
    const again = await record(planner, { asOf: '2025-06-01', status: 'done', corrects: first.id }, path);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already-corrected');
    const view = (await (await t.request(`${path}?at=2025-12-31`)).json()) as UndertakingProgressResponse;
    expect(view.updates.map((u) => u.id)).toEqual([first.id, fix.id]);
    expect(view.updates[0]).toMatchObject({ values: { 'powierzchnia-obiektu': 900 }, note: 'stan surowy', correctedBy: fix.id });
    expect(view.state.values['powierzchnia-obiektu']?.value).toBe(700);
    expect(view.indicator.figures[0]).toMatchObject({ id: 'powierzchnia-obiektu', target: 1400, reached: 700, share: 0.5, from: 'progress' });
    // No route edits or deletes an update.
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const r = await t.request(`${path}/${first.id}`, { method, headers: { ...planner.headers, 'content-type': 'application/json' }, body: '{}' });
      expect(r.status, method).toBe(404);
    }
  });

  it('gives the state on a date as the replay of the updates up to it', async () => {
    const path = '/api/cities/krasnik/undertakings/system-tras-rowerowych-i-biegowych/progress';
    const steps = [
      { asOf: '2025-03-10', status: 'in_preparation' },
      { asOf: '2025-07-01', status: 'in_progress', values: { 'dlugosc-tras': 1.2, 'ul-kolejowa': 1.2 }, geometry: { type: 'LineString', coordinates: [[22.2, 50.94], [22.21, 50.94]] } },
      { asOf: '2025-10-15', status: 'in_progress', values: { 'dlugosc-tras': 2.1 } },
      { asOf: '2026-05-01', status: 'suspended', note: 'przetarg powtórzony' },
    ];
    for (const s of steps) expect((await record(planner, s, path)).status).toBe(201);
    const log = ((await (await t.request(path)).json()) as UndertakingProgressResponse).updates;
    const asStore = log.map((u) => ({ ...u, city: 'krasnik', author: { kind: 'user' as const, id: 'x', name: '' } }));
    for (const at of ['2025-01-01', '2025-03-10', '2025-07-01', '2025-09-30', '2025-10-15', '2026-04-30', '2026-05-01', '2030-12-31']) {
      const state = ((await (await t.request(`/api/cities/krasnik/progress?at=${at}`)).json()) as ProgressStateResponse).states.find((s) => s.undertaking === 'system-tras-rowerowych-i-biegowych')!;
      expect(state, at).toEqual(stateOn('system-tras-rowerowych-i-biegowych', asStore, at));
    }
    const oct = ((await (await t.request('/api/cities/krasnik/progress?at=2025-10-15')).json()) as ProgressStateResponse).states.find((s) => s.undertaking === 'system-tras-rowerowych-i-biegowych')!;
    expect(oct).toMatchObject({ status: 'in_progress', asOf: '2025-10-15', values: { 'dlugosc-tras': { value: 2.1, asOf: '2025-10-15' }, 'ul-kolejowa': { value: 1.2, asOf: '2025-07-01' } } });
    expect(oct.geometry?.type).toBe('LineString');
    const before = ((await (await t.request('/api/cities/krasnik/progress?at=2025-01-01')).json()) as ProgressStateResponse).states.find((s) => s.undertaking === 'system-tras-rowerowych-i-biegowych')!;
    expect(before).toMatchObject({ status: 'planned', asOf: null, values: {}, geometry: null });
    // Indicators: 2.1 of 8.26 km reported, the drawn section measured apart.
    const ind = (await (await t.request('/api/cities/krasnik/indicators?at=2025-12-31')).json()) as IndicatorsResponse;
    const bike = ind.undertakings.find((u) => u.id === 'system-tras-rowerowych-i-biegowych')!;
    expect(bike.figures[0]).toMatchObject({ id: 'dlugosc-tras', label: 'Długość tras', target: 8.26, reached: 2.1, reachedAsOf: '2025-10-15' });
    expect(bike.share).toBeCloseTo(2.1 / 8.26, 6);
    expect(bike.measured?.lengthKm).toBeGreaterThan(0.6);
    expect(bike.measured?.lengthKm).toBeLessThan(0.8);
    const goal = ind.goals.find((g) => g.code === 'IV')!;
    expect(goal.undertakings).toContain('system-tras-rowerowych-i-biegowych');
    expect(goal.statuses.in_progress).toBe(1);
    expect((await t.request('/api/cities/krasnik/progress?at=2025-02-30x')).status).toBe(400);
  });

  it('counts trees per district live from the planted proposals, never typed in', async () => {
    const before = (await (await t.request('/api/cities/mini/indicators')).json()) as IndicatorsResponse;
    expect(before.undertakings.find((u) => u.id === 'u-routes')!.figures[0]!.from).toBe('progress');
    const krBefore = ((await (await t.request('/api/cities/krasnik/indicators')).json()) as IndicatorsResponse).undertakings.find((u) => u.id === 'zielona-i-blekitna-infrastruktura')!.figures[0]!;
    expect(krBefore).toMatchObject({ id: 'drzewa-w-dzielnicy', from: 'proposals', reached: 0 });
    const n = krBefore.districts!.length;
    expect(n).toBeGreaterThan(1);
    // The target is the strategy's own figure, 1000 per district; the town total is marked computed.
    expect(krBefore).toMatchObject({ target: 1000, per: 'district', computedTarget: { value: 1000 * n, basis: `${n} × 1000`, districts: n } });
    expect(krBefore.districts!.every((d) => d.target === 1000)).toBe(true);
    // A resident proposes a tree, a planner accepts and marks it planted: the indicator moves.
    const made = await t.request('/api/cities/krasnik/proposals', postJson(tree(22.2124, 50.9427), res.headers));
    expect(made.status, await made.clone().text()).toBe(201);
    const id = ((await made.json()) as { properties: { id: string } }).properties.id;
    for (const status of ['accepted', 'planted']) {
      const r = await t.request(`/api/cities/krasnik/proposals/${id}/status`, postJson({ status }, planner.headers));
      expect(r.status, status).toBe(200);
    }
    const trees = async (q = '') => ((await (await t.request(`/api/cities/krasnik/indicators${q}`)).json()) as IndicatorsResponse).undertakings.find((u) => u.id === 'zielona-i-blekitna-infrastruktura')!.figures[0]!;
    const after = await trees();
    expect(after.reached).toBe(1);
    expect(after.districts!.reduce((s, d) => s + d.reached, 0)).toBe(1);
    expect(after.districts!.find((d) => d.reached === 1)).toMatchObject({ target: 1000, share: 1 / 1000 });
    expect(after.share).toBeCloseTo(1 / after.computedTarget!.value, 9);
    // Planted today (D): the state on D counts it, the state on D-1 does not.
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await trees(`?at=${today}`)).toMatchObject({ reached: 1, reachedAsOf: today });
    const onDayBefore = await trees(`?at=${yesterday}`);
    expect(onDayBefore).toMatchObject({ reached: 0, reachedAsOf: yesterday, share: 0 });
    expect(onDayBefore.districts!.every((d) => d.reached === 0)).toBe(true);
    // So is the previous year's report: nothing planted after its Dec 31; this year's counts it.
    const report = async (year: number) => (await (await t.request(`/api/cities/krasnik/reports/${year}.json`)).json()) as YearReport;
    const year = new Date().getUTCFullYear();
    const last = await report(year - 1);
    expect(last.goals.flatMap((g) => g.undertakings).find((u) => u.id === 'zielona-i-blekitna-infrastruktura')!.figures[0]).toMatchObject({ reached: 0, reachedAsOf: `${year - 1}-12-31` });
    expect(last.districts.map((d) => d.trees?.planted)).toEqual(last.districts.map(() => 0));
    expect((await report(year)).districts.reduce((s, d) => s + (d.trees?.planted ?? 0), 0)).toBe(1);
  });

  it('lists what changed since the last report (configurable) or a given date', async () => {
    const since = (await (await t.request('/api/cities/krasnik/progress/changes?since=2026-01-01')).json()) as ProgressChangesResponse;
    expect(since.sinceBasis).toBe('query');
    // Everything here was recorded today, so after 2026-01-01 — newest described date first.
    expect(since.updates.length).toBeGreaterThan(0);
    expect(since.updates[0]!.asOf >= since.updates.at(-1)!.asOf).toBe(true);
    const dflt = (await (await t.request('/api/cities/krasnik/progress/changes')).json()) as ProgressChangesResponse;
    expect(dflt).toMatchObject({ since: `${new Date().getUTCFullYear() - 1}-12-31`, sinceBasis: 'previous-year-end' });
    const t2 = await testApp({ store: t.store, config: { ...t.deps.config, LAST_REPORT_DATE: '2025-12-31' } });
    const configured = (await (await t2.request('/api/cities/krasnik/progress/changes')).json()) as ProgressChangesResponse;
    expect(configured).toMatchObject({ since: '2025-12-31', sinceBasis: 'configured' });
  });
});
