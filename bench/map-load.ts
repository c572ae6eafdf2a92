/**
 * Map load time in headless Chromium (SwiftShader WebGL), not a test: time from navigation
 * to the map's first `idle` after load (every default layer drawn), for our viewer (real
 * server, built dist/web) and for a bare MapLibre page with an empty style (same MapLibre
 * build, served over loopback by a tiny static server here). N runs each, medians, ratio.
 * Then the gzip size of our JS vs MapLibre's chunk in dist/web/assets.
 *   npx vite build && npx tsx bench/map-load.ts [N=7]
 */
import { createServer, type Server } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { ROOT, launchBrowser, startServer } from '../tests/e2e/harness.ts';

const N = Number(process.argv[2] ?? 7);
const MAPLIBRE_DIST = path.join(ROOT, 'node_modules', 'maplibre-gl', 'dist');

const BARE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title>
<link rel="stylesheet" href="/maplibre-gl.css"><style>html,body,#map{margin:0;height:100%}</style>
<script type="module" src="/bare.js"></script></head><body><div id="map"></div></body></html>`;
const BARE_JS = `import * as maplibregl from '/maplibre-gl.mjs';
const map = new maplibregl.Map({ container: 'map', style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f3f1ec' } }] }, center: [22.2, 50.94], zoom: 12.4 });
map.once('load', () => map.once('idle', () => performance.mark('bare-map-idle')));`;

/** Serves the bare page and MapLibre's own files (the worker sits beside the module, as MapLibre expects). */
function serveBare(): Promise<{ url: string; server: Server }> {
  const files: Record<string, [string, string | Buffer]> = {
    '/': ['text/html', BARE_HTML],
    '/bare.js': ['text/javascript', BARE_JS],
    '/maplibre-gl.mjs': ['text/javascript', readFileSync(path.join(MAPLIBRE_DIST, 'maplibre-gl.mjs'))],
    '/maplibre-gl-worker.mjs': ['text/javascript', readFileSync(path.join(MAPLIBRE_DIST, 'maplibre-gl-worker.mjs'))],
    '/maplibre-gl.css': ['text/css', readFileSync(path.join(MAPLIBRE_DIST, 'maplibre-gl.css'))],
  };
  const server = createServer((req, res) => {
    const f = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': f[0] }).end(f[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })));
}

async function timeToIdle(browser: Browser, url: string, mark: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, { timeout: 60_000 });
    return page.evaluate((m) => performance.getEntriesByName(m)[0]!.startTime, mark);
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function gzipSizes() {
  const dir = path.join(ROOT, 'dist', 'web', 'assets');
  const rows = readdirSync(dir)
    .filter((f) => /\.m?js$/.test(f))
    .map((f) => {
      const buf = readFileSync(path.join(dir, f));
      return { file: f, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
    });
  const isMaplibre = (f: string) => /^maplibre/.test(f);
  return { rows, ours: rows.filter((r) => !isMaplibre(r.file)), maplibre: rows.filter((r) => isMaplibre(r.file)) };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const server = await startServer();
const bare = await serveBare();
const browser = await launchBrowser();
try {
  const ours: number[] = [];
  const bareTimes: number[] = [];
  // Interleave the runs so both see the same machine state.
  for (let i = 0; i < N; i++) {
    ours.push(await timeToIdle(browser, `${server.url}/`, 'kp-map-idle'));
    bareTimes.push(await timeToIdle(browser, `${bare.url}/`, 'bare-map-idle'));
  }
  const mOurs = median(ours);
  const mBare = median(bareTimes);
  console.log(`map load, navigation → first idle, N=${N}, headless Chromium (SwiftShader)`);
  console.log(`  viewer (all default layers): median ${mOurs.toFixed(0)} ms  [${ours.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`  bare MapLibre, empty style:  median ${mBare.toFixed(0)} ms  [${bareTimes.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`  ratio viewer / bare: ${(mOurs / mBare).toFixed(2)} (target ≤ 1.3)`);
} finally {
  await browser.close();
  bare.server.close();
  await server.stop();
}

const sizes = gzipSizes();
console.log('JS in dist/web/assets (gzip -9):');
for (const r of sizes.rows) console.log(`  ${r.file}: ${kb(r.raw)} raw, ${kb(r.gzip)} gzip`);
const oursTotal = sizes.ours.reduce((s, r) => s + r.gzip, 0);
const oursEntry = sizes.ours.filter((r) => !/terra-draw/.test(r.file)).reduce((s, r) => s + r.gzip, 0);
console.log(`  ours, all chunks (incl. terra-draw, loaded only when drawing): ${kb(oursTotal)} gzip (target ≤ 120 KB)`);
console.log(`  ours, loaded at start: ${kb(oursEntry)} gzip`);
console.log(`  MapLibre (main chunk + worker): ${kb(sizes.maplibre.reduce((s, r) => s + r.gzip, 0))} gzip`);
