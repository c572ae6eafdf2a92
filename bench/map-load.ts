/**
 * Map load in headless Chromium (SwiftShader WebGL), not a test. For each town (Kraśnik,
 * Kalisz), side by side in one run, N interleaved runs each, medians:
 *   - bare MapLibre with an empty style (the anchor: what MapLibre alone costs here);
 *   - a plain MapLibre page with the same data — boundary, districts and the town's default
 *     layers, each a GeoJSON source by URL from /api, fill/line/circle, no labels — built here
 *     from the API for any town (what someone would write in an afternoon);
 *   - the viewer.
 * Time is navigation → the map's first `idle` after load. For the viewer also: bytes
 * transferred at first load (every response, as sent, from the resource timing), JS heap
 * after idle, and the gzip size of our JS loaded at start. Then the longest main-thread task while
 * panning (six mouse drags across the map, each waited for to its idle; PerformanceObserver
 * "longtask"), plain page and viewer in the same state as a user has them (no test mode).
 *   npm run build && npx tsx bench/map-load.ts [N=5]
 */
import { createServer, type Server } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { ROOT, launchBrowser, startServer } from '../tests/e2e/harness.ts';
import { longestTask, resetLongest, watchLongTasks } from './long-tasks.ts';

const N = Number(process.argv[2] ?? 5);
const TOWNS = ['krasnik', 'kalisz'];
const MAPLIBRE_DIST = path.join(ROOT, 'node_modules', 'maplibre-gl', 'dist');

