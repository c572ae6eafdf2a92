/**
 * Panels never hide what they describe: a flight to a feature aims at the part of the map the
 * feature panel leaves free; on a phone the sheet starts at half the map with the subject above
 * it, and its grip resizes it by pointer and keyboard; the pin placed "at the centre" is in the
 * uncovered part. Also: when a sheet opens on a phone and the map area changes size, the canvas
 * follows (map.resize()) and the screen shows the map, not a blank area.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { canvasStats, launchBrowser, openViewer, screenShowsMap, startServer, waitForFlight, waitForMapIdle, type RunningServer } from './harness.ts';

/** Polls wait for a condition; the bound only catches a hang on a busy machine. */
const POLL = { timeout: 60_000 };

let server: RunningServer;
let browser: Browser;
const PARK = 'krasnicki-park-przemyslowy-teren';
const SHOTS = process.env.SHOTS_DIR;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Box = { left: number; top: number; right: number; bottom: number };

/** The map's box and the boxes of what covers it, in page pixels. */
async function layout(page: Page, covers: string): Promise<{ map: Box; covers: Box[] }> {
  return page.evaluate((sel) => {
    const root = document.querySelector('kp-app')!.shadowRoot!;
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    return { map: box(root.querySelector('kp-map-view')!), covers: [...root.querySelectorAll(sel)].map(box).filter((b) => b.right > b.left && b.bottom > b.top) };
  }, covers);
}

/** Page pixel of a [lon, lat]. */
async function pixelOf(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const m = (window as unknown as { __kpMap: { project(ll: [number, number]): { x: number; y: number }; getContainer(): HTMLElement } }).__kpMap;
    const p = m.project(ll);
    const r = m.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lngLat);
}

const inside = (p: { x: number; y: number }, b: Box) => p.x >= b.left && p.x <= b.right && p.y >= b.top && p.y <= b.bottom;
const uncovered = (p: { x: number; y: number }, l: { map: Box; covers: Box[] }) => inside(p, l.map) && !l.covers.some((c) => inside(p, c));

async function parkBox(): Promise<[number, number, number, number]> {
  const detail = (await (await fetch(`${server.url}/api/cities/krasnik`)).json()) as { featureIndex: Record<string, { bbox: [number, number, number, number] }> };
  return detail.featureIndex[PARK]!.bbox;
}

/** Distinct colours in the screenshot of a page region, decoded in the page (what the screen shows, not the WebGL buffer). */
async function screenColours(page: Page, clip: { x: number; y: number; width: number; height: number }): Promise<number> {
  const png = (await page.screenshot({ clip })).toString('base64');
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 5) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
    return seen.size;
  }, png);
}

