/**
 * Basemaps from local servers started here (never the network): a WMS stub answering GetMap
 * with a PNG, an XYZ tile server, and one that answers every tile with an error. The viewer's
 * switcher puts the WMS under the town (requests in EPSG:3857 with the tile's bbox reach the
 * stub, its colour is drawn, its attribution shown); a failing basemap says so and falls back.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer, waitForMapIdle, type RunningServer } from './harness.ts';

/** Polls wait for a condition; the bound only catches a hang on a busy machine. */
const POLL = { timeout: 60_000 };

const SHOTS = process.env.SHOTS_DIR;
/** A distinctive colour no own layer uses. */
const STUB = [200, 30, 200] as const;

/** A solid 256×256 PNG (what a WMS or tile server sends). */
function solidPng([r, g, b]: readonly number[]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: 256 }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: 256 }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

let stub: Server;
let stubUrl = '';
const wmsRequests: URL[] = [];
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const png = solidPng(STUB);
  stub = createServer((req, res) => {
    const u = new URL(req.url!, 'http://stub');
    if (u.pathname === '/wms') {
      wmsRequests.push(u);
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
      res.end(png);
    } else if (u.pathname.startsWith('/tiles/')) {
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
      res.end(png);
    } else {
      res.writeHead(500, { 'access-control-allow-origin': '*' }).end('tile server down');
    }
  });
  await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  const basemaps = [
    { id: 'ortho', type: 'wms', title: 'Ortofotomapa (stub WMS)', url: `${stubUrl}/wms`, layers: 'Raster', format: 'image/png', attribution: '© GUGiK (test stub)' },
    { id: 'osm', type: 'xyz', title: 'OSM (local tiles)', tiles: [`${stubUrl}/tiles/{z}/{x}/{y}.png`], attribution: '© OpenStreetMap contributors' },
    { id: 'broken', type: 'xyz', title: 'Broken tiles', tiles: [`${stubUrl}/down/{z}/{x}/{y}.png`], attribution: 'nobody' },
  ];
  server = await startServer({ BASEMAPS: JSON.stringify(basemaps) });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  stub?.closeAllConnections();
  stub?.close();
});

/** The viewer with requests allowed to the server and the local stub only. */
async function open(width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'pl-PL' });
  context.setDefaultTimeout(120_000);
  await context.route('**/*', (route) => {
    const u = route.request().url();
    return u.startsWith(server.url) || u.startsWith(stubUrl) || u.startsWith('data:') || u.startsWith('blob:') ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/?test#krasnik`);
  await waitForMapIdle(page);
  return page;
}

/** Share of sampled canvas pixels in the stub's colour. */
const stubShare = (page: Page) =>
  page.evaluate((c) => {
    const src = (window as unknown as { __kpMap: { getCanvas(): HTMLCanvasElement } }).__kpMap.getCanvas();
    const cv = document.createElement('canvas');
    cv.width = src.width;
    cv.height = src.height;
    const ctx = cv.getContext('2d')!;
    ctx.drawImage(src, 0, 0);
    const d = ctx.getImageData(0, 0, cv.width, cv.height).data;
    let hit = 0;
    let all = 0;
    for (let i = 0; i < d.length; i += 4 * 11) {
      all++;
      if (Math.abs(d[i]! - c[0]) < 12 && Math.abs(d[i + 1]! - c[1]) < 12 && Math.abs(d[i + 2]! - c[2]) < 12) hit++;
    }
    return hit / all;
  }, STUB as unknown as number[]);

describe('basemaps', () => {
  it('the switcher puts the WMS under the town: GetMap in EPSG:3857 with the tile bbox reaches the stub, and the map draws it', async () => {
    const page = await open(1440, 900);
    try {
      const select = page.locator('kp-map-view select[data-basemap-switch]');
      expect(await select.locator('option').allTextContents()).toEqual(['Własny (bez internetu)', 'Ortofotomapa (stub WMS)', 'OSM (local tiles)', 'Broken tiles']);
      expect(await stubShare(page)).toBe(0);
      wmsRequests.length = 0;
      await select.selectOption('ortho');
      await expect.poll(() => wmsRequests.length, POLL).toBeGreaterThan(0);
      await waitForMapIdle(page);
      const q = wmsRequests[0]!.searchParams;
      expect(q.get('SERVICE')).toBe('WMS');
      expect(q.get('REQUEST')).toBe('GetMap');
      expect(q.get('CRS')).toBe('EPSG:3857');
      expect(q.get('LAYERS')).toBe('Raster');
      const bbox = q.get('BBOX')!.split(',').map(Number);
      expect(bbox).toHaveLength(4);
      // Web Mercator metres around Kraśnik (22.2° E, 50.9° N): x ≈ 2.47e6, y ≈ 6.61e6.
      expect(bbox[0]).toBeLessThan(2.48e6);
      expect(bbox[2]).toBeGreaterThan(2.46e6);
      expect(bbox[1]).toBeLessThan(6.62e6);
      expect(bbox[3]).toBeGreaterThan(6.60e6);
      expect(bbox[2]! - bbox[0]!).toBeCloseTo(bbox[3]! - bbox[1]!, 0); // square tiles
      await expect.poll(() => stubShare(page), POLL).toBeGreaterThan(0.05);
      expect(await page.locator('kp-map-view .maplibregl-ctrl-attrib').textContent()).toContain('© GUGiK (test stub)');
      // A download of the view credits the basemap too: the map view's shot carries it.
      const credits = await page.locator('kp-map-view').evaluate(async (el) => (await (el as unknown as { capture(s: number): Promise<{ attributions?: string[] }> }).capture(1)).attributions);
      expect(credits).toContain('© GUGiK (test stub)');
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/basemap-wms-1440x900.png` });
      // Back to the own style: the stub's colour is gone.
      await select.selectOption('own');
      await waitForMapIdle(page);
      await expect.poll(() => stubShare(page), POLL).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('a basemap whose tiles fail says so and falls back to the own style', async () => {
    const page = await open(390, 844);
    try {
      const select = page.locator('kp-map-view select[data-basemap-switch]');
      await select.selectOption('osm');
      await expect.poll(() => stubShare(page), POLL).toBeGreaterThan(0.05);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/basemap-switcher-390x844.png` });
      await select.selectOption('broken');
      const notice = page.locator('kp-map-view [data-basemap-failed]');
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(/„Broken tiles” nie wczytał się/);
      await expect.poll(() => select.inputValue(), POLL).toBe('own');
      await waitForMapIdle(page);
      expect(await page.evaluate(() => Boolean((window as unknown as { __kpMap: { getLayer(id: string): unknown } }).__kpMap.getLayer('basemap')))).toBe(false);
      expect(await stubShare(page)).toBe(0);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/basemap-fallback-390x844.png` });
    } finally {
      await page.context().close();
    }
  });
});
