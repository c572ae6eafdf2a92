/**
 * The built viewer, served by the real server, in Debian's Chromium (WebGL via SwiftShader).
 * Behaviour is checked by what is drawn and shown, not by trusting code paths.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Feature, FeatureCollection, LineString, MultiLineString, Position } from 'geojson';
import pointOnFeature from '@turf/point-on-feature';
import type { CityDetail, DistrictCollection, DistrictSummary, LayerCatalogueEntry } from '../../server/api-types.ts';
import { ROOT, artifactPath, canvasStats, launchBrowser, nextFrames, openViewer, pixelsOfColourNear, startServer, waitForFlight, waitForMapIdle, waitForPolygonTool, type RunningServer } from './harness.ts';

const CITY = 'krasnik';
let server: RunningServer;
let browser: Browser;
let detail: CityDetail;
let routeLayer: LayerCatalogueEntry;

const plKm = (v: number) => new Intl.NumberFormat('pl-PL', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);

async function getJson<T>(p: string): Promise<T> {
  const res = await fetch(`${server.url}${p}`);
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type MapHandle = {
  project(p: [number, number]): { x: number; y: number };
  jumpTo(o: { center: [number, number]; zoom: number }): void;
  fitBounds(b: [[number, number], [number, number]], o: object): void;
  queryRenderedFeatures(o?: object): { properties: Record<string, unknown>; layer: { id: string; metadata?: Record<string, string> } }[];
  getStyle(): { layers: { id: string; metadata?: Record<string, string> }[] };
};

/** Screen position (page coordinates) of a lon/lat on the map canvas. */
async function screenPoint(page: Page, lonLat: Position): Promise<{ x: number; y: number }> {
  const box = await page.locator('canvas.maplibregl-canvas').boundingBox();
  if (!box) throw new Error('no map canvas');
  const p = await page.evaluate(([lon, lat]) => (window as unknown as { __kpMap: MapHandle }).__kpMap.project([lon!, lat!]), lonLat);
  return { x: box.x + p.x, y: box.y + p.y };
}

async function fitTo(page: Page, bbox: [number, number, number, number]): Promise<void> {
  await page.evaluate((b) => (window as unknown as { __kpMap: MapHandle }).__kpMap.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 120, duration: 0, maxZoom: 16 }), bbox);
  await waitForMapIdle(page);
}

/** Number of rendered features drawn by the style layers of one catalogue layer. */
async function renderedCount(page: Page, layerId: string): Promise<number> {
  return page.evaluate((id) => {
    const m = (window as unknown as { __kpMap: MapHandle }).__kpMap;
    const parts = ['context', 'strategy', 'label'];
    const layers = m.getStyle().layers.filter((l) => parts.includes(l.metadata?.['kp:part'] ?? '') && l.metadata?.['kp:role']).map((l) => l.id);
    return m.queryRenderedFeatures({ layers }).filter((f) => f.properties.kp_layer === id).length;
  }, layerId);
}

