/** The yearly report: its figures equal the API's, the CSV holds them, the PDF has the pages it claims and extractable text. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorsResponse } from '../../server/progress/progress-types.ts';
import type { YearReport } from '../../server/report/year-report.ts';
import { staff } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;
const YEAR = new Date().getUTCFullYear() - 1;
const BIKE = 'system-tras-rowerowych-i-biegowych';

describe('yearly report', () => {
  let t: T;
  beforeAll(async () => {
    t = await testApp();
    const planner = await staff(t.request, t.store, 'planner');
    const rec = (id: string, body: unknown) => t.request(`/api/cities/krasnik/undertakings/${id}/progress`, postJson(body, planner.headers));
    // Ul. Kolejowa lies in the town centre; the line is the built section.
    expect((await rec(BIKE, { asOf: `${YEAR}-06-30`, status: 'in_progress', values: { 'dlugosc-tras': 2.1, 'ul-kolejowa': 2.1 }, note: 'Odcinek ul. Kolejowej oddany do użytku', geometry: { type: 'LineString', coordinates: [[22.2100, 50.9330], [22.2230, 50.9330]] } })).status).toBe(201);
    expect((await rec('krasnicki-klaster-energii', { asOf: `${YEAR}-11-02`, status: 'in_preparation', values: { 'moc-farmy-pv': 0 } })).status).toBe(201);
    expect((await rec(BIKE, { asOf: `${YEAR - 1}-09-01`, status: 'in_preparation' })).status).toBe(201);
  });

  it('gives the same figures as the API on the year\'s last day, with only that year\'s updates', async () => {
    const report = (await (await t.request(`/api/cities/krasnik/reports/${YEAR}.json`)).json()) as YearReport;
    const api = (await (await t.request(`/api/cities/krasnik/indicators?at=${YEAR}-12-31`)).json()) as IndicatorsResponse;
    expect(report.at).toBe(`${YEAR}-12-31`);
    const fromReport = report.goals.flatMap((g) => g.undertakings.map(({ yearUpdates: _u, ...u }) => u));
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(fromReport.length).toBe(api.undertakings.length);
    expect([...fromReport].sort(byId)).toEqual([...api.undertakings].sort(byId));
    expect(report.goals.map((g) => g.share)).toEqual(api.goals.map((g) => g.share));
    const bike = report.goals.flatMap((g) => g.undertakings).find((u) => u.id === BIKE)!;
    expect(bike.yearUpdates.map((u) => u.asOf)).toEqual([`${YEAR}-06-30`]);
    expect(bike.figures[0]).toMatchObject({ reached: 2.1, target: 8.26 });
    expect(report.updateCount).toBe(2);
    // The district page lists the built section where it lies.
    const withWork = report.districts.filter((d) => d.updates.length);
    expect(withWork.length).toBe(1);
    expect(withWork[0]!.updates[0]!.undertakingName).toBe('System tras rowerowych i biegowych');
  });

  it('gives the data as CSV with the same numbers', async () => {
    const r = await t.request(`/api/cities/krasnik/reports/${YEAR}.csv`);
    expect(r.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = (await r.text()).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const head = rows[0]!;
    const row = rows.find((x) => x[head.indexOf('figure_id')] === 'dlugosc-tras')!;
    expect(row[head.indexOf('reached')]).toBe('2.1');
    expect(row[head.indexOf('target')]).toBe('8.26');
    expect(rows.filter((x) => x[0] === 'update').length).toBe(2);
    // Trees: the strategy's 1000 per district is the target; the town total is apart, marked computed.
    const trees = rows.find((x) => x[0] === 'figure' && x[head.indexOf('figure_id')] === 'drzewa-w-dzielnicy')!;
    const perDistrict = rows.filter((x) => x[0] === 'figure-district' && x[head.indexOf('figure_id')] === 'drzewa-w-dzielnicy');
    expect(perDistrict.length).toBeGreaterThan(1);
    expect(trees[head.indexOf('target')]).toBe('1000');
    expect(trees[head.indexOf('target_per')]).toBe('district');
    expect(trees[head.indexOf('target_computed')]).toBe(String(1000 * perDistrict.length));
    expect(trees[head.indexOf('target_computed_basis')]).toBe(`${perDistrict.length} × 1000`);
    expect(perDistrict.every((x) => x[head.indexOf('target')] === '1000' && x[head.indexOf('district_id')] !== '')).toBe(true);
  });

  it('prints an A4 PDF with the pages it claims and text a reader can extract', async () => {
    const r = await t.request(`/api/cities/krasnik/reports/${YEAR}.pdf`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    const claimed = Number(r.headers.get('x-report-pages'));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kp-report-')), 'r.pdf');
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(claimed);
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const pack = t.packs.get('krasnik')!;
    // Title page + one section per goal + one page per district, at least.
    expect(claimed).toBeGreaterThanOrEqual(1 + pack.raw.goals.strategic.length + pack.districts.length);
    // Words as a reader extracts them (a long title wraps: compare with whitespace folded).
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`Raport z realizacji strategii za rok ${YEAR} — Kraśnik`);
    expect(text).toContain('Długość tras: 2,1 z 8,26 km');
    expect(text).toContain('Odcinek ul. Kolejowej oddany do użytku');
    expect(text).toContain('Moc farmy fotowoltaicznej: 0 z 2–3 MW');
    for (const d of pack.districts) expect(text).toContain(`Dzielnica: ${d.info.name}`);
  });

  it('refuses a year outside the strategy with a code', async () => {
    const r = await t.request('/api/cities/krasnik/reports/2019.pdf');
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('report-year-out-of-range');
    expect((await t.request('/api/cities/krasnik/reports/latest.exe')).status).toBe(404);
  });
});
