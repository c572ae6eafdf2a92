/**
 * Browser-test harness: starts the real server (built viewer from dist/web, packs from data/)
 * as a child process on a free port, and Debian's Chromium through playwright-core.
 * No network: the page only talks to 127.0.0.1.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { ROOT, startServer as startServerProcess, tempDir } from '../helpers/server-process.ts';

export { ROOT };
export const ARTIFACTS = path.join(ROOT, 'tests', '.artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the real server (tests/helpers/server-process.ts) on the built viewer with a temporary DATA_DIR. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  // For debugging against a server you started yourself: E2E_BASE_URL=http://127.0.0.1:8080
  if (process.env.E2E_BASE_URL) return { url: process.env.E2E_BASE_URL.replace(/\/$/, ''), stop: async () => {} };
  if (!existsSync(path.join(ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('dist/web is missing: build the viewer first (npx vite build).');
  }
  const dataDir = tempDir('kp-e2e-');
  // The browser tests were written around Kraśnik as the town a bare link opens; say so explicitly
  // (unset, the server opens the first pack alphabetically).
  const server = await startServerProcess({ DATA_DIR: dataDir, BASEMAP: '', LOG_LEVEL: 'error', ...(env.PACKS_DIR ? {} : { DEFAULT_CITY: 'krasnik' }), ...env });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far. */
  errors: string[];
}

/**
 * Opens the viewer in a fresh context (no shared state between tests), with `?test` so the
 * map exposes itself as window.__kpMap; refuses every request that leaves the server.
 */
