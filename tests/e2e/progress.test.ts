/**
 * Following the strategy in the browser: a planner records progress on the bike routes (figure
 * reached and the built section drawn on the map), a resident sees it on the map and in the
 * strategy tree, the time control shows it only from its date on, and the council report for
 * that year lists it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { YearReport } from '../../server/report/year-report.ts';
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
      await waitForMapIdle(page);
      await page.screenshot({ path: artifactPath('progress-resident-1280x800.png') });

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
      const report = (await (await fetch(`${server.url}/api/cities/krasnik/reports/${YEAR}.json`)).json()) as YearReport;
      const bike = report.goals.flatMap((g) => g.undertakings).find((u) => u.id === BIKE)!;
      expect(bike.yearUpdates.map((u) => u.note)).toEqual(['Odcinek ul. Kolejowej gotowy']);
      expect(bike.yearUpdates[0]!.geometry?.type).toBe('LineString');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
