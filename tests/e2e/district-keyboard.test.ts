/**
 * Issue 18, points 3, 6, 8 and 9 in the built viewer on the "mini" fixture pack: the district's
 * tree bar in planted / accepted / proposed parts, the drawn area counting only what lies in
 * it (with a headed "districts in the area" table), the choropleth legend kept on the map,
 * skip links, the district select applying on Enter or Tab, one short announced sentence, and
 * an area made without a mouse (a circle around the map's centre). axe stays clean.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ROOT, artifactPath, launchBrowser, openViewer, waitForMapIdle, type RunningServer } from './harness.ts';
import { startProposalTown, type ProposalTown } from './proposal-setup.ts';

const CITY = 'mini';
let town: ProposalTown;
let server: RunningServer;
let browser: Browser;

async function axeViolations(page: Page) {
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
}

beforeAll(async () => {
  town = await startProposalTown([CITY]);
  server = town.server;
  browser = await launchBrowser();
  // Three trees in Zachód: one planted, one proposed near it, one proposed far away.
  const ala = await town.resident('Ala');
  const planted = (await town.propose(ala, [22.003, 50.902])).id;
  await town.propose(ala, [22.0035, 50.902]);
  await town.propose(ala, [22.008, 50.906]);
  const planner = await town.plannerHeaders();
  for (const status of ['accepted', 'planted']) {
    const res = await fetch(`${server.url}/api/cities/${CITY}/proposals/${planted}/status`, { method: 'POST', headers: { 'content-type': 'application/json', ...planner }, body: JSON.stringify({ status }) });
    expect(res.status).toBe(200);
  }
});

afterAll(async () => {
  await browser?.close();
  await town?.stop();
});

describe('districts and drawn areas by keyboard and screen reader', () => {
  it('skips to the map, applies the district on Enter or Tab, and announces one short sentence', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}?tab=dzielnice`, width: 1440, height: 900 });
    try {
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        let a: Element | null = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.getAttribute('data-skip');
      });
      expect(skip).toBe('map');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => {
        let a: Element | null = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.getAttribute('role');
      })).toBe('application');

      const panel = page.locator('kp-district-panel');
      const pick = panel.locator('#pick');
      await pick.focus();
      await page.keyboard.press('ArrowDown');
      // An arrow press alone opens nothing.
      expect(await panel.locator('section[data-district]').count()).toBe(0);
      await page.keyboard.press('Enter');
      const section = panel.locator('section[data-district="zachod"]');
      await section.waitFor();
      const said = panel.locator('[data-announce]');
      await expect.poll(() => said.textContent()).toMatch(/^Zachód: [\d,]+ km tras, \d+ przedsięwzię(cie|cia|ć), 3 z 1000 drzew$/);
      // The bar: planted, accepted, proposed as three parts, named together.
      const bar = section.locator('[data-progress]');
      expect(await bar.getAttribute('aria-label')).toBe('Postęp do celu 1000 drzew: posadzone 1, przyjęte (jeszcze nie posadzone) 0, zaproponowane (czekają na decyzję) 2');
      expect(await bar.locator('span[data-part]').evaluateAll((s) => s.map((x) => x.getAttribute('data-part')))).toEqual(['planted', 'accepted', 'proposed']);
      // Tab applies a district chosen with the arrows too.
      await pick.focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      await panel.locator('section[data-district="wschod"]').waitFor();
      await expect.poll(() => said.textContent()).toMatch(/^Wschód: /);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('makes a drawn area without a mouse and counts only what is inside it; the legend stays on the map; axe is clean', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/16/50.902/22.0032?tab=dzielnice`, width: 1440, height: 900, bypassCsp: true });
    try {
      const panel = page.locator('kp-district-panel');
      await panel.locator('#circle-r').fill('120');
      await panel.locator('#circle-r').press('Enter');
      const q = panel.locator('section[data-query]');
      await q.waitFor();
      await expect.poll(() => panel.locator('[data-announce]').textContent()).toMatch(/, 2 drzew$/);
      expect(await q.locator('table[data-overlaps] th[scope="col"]').allTextContents()).toEqual(['Dzielnica', 'W obszarze', 'Udział']);
      expect(await q.locator('table[data-overlaps] caption').textContent()).toContain('jaka część powierzchni dzielnicy');
      expect(await q.locator('[data-target="trees"]').textContent()).toMatch(/zaproponowane 2 \/ przyjęte 1 \/ posadzone 1/);
      await waitForMapIdle(page);
      // The circle is drawn as the area (by the drawing tool, so it clears like a drawn one).
      await expect
        .poll(() =>
          page.evaluate(() => {
            const m = (window as unknown as { __kpMap: { getStyle(): { layers: { id: string }[] }; queryRenderedFeatures(g?: unknown, o?: object): unknown[] } }).__kpMap;
            const layers = m.getStyle().layers.map((l) => l.id).filter((id) => id.startsWith('td-polygon'));
            return layers.length ? m.queryRenderedFeatures(undefined, { layers }).length : 0;
          }),
        )
        .toBeGreaterThan(0);
      await page.screenshot({ path: artifactPath('district-circle-1440x900.png') });

      // The choropleth's legend is on the map, and stays there while the panel scrolls.
      await panel.locator('#metric').selectOption({ index: 1 });
      const legend = page.locator('kp-choropleth-legend section[data-choropleth-legend]');
      await legend.waitFor();
      const before = await legend.boundingBox();
      await page.locator('kp-app [role="tabpanel"]').evaluate((el) => (el.scrollTop = el.scrollHeight));
      const after = await legend.boundingBox();
      // Anchored to the map's corner: its left and bottom edges stay put while the panel scrolls (it may grow
      // meanwhile, as the metric's classes arrive).
      expect({ x: after!.x, bottom: after!.y + after!.height }).toEqual({ x: before!.x, bottom: before!.y + before!.height });
      const main = await page.locator('kp-app main').boundingBox();
      expect(after!.x).toBeGreaterThanOrEqual(main!.x);
      expect(after!.y + after!.height).toBeLessThanOrEqual(main!.y + main!.height);
      await page.screenshot({ path: artifactPath('district-legend-on-map-1440x900.png') });

      await page.addScriptTag({ content: readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
      expect(await axeViolations(page), 'districts with a drawn area').toEqual([]);
      await page.getByRole('tab', { name: 'Propozycje' }).click();
      await page.locator('kp-proposal-list li.item').first().waitFor();
      expect(await axeViolations(page), 'proposals list').toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('frames a circle too big for the map: on a phone a 400 m circle is whole in the map, not cut at its edges', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/16/50.902/22.0032?tab=dzielnice`, width: 390, height: 844 });
    try {
      const panel = page.locator('kp-district-panel');
      await panel.locator('#circle-r').fill('400');
      await panel.locator('#circle-r').press('Enter');
      await panel.locator('section[data-query]').waitFor();
      await waitForMapIdle(page);
      // Every vertex of the drawn circle lies on the map's canvas (in CSS pixels of the map).
      const outside = () =>
        page.evaluate(() => {
          type M = { getStyle(): { layers: { id: string }[] }; queryRenderedFeatures(g?: unknown, o?: object): { geometry: { coordinates: [number, number][][] } }[]; project(p: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement };
          const m = (window as unknown as { __kpMap: M }).__kpMap;
          const layers = m.getStyle().layers.map((l) => l.id).filter((id) => id.startsWith('td-polygon'));
          const ring = layers.length ? m.queryRenderedFeatures(undefined, { layers })[0]?.geometry.coordinates[0] : undefined;
          if (!ring) return -1;
          const { clientWidth: w, clientHeight: h } = m.getCanvas();
          return ring.map((c) => m.project(c)).filter((p) => p.x < 0 || p.y < 0 || p.x > w || p.y > h).length;
        });
      await expect.poll(outside, { timeout: 60_000 }).toBe(0);
      await page.screenshot({ path: artifactPath('district-circle-390x844.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