export async function openViewer(browser: Browser, baseUrl: string, opts: { hash?: string; width?: number; height?: number; bypassCsp?: boolean } = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 }, locale: 'pl-PL', bypassCSP: opts.bypassCsp ?? false });
  // Waits are for conditions; their bound only catches a hang, so it allows for a loaded machine.
  context.setDefaultTimeout(120_000);
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(baseUrl) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${baseUrl}/?test${opts.hash ?? ''}`);
  await waitForMapIdle(page);
  return { context, page, errors };
}

/**
 * Waits until the map has framed what a link, a search or a click asked for (the map view waits
 * for the panels to have their size first, then marks the flight on itself), then until it is idle.
 * Only for a page whose first flight this is: the mark stays.
 */
export async function waitForFlight(page: Page): Promise<void> {
  await page.locator('kp-map-view[data-camera-padding]').waitFor({ state: 'attached' });
  await waitForMapIdle(page);
}

/** Waits until the map exists, has loaded its style and is idle (everything drawn). */
export async function waitForMapIdle(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const m = (window as unknown as { __kpMap?: { loaded(): boolean; isStyleLoaded(): boolean; areTilesLoaded(): boolean; isMoving(): boolean } }).__kpMap;
      return Boolean(m && m.loaded() && m.isStyleLoaded() && m.areTilesLoaded() && !m.isMoving());
    },
    undefined,
    { timeout },
  );
  // One more frame so the last render is on the canvas.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const m = (window as unknown as { __kpMap: { once(e: string, f: () => void): void; triggerRepaint(): void } }).__kpMap;
        m.once('idle', () => resolve());
        m.triggerRepaint();
      }),
  );
}

/** Colour statistics of the map canvas, read in the page (preserveDrawingBuffer is on in test mode). */
export async function canvasStats(page: Page): Promise<{ distinct: number; hash: string; nonBackground: number }> {
  return page.evaluate(() => {
    const m = (window as unknown as { __kpMap: { getCanvas(): HTMLCanvasElement } }).__kpMap;
    const src = m.getCanvas();
    const c = document.createElement('canvas');
    c.width = src.width;
    c.height = src.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(src, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const counts = new Map<number, number>();
    let h = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      const key = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      h = (h * 31 + key) >>> 0;
    }
    const top = Math.max(...counts.values());
    let total = 0;
    for (const v of counts.values()) total += v;
    return { distinct: counts.size, hash: h.toString(16), nonBackground: total - top };
  });
}

/**
 * How much of a page region the SCREEN shows as the map drew it: a screenshot of the whole
 * viewport (a clipped screenshot is composited apart and hid the blank phone sheet), decoded in
 * the page and compared pixel by pixel with the map's WebGL buffer (kept in test mode). Returns
 * the share of sampled pixels within `tolerance` per channel, and the screen's distinct colours
 * there (1 for a blank map). The region must hold no control or panel drawn over the map.
 */
export async function screenShowsMap(page: Page, region: { x: number; y: number; width: number; height: number }, tolerance = 24): Promise<{ match: number; colours: number }> {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ({ b64, r, tol }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const screen = document.createElement('canvas');
      screen.width = img.width;
      screen.height = img.height;
      const sctx = screen.getContext('2d')!;
      sctx.drawImage(img, 0, 0);
      const m = (window as unknown as { __kpMap: { getCanvas(): HTMLCanvasElement } }).__kpMap;
      const src = m.getCanvas();
      const box = src.getBoundingClientRect();
      const buf = document.createElement('canvas');
      buf.width = src.width;
      buf.height = src.height;
      const bctx = buf.getContext('2d')!;
      bctx.drawImage(src, 0, 0);
      const sx = img.width / innerWidth;
      const bx = src.width / box.width;
      const s = sctx.getImageData(0, 0, screen.width, screen.height).data;
      const b = bctx.getImageData(0, 0, buf.width, buf.height).data;
      let same = 0;
      let n = 0;
      const colours = new Set<number>();
      for (let y = r.y; y < r.y + r.height; y += 3) {
        for (let x = r.x; x < r.x + r.width; x += 3) {
          const si = (Math.floor(y * sx) * screen.width + Math.floor(x * sx)) * 4;
          const bi = (Math.floor((y - box.top) * bx) * buf.width + Math.floor((x - box.left) * bx)) * 4;
          colours.add((s[si]! << 16) | (s[si + 1]! << 8) | s[si + 2]!);
          n++;
          if (Math.abs(s[si]! - b[bi]!) <= tol && Math.abs(s[si + 1]! - b[bi + 1]!) <= tol && Math.abs(s[si + 2]! - b[bi + 2]!) <= tol) same++;
        }
      }
      return { match: same / n, colours: colours.size };
    },
    { b64: png, r: region, tol: tolerance },
  );
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** Pierces open shadow roots: `deep(page, 'kp-app', 'kp-layer-panel', 'input[data-layer=x]')`. */
export function deepSelector(...parts: string[]): string {
  // playwright's css engine pierces open shadow roots by default.
  return parts.join(' ');
}

/** Resolves after the page has rendered two more frames (input handled, the map redrawn): an event, not a delay. */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** Waits until the polygon tool (terra-draw) is on: it sets the map canvas's cursor to a crosshair. */
export async function waitForPolygonTool(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const m = (window as unknown as { __kpMap?: { getCanvas(): HTMLCanvasElement } }).__kpMap;
    return m?.getCanvas().style.cursor === 'crosshair';
  });
}

/**
 * Starts counting the map's `move` events until its next `moveend`; `flightFrames(page)` then
 * resolves with how many there were: 1 for a jump, many for an animated flight.
 */
export async function watchNextFlight(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __kpMap: { on(e: string, f: () => void): void; off(e: string, f: () => void): void; once(e: string, f: () => void): void }; __kpFlight?: Promise<number> };
    const m = w.__kpMap;
    w.__kpFlight = new Promise<number>((resolve) => {
      let n = 0;
      const onMove = () => n++;
      m.on('move', onMove);
      m.once('moveend', () => {
        m.off('move', onMove);
        resolve(n);
      });
    });
  });
  return () => page.evaluate(() => (window as unknown as { __kpFlight: Promise<number> }).__kpFlight);
}

/**
 * How many canvas pixels within `radius` CSS px of a map position are within `tolerance` (per
 * channel) of a CSS colour: a pixel check of what must be drawn where.
 */
export async function pixelsOfColourNear(page: Page, lonLat: [number, number], colour: string, radius = 12, tolerance = 40): Promise<number> {
  return page.evaluate(
    ([lonLat, colour, radius, tolerance]) => {
      const m = (window as unknown as { __kpMap: { getCanvas(): HTMLCanvasElement; project(p: [number, number]): { x: number; y: number } } }).__kpMap;
      const src = m.getCanvas();
      const scale = src.width / src.clientWidth;
      const probe = document.createElement('canvas').getContext('2d')!;
      probe.fillStyle = colour as string;
      probe.fillRect(0, 0, 1, 1);
      const want = probe.getImageData(0, 0, 1, 1).data;
      const p = m.project(lonLat as [number, number]);
      const r = Math.ceil((radius as number) * scale);
      const x0 = Math.max(0, Math.round(p.x * scale) - r);
      const y0 = Math.max(0, Math.round(p.y * scale) - r);
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(src, 0, 0);
      const w = Math.min(2 * r + 1, src.width - x0);
      const h = Math.min(2 * r + 1, src.height - y0);
      if (w <= 0 || h <= 0) return 0;
      const data = ctx.getImageData(x0, y0, w, h).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if ([0, 1, 2].every((k) => Math.abs(data[i + k]! - want[k]!) <= (tolerance as number))) n++;
      }
      return n;
    },
    [lonLat, colour, radius, tolerance] as const,
  );
}

/**
 * Types a chapter number as one chord: the digits' key events in one task, so they are "typed
 * together" (the player joins digits that come within its window) however busy the machine is.
 */
export async function typeNumber(page: Page, n: number): Promise<void> {
  await page.evaluate((digits) => {
    for (const key of digits) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  }, String(n));
}