const page = (script: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<link rel="stylesheet" href="/maplibre-gl.css"><style>html,body,#map{margin:0;height:100%}</style>
<script type="module" src="/${script}"></script></head><body><div id="map"></div></body></html>`;
const BARE_JS = `import * as maplibregl from '/maplibre-gl.mjs';
const map = new maplibregl.Map({ container: 'map', style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f3f1ec' } }] }, center: [22.2, 50.94], zoom: 12.4 });
map.once('load', () => map.once('idle', () => performance.mark('bench-map-idle')));`;
/**
 * The plain page: the town's detail from the API, then one GeoJSON source by URL per layer
 * and fill/line/circle layers per source, coloured by the catalogue's legend. No labels.
 */
const PLAIN_JS = `import * as maplibregl from '/maplibre-gl.mjs';
const api = new URLSearchParams(location.search).get('api');
const city = new URLSearchParams(location.search).get('city');
const detail = await (await fetch(api + '/api/cities/' + city)).json();
const sources = {
  boundary: { type: 'geojson', data: api + '/api/cities/' + city + '/boundary' },
  districts: { type: 'geojson', data: api + '/api/cities/' + city + '/districts/geometry' },
};
const layers = [
  { id: 'bg', type: 'background', paint: { 'background-color': '#e9e6df' } },
  { id: 'boundary-fill', type: 'fill', source: 'boundary', paint: { 'fill-color': '#f7f5f0' } },
  { id: 'districts-line', type: 'line', source: 'districts', paint: { 'line-color': '#8a8478', 'line-width': 1 } },
  { id: 'boundary-line', type: 'line', source: 'boundary', paint: { 'line-color': '#555', 'line-width': 2 } },
];
for (const l of detail.layers.filter((l) => l.visible)) {
  sources[l.id] = { type: 'geojson', data: api + '/api/cities/' + city + '/layers/' + l.id };
  const c = l.legend.color;
  layers.push(
    { id: l.id + '-fill', type: 'fill', source: l.id, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': c, 'fill-opacity': 0.35 } },
    { id: l.id + '-line', type: 'line', source: l.id, filter: ['in', ['geometry-type'], ['literal', ['LineString', 'Polygon']]], paint: { 'line-color': c, 'line-width': 2 } },
    { id: l.id + '-circle', type: 'circle', source: l.id, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': c, 'circle-radius': 5 } },
  );
}
const map = new maplibregl.Map({ container: 'map', style: { version: 8, sources, layers }, center: detail.view.center, zoom: detail.view.zoom });
map.once('load', () => map.once('idle', () => performance.mark('bench-map-idle')));
// The pan's waits read the same attribute as on the viewer's map view.
const el = document.getElementById('map');
map.on('movestart', () => el.setAttribute('data-map-state', 'busy'));
map.on('idle', () => el.setAttribute('data-map-state', 'idle'));`;

/** Serves the bench pages and MapLibre's own files (the worker sits beside the module, as MapLibre expects). */
function serveBench(): Promise<{ url: string; server: Server }> {
  const files: Record<string, [string, string | Buffer]> = {
    '/bare': ['text/html', page('bare.js')],
    '/plain': ['text/html', page('plain.js')],
    '/bare.js': ['text/javascript', BARE_JS],
    '/plain.js': ['text/javascript', PLAIN_JS],
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
    // The API is on another port: the plain page fetches it cross-origin (the API allows GETs).
    res.writeHead(200, { 'content-type': f[0] }).end(f[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })));
}

/**
 * The longest main-thread task (ms) while the map in `selector` is dragged six times across its
 * middle, each drag waited for until the map is idle again.
 */
async function panLongest(browser: Browser, url: string, mark: string, selector: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await watchLongTasks(page);
    await page.goto(url);
    await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, { timeout: 120_000 });
    const box = (await page.locator(selector).boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await resetLongest(page);
    for (let i = 0; i < 6; i++) {
      const dx = i % 2 ? -180 : 240;
      await page.mouse.move(cx - dx / 2, cy);
      await page.mouse.down();
      await page.mouse.move(cx + dx / 2, cy + (i % 2 ? 40 : -40), { steps: 12 });
      await page.mouse.up();
      // The viewer's map view is in the shell's shadow root: a locator finds it there.
      await page.locator(`${selector}[data-map-state="idle"]`).waitFor({ timeout: 120_000 });
    }
    return await longestTask(page);
  } finally {
    await context.close();
  }
}

interface Run {
  ms: number;
  bytes: number;
  heap: number;
  /** File names of the scripts the page loaded by its first idle. */
  scripts: string[];
}

async function load(browser: Browser, url: string, mark: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, { timeout: 120_000 });
    const { ms, bytes, scripts } = await page.evaluate((m) => {
      const nav = performance.getEntriesByType('navigation') as PerformanceResourceTiming[];
      const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return {
        ms: performance.getEntriesByName(m)[0]!.startTime,
        bytes: [...nav, ...res].reduce((s, e) => s + e.transferSize, 0),
        // Asked for by the first idle (a chunk the page fetches after it, such as the work-done layer's, is not "at start").
        scripts: res.filter((e) => e.startTime <= performance.getEntriesByName(m)[0]!.startTime).map((e) => new URL(e.name).pathname).filter((p) => /\.m?js$/.test(p)).map((p) => p.split('/').pop()!),
      };
    }, mark);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = ((await page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize)) as number);
    return { ms, bytes, heap, scripts };
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
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

const atStart = new Set<string>();
const server = await startServer();
const bench = await serveBench();
const browser = await launchBrowser();
try {
  console.log(`map load, navigation → first idle, median of N=${N}, headless Chromium (SwiftShader), 1280×800`);
  for (const town of TOWNS) {
    const runs = { bare: [] as Run[], plain: [] as Run[], viewer: [] as Run[] };
    // Interleave the runs so all three see the same machine state.
    for (let i = 0; i < N; i++) {
      runs.bare.push(await load(browser, `${bench.url}/bare`, 'bench-map-idle'));
      runs.plain.push(await load(browser, `${bench.url}/plain?api=${encodeURIComponent(server.url)}&city=${town}`, 'bench-map-idle'));
      runs.viewer.push(await load(browser, `${server.url}/#${town}`, 'kp-map-idle'));
    }
    for (const r of runs.viewer) r.scripts.forEach((f) => atStart.add(f));
    const m = (rs: Run[], k: 'ms' | 'bytes' | 'heap') => median(rs.map((r) => r[k]));
    const [bare, plain, viewer] = [m(runs.bare, 'ms'), m(runs.plain, 'ms'), m(runs.viewer, 'ms')];
    console.log(`${town}: (load average ${loadavg().map((x) => x.toFixed(2)).join(' ')})`);
    console.log(`  bare MapLibre, empty style: ${bare.toFixed(0)} ms  [${runs.bare.map((r) => r.ms.toFixed(0)).join(', ')}]`);
    console.log(`  plain MapLibre, same data:  ${plain.toFixed(0)} ms  [${runs.plain.map((r) => r.ms.toFixed(0)).join(', ')}]`);
    console.log(`  viewer:                     ${viewer.toFixed(0)} ms  [${runs.viewer.map((r) => r.ms.toFixed(0)).join(', ')}]`);
    console.log(`  viewer / plain: ${(viewer / plain).toFixed(2)} (target ≤ 0.75); viewer / bare: ${(viewer / bare).toFixed(2)}; plain / bare: ${(plain / bare).toFixed(2)}`);
    console.log(`  bytes transferred at first load: viewer ${kb(m(runs.viewer, 'bytes'))}, plain ${kb(m(runs.plain, 'bytes'))}, bare ${kb(m(runs.bare, 'bytes'))}`);
    console.log(`  JS heap after idle (after GC): viewer ${mb(m(runs.viewer, 'heap'))}, plain ${mb(m(runs.plain, 'heap'))}, bare ${mb(m(runs.bare, 'heap'))}`);
    const pans = { plain: [] as number[], viewer: [] as number[] };
    for (let i = 0; i < Math.min(N, 2); i++) {
      pans.plain.push(await panLongest(browser, `${bench.url}/plain?api=${encodeURIComponent(server.url)}&city=${town}`, 'bench-map-idle', '#map'));
      pans.viewer.push(await panLongest(browser, `${server.url}/#${town}`, 'kp-map-idle', 'kp-map-view'));
    }
    const [pp, pv] = [median(pans.plain), median(pans.viewer)];
    console.log(`  longest task while panning (6 drags): viewer ${pv.toFixed(0)} ms [${pans.viewer.map((x) => x.toFixed(0)).join(', ')}], plain ${pp.toFixed(0)} ms [${pans.plain.map((x) => x.toFixed(0)).join(', ')}]; viewer / plain ${(pv / pp).toFixed(2)} (target: no task over 100 ms)`);
  }
} finally {
  await browser.close();
  bench.server.close();
  await server.stop();
}

const sizes = gzipSizes();
console.log('JS in dist/web/assets (gzip -9):');
for (const r of sizes.rows) console.log(`  ${r.file}: ${kb(r.raw)} raw, ${kb(r.gzip)} gzip`);
const oursEntry = sizes.ours.filter((r) => atStart.has(r.file));
console.log(`  ours, loaded by the first idle (${oursEntry.map((r) => r.file).join(', ')}): ${kb(oursEntry.reduce((s, r) => s + r.gzip, 0))} gzip (target ≤ 60.6 KB)`);
console.log(`  ours, every chunk: ${kb(sizes.ours.reduce((s, r) => s + r.gzip, 0))} gzip`);
console.log(`  MapLibre (main chunk + worker): ${kb(sizes.maplibre.reduce((s, r) => s + r.gzip, 0))} gzip`);
