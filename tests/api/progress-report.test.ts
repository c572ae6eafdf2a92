/** The yearly report: its figures equal the API's, the CSV holds them, the PDF has the pages it claims and extractable text. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorsResponse } from '../../server/progress/progress-types.ts';
import type { YearReport } from '../../server/report/year-report.ts';
import type { DistrictSummary } from '../../server/api-types.ts';
import { BUILT_HEX, FRAME_HEX, PLANNED_HEX } from '../../server/report/report-map.ts';
import { boxOfColour, countColour, pdfPageCount, pdfPageLines, pdfPageTexts, renderPage } from '../helpers/pdf-pages.ts';
import { resident, staff, tree } from '../helpers/people.ts';
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
    // Three trees proposed in Piaski (east of the Zalew): one stays proposed, one is accepted, one planted.
    const res = await resident(t.request);
    for (const [i, steps] of [[], ['accepted'], ['accepted', 'planted']].entries()) {
      const made = await t.request('/api/cities/krasnik/proposals', postJson(tree(22.21 + i * 0.001, 50.944), res.headers));
      expect(made.status, await made.clone().text()).toBe(201);
      const id = ((await made.json()) as { properties: { id: string } }).properties.id;
      for (const status of steps) expect((await t.request(`/api/cities/krasnik/proposals/${id}/status`, postJson({ status }, planner.headers))).status).toBe(200);
    }
  });

  /** The report's PDF saved to a file, with the response. */
  async function pdfOf(year: number): Promise<{ file: string; r: Response }> {
    const r = await t.request(`/api/cities/krasnik/reports/${year}.pdf`);
    expect(r.status, await r.clone().text().catch(() => '')).toBe(200);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kp-report-')), `r-${year}.pdf`);
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    return { file, r };
  }
  const rgbOf = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

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
    // The strategy's tree target is per district; the town's 4000 is our sum, and the PDF says so.
    expect(text).toMatch(/cel strategii 1000 drzew w każdej dzielnicy; w całym mieście \d+ z 4000 drzew \([^)]*suma obliczona: 4 × 1000, strategia jej nie podaje\)/);
    for (const d of pack.districts) expect(text).toContain(`Dzielnica: ${d.info.name}`);
  });

  it('has the pages its contents list: title, town map, a section per goal, a page per district — each district page names the district with the API\'s figures', async () => {
    // The running year's report gives the state of today, as the district summaries do (last
    // year's counts the trees as they stood on Dec 31, before these were proposed).
    const NOW = YEAR + 1;
    const { file, r } = await pdfOf(NOW);
    const pack = t.packs.get('krasnik')!;
    const pages = pdfPageTexts(file);
    expect(pdfPageCount(file)).toBe(Number(r.headers.get('x-report-pages')));
    expect(pages.length).toBe(1 + 1 + pack.raw.goals.strategic.length + pack.districts.length);
    const report = (await (await t.request(`/api/cities/krasnik/reports/${NOW}.json`)).json()) as YearReport;
    // The title page lists every section with its page; that page starts with the section's title.
    expect(pages[0]).toContain('Spis treści');
    const listed = pdfPageLines(file, 1).flatMap((l) => {
      const m = /^\s*(\S.*?)\s{2,}s\. (\d+)\s*$/.exec(l);
      return m ? [{ title: m[1]!, page: Number(m[2]) }] : [];
    });
    expect(listed.length).toBe(pages.length - 1);
    for (const c of listed) expect(pages[c.page - 1]!.startsWith(c.title), `${c.title} on page ${c.page}`).toBe(true);
    expect(pages[1]).toMatch(/^Mapa miasta: co zrobiono do \d{2}\.\d{2}\./);
    let treesSeen = 0;
    for (const d of pack.districts) {
      const entry = listed.find((c) => c.title === `Dzielnica: ${d.info.name}`)!;
      const page = pages[entry.page - 1]!;
      const api = (await (await t.request(`/api/cities/krasnik/districts/${d.info.id}/summary`)).json()) as DistrictSummary;
      const trees = api.targets.find((x) => x.id === 'trees')!;
      expect(page).toContain(`Drzewa: posadzone ${trees.planted} z ${trees.target} drzew`);
      expect(page).toContain(`zgłoszone ${trees.proposed}, w tym przyjęte ${trees.accepted}, w tym posadzone ${trees.planted}`);
      treesSeen += trees.proposed;
      // The undertakings that touch it, each with its status; the map's scale bar, north arrow and credits.
      const rd = report.districts.find((x) => x.id === d.info.id)!;
      expect(rd.targets.find((x) => x.id === 'trees')).toMatchObject({ proposed: trees.proposed, accepted: trees.accepted, planted: trees.planted, target: trees.target });
      for (const u of rd.undertakings) expect(page).toContain(`• ${u.name} —`);
      expect(page).toMatch(/\d+ (m|km) N|N .*\d+ (m|km)/);
      expect(page).toContain('Kolej: PLRailMap (M. Kuranowski), CC0');
      expect(page).toContain('Położenie schematyczne — nie z pomiarów');
    }
    // The trees proposed in Piaski are on Piaski's page, not typed anywhere else.
    expect(treesSeen).toBe(3);
    const piaski = pages[listed.find((c) => c.title === 'Dzielnica: Piaski')!.page - 1]!;
    expect(piaski).toContain('Drzewa: posadzone 1 z 1000 drzew (0,1%)');
    expect(piaski).toContain('zgłoszone 3, w tym przyjęte 2, w tym posadzone 1');
    // Last year's report: the built section of the route is listed where it lies, and its undertaking is marked as built there.
    const last = await pdfOf(YEAR);
    const lastReport = (await (await t.request(`/api/cities/krasnik/reports/${YEAR}.json`)).json()) as YearReport;
    const withWork = lastReport.districts.find((x) => x.updates.length)!;
    const lastPages = pdfPageTexts(last.file);
    expect(lastPages.find((p) => p.startsWith(`Dzielnica: ${withWork.name}`))).toContain('• System tras rowerowych i biegowych — w realizacji, osiągnięto 25,4% (wykonane prace w tej dzielnicy)');
  });

  it('draws the maps: the built section in the viewer\'s dark green inside the map frame, and none in a year with nothing built', async () => {
    const { file } = await pdfOf(YEAR);
    const report = (await (await t.request(`/api/cities/krasnik/reports/${YEAR}.json`)).json()) as YearReport;
    const pages = pdfPageTexts(file);
    const builtIn = report.districts.find((d) => d.updates.length)!.name;
    const districtPage = pages.findIndex((p) => p.startsWith(`Dzielnica: ${builtIn}`)) + 1;
    for (const n of [2, districtPage]) {
      const raster = renderPage(file, n, 144);
      const frame = boxOfColour(raster, rgbOf(FRAME_HEX));
      expect(frame, `map frame on page ${n}`).not.toBeNull();
      // The frame spans the text column (483 pt = 966 px at 144 dpi).
      expect(frame![2] - frame![0]).toBeGreaterThan(950);
      expect(countColour(raster, rgbOf(BUILT_HEX), frame!, 6), `built colour on page ${n}`).toBeGreaterThan(50);
      expect(countColour(raster, rgbOf(PLANNED_HEX), frame!, 6), `planned colour on page ${n}`).toBeGreaterThan(50);
      // Nothing of the built colour outside the frame but the legend's swatch (a short line under the frame).
      const below = countColour(raster, rgbOf(BUILT_HEX), [0, frame![3] + 1, raster.width - 1, raster.height - 1], 6);
      expect(below).toBeLessThan(12 * 3.2 * 4 + 40);
    }
    // The year before: the route was only in preparation, nothing drawn as built.
    const before = await pdfOf(YEAR - 1);
    const raster = renderPage(before.file, 2, 144);
    const frame = boxOfColour(raster, rgbOf(FRAME_HEX))!;
    expect(countColour(raster, rgbOf(BUILT_HEX), frame, 6)).toBe(0);
    expect(countColour(raster, rgbOf(PLANNED_HEX), frame, 6)).toBeGreaterThan(50);
  });

  it('keeps a built PDF: the same download again comes from memory, a new update makes a new one', async () => {
    const first = await pdfOf(YEAR);
    const again = await pdfOf(YEAR);
    expect(again.r.headers.get('x-report-cache')).toBe('hit');
    expect(readFileSync(again.file).equals(readFileSync(first.file))).toBe(true);
    const builds = t.deps.reports!.builds;
    const planner = await staff(t.request, t.store, 'planner');
    const r = await t.request(`/api/cities/krasnik/undertakings/krasnicki-park-przemyslowy/progress`, postJson({ asOf: `${YEAR}-12-01`, status: 'in_progress', note: 'Plan miejscowy uchwalony' }, planner.headers));
    expect(r.status).toBe(201);
    const fresh = await pdfOf(YEAR);
    expect(fresh.r.headers.get('x-report-cache')).toBe('miss');
    expect(t.deps.reports!.builds).toBe(builds + 1);
    expect(pdfPageTexts(fresh.file).join(' ')).toContain('Plan miejscowy uchwalony');
  });

  it('refuses a year outside the strategy with a code', async () => {
    const r = await t.request('/api/cities/krasnik/reports/2019.pdf');
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('report-year-out-of-range');
    expect((await t.request('/api/cities/krasnik/reports/latest.exe')).status).toBe(404);
  });
});
