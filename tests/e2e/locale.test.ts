/**
 * The UI language in the built viewer: the header's switch turns the whole viewer English
 * without a reload (tabs, panels, the map's own labels, <html lang>), the choice survives a
 * reload (localStorage "kp-locale"), and switching back restores Polish. The hash (map state)
 * is left alone throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchBrowser, openViewer, startServer, waitForMapIdle, type RunningServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const tabLabels = (page: Page) => page.locator('kp-app [role="tab"]').allTextContents().then((l) => l.map((s) => s.trim()));
const localeButton = (page: Page) => page.locator('kp-app button[data-action="locale"]');

describe('UI language', () => {
  it('switches to English at once, keeps it across a reload, and switches back to Polish', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik' });
    try {
      const hash = () => new URL(page.url()).hash;
      expect(await tabLabels(page)).toEqual(['Warstwy', 'Strategia', 'Dzielnice', 'Propozycje']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('pl');
      await expect.poll(() => localeButton(page).getAttribute('aria-label')).toBe('EN: Switch to English');
      const hashBefore = hash();

      const reloads: number[] = [];
      page.on('load', () => reloads.push(Date.now()));
      await localeButton(page).click();
      await expect.poll(() => tabLabels(page)).toEqual(['Layers', 'Strategy', 'Districts', 'Proposals']);
      expect(reloads, 'no page reload').toEqual([]);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.evaluate(() => localStorage.getItem('kp-locale'))).toBe('en');
      expect(await localeButton(page).getAttribute('aria-label')).toBe('PL: Przełącz na polski');
      // The layer panel (a child component) and the map's own strings follow too.
      await expect.poll(() => page.locator('kp-layer-panel .count').first().textContent()).toMatch(/\d+ features?\b/);
      expect(await page.locator('kp-map-view [role="application"]').getAttribute('aria-label')).toMatch(/^Map: /);
      expect(await page.locator('canvas.maplibregl-canvas').getAttribute('aria-label')).toMatch(/^Map: /);
      expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Zoom in');
      expect(hash(), 'the map state in the hash is untouched').toBe(hashBefore);
      await page.screenshot({ path: artifactPath('locale-en-1280x800.png') });

      await page.reload();
      await waitForMapIdle(page);
      expect(await tabLabels(page)).toEqual(['Layers', 'Strategy', 'Districts', 'Proposals']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Zoom in');

      await localeButton(page).click();
      await expect.poll(() => tabLabels(page)).toEqual(['Warstwy', 'Strategia', 'Dzielnice', 'Propozycje']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('pl');
      expect(await page.evaluate(() => localStorage.getItem('kp-locale'))).toBe('pl');
      expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Przybliż');
      await expect.poll(() => page.locator('kp-layer-panel .count').first().textContent()).toMatch(/\d+ obiekt/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('?lang=en opens the viewer in English; the switch fits a 390 px wide header', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'pl-PL' });
    context.setDefaultTimeout(120_000);
    await context.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/?test&lang=en#krasnik`);
      await waitForMapIdle(page);
      expect(await tabLabels(page)).toEqual(['Layers', 'Strategy', 'Districts', 'Proposals']);
      const fits = await page.evaluate(() => {
        const header = document.querySelector('kp-app')!.shadowRoot!.querySelector('header')!;
        return header.scrollWidth <= header.clientWidth && [...header.children].every((c) => c.getBoundingClientRect().right <= innerWidth + 0.5);
      });
      expect(fits).toBe(true);
      const box = await localeButton(page).boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(390);
      await page.screenshot({ path: artifactPath('locale-en-390x800.png') });
    } finally {
      await context.close();
    }
  });
});
