/**
 * Following the strategy in the browser: a planner records progress on the bike routes (figure
 * reached and the built section drawn on the map), a resident sees it on the map and in the
 * strategy tree, the time control shows it only from its date on, and the council report for
 * that year lists it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { YearReport } from '../../server/report/year-report.ts';
import type { IndicatorsResponse } from '../../server/progress/progress-types.ts';
import { ROOT, artifactPath, launchBrowser, openViewer, startServer, waitForMapIdle, waitForPolygonTool, type RunningServer } from './harness.ts';

const PASSWORD = 'correct horse battery';
const YEAR = new Date().getUTCFullYear() - 1;
const BIKE = 'system-tras-rowerowych-i-biegowych';
let server: RunningServer;
let browser: Browser;
let dataDir: string;

type MapHandle = { project(p: [number, number]): { x: number; y: number }; jumpTo(o: { center: [number, number]; zoom: number }): void };

async function screenPoint(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  const box = await page.locator('canvas.maplibregl-canvas').boundingBox();
  if (!box) throw new Error('no map canvas');
  const p = await page.evaluate(([lon, lat]) => (window as unknown as { __kpMap: MapHandle }).__kpMap.project([lon!, lat!]), lonLat);
  return { x: box.x + p.x, y: box.y + p.y };
}

const built = (page: Page) => page.locator('kp-map-view').getAttribute('data-progress-built');
const changedOnMap = (page: Page) => page.locator('kp-map-view').getAttribute('data-progress-changed');
const GPX = `<?xml version="1.0"?><gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="50.9405" lon="22.206"/><trkpt lat="50.9406" lon="22.212"/><trkpt lat="50.9405" lon="22.218"/></trkseg></trk></gpx>`;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kp-e2e-progress-'));
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/user-add.ts', '--role', 'planner', '--login', 'anna'], { cwd: ROOT, input: `${PASSWORD}\n`, env: { ...process.env, DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'pipe'] });
  server = await startServer({ DATA_DIR: dataDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('progress of the strategy', () => {
  it('a planner records progress on a route; a resident sees it on the map, in time, and in the year\'s report', async () => {
    const planner = await openViewer(browser, server.url, { hash: '#krasnik?tab=propozycje' });
    try {
      const { page } = planner;
      const signIn = page.locator('kp-sign-in');
      await signIn.locator('#si-login').fill('anna');
      await signIn.locator('#si-password').fill(PASSWORD);
      await signIn.locator('button[type="submit"]').click();
      await signIn.locator('[data-signed-in]').waitFor();
      await page.locator('#tab-strategy').click();
      const form = page.locator('kp-progress-panel [data-progress-form]');
      await form.waitFor();
      await form.locator('select[name="undertaking"]').selectOption(BIKE);
      await form.locator('input[name="asOf"]').fill(`${YEAR}-06-30`);
      await form.locator('select[name="status"]').selectOption('in_progress');
      await form.locator('[data-figure-input="dlugosc-tras"]').fill('2,1');
      await form.locator('textarea[name="note"]').fill('Odcinek ul. Kolejowej gotowy');
      // The work done can be read from a file instead: a GPX track is shown on the map, dashed, before it is recorded.
      await form.locator('[data-import-file]').setInputFiles({ name: 'odcinek.gpx', mimeType: 'application/gpx+xml', buffer: Buffer.from(GPX) });
      await expect.poll(() => form.locator('[data-drawn-from]').getAttribute('data-drawn-from')).toBe('gpx');
      expect(await form.locator('[data-drawn-from]').textContent()).toBe('Wczytano z pliku odcinek.gpx (obiektów w pliku: 1; EPSG:4326, podany w pliku).');
      await expect.poll(() => page.locator('kp-map-view').getAttribute('data-progress-draft')).toBe('');
      await waitForMapIdle(page);
      await page.screenshot({ path: artifactPath('progress-planner-imported-1280x800.png') });
      // Drawing instead replaces what the file gave.
      // The built section, drawn with the line tool: two clicks, then the last point again to finish.
      const a: [number, number] = [22.206, 50.9405];
      const b: [number, number] = [22.218, 50.9405];
      await page.evaluate(([c]) => (window as unknown as { __kpMap: MapHandle }).__kpMap.jumpTo({ center: c as [number, number], zoom: 14 }), [[22.212, 50.9405]] as const);
      await waitForMapIdle(page);
      await form.locator('[data-draw="linestring"]').click();
      await waitForPolygonTool(page);
      const pa = await screenPoint(page, a);
      const pb = await screenPoint(page, b);
      await page.mouse.click(pa.x, pa.y);
      await page.mouse.move(pb.x, pb.y);
      await page.mouse.click(pb.x, pb.y);
      await page.mouse.click(pb.x, pb.y);
      await form.locator('[data-drawn]').waitFor();
      expect(await form.locator('[data-drawn-from]').count()).toBe(0);
      expect(await page.locator('kp-map-view').getAttribute('data-progress-draft')).toBeNull();
      await page.screenshot({ path: artifactPath('progress-planner-form-1280x800.png') });
      await form.locator('[data-progress-submit]').click();
      await expect.poll(() => built(page)).toBe('1');
    } finally {
      await planner.context.close();
    }

    // A resident (no account) sees it: the built section on the map, the figures in the tree, the news.
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik?tab=strategia' });
    try {
      await expect.poll(() => built(page)).toBe('1');
      const item = page.locator(`kp-strategy-panel [data-undertaking-item="${BIKE}"]`);
      await expect.poll(() => item.locator('kp-progress-summary [data-figure="dlugosc-tras"] [data-reached]').textContent()).toBe('2,1 z 8,26 km');
      await expect.poll(() => item.locator('kp-progress-summary [data-progress-status]').getAttribute('data-progress-status')).toBe('in_progress');
      const news = page.locator('kp-progress-panel [data-whats-new]');
      await expect.poll(() => news.textContent()).toContain('Odcinek ul. Kolejowej gotowy');
      expect(await page.locator('kp-progress-panel form').count()).toBe(0);
      // What changed since the last report, on the map too: the section recorded is highlighted; the switch hides it.
      await expect.poll(() => changedOnMap(page)).toBe('1');
      // The goal of the route shows its progress: the API's mean share, and the route counted as in progress.
      const indicators = (await (await fetch(`${server.url}/api/cities/krasnik/indicators`)).json()) as IndicatorsResponse;
      const goal = indicators.goals.find((g) => g.undertakings.includes(BIKE))!;
      const goalBlock = page.locator(`kp-strategy-panel details[data-goal="${goal.code}"] kp-goal-progress:not([compact]) [data-goal-progress]`);
      expect(goal.share).toBeGreaterThan(0);
      await expect.poll(() => page.locator(`kp-strategy-panel details[data-goal="${goal.code}"] kp-goal-progress[compact] [data-goal-share]`).getAttribute('data-goal-share')).toBe(String(goal.share));
      expect(await goalBlock.locator('[data-goal-status="in_progress"]').textContent()).toBe(`w realizacji: ${goal.statuses.in_progress}`);
      expect(await goalBlock.locator('[data-goal-share-text]').textContent()).toContain(`zgłoszone wartości: ${goal.sharesCounted} z ${goal.undertakings.length} przedsięwzięć`);
      await waitForMapIdle(page);
      await page.screenshot({ path: artifactPath('progress-resident-1280x800.png') });
      await page.locator('kp-progress-panel [data-changes-on-map]').uncheck();
      await expect.poll(() => changedOnMap(page)).toBe('0');
      await page.locator('kp-progress-panel [data-changes-on-map]').check();
      await expect.poll(() => changedOnMap(page)).toBe('1');

      // Trees: the target reads as the strategy states it (per district); the town total is marked computed.
      const trees = page.locator('kp-strategy-panel [data-undertaking-item="zielona-i-blekitna-infrastruktura"] kp-progress-summary [data-figure="drzewa-w-dzielnicy"]');
      await expect.poll(() => trees.locator('[data-declared]').textContent()).toMatch(/Cel strategii: 1000 .+ w każdej dzielnicy\./);
      const districts = await trees.locator('[data-districts] li').count();
      expect(districts).toBeGreaterThan(1);
      expect(await trees.locator('[data-computed]').textContent()).toContain(`suma obliczona (${districts} × 1000); strategia jej nie podaje`);
      expect(await trees.locator('[data-reached]').textContent()).toMatch(new RegExp(`^w całym mieście 0 z ${districts * 1000} `));
      expect(await trees.locator('[data-districts] li').first().textContent()).toMatch(/: 0 z 1000 /);
      // Its goal's section opened, to look at it.
      await trees.evaluate((el) => ((el.getRootNode() as ShadowRoot).host.closest('details') as HTMLDetailsElement | null)?.setAttribute('open', ''));
      await trees.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('progress-trees-per-district-1280x800.png') });

      // The time control: the day before, nothing built and the plan only; on the day, built.
      const date = page.locator('kp-progress-panel [data-time-input]');
      await date.fill(`${YEAR}-06-29`);
      await date.dispatchEvent('change');
      await expect.poll(() => built(page)).toBe('0');
      await expect.poll(() => item.locator('kp-progress-summary [data-progress-status]').getAttribute('data-progress-status')).toBe('planned');
      await date.fill(`${YEAR}-06-30`);
      await date.dispatchEvent('change');
      await expect.poll(() => built(page)).toBe('1');
      await expect.poll(() => item.locator('kp-progress-summary [data-figure="dlugosc-tras"] [data-reached]').textContent()).toBe('2,1 z 8,26 km');

      // The council report for that year lists it (the link the panel offers, and its data).
      const pdfHref = await page.locator(`kp-progress-panel [data-report-pdf="${YEAR}"]`).getAttribute('href');
      const pdf = await fetch(`${server.url}${pdfHref}`);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const pdfFile = artifactPath(`progress-report-${YEAR}.pdf`);
      writeFileSync(pdfFile, Buffer.from(await pdf.arrayBuffer()));
      const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(pdfText).toContain('Odcinek ul. Kolejowej gotowy');
      const report = (await (await fetch(`${server.url}/api/cities/krasnik/reports/${YEAR}.json`)).json()) as YearReport;
      const bike = report.goals.flatMap((g) => g.undertakings).find((u) => u.id === BIKE)!;
      expect(bike.yearUpdates.map((u) => u.note)).toEqual(['Odcinek ul. Kolejowej gotowy']);
      expect(bike.yearUpdates[0]!.geometry?.type).toBe('LineString');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('in English, the progress UI has no Polish words of its own (only the strategy\'s names and the office\'s notes stay Polish)', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '&lang=en#krasnik?tab=strategia', width: 1440, height: 900 });
    try {
      const panel = page.locator('kp-progress-panel');
      await panel.locator('[data-whats-new] li[data-update]').first().waitFor();
      // The panel's own words: headings, labels, buttons, status chips, legends — not the names or notes in the list.
      const own = await panel.evaluate((el) => {
        const root = el.shadowRoot!;
        const data = (n: Element) => Boolean(n.closest('li[data-update]'));
        return [...root.querySelectorAll('h3, label, button, .chip, .badge, .ends, p, legend, a')].filter((n) => !data(n) || n.matches('.chip, .badge')).map((n) => n.textContent!.replace(/\s+/g, ' ').trim());
      });
      const item = page.locator(`kp-strategy-panel [data-undertaking-item="${BIKE}"] kp-progress-summary`);
      await expect.poll(() => item.locator('[data-progress-status]').textContent()).toBe('in progress');
      const summary = await item.evaluate((el) => [...el.shadowRoot!.querySelectorAll('.chip, .muted, .measured, [data-reached]')].map((n) => n.textContent!.trim()));
      const goals = await page.locator('kp-strategy-panel kp-goal-progress').evaluateAll((els) => els.map((el) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim()));
      const words = [...own, ...summary, ...goals].filter(Boolean);
      expect(words.length).toBeGreaterThan(10);
      const polish = /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]|\b(stan|dzień|dziś|od|raport|rady|zapisz|obserw\w*|planowane|realizacji|zrealizowane|brak|osiągnięto|średnio|nowe|z)\b/i;
      expect(words.filter((w) => polish.test(w))).toEqual([]);
      expect(own.join(' ')).toContain('What');
      await page.screenshot({ path: artifactPath('progress-english-1440x900.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a link with the time control\'s date opens the map in that state, and the date goes back into the link', async () => {
    const before = await openViewer(browser, server.url, { hash: `#krasnik?tab=strategia&t=${YEAR}-06-29&od=${YEAR}-01-01` });
    try {
      const { page, errors } = before;
      await expect.poll(() => page.locator('kp-progress-panel [data-time-input]').inputValue()).toBe(`${YEAR}-06-29`);
      await expect.poll(() => built(page)).toBe('0');
      const item = page.locator(`kp-strategy-panel [data-undertaking-item="${BIKE}"]`);
      await expect.poll(() => item.locator('kp-progress-summary [data-progress-status]').getAttribute('data-progress-status')).toBe('planned');
      // "What changed since" the date in the link: the update of June is listed.
      await expect.poll(() => page.locator('kp-progress-panel [data-since-input]').inputValue()).toBe(`${YEAR}-01-01`);
      await expect.poll(() => page.locator('kp-progress-panel [data-whats-new]').textContent()).toContain('Odcinek ul. Kolejowej gotowy');
      // Moving the time control writes the new date into the link.
      const date = page.locator('kp-progress-panel [data-time-input]');
      await date.fill(`${YEAR}-07-01`);
      await date.dispatchEvent('change');
      await expect.poll(() => built(page)).toBe('1');
      await expect.poll(() => page.evaluate(() => location.hash)).toContain(`t=${YEAR}-07-01`);
      expect(await page.evaluate(() => location.hash)).toContain(`od=${YEAR}-01-01`);
      expect(errors).toEqual([]);
    } finally {
      await before.context.close();
    }
    const after = await openViewer(browser, server.url, { hash: `#krasnik?tab=strategia&t=${YEAR}-06-30` });
    try {
      await expect.poll(() => built(after.page)).toBe('1');
      await expect.poll(() => after.page.locator('kp-progress-panel [data-time-input]').inputValue()).toBe(`${YEAR}-06-30`);
    } finally {
      await after.context.close();
    }
  });

  it('the report to the council for that year, presented: the chapter of the undertaking shows the update and what was built', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik', width: 1440, height: 900 });
    try {
      const report = (await (await fetch(`${server.url}/api/cities/krasnik/reports/${YEAR}.json`)).json()) as YearReport;
      await page.locator('kp-more-menu button[data-action="more"]').click();
      await page.locator(`kp-more-menu button[data-menu="council"][data-year="${YEAR}"]`).click();
      await page.locator('kp-story-player[data-ready="1"]').waitFor({ state: 'attached' });
      expect(await page.evaluate(() => location.hash)).toBe(`#krasnik/raport/${YEAR}/1`);
      expect(await page.locator('kp-story-player h1[data-story-title]').textContent()).toContain(String(YEAR));
      // The opening's figures are the report's: updates of the year.
      const opening = await page.locator('kp-story-player [data-figure]').allTextContents();
      expect(opening.some((f) => f.startsWith(String(report.updateCount)) && f.includes(`${YEAR}`))).toBe(true);
      await waitForMapIdle(page);
      await page.screenshot({ path: artifactPath('council-opening-1440x900.png') });

      // The undertaking's chapter: after the opening and one chapter per goal, the undertakings that changed.
      const changed = report.goals.flatMap((g) => g.undertakings).filter((u) => u.yearUpdates.length > 0);
      const n = 1 + report.goals.length + changed.findIndex((u) => u.id === BIKE) + 1;
      await page.evaluate(([y, c]) => (location.hash = `#krasnik/raport/${y}/${c}`), [YEAR, n] as const);
      await page.locator(`kp-story-player[data-ready="${n}"]`).waitFor({ state: 'attached' });
      const name = report.goals.flatMap((g) => g.undertakings).find((u) => u.id === BIKE)!.name;
      expect(await page.locator('kp-story-player h1[data-story-title]').textContent()).toBe(name);
      expect(await page.locator('kp-story-player [data-council-items]').textContent()).toContain('Odcinek ul. Kolejowej gotowy');
      expect(await page.locator('kp-story-player [data-figure] .value').allTextContents()).toContain('2,1 z 8,26 km');
      await page.locator('kp-story-player [data-legend-mark="built"]').waitFor();
      await expect.poll(() => built(page)).toBe('1');
      await waitForMapIdle(page);
      await page.screenshot({ path: artifactPath('council-undertaking-1440x900.png') });

      // A district chapter: trees against the target come from the report.
      const d = report.districts.findIndex((x) => x.trees);
      const dn = 1 + report.goals.length + changed.length + d + 1;
      await page.evaluate(([y, c]) => (location.hash = `#krasnik/raport/${y}/${c}`), [YEAR, dn] as const);
      await page.locator(`kp-story-player[data-ready="${dn}"]`).waitFor({ state: 'attached' });
      const trees = report.districts[d]!.trees!;
      expect(await page.locator('kp-story-player [data-figure] .value').allTextContents()).toContain(`${trees.planted} / ${trees.target}`);
      await waitForMapIdle(page);
      await page.screenshot({ path: artifactPath('council-district-1440x900.png') });

      // The PDF, as the strategy story's: a page per chapter, its text extractable (the undertaking's update on its page).
      const total = Number((await page.locator('kp-story-player [data-progress]').textContent())!.split('/')[1]);
      const saved = page.waitForEvent('download', { timeout: 900_000 });
      await page.locator('kp-story-player button[data-action="pdf"]').click();
      const download = await saved;
      expect(download.suggestedFilename()).toBe(`krasnik-raport-${YEAR}-prezentacja.pdf`);
      const file = artifactPath('council-story.pdf');
      await download.saveAs(file);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(new RegExp(`^Pages:\\s+${total}$`, 'm'));
      const page6 = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(page6).toContain(name);
      expect(page6).toContain('Odcinek ul. Kolejowej gotowy');
      await page.setViewportSize({ width: 390, height: 844 });
      await waitForMapIdle(page);
      await page.screenshot({ path: artifactPath('council-district-390x844.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a resident follows the undertaking (a nickname, no account); its next update comes first in "Co nowego", marked new and counted', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik?tab=strategia', width: 1440, height: 900 });
    try {
      const openGoal = () => page.locator('kp-strategy-panel details').filter({ has: page.locator(`[data-undertaking-item="${BIKE}"]`) }).locator('summary').click();
      await openGoal();
      const toggle = page.locator(`kp-strategy-panel [data-undertaking-item="${BIKE}"] kp-follow-toggle`).first();
      const button = toggle.locator('[data-follow-toggle]');
      await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
      await button.click();
      await toggle.locator('[data-follow-nickname]').fill('Obserwatorka');
      await toggle.locator('[data-follow-submit]').click();
      await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');

      // Kept on the server for this resident: still followed after a reload.
      await page.reload();
      await waitForMapIdle(page);
      await expect.poll(() => page.locator(`kp-strategy-panel [data-undertaking-item="${BIKE}"] kp-follow-toggle [data-follow-toggle]`).first().getAttribute('aria-pressed')).toBe('true');

      // The office records another update of it.
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'anna', password: PASSWORD }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const rec = await fetch(`${server.url}/api/cities/krasnik/undertakings/${BIKE}/progress`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, origin: server.url },
        body: JSON.stringify({ asOf: new Date().toISOString().slice(0, 10), status: 'in_progress', values: { 'dlugosc-tras': 3 }, note: 'Kolejny odcinek oddany' }),
      });
      expect(rec.status).toBe(201);
      await page.reload();
      await waitForMapIdle(page);
      const news = page.locator('kp-progress-panel [data-whats-new]');
      await expect.poll(() => news.locator('[data-follow-summary]').getAttribute('data-follow-summary')).toBe('1');
      const first = news.locator('li[data-update]').first();
      expect(await first.textContent()).toContain('Kolejny odcinek oddany');
      expect(await first.getAttribute('data-new')).not.toBeNull();
      expect(await first.getAttribute('data-followed')).not.toBeNull();
      await page.screenshot({ path: artifactPath('follow-news-1440x900.png') });
      // Seen now: the next visit counts from this look.
      await page.reload();
      await waitForMapIdle(page);
      await expect.poll(() => page.locator('kp-progress-panel [data-follow-summary]').getAttribute('data-follow-summary')).toBe('0');

      // Stop following.
      await openGoal();
      const again = page.locator(`kp-strategy-panel [data-undertaking-item="${BIKE}"] kp-follow-toggle [data-follow-toggle]`).first();
      await again.click();
      await expect.poll(() => again.getAttribute('aria-pressed')).toBe('false');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the district panel shows the undertakings that touch the district with status and share, the km built inside it (measured), and the trees against the target', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik?d=piaski&tab=dzielnice', width: 1440, height: 900 });
    try {
      const block = page.locator('kp-district-panel [data-district-progress]');
      const bike = block.locator(`[data-district-undertaking="${BIKE}"]`);
      await expect.poll(() => bike.locator('[data-status]').getAttribute('data-status')).toBe('in_progress');
      expect(await bike.locator('[data-share]').textContent()).toMatch(/ z 8,26 km \(/);
      // The drawn section (22.206–22.218 E along 50.9405 N) lies in Piaski: measured there, apart from the reported value.
      await bike.locator('[data-built-km]').waitFor();
      const km = Number(await block.locator('[data-district-built-km]').getAttribute('data-district-built-km'));
      expect(km).toBeGreaterThan(0.1);
      expect(km).toBeLessThan(0.9);
      expect(await block.locator('[data-district-trees="trees"]').textContent()).toMatch(/posadzone \d+ z 1000/);
      await page.screenshot({ path: artifactPath('district-progress-1440x900.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      await block.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('district-progress-390x844.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
