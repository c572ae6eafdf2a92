/**
 * The search box, by keyboard: a street without diacritics, ↓ and Enter fly there and open it;
 * a district opens its panel; the online geocoder (a local fake started here) is listed apart.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openViewer, startServer, waitForMapIdle, type RunningServer } from './harness.ts';

/** Polls wait for a condition; the bound only catches a hang on a busy machine. */
const POLL = { timeout: 60_000 };

let server: RunningServer;
let browser: Browser;
let geocoder: Server;
const SHOTS = process.env.SHOTS_DIR;

beforeAll(async () => {
  geocoder = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify([{ osm_type: 'way', osm_id: 7, lat: '50.9301', lon: '22.2301', name: 'Lubelska 12', display_name: 'Lubelska 12, Kraśnik', boundingbox: ['50.93', '50.9302', '22.23', '22.2302'] }]));
  });
  await new Promise<void>((r) => geocoder.listen(0, '127.0.0.1', r));
  server = await startServer({ GEOCODER_URL: `http://127.0.0.1:${(geocoder.address() as AddressInfo).port}` });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  geocoder?.closeAllConnections();
  geocoder?.close();
});

const box = (page: Page) => page.locator('kp-search-box input[role="combobox"]');

describe('search', () => {
  for (const [w, h] of [[1440, 900], [390, 844]]) {
    it(`${w}×${h}: "mickiewicza" by keyboard flies to the street and opens it`, async () => {
      const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik', width: w, height: h });
      try {
        const zoom = () => page.evaluate(() => (window as unknown as { __kpMap: { getZoom(): number } }).__kpMap.getZoom());
        const zoomBefore = await zoom();
        const input = box(page);
        await input.focus();
        await page.keyboard.type('mickiewicza');
        const first = page.locator('kp-search-box [role="option"]').first();
        await expect.poll(() => first.textContent(), POLL).toMatch(/ul\. Mickiewicza/);
        expect(await input.getAttribute('aria-expanded')).toBe('true');
        expect(await input.getAttribute('aria-activedescendant')).toBe('opt-0');
        // The geocoder's places are listed apart and marked as such.
        await expect.poll(() => page.locator('kp-search-box [data-geocoder] [role="option"]').count(), POLL).toBe(1);
        expect(await page.locator('kp-search-box [data-geocoder] [role="option"]').textContent()).toMatch(/Lubelska 12/);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/search-${w}x${h}.png` });
        await page.keyboard.press('ArrowDown');
        expect(await input.getAttribute('aria-activedescendant')).toBe('opt-1');
        await page.keyboard.press('ArrowUp');
        await page.keyboard.press('Enter');
        await page.locator('kp-feature-panel').waitFor();
        expect(await page.locator('kp-feature-panel h2').textContent()).toMatch(/Mickiewicza/);
        expect(await input.getAttribute('aria-expanded')).toBe('false');
        await waitForMapIdle(page);
        expect(await zoom()).toBeGreaterThan(zoomBefore);
        // The street lies in the map's free part (not under the panel).
        const ok = await page.evaluate(() => {
          const m = (window as unknown as { __kpMap: { queryRenderedFeatures(o?: unknown): { properties: { name?: string } }[] } }).__kpMap;
          return m.queryRenderedFeatures().some((f) => f.properties?.name === 'ul. Mickiewicza');
        });
        expect(ok).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('"krasnik f" picks the district and opens its summary; Escape closes the list', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik' });
    try {
      await box(page).focus();
      await page.keyboard.type('krasnik f');
      await expect.poll(() => page.locator('kp-search-box [role="option"]').first().getAttribute('data-kind'), POLL).toBe('district');
      await page.keyboard.press('Escape');
      expect(await box(page).getAttribute('aria-expanded')).toBe('false');
      await page.keyboard.press('ArrowDown');
      expect(await box(page).getAttribute('aria-expanded')).toBe('true');
      await page.keyboard.press('Enter');
      await page.locator('kp-district-panel section[data-district="krasnik-fabryczny"]').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
