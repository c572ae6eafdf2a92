/**
 * The presenter's tools in the built viewer against the real server and Kraśnik's story:
 * chapter numbers typed digit by digit (collected until whole, Enter or a pause, shown while
 * typed); the PDF made on an off-screen map while the presenter goes on (progress, stop, a
 * text layer read back with poppler's pdftotext); the chapter image with the panel's text and
 * without moving the live map; distinct legend marks; proposals only on chapters that name
 * them; the closing chapter's link as text and as a QR code (decoded with jsQR).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import jsQR from 'jsqr';
import type { Story } from '../../server/api-types.ts';
import { artifactPath, launchBrowser, openViewer, startServer, waitForMapIdle, type RunningServer } from './harness.ts';

const CITY = 'krasnik';
let server: RunningServer;
let browser: Browser;
let story: Story;

async function getJson<T>(p: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${server.url}${p}`, init);
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type MapHandle = {
  getLayersOrder(): string[];
  getLayer(id: string): { metadata?: Record<string, string> } | undefined;
  getLayoutProperty(id: string, p: string): string | undefined;
  getPaintProperty(id: string, p: string): unknown;
  queryRenderedFeatures(o?: object): { properties: Record<string, unknown> }[];
  getPixelRatio(): number;
  getCenter(): { lng: number; lat: number };
  on(e: string, f: () => void): void;
  };

/** Waits until the player has put chapter n on the map and the map is idle. */
async function waitChapter(page: Page, n: number): Promise<void> {
  await page.locator(`kp-story-player[data-ready="${n}"]`).waitFor({ state: 'attached' });
  await waitForMapIdle(page);
  expect(new URL(page.url()).hash).toBe(`#${CITY}/story/${n}`);
  expect(await page.locator('kp-story-player h1[data-story-title]').textContent()).toBe(story.chapters[n - 1]!.title);
}

/**
 * Starts logging what happens to the live map: moves (with the centre), resizes and layout
 * changes (layer, value), so a test can show that an export left it alone.
 */
async function watchLiveMap(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __kpMap: MapHandle; __live: { moves: [number, number][]; resizes: number; shown: string[] } };
    const m = w.__kpMap;
    const log = { moves: [] as [number, number][], resizes: 0, shown: [] as string[] };
    const shown = new Set<string>();
    w.__live = log;
    m.on('move', () => {
      const c = m.getCenter();
      log.moves.push([c.lng, c.lat]);
    });
    m.on('resize', () => log.resizes++);
    // Every catalogue layer the live map draws in any frame (layers share style layers and are
    // switched by filter, so what was drawn is read from the frames, not from layout calls).
    const record = () => {
      for (const f of m.queryRenderedFeatures()) {
        const id = f.properties['kp_layer'];
        if (typeof id === 'string' && !shown.has(id)) {
          shown.add(id);
          log.shown.push(id);
        }
      }
    };
    record();
    m.on('render', record);
  });
}

async function liveLog(page: Page): Promise<{ moves: [number, number][]; resizes: number; shown: string[] }> {
  return page.evaluate(() => (window as unknown as { __live: { moves: [number, number][]; resizes: number; shown: string[] } }).__live);
}

/** Features drawn by the proposals' style layers on the live map. */
async function proposalsDrawn(page: Page): Promise<number> {
  return page.evaluate(() => {
    const m = (window as unknown as { __kpMap: MapHandle }).__kpMap;
    const ids = m.getLayersOrder().filter((id) => id.startsWith('proposals-'));
    return ids.length ? m.queryRenderedFeatures({ layers: ids }).length : 0;
  });
}

/** Decodes a PNG in the page; returns its RGBA pixels (base64) and size. */
async function decodePng(page: Page, buf: Buffer): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> {
  const r = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let s = '';
    for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width: c.width, height: c.height, b64: btoa(s) };
  }, buf.toString('base64'));
  return { width: r.width, height: r.height, rgba: new Uint8ClampedArray(Buffer.from(r.b64, 'base64')) };
}

/** Pixels of a region near a colour (per channel within `tol`), and in how many distinct rows they lie. */
function colourIn(img: { width: number; rgba: Uint8ClampedArray }, x0: number, y0: number, x1: number, y1: number, rgb: [number, number, number], tol = 40): { pixels: number; rows: number } {
  let pixels = 0;
  const rows = new Set<number>();
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * img.width + x);
      if (Math.abs(img.rgba[i]! - rgb[0]) <= tol && Math.abs(img.rgba[i + 1]! - rgb[1]) <= tol && Math.abs(img.rgba[i + 2]! - rgb[2]) <= tol) {
        pixels++;
        rows.add(y);
      }
    }
  }
  return { pixels, rows: rows.size };
}

