/**
 * Kalisz's open data in the browser: street names drawn along the OSM streets at street level,
 * and "© OpenStreetMap contributors (ODbL)" in the map's attribution exactly while an
 * OSM-derived layer (streets, water) is drawn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openViewer, startServer, waitForMapIdle, type RunningServer } from './harness.ts';

const OSM = '© OpenStreetMap contributors (ODbL)';
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

const attribution = (page: Page) => page.locator('kp-map-view .maplibregl-ctrl-attrib-inner').textContent();

/** Names on the rendered street-label symbols. */
function labelNames(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const m = (window as unknown as { __kpMap: { queryRenderedFeatures(o: object): { properties: { name: string; kp_layer: string } }[] } }).__kpMap;
    return m.queryRenderedFeatures({ layers: ['context--road-label'] }).filter((f) => f.properties.kp_layer === 'context-streets').map((f) => f.properties.name);
  });
}

describe('Kalisz open data on the map', () => {
  it('labels the centre streets with their names and credits OpenStreetMap only while an OSM layer is on', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#kalisz/15/51.7595/18.0875' });
    try {
      await waitForMapIdle(page);
      const names = await labelNames(page);
      expect(names.length).toBeGreaterThan(3);
      expect(names).toEqual(expect.arrayContaining(['Śródmiejska']));
      expect(await attribution(page)).toContain(OSM);

      // Streets off: water (also OSM) still drawn, so the credit stays.
      const streets = page.locator('kp-layer-panel input[data-layer="context-streets"]');
      const water = page.locator('kp-layer-panel input[data-layer="context-water"]');
      await streets.uncheck();
      await waitForMapIdle(page);
      expect(await labelNames(page)).toEqual([]);
      expect(await attribution(page)).toContain(OSM);

      // Water off too: no OSM layer is drawn, the credit goes; the pack's own line stays.
      await water.uncheck();
      await waitForMapIdle(page);
      await expect.poll(() => attribution(page), { timeout: 10_000 }).not.toContain(OSM);
      expect(await attribution(page)).toContain('Program Rozwoju Kalisza');

      await streets.check();
      await waitForMapIdle(page);
      await expect.poll(() => attribution(page), { timeout: 10_000 }).toContain(OSM);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
