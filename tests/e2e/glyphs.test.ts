/**
 * Labels are drawn with the bundled Noto Sans: the style's glyphs are the static PBFs the
 * build made (scripts/build/glyphs.ts), fetched from the server with 200 and a year-long
 * cache, Polish letters included; nothing is rendered with the machine's fonts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openViewer, startServer, type RunningServer } from './harness.ts';

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

interface GlyphRequest {
  url: string;
  status: number;
}

describe('label glyphs', () => {
  it('come from the bundled font as static files, Latin and Polish ranges, all 200', async () => {
    // Street level in Kraśnik: district names (bold, "KRAŚNIK"), route and point labels (regular).
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik/15/50.9245/22.2265' });
    try {
      const state = await page.evaluate(() => {
        const m = (window as unknown as { __kpMap: { getStyle(): { glyphs?: string }; queryRenderedFeatures(o: object): { properties: Record<string, unknown> }[] } }).__kpMap;
        const requests: GlyphRequest[] = (performance.getEntriesByType('resource') as (PerformanceResourceTiming & { responseStatus: number })[])
          .filter((e) => e.name.includes('/glyphs/'))
          .map((e) => ({ url: decodeURIComponent(e.name), status: e.responseStatus }));
        const labels = m.queryRenderedFeatures({ layers: ['districts-label', 'strategy--route-label', 'strategy--point-label', 'strategy--area-label'] });
        return {
          glyphs: m.getStyle().glyphs ?? '',
          requests,
          labels: labels.length,
          // The old path rendered glyphs in the page and measured each range as "kp-glyphs …".
          localRenders: performance.getEntriesByType('measure').filter((e) => e.name.startsWith('kp-glyphs')).length,
        };
      });
      expect(state.glyphs).toMatch(new RegExp(`^${server.url}/glyphs/[0-9a-f]+/\\{fontstack\\}/\\{range\\}\\.pbf$`));
      expect(state.labels).toBeGreaterThan(0);
      expect(state.localRenders).toBe(0);
      expect(state.requests.length).toBeGreaterThan(0);
      for (const r of state.requests) expect(r.status, r.url).toBe(200);
      const asked = state.requests.map((r) => r.url.replace(/^.*\/glyphs\/[0-9a-f]+\//, ''));
      expect(asked).toEqual(expect.arrayContaining(['Noto Sans Regular/0-255.pbf', 'Noto Sans Bold/0-255.pbf', 'Noto Sans Bold/256-511.pbf']));
      expect(errors).toEqual([]);

      // The same file over HTTP: brotli by negotiation, cached for a year; an unused range is an empty 200.
      const first = state.requests[0]!.url;
      const res = await fetch(encodeURI(first), { headers: { 'accept-encoding': 'br' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-encoding')).toBe('br');
      const cyrillic = await fetch(encodeURI(first.replace(/\/\d+-\d+\.pbf$/, '/1024-1279.pbf')));
      expect(cyrillic.status).toBe(200);
      expect((await cyrillic.arrayBuffer()).byteLength).toBeLessThan(64);
      const bad = await fetch(encodeURI(first.replace(/\/\d+-\d+\.pbf$/, '/1-2.pbf')));
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad-glyph-range');
    } finally {
      await context.close();
    }
  });

  it.each(['krasnik', 'kalisz'])('of the first view of %s are asked for as the map is made: exactly the files MapLibre then asks for', async (town) => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${town}` });
    try {
      const { warmed, requests } = await page.evaluate(() => ({
        warmed: (performance.getEntriesByName('kp-glyphs-warmed')[0] as PerformanceMark | undefined)?.detail as string[] | undefined,
        requests: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/glyphs/')).map((e) => ({ url: decodeURIComponent(e.name) })),
      }));
      expect(warmed?.length, 'warmed').toBeGreaterThan(0);
      const asked = new Map<string, number>();
      for (const r of requests) asked.set(r.url, (asked.get(r.url) ?? 0) + 1);
      // Each warmed file twice (ours, then MapLibre's), and nothing else: none missed, none fetched in vain.
      expect(Object.fromEntries(asked)).toEqual(Object.fromEntries(warmed!.map((u) => [decodeURIComponent(new URL(u).href), 2])));
      // (Whether MapLibre's copy came from the cache is not seen here: request routing turns the cache off; `npm run bench:load` pages show it.)
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