async function download(page: Page, action: string, name: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.locator(`kp-story-player button[data-action="${action}"]`).click()]);
  const file = artifactPath(name);
  await d.saveAs(file);
  return readFileSync(file);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  story = await getJson<Story>(`/api/cities/${CITY}/story`);

});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('chapter numbers', () => {
  it('collects digits until the number is whole, Enter or a pause, and shows what was typed', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/story/5`, width: 1280, height: 800 });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await waitChapter(page, 5);
      expect(story.chapters.length).toBeGreaterThanOrEqual(14);
      expect(story.chapters.length).toBeLessThan(20);
      const digits = page.locator('kp-story-player [data-digits]');
      // "1", then "2" as separate key presses, from several chapters: always chapter 12 (it was once in four tries).
      for (const from of ['5', '3', '9', 'End']) {
        if (from !== '5') {
          await page.keyboard.press(from);
          await waitChapter(page, from === 'End' ? story.chapters.length : Number(from));
        }
        const before = new URL(page.url()).hash;
        await page.keyboard.press('1');
        // What was typed is shown, and nothing moves until the number is whole.
        await digits.waitFor();
        expect(await digits.getAttribute('data-digits')).toBe('1');
        expect(await digits.textContent()).toContain('Rozdział: 1');
        expect(new URL(page.url()).hash).toBe(before);
        await page.keyboard.press('2');
        await waitChapter(page, 12);
        expect(await digits.count()).toBe(0);
      }
      // "1", "4": chapter 14 (it was chapter 4 before).
      await page.keyboard.press('1');
      await digits.waitFor();
      await page.keyboard.press('4');
      await waitChapter(page, 14);
      // "1", Enter: chapter 1 at once.
      await page.keyboard.press('1');
      await digits.waitFor();
      await page.keyboard.press('Enter');
      await waitChapter(page, 1);
      // "7" cannot grow (no chapter 70): at once.
      await page.keyboard.press('7');
      await waitChapter(page, 7);
      // Backspace takes a digit back; Esc drops the digits and stays in the story.
      await page.keyboard.press('1');
      await digits.waitFor();
      await page.keyboard.press('Escape');
      await digits.waitFor({ state: 'detached' });
      expect(await page.locator('kp-story-player').count()).toBe(1);
      expect(new URL(page.url()).hash).toBe(`#${CITY}/story/7`);
      // "1" and a pause: the player's timer takes chapter 1 (the test waits for that, not for a time).
      await page.keyboard.press('1');
      await digits.waitFor();
      await waitChapter(page, 1);
      expect(await digits.count()).toBe(0);
      await page.screenshot({ path: artifactPath('story-digits-1280x800.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});

describe('story PDF', () => {
  it('is made off-screen while the presenter goes on: progress, → works, the live map never shows other chapters; a text layer', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/story/3`, width: 1280, height: 800 });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await waitChapter(page, 3);
      await watchLiveMap(page);
      await page.evaluate(() => {
        const w = window as unknown as { __live: { shown: string[] }; __liveStart: string[] };
        w.__liveStart = [...w.__live.shown];
      });
      // The bound only catches a hang: on a loaded 2-core machine SwiftShader draws 17 maps slowly.
      const saved = page.waitForEvent('download', { timeout: 900_000 });
      await page.locator('kp-story-player button[data-action="pdf"]').click();
      const progress = page.locator('kp-story-player [data-pdf-progress]');
      await progress.waitFor();
      expect(await progress.textContent()).toMatch(/PDF: rozdział \d+ z 17/);
      // The presenter moves on while the PDF is made.
      await page.keyboard.press('ArrowRight');
      await waitChapter(page, 4);
      const d = await saved;
      expect(d.suggestedFilename()).toBe('krasnik-prezentacja.pdf');
      const file = artifactPath('export-story.pdf');
      await d.saveAs(file);
      await progress.waitFor({ state: 'detached' });
      await page.locator('kp-story-player[data-pdf]').waitFor({ state: 'attached' });
      const made = JSON.parse((await page.locator('kp-story-player').getAttribute('data-pdf'))!) as { pages: number; bytes: number; ms: number };
      writeFileSync(artifactPath('export-story-pdf.json'), JSON.stringify(made));
      // The twin is gone; the live map only ever moved to chapter 4 and showed only chapter 3's or 4's layers.
      expect(await page.locator('kp-map-view[offscreen]').count()).toBe(0);
      const log = await liveLog(page);
      const c4 = story.chapters[3]!.camera.center;
      for (const [lng, lat] of log.moves) {
        expect(Math.abs(lng - c4[0]) + Math.abs(lat - c4[1]), 'the live map moved only to chapter 4').toBeLessThan(0.05);
      }
      expect(log.resizes).toBe(0);
      const shownLayers = log.shown;
      expect(shownLayers.length, 'the live map drew catalogue layers').toBeGreaterThan(0);
      // Chapter 3's and 4's layers, and the context drawn under every chapter (already drawn at chapter 3).
      const atStart = new Set(await page.evaluate(() => (window as unknown as { __liveStart: string[] }).__liveStart));
      const allowed = new Set([...atStart, ...story.chapters[2]!.layers, ...story.chapters[3]!.layers]);
      expect([...new Set(shownLayers)].filter((l) => !allowed.has(l!)), 'layers of other chapters shown on the live map').toEqual([]);

      // The file: one page per chapter, each with its title as text, Polish letters intact.
      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(made.pages).toBe(story.chapters.length);
      expect(made.bytes).toBe(bytes.length);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(new RegExp(`^Pages:\\s+${story.chapters.length}$`, 'm'));
      expect(info).toContain(`Title:           Kraśnik — ${story.title}\n`);
      for (const [i, c] of story.chapters.entries()) {
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
        expect(text, `page ${i + 1}`).toContain(c.title);
        expect(text).toContain(c.text[0]!.split(' ').slice(0, 6).join(' '));
        for (const f of c.figures) expect(text).toContain(f.label);
      }
      const closing = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(story.chapters.length), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(closing).toContain(`${server.url}/#${CITY}/story/1`);
      // Small: a few hundred kB per page at most.
      expect(bytes.length).toBeLessThan(8e6);
      // A page as an image, to look at.
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '13', '-l', '13', file, artifactPath('export-story-page')]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 1_200_000);

  it('can be stopped: nothing is saved and the hidden map is removed', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/story/2`, width: 1280, height: 800 });
    try {
      await waitChapter(page, 2);
      let downloads = 0;
      page.on('download', () => downloads++);
      await page.locator('kp-story-player button[data-action="pdf"]').click();
      await page.locator('kp-story-player [data-pdf-progress]').waitFor();
      await page.locator('kp-story-player button[data-action="pdf-cancel"]').click();
      await page.getByText('Eksport PDF przerwany.').waitFor();
      expect(await page.locator('kp-story-player [data-pdf-progress]').count()).toBe(0);
      expect(await page.locator('kp-map-view[offscreen]').count()).toBe(0);
      expect(downloads).toBe(0);
      expect(await page.locator('kp-story-player').getAttribute('data-pdf')).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});

describe('chapter image and legend', () => {
  it('saves the chapter as projected — title, text, figures beside the map — without moving the live map', async () => {
    const n = story.chapters.findIndex((c) => c.figures.length > 0) + 1;
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/story/${n}`, width: 1280, height: 800 });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await waitChapter(page, n);
      await watchLiveMap(page);
      const drawnBefore = (await liveLog(page)).shown;
      const ratio = await page.evaluate(() => (window as unknown as { __kpMap: MapHandle }).__kpMap.getPixelRatio());
      for (const scale of [1, 2] as const) {
        const buf = await download(page, scale === 1 ? 'png' : 'png2x', `export-chapter-${n}-${scale}x.png`);
        const img = await decodePng(page, buf);
        expect({ width: img.width, height: img.height }).toEqual({ width: 1280 * scale, height: 800 * scale });
        const panel = 512 * scale;
        // The panel: the accent colour (kicker, figures) and white text on many lines.
        const accent = colourIn(img, 0, 0, panel, img.height, [0xff, 0xd1, 0x66]);
        const white = colourIn(img, 0, 0, panel, img.height, [255, 255, 255], 30);
        expect(accent.rows, 'kicker and figure lines').toBeGreaterThan(40 * scale);
        expect(white.rows, 'title and text lines').toBeGreaterThan(60 * scale);
        // The map beside it brings many colours.
        const colours = new Set<number>();
        for (let y = 0; y < img.height; y += 7) for (let x = panel; x < img.width; x += 7) {
          const i = 4 * (y * img.width + x);
          colours.add((img.rgba[i]! << 16) | (img.rgba[i + 1]! << 8) | img.rgba[i + 2]!);
        }
        expect(colours.size).toBeGreaterThan(30);
      }
      const log = await liveLog(page);
      expect(log.moves).toEqual([]);
      expect(log.resizes).toBe(0);
      expect(log.shown, 'the live map drew no other layers').toEqual(drawnBefore);
      expect(await page.evaluate(() => (window as unknown as { __kpMap: MapHandle }).__kpMap.getPixelRatio())).toBe(ratio);
      expect(await page.locator('kp-map-view[offscreen]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('tells the highlight from the district boundary, and draws proposals only where the legend names them', async () => {
    // Residents' tree proposals in Budzyń: seen from the title chapter's whole-town view too.
    const who = await getJson<{ token: string }>('/api/residents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nickname: 'Prezenterka' }) });
    let made = 0;
    for (const [dx, dy] of [[0, 0], [0.002, 0.001], [-0.002, 0.0015], [0.001, -0.002]]) {
      const r = await fetch(`${server.url}/api/cities/${CITY}/proposals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
        body: JSON.stringify({ kind: 'tree', geometry: { type: 'Point', coordinates: [22.18975 + dx!, 50.9618 + dy!] }, species: 'quercus-robur', count: 1, note: '' }),
      });
      if (r.status === 201) made++;
    }
    expect(made).toBeGreaterThan(0);
    const district = story.chapters.findIndex((c) => c.id === 'dzielnica-budzyn') + 1;
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/story/1`, width: 1280, height: 800 });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await waitChapter(page, 1);
      // No proposals on a chapter whose legend does not name them.
      expect(await page.locator('kp-story-player [data-legend-mark="proposals"]').count()).toBe(0);
      expect(await proposalsDrawn(page)).toBe(0);
      // A district chapter: proposals drawn and named; highlight and boundary with distinct swatches, as on the map.
      await page.keyboard.press('1');
      await page.keyboard.press(String(district % 10));
      await waitChapter(page, district);
      await page.locator('kp-story-player [data-live]').waitFor();
      await expect.poll(() => proposalsDrawn(page)).toBeGreaterThan(0);
      expect(await page.locator('kp-story-player [data-legend-mark="proposals"]').count()).toBe(1);
      const swatch = (mark: string) =>
        page.locator(`kp-story-player [data-legend-mark="${mark}"] .swatch`).evaluate((e) => {
          const s = getComputedStyle(e);
          return { colour: s.borderTopColor, style: s.borderTopStyle };
        });
      const highlight = await swatch('highlight');
      const boundary = await swatch('district');
      expect(highlight).not.toEqual(boundary);
      expect(boundary.style).toBe('dashed');
      const paint = await page.evaluate(() => {
        const m = (window as unknown as { __kpMap: MapHandle }).__kpMap;
        return { colour: m.getPaintProperty('districts-selected', 'line-color'), dash: m.getPaintProperty('districts-selected', 'line-dasharray') };
      });
      const toRgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
      expect(toRgb(String(paint.colour))).toBe(boundary.colour);
      expect(paint.dash).toBeTruthy();
      await page.screenshot({ path: artifactPath('story-legend-district-1280x800.png') });
      // Back in the viewer the proposals are on and the district outline is the viewer's again.
      await page.keyboard.press('Escape');
      await page.locator('kp-story-player').waitFor({ state: 'detached' });
      await waitForMapIdle(page);
      await expect.poll(() => page.evaluate(() => (window as unknown as { __kpMap: MapHandle }).__kpMap.getLayoutProperty('proposals-cluster', 'visibility'))).toBe('visible');
      expect(await page.evaluate(() => (window as unknown as { __kpMap: MapHandle }).__kpMap.getPaintProperty('districts-selected', 'line-dasharray'))).toBeFalsy();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('ends with the story’s link as text and as a QR code, on screen and in the chapter image', async () => {
    const n = story.chapters.length;
    expect(story.chapters[n - 1]!.kind).toBe('closing');
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/story/${n}`, width: 1920, height: 1080 });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await waitChapter(page, n);
      const url = `${server.url}/#${CITY}/story/1`;
      expect(await page.locator('kp-story-player a[data-story-link]').textContent()).toBe(url);
      expect(await page.locator('kp-story-player a[data-story-link]').getAttribute('href')).toBe(url);
      const decode = (img: { width: number; height: number; rgba: Uint8ClampedArray }) => jsQR(img.rgba, img.width, img.height)?.data;
      const qrShot = await page.locator('kp-story-player svg[data-qr]').screenshot();
      expect(decode(await decodePng(page, qrShot))).toBe(url);
      await page.screenshot({ path: artifactPath('story-closing-1920x1080.png') });
      const overflow = await page.locator('kp-story-player .content').evaluate((el) => el.scrollHeight - el.clientHeight);
      expect(overflow, 'the closing chapter fits the panel').toBeLessThanOrEqual(1);
      const png = await download(page, 'png', 'export-chapter-closing.png');
      expect(decode(await decodePng(page, png))).toBe(url);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});

describe('viewer image', () => {
  it('saves the viewer’s map as a PNG at screen size', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}` });
    try {
      const box = (await page.locator('kp-map-view').boundingBox())!;
      const [d] = await Promise.all([page.waitForEvent('download'), page.locator('kp-app header button[data-action="export-png"]').click()]);
      const file = artifactPath('export-viewer.png');
      await d.saveAs(file);
      const img = await decodePng(page, readFileSync(file));
      expect({ width: img.width, height: img.height }).toEqual({ width: Math.round(box.width), height: Math.round(box.height) });
      // The title band has dark text.
      expect(colourIn(img, 0, 0, Math.min(img.width, 700), 50, [17, 17, 17], 60).pixels).toBeGreaterThan(200);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