describe('panels and the camera', () => {
  it('desktop: the flight to the industrial park ends in the part the feature panel leaves free', async () => {
    const bbox = await parkBox();
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#krasnik?f=${PARK}`, width: 1440, height: 900 });
    try {
      await page.locator('kp-feature-panel').waitFor();
      await waitForFlight(page);
      const l = await layout(page, 'main > kp-feature-panel');
      expect(l.covers).toHaveLength(1);
      const centre = await pixelOf(page, [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2]);
      expect(uncovered(centre, l), `park centre ${JSON.stringify(centre)} vs ${JSON.stringify(l)}`).toBe(true);
      for (const corner of [[bbox[0], bbox[1]], [bbox[2], bbox[3]], [bbox[2], bbox[1]]] as [number, number][]) {
        const padding = await page.locator('kp-map-view').getAttribute('data-camera-padding');
        expect(uncovered(await pixelOf(page, corner), l), `corner ${corner}, camera padding ${padding}, ${JSON.stringify(l)}`).toBe(true);
      }
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/panel-fly-1440x900.png` });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('desktop: when the feature panel cannot be fetched (offline after the first map), the link still frames the feature', async () => {
    const bbox = await parkBox();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await context.route('**/assets/kp-feature-panel-*.js', (route) => route.abort());
    try {
      await page.goto(`${server.url}/?test#krasnik?f=${PARK}`);
      // The camera does not wait for ever on a panel that will not come.
      await waitForFlight(page);
      const l = await layout(page, 'main > kp-feature-panel');
      expect(l.covers).toHaveLength(0);
      for (const corner of [[bbox[0], bbox[1]], [bbox[2], bbox[3]]] as [number, number][]) {
        expect(uncovered(await pixelOf(page, corner), l), `corner ${corner}`).toBe(true);
      }
      expect(errors.join('\n')).toContain('<kp-feature-panel> could not be loaded');
    } finally {
      await context.close();
    }
  });

  it('phone: the sheet starts at half the map with the park above it, and its grip resizes it by keyboard and pointer', async () => {
    const bbox = await parkBox();
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#krasnik?f=${PARK}`, width: 390, height: 844 });
    try {
      await page.locator('kp-feature-panel').waitFor();
      await waitForFlight(page);
      const l = await layout(page, 'main > kp-feature-panel, main > kp-sheet-handle');
      const sheet = l.covers[0]!;
      const share = (sheet.bottom - sheet.top) / (l.map.bottom - l.map.top);
      expect(share).toBeGreaterThan(0.45);
      expect(share).toBeLessThan(0.55);
      const centre = await pixelOf(page, [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2]);
      expect(uncovered(centre, l), `park centre ${JSON.stringify(centre)} vs ${JSON.stringify(l)}`).toBe(true);

      // The canvas follows the map's box (map.resize() ran), and the screen shows the map above the sheet.
      const size = await page.evaluate(() => {
        const m = (window as unknown as { __kpMap: { getCanvas(): HTMLCanvasElement; getContainer(): HTMLElement } }).__kpMap;
        return { canvas: [m.getCanvas().width, m.getCanvas().height], box: [m.getContainer().clientWidth * devicePixelRatio, m.getContainer().clientHeight * devicePixelRatio] };
      });
      expect(size.canvas).toEqual(size.box);
      expect((await canvasStats(page)).nonBackground).toBeGreaterThan(500);
      expect(await screenColours(page, { x: 0, y: l.map.top + 60, width: 390, height: sheet.top - l.map.top - 80 })).toBeGreaterThan(3);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone-sheet-390x844.png` });

      const grip = page.locator('kp-sheet-handle [role="separator"]');
      expect(await grip.getAttribute('aria-valuenow')).toBe('50');
      await grip.focus();
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => grip.getAttribute('aria-valuenow'), POLL).toBe('60');
      await page.keyboard.press('Home');
      await expect.poll(() => grip.getAttribute('aria-valuenow'), POLL).toBe('20');
      const g = (await grip.boundingBox())!;
      await page.mouse.move(g.x + g.width / 2, g.y + g.height / 2);
      await page.mouse.down();
      await page.mouse.move(g.x + g.width / 2, l.map.top + (l.map.bottom - l.map.top) * 0.3, { steps: 4 });
      await page.mouse.up();
      await expect.poll(async () => Number(await grip.getAttribute('aria-valuenow')), POLL).toBeGreaterThan(60);
      const after = await layout(page, 'main > kp-feature-panel');
      expect(after.covers[0]!.top).toBeLessThan(sheet.top - 50);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('phone: the screen shows the map above a sheet opened after load (feature panel, then the proposal form), not a blank area', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik', width: 390, height: 844 });
    try {
      // Above the sheet, below the search box, right of the zoom buttons: only the map is drawn there.
      const aboveSheet = async (covers: string) => {
        const l = await layout(page, covers);
        const top = l.map.top + 60;
        const bottom = Math.min(...l.covers.map((c) => c.top)) - 8;
        expect(bottom - top, JSON.stringify(l)).toBeGreaterThan(100);
        return { x: 50, y: top, width: 330, height: bottom - top };
      };
      // Opened as a search result or a link would, after the map is up (the case that went blank).
      await page.evaluate(() => (location.hash = '#krasnik?f=krasnicki-park-przemyslowy-teren'));
      await page.locator('kp-feature-panel').waitFor();
      await waitForMapIdle(page);
      expect((await canvasStats(page)).nonBackground).toBeGreaterThan(500);
      const feature = await screenShowsMap(page, await aboveSheet('main > kp-feature-panel, main > kp-sheet-handle'));
      expect(feature.colours, 'distinct colours on screen above the sheet').toBeGreaterThan(20);
      expect(feature.match, 'share of the screen above the sheet showing what the map drew').toBeGreaterThan(0.9);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone-sheet-after-load-390x844.png` });

      await page.locator('kp-feature-panel button.close').click();
      await page.locator('kp-app button[data-action="propose-fab"]').click();
      await page.locator('kp-proposal-form').waitFor();
      await waitForMapIdle(page);
      const form = await screenShowsMap(page, await aboveSheet('main kp-proposal-form, main > kp-sheet-handle'));
      expect(form.colours).toBeGreaterThan(20);
      expect(form.match).toBeGreaterThan(0.9);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('phone: proposing resizes the map, the canvas follows and the pin placed "at the centre" is above the form', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik', width: 390, height: 844 });
    try {
      const before = await layout(page, 'main > kp-feature-panel');
      await page.locator('kp-app button[data-action="propose-fab"]').click();
      await page.locator('kp-proposal-form').waitFor();
      // The side panel folds away: the map area grows.
      await expect.poll(async () => (await layout(page, 'x')).map.bottom, POLL).toBeGreaterThan(before.map.bottom + 100);
      await waitForMapIdle(page);
      const size = await page.evaluate(() => {
        const m = (window as unknown as { __kpMap: { getCanvas(): HTMLCanvasElement; getContainer(): HTMLElement } }).__kpMap;
        return { canvas: [m.getCanvas().width, m.getCanvas().height], box: [m.getContainer().clientWidth * devicePixelRatio, m.getContainer().clientHeight * devicePixelRatio] };
      });
      expect(size.canvas).toEqual(size.box);
      await page.locator('kp-proposal-form button[data-action="place-centre"]').click();
      const pin = page.locator('kp-map-view .kp-proposal-pin, kp-map-view .maplibregl-marker').first();
      await pin.waitFor();
      const l = await layout(page, 'main kp-proposal-form, main > kp-sheet-handle');
      const p = (await pin.boundingBox())!;
      const tip = { x: p.x + p.width / 2, y: p.y + p.height - 2 };
      expect(uncovered(tip, l), `pin ${JSON.stringify(tip)} vs ${JSON.stringify(l)}`).toBe(true);
      await waitForMapIdle(page);
      expect(await screenColours(page, { x: 0, y: l.map.top + 40, width: 390, height: Math.max(60, l.covers[0]!.top - l.map.top - 60) })).toBeGreaterThan(3);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone-propose-390x844.png` });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
