/**
 * Bad input to every progress, report and follow route: each is refused with a JSON body
 * carrying a code (and a message), never a bare text, an HTML page or a 500 — and nothing is
 * written by a refused update.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { UndertakingProgressResponse } from '../../server/progress/progress-types.ts';
import { resident, staff, type Caller } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;
type Err = { error?: { code?: string; message?: string } };
const U = '/api/cities/mini/undertakings/u-routes';

describe('progress, report and follow routes refuse bad input with a coded JSON error', () => {
  let t: T;
  let planner: Caller;
  let res: Caller;
  beforeAll(async () => {
    t = await testApp();
    planner = await staff(t.request, t.store, 'planner');
    res = await resident(t.request);
  });

  async function expectCoded(r: Response, status: number, code: string, label: string) {
    expect(r.status, label).toBe(status);
    expect(r.headers.get('content-type') ?? '', label).toMatch(/^application\/json/);
    const body = (await r.json()) as Err;
    expect(body.error?.code, label).toBe(code);
    expect(body.error?.message?.length ?? 0, label).toBeGreaterThan(5);
  }

  it('the update route: a body that is not JSON, not an object, too large, with unknown keys, bad values, for an unknown town or undertaking', async () => {
    const before = ((await (await t.request(`${U}/progress`)).json()) as UndertakingProgressResponse).updates.length;
    const post = (body: unknown, path = `${U}/progress`) => t.request(path, postJson(body, planner.headers));
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['not JSON', () => post('{"asOf": "2025-01-01",'), 400, 'invalid-json'],
      ['an array', () => post([1, 2]), 400, 'invalid-input'],
      ['null', () => post('null'), 400, 'invalid-input'],
      ['a key the API does not know', () => post({ asOf: '2025-01-01', status: 'done', author: 'Ja' }), 400, 'invalid-input'],
      ['no date', () => post({ status: 'done' }), 400, 'invalid-input'],
      ['a date that does not exist', () => post({ asOf: '2025-02-30', status: 'done' }), 400, 'invalid-input'],
      ['a value as text', () => post({ asOf: '2025-01-01', status: 'done', values: { dlugosc: '2,1' } }), 400, 'invalid-input'],
      ['a geometry of the wrong type', () => post({ asOf: '2025-01-01', status: 'done', geometry: { type: 'GeometryCollection', geometries: [] } }), 400, 'invalid-input'],
      ['a position outside the globe', () => post({ asOf: '2025-01-01', status: 'done', geometry: { type: 'Point', coordinates: [200, 50] } }), 400, 'invalid-input'],
      ['a note too long', () => post({ asOf: '2025-01-01', status: 'done', note: 'x'.repeat(2001) }), 400, 'invalid-input'],
      ['an unknown town', () => post({ asOf: '2025-01-01', status: 'done' }, '/api/cities/atlantyda/undertakings/u-routes/progress'), 404, 'unknown-city'],
      ['an unknown undertaking', () => post({ asOf: '2025-01-01', status: 'done' }, '/api/cities/mini/undertakings/nic/progress'), 404, 'unknown-undertaking'],
      ['no content type', () => t.request(`${U}/progress`, { method: 'POST', headers: { ...planner.headers }, body: '{"asOf":"2025-01-01","status":"done"}' }), 415, 'unsupported-media-type'],
    ];
    for (const [label, call, status, code] of cases) await expectCoded(await call(), status, code, label);
    expect(((await (await t.request(`${U}/progress`)).json()) as UndertakingProgressResponse).updates.length).toBe(before);
  });

  it('the read routes: a malformed or impossible date, an unknown query key, an unknown town or undertaking', async () => {
    const cases: [string, number, string][] = [
      [`${U}/progress?at=yesterday`, 400, 'invalid-input'],
      [`${U}/progress?at=2025-13-01`, 400, 'invalid-input'],
      [`${U}/progress?date=2025-01-01`, 400, 'invalid-input'],
      ['/api/cities/mini/undertakings/nic/progress', 404, 'unknown-undertaking'],
      ['/api/cities/mini/progress?at=2025-1-1', 400, 'invalid-input'],
      ['/api/cities/mini/progress?at=2025-01-01&at=2025-02-01', 400, 'invalid-input'],
      ['/api/cities/atlantyda/progress', 404, 'unknown-city'],
      ['/api/cities/mini/indicators?at=2025-02-29', 400, 'invalid-input'],
      ['/api/cities/mini/indicators?x=1', 400, 'invalid-input'],
      ['/api/cities/mini/progress/changes?since=last-report', 400, 'invalid-input'],
      ['/api/cities/mini/progress/changes?od=2025-01-01', 400, 'invalid-input'],
      ['/api/cities/atlantyda/progress/changes', 404, 'unknown-city'],
    ];
    for (const [path, status, code] of cases) await expectCoded(await t.request(path), status, code, path);
  });

  it('the report routes: an unknown format, a name that is no year, a year outside the strategy, an unknown town', async () => {
    const year = new Date().getUTCFullYear();
    const cases: [string, number, string][] = [
      [`/api/cities/mini/reports/${year}.docx`, 404, 'unknown-report'],
      ['/api/cities/mini/reports/latest.pdf', 404, 'unknown-report'],
      [`/api/cities/mini/reports/${year}`, 404, 'unknown-report'],
      ['/api/cities/mini/reports/1999.json', 404, 'report-year-out-of-range'],
      [`/api/cities/mini/reports/${year + 1}.csv`, 404, 'report-year-out-of-range'],
      [`/api/cities/mini/reports/${year}.json?year=2020`, 400, 'invalid-input'],
      [`/api/cities/atlantyda/reports/${year}.json`, 404, 'unknown-city'],
    ];
    for (const [path, status, code] of cases) await expectCoded(await t.request(path), status, code, path);
  });

  it('the follow routes: an unknown undertaking or town, a query the route does not take, a body where none is taken', async () => {
    const h = res.headers;
    const cases: [string, () => Promise<Response>, number, string][] = [
      ['follow an unknown undertaking', () => t.request('/api/cities/mini/undertakings/nic/follow', { method: 'PUT', headers: h }), 404, 'unknown-undertaking'],
      ['unfollow an unknown undertaking', () => t.request('/api/cities/mini/undertakings/nic/follow', { method: 'DELETE', headers: h }), 404, 'unknown-undertaking'],
      ['follow in an unknown town', () => t.request('/api/cities/atlantyda/undertakings/u-routes/follow', { method: 'PUT', headers: h }), 404, 'unknown-city'],
      ['list with a query', () => t.request('/api/cities/mini/follows?all=1', { headers: h }), 400, 'invalid-input'],
      ['follow with a query', () => t.request(`${U}/follow?notify=1`, { method: 'PUT', headers: h }), 400, 'invalid-input'],
      ['seen with a query', () => t.request('/api/cities/mini/follows/seen?at=2020-01-01', { method: 'POST', headers: h }), 400, 'invalid-input'],
      ['seen in an unknown town', () => t.request('/api/cities/atlantyda/follows/seen', { method: 'POST', headers: h }), 404, 'unknown-city'],
    ];
    for (const [label, call, status, code] of cases) await expectCoded(await call(), status, code, label);
  });
});