function midpointOfLongestSegment(f: Feature<LineString | MultiLineString>): Position {
  const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
  let best: [Position, Position] = [lines[0]![0]!, lines[0]![1]!];
  let bestLen = -1;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1]!;
      const b = line[i]!;
      const len = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
      if (len > bestLen) {
        bestLen = len;
        best = [a, b];
      }
    }
  }
  return [(best[0][0]! + best[1][0]!) / 2, (best[0][1]! + best[1][1]!) / 2];
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  detail = await getJson<CityDetail>(`/api/cities/${CITY}`);
  const route = detail.layers.find((l) => l.role === 'strategy' && l.kind === 'route' && l.featureCount > 0);
  if (!route) throw new Error('the pack has no route layer');
  routeLayer = route;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('viewer', () => {
  it('loads with no console errors and draws the map', async () => {
    const { context, page, errors } = await openViewer(browser, server.url);
    try {
      expect(await page.locator('kp-app h1').textContent()).toContain(detail.name);
      expect(await page.getByText('Położenie obiektów jest przybliżone', { exact: false }).count()).toBeGreaterThan(0);
      const stats = await canvasStats(page);
      expect(stats.distinct, 'the canvas shows more than one colour').toBeGreaterThan(10);
      expect(stats.nonBackground).toBeGreaterThan(1000);
      expect(await page.locator('[role="application"]').getAttribute('aria-label')).toBeTruthy();
      await page.screenshot({ path: artifactPath('viewer-1280x800.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('turning a layer off and on changes what is drawn', async () => {
    const { context, page, errors } = await openViewer(browser, server.url);
    try {
      await fitTo(page, routeLayer.bbox!);
      const before = await renderedCount(page, routeLayer.id);
      const pixelsBefore = await canvasStats(page);
      expect(before).toBeGreaterThan(0);
      const box = page.locator(`kp-layer-panel input[data-layer="${routeLayer.id}"]`);
      await box.uncheck();
      await waitForMapIdle(page);
      expect(await renderedCount(page, routeLayer.id)).toBe(0);
      const pixelsOff = await canvasStats(page);
      expect(pixelsOff.hash).not.toBe(pixelsBefore.hash);
      expect(page.url()).toContain('layers=');
      await box.check();
      await waitForMapIdle(page);
      expect(await renderedCount(page, routeLayer.id)).toBe(before);
      const pixelsOn = await canvasStats(page);
      expect(pixelsOn.hash).not.toBe(pixelsOff.hash);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('clicking a bike route on the map opens its panel with declared and measured km', async () => {
    const routes = await getJson<FeatureCollection<LineString | MultiLineString>>(`/api/cities/${CITY}/layers/${routeLayer.id}`);
    const target = [...routes.features].sort((a, b) => (detail.featureIndex[String(b.id)]!.bbox[2] - detail.featureIndex[String(b.id)]!.bbox[0]) - (detail.featureIndex[String(a.id)]!.bbox[2] - detail.featureIndex[String(a.id)]!.bbox[0]))[0]!;
    // Only the route layer on, so the click cannot land on anything else.
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}?layers=${routeLayer.id}` });
    try {
      await fitTo(page, detail.featureIndex[String(target.id)]!.bbox);
      const pt = await screenPoint(page, midpointOfLongestSegment(target));
      await page.mouse.click(pt.x, pt.y);
      const panel = page.locator('kp-feature-panel');
      await panel.locator('h2').waitFor();
      const name = await panel.locator('h2').textContent();
      const clicked = routes.features.find((f) => (f.properties as { name: string }).name === name?.trim());
      expect(clicked, `panel shows a route of ${routeLayer.id}`).toBeDefined();
      const declared = (clicked!.properties as { figures: { value: number; unit: string }[] }).figures.find((f) => f.unit === 'km');
      if (declared) expect(await panel.locator('[data-figure="km"]').first().textContent()).toContain(plKm(declared.value));
      const measured = await panel.locator('[data-measured-km]').textContent();
      expect(measured).toMatch(/\d+,\d{2}\s*km/);
      expect(page.url()).toContain(`f=${clicked!.id}`);
      await page.screenshot({ path: artifactPath('route-selected-1280x800.png') });
      // Esc closes the panel.
      await panel.locator('h2').press('Escape');
      await expect.poll(() => panel.count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical axe violations', async () => {
    const { context, page } = await openViewer(browser, server.url, { bypassCsp: true });
    try {
      await page.addScriptTag({ content: readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
      for (const tab of ['Warstwy', 'Strategia', 'Dzielnice']) {
        await page.getByRole('tab', { name: tab }).click();
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
          const r = await axe.run(document, { resultTypes: ['violations'] });
          return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
        });
        expect(violations, `tab ${tab}`).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });

  it('clicking a district opens its panel with its name and bike-route km from the API', async () => {
    const districts = await getJson<DistrictCollection>(`/api/cities/${CITY}/districts/geometry`);
    const district = districts.features[0]!;
    const id = String(district.properties.id);
    const summary = await getJson<DistrictSummary>(`/api/cities/${CITY}/districts/${id}/summary`);
    // All layers off: a click inside the district can only mean the district.
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}?layers=` });
    try {
      const info = detail.districts.find((d) => d.id === id)!;
      const b = (await getJson<{ districts: { id: string; bbox: [number, number, number, number] }[] }>(`/api/cities/${CITY}/districts`)).districts.find((d) => d.id === id)!.bbox;
      await fitTo(page, b);
      const inside = pointOnFeature(district).geometry.coordinates;
      const pt = await screenPoint(page, inside);
      await page.mouse.click(pt.x, pt.y);
      const section = page.locator(`kp-district-panel section[data-district="${id}"]`);
      await section.waitFor();
      expect(await section.locator('h2').textContent()).toBe(info.name);
      const route = summary.routes.find((r) => r.layer === routeLayer.id);
      if (route) {
        expect(await section.locator(`table[data-route-layer="${routeLayer.id}"] [data-route-km]`).textContent()).toBe(plKm(route.km));
      } else {
        expect(await section.textContent()).toContain('Brak tras');
      }
      expect(page.url()).toContain(`d=${id}`);
      await page.screenshot({ path: artifactPath('district-1280x800.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('draws an area, shows the query result, and clears it', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}?tab=dzielnice` });
    try {
      await page.locator('kp-district-panel button[data-action="draw"]').click();
      await waitForPolygonTool(page);
      const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      const d = Math.min(box.width, box.height) / 5;
      const corners = [
        [cx - d, cy - d],
        [cx + d, cy - d],
        [cx + d, cy + d],
        [cx - d, cy + d],
        [cx - d, cy - d],
      ] as const;
      for (const [x, y] of corners) {
        await page.mouse.move(x, y, { steps: 4 });
        await page.mouse.click(x, y);
        await nextFrames(page);
      }
      const result = page.locator('kp-district-panel section[data-query]');
      await result.waitFor({ timeout: 120_000 });
      expect(await result.textContent()).toMatch(/km²/);
      await page.screenshot({ path: artifactPath('draw-query-1280x800.png') });
      await page.locator('kp-district-panel button[data-action="clear"]').click();
      await expect.poll(() => result.count()).toBe(0);
      // The map redraws after the clear on its next frame: poll what is drawn.
      await expect
        .poll(() =>
          page.evaluate(() => {
            const m = (window as unknown as { __kpMap: MapHandle }).__kpMap;
            return m.queryRenderedFeatures().filter((f) => f.layer.id.startsWith('td-')).length;
          }),
        )
        .toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('offers each layer as a GeoJSON file and the district summaries as CSV', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}` });
    try {
      const links = page.locator('kp-layer-panel a[data-download]');
      await expect.poll(() => links.count()).toBe(detail.layers.length);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`kp-layer-panel a[data-download="${routeLayer.id}"]`).click()]);
      expect(download.suggestedFilename()).toBe(`${CITY}-${routeLayer.id}.geojson`);
      const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as FeatureCollection;
      expect(saved.features).toHaveLength(routeLayer.featureCount);

      await page.locator('kp-app [role="tab"]', { hasText: 'Dzielnice' }).click();
      const csvLink = page.locator('kp-district-panel a[data-download="summaries-csv"]');
      const [csv] = await Promise.all([page.waitForEvent('download'), csvLink.click()]);
      expect(csv.suggestedFilename()).toMatch(new RegExp(`^${CITY}-dzielnice-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      const text = readFileSync((await csv.path())!, 'utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text.trim().split('\r\n')).toHaveLength(detail.districts.length + 1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('screenshots at 1920×1080 and on a phone, with the selected route drawn where it lies', async () => {
    const routes = await getJson<FeatureCollection>(`/api/cities/${CITY}/layers/${routeLayer.id}`);
    const route = routes.features[0]!;
    const fid = String(route.id);
    const first = detail.districts[0]!.id;
    const line = (route.geometry.type === 'MultiLineString' ? route.geometry.coordinates[0]! : (route.geometry as { coordinates: Position[] }).coordinates) as Position[];
    const vertex = line[Math.floor(line.length / 2)] as [number, number];
    const selected = 'strategy--selected-line';
    const big = await openViewer(browser, server.url, { width: 1920, height: 1080, hash: `#${CITY}?f=${fid}&d=${first}&tab=dzielnice&c=bike-km` });
    try {
      // Conditions, not a delay: the feature is selected on the map, then everything is drawn.
      await big.page.waitForFunction(
        ([layer, id]) => JSON.stringify((window as unknown as { __kpMap: { getFilter(l: string): unknown } }).__kpMap.getFilter(layer!)).includes(JSON.stringify(id)),
        [selected, fid] as const,
      );
      await waitForFlight(big.page);
      await big.page.screenshot({ path: artifactPath('viewer-1920x1080.png') });
      // The highlight of the selected route is drawn around the route's own vertex, and the canvas is not blank.
      const colour = await big.page.evaluate((l) => String((window as unknown as { __kpMap: { getPaintProperty(l: string, p: string): unknown } }).__kpMap.getPaintProperty(l, 'line-color')), selected);
      expect(await pixelsOfColourNear(big.page, vertex, colour), `the ${colour} highlight around ${fid}`).toBeGreaterThan(3);
      expect((await canvasStats(big.page)).nonBackground).toBeGreaterThan(1000);
      expect(big.errors).toEqual([]);
    } finally {
      await big.context.close();
    }
    const phone = await openViewer(browser, server.url, { width: 390, height: 844 });
    try {
      await phone.page.screenshot({ path: artifactPath('viewer-phone-390x844.png') });
      // On a phone the town is drawn too: its district outlines are on the canvas.
      const stats = await canvasStats(phone.page);
      expect(stats.distinct).toBeGreaterThan(10);
      expect(stats.nonBackground).toBeGreaterThan(300);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});
