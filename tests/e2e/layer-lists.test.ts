/**
 * Issue 18 (keyboard and screen readers): the map's accessible description says where the list
 * of what is drawn is, and that list exists for every layer — each visible layer's features can
 * be reached as a list (routes in their length table, the rest under "Lista obiektów") and each
 * item opens the feature as a click on the map would. axe stays clean with the lists open.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ROOT, launchBrowser, openViewer, startServer, type RunningServer } from './harness.ts';

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

async function axeViolations(page: Page) {
  await page.addScriptTag({ content: readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
}

describe('a list for every layer', () => {
  it('the map says where the lists are; every visible layer lists its features by name, and an item opens the feature', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik', width: 1440, height: 900, bypassCsp: true });
    try {
      const label = await page.locator('kp-map-view .map[role="application"]').getAttribute('aria-label');
      expect(label).toContain('karcie Warstwy');
      expect(label).toContain('Lista obiektów');
      const panel = page.locator('kp-layer-panel');
      const visible = await panel.locator('input[type="checkbox"][data-layer]').evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).map((e) => e.getAttribute('data-layer')!));
      expect(visible.length).toBeGreaterThan(3);
      for (const id of visible) {
        // What the map draws for this layer, by name (the layer's GeoJSON download).
        const href = await panel.locator(`a[data-download="${id}"]`).getAttribute('href');
        const fc = (await (await fetch(new URL(href!, server.url))).json()) as FeatureCollection;
        const names = new Set(fc.features.map((f) => String((f.properties as { name?: string }).name || f.id)));
        const routeTable = panel.locator(`li.layer:has(input[data-layer="${id}"]) table`);
        const list = panel.locator(`details[data-features="${id}"]`);
        if (await routeTable.count()) {
          expect(await routeTable.locator('tbody button[data-feature]').count(), id).toBe(fc.features.length);
          continue;
        }
        await list.locator('summary').click();
        const listed = await list.locator('button[data-feature]').allTextContents();
        expect(new Set(listed.map((s) => s.trim())), id).toEqual(names);
      }
      // An item opens its feature, from the keyboard.
      const first = panel.locator(`details[data-features] button[data-feature]`).first();
      const name = (await first.textContent())!.trim();
      await first.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('kp-feature-panel h2').textContent()).toBe(name);
      expect(await axeViolations(page), 'layers with their lists open').toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('holds the line of each layer\'s list while the layer\'s data is on its way, so the panel does not jump when it comes', async () => {
    const context = await browser.newContext({ viewport: { width: 1350, height: 940 }, locale: 'pl-PL' });
    context.setDefaultTimeout(120_000);
    const held: (() => void)[] = [];
    let holding = true;
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (!u.startsWith(server.url)) return route.abort();
      if (holding && /\/api\/cities\/krasnik\/map-data(\?|$)/.test(u)) return void held.push(() => void route.continue());
      return route.continue();
    });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/?test#krasnik`);
      const rows = page.locator('kp-layer-panel li.layer');
      await expect.poll(() => rows.count(), { timeout: 120_000 }).toBeGreaterThan(3);
      await expect.poll(() => held.length, { timeout: 120_000 }).toBeGreaterThan(0);
      expect(await page.locator('kp-layer-panel details[data-features]').count()).toBe(0); // nothing came yet
      const heights = () => rows.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().height)));
      const before = await heights();
      holding = false;
      for (const go of held.splice(0)) go();
      const lists = await page.locator('kp-layer-panel input[data-layer]').evaluateAll((els) => els.length);
      await expect.poll(() => page.locator('kp-layer-panel details[data-features], kp-layer-panel .routes').count(), { timeout: 120_000 }).toBe(lists);
      // Route tables (their rows come with the data) may grow; every other layer's row keeps its height.
      const routeRows = await rows.evaluateAll((els) => els.map((e) => e.querySelector('.routes') !== null));
      const after = await heights();
      expect(after.filter((_, i) => !routeRows[i])).toEqual(before.filter((_, i) => !routeRows[i]));
    } finally {
      await context.close();
    }
  });
});
