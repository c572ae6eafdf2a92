/**
 * Proposals drawn from the server's vector tiles in the built viewer (issue 13), on the "mini"
 * fixture pack (town 22.00–22.02°E × 50.90–50.91°N): what the tile layers draw (queried from
 * the rendered map), how the legend's filters change the tile URL and what is drawn, and a
 * resident's new proposal coming from the tiles without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ProposalDetail } from '../../server/api-types.ts';
import { artifactPath, launchBrowser, openViewer, waitForMapIdle, type RunningServer } from './harness.ts';
import { startProposalTown, type ProposalTown, type Resident } from './proposal-setup.ts';

const CITY = 'mini';
let town: ProposalTown;
let server: RunningServer;
let browser: Browser;

type Rendered = { properties: Record<string, unknown>; layer: { id: string }; source: string; sourceLayer?: string };
type MapHandle = {
  project(p: [number, number]): { x: number; y: number };
  jumpTo(o: { center: [number, number]; zoom: number }): void;
  queryRenderedFeatures(g?: unknown, o?: object): Rendered[];
};

async function api<T>(p: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${p}`, init);
  return { status: res.status, body: (await res.json()) as T };
}

const resident = (nickname: string): Promise<Resident> => town.resident(nickname);
const propose = (who: Resident, lon: number, lat: number): Promise<ProposalDetail> => town.propose(who, [lon, lat]);

async function jumpTo(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(([c, z]) => (window as unknown as { __kpMap: MapHandle }).__kpMap.jumpTo({ center: c as [number, number], zoom: z as number }), [center, zoom] as const);
  await waitForMapIdle(page);
}

/** What the given style layers draw (from the rendered map), with the source each came from. */
async function rendered(page: Page, layers: string[]): Promise<{ layer: string; source: string; sourceLayer?: string; props: Record<string, unknown> }[]> {
  return page.evaluate(
    (ls) =>
      (window as unknown as { __kpMap: MapHandle }).__kpMap
        .queryRenderedFeatures(undefined, { layers: ls })
        .map((f) => ({ layer: f.layer.id, source: f.source, sourceLayer: f.sourceLayer, props: f.properties })),
    layers,
  );
}

/** Ids of the proposals the tile layer draws one by one (a feature cut across tiles counts once). */
const tileIds = async (page: Page) => [...new Set((await rendered(page, ['proposals-point'])).filter((f) => f.source === 'proposals-tiles').map((f) => String(f.props.id)))].sort();

beforeAll(async () => {
  town = await startProposalTown([CITY]);
  server = town.server;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await town?.stop();
});

describe('proposals drawn from vector tiles', () => {
  it('draws clusters further out and proposals close in, and the legend filters change the tile URL and what is drawn', async () => {
    const ala = await resident('Ala');
    const a = await propose(ala, 22.0101, 50.9051);
    const b = await propose(ala, 22.0112, 50.9056);
    const c = await propose(ala, 22.0123, 50.9049);
    expect((await api(`/api/cities/${CITY}/proposals/${c.id}/withdraw`, { method: 'POST', headers: { ...ala.headers, 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);

    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}` });
    const tileUrls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/proposals/tiles/')) tileUrls.push(r.url());
    });
    try {
      // Close in: one by one, from the tiles; the withdrawn one is hidden by default.
      await jumpTo(page, [22.0112, 50.9052], 16);
      expect(await tileIds(page)).toEqual([a.id, b.id].sort());
      // Further out: clusters counted by the server, coloured by status, counting what is shown.
      await jumpTo(page, [22.0112, 50.9052], 11);
      const clusters = await rendered(page, ['proposals-cluster']);
      expect(clusters.length).toBeGreaterThan(0);
      expect(clusters.every((f) => f.source === 'proposals-tiles' && f.sourceLayer === 'clusters')).toBe(true);
      expect(clusters.reduce((n, f) => n + Number(f.props.count), 0)).toBe(2);
      expect(await rendered(page, ['proposals-point'])).toEqual([]);
      await page.screenshot({ path: artifactPath('proposal-tiles-clusters-1280x800.png') });

      // The legend: showing withdrawn proposals asks for other tiles and draws the third one.
      await page.getByRole('tab', { name: 'Warstwy' }).click();
      const legend = page.locator('kp-proposal-legend');
      await expect.poll(() => legend.locator('[data-proposal-status="withdrawn"]').count()).toBe(1);
      await jumpTo(page, [22.0112, 50.9052], 16);
      tileUrls.length = 0;
      await legend.getByRole('checkbox', { name: 'Pokaż propozycje: wycofane' }).check();
      await waitForMapIdle(page);
      await expect.poll(() => tileIds(page), { timeout: 60_000 }).toEqual([a.id, b.id, c.id].sort());
      expect(tileUrls.length).toBeGreaterThan(0);
      expect(tileUrls.every((u) => !new URL(u).searchParams.has('status'))).toBe(true);
      // Hiding proposed ones leaves the withdrawn one, asked for by status.
      tileUrls.length = 0;
      await legend.getByRole('checkbox', { name: 'Pokaż propozycje: zaproponowane' }).uncheck();
      await waitForMapIdle(page);
      await expect.poll(() => tileIds(page), { timeout: 60_000 }).toEqual([c.id]);
      expect(tileUrls.length).toBeGreaterThan(0);
      expect(tileUrls.map((u) => new URL(u).searchParams.get('status'))).toContain('accepted,planted,rejected,withdrawn');
      expect((await rendered(page, ['proposals-point']))[0]!.props.status).toBe('withdrawn');
      // Nothing shown: the tile layers draw nothing.
      for (const s of ['przyjęte', 'posadzone', 'odrzucone', 'wycofane']) await legend.getByRole('checkbox', { name: `Pokaż propozycje: ${s}` }).uncheck();
      await waitForMapIdle(page);
      await expect.poll(() => rendered(page, ['proposals-point', 'proposals-cluster']), { timeout: 60_000 }).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a resident\'s new proposal is drawn at once, then comes from the tiles without a reload', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}` });
    try {
      const spot: [number, number] = [22.0041, 50.9031];
      await jumpTo(page, spot, 16);
      const before = await tileIds(page);
      await page.locator('kp-app button[data-action="propose"]').click();
      const form = page.locator('kp-proposal-form');
      await form.locator('h2').waitFor();
      const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
      const pt = await page.evaluate(([lon, lat]) => (window as unknown as { __kpMap: MapHandle }).__kpMap.project([lon!, lat!]), spot);
      await page.mouse.click(box.x + pt.x, box.y + pt.y);
      await form.locator('#pf-species').waitFor();
      await form.locator('#pf-nick').fill('Basia');
      await form.locator('#pf-species').selectOption('quercus-robur');
      await form.locator('button[data-action="submit"]').click();
      await expect.poll(() => form.count(), { timeout: 60_000 }).toBe(0); // the server's answer: its bound only catches a hang on a loaded machine
      const mine = (await api<{ features: { properties: { id: string; author: string } }[] }>(`/api/cities/${CITY}/proposals?limit=100`)).body.features.find((f) => f.properties.author === 'Basia')!;
      expect(mine).toBeTruthy();
      expect(before).not.toContain(mine.properties.id);
      // The tiles are fetched again and draw it; the overlay that drew it at once is emptied.
      await expect.poll(() => tileIds(page), { timeout: 60_000 }).toContain(mine.properties.id);
      await waitForMapIdle(page);
      await expect.poll(async () => (await rendered(page, ['proposals-fresh-point'])).length, { timeout: 60_000 }).toBe(0);
      // Its panel is open (fetched by id), and a click on its point opens it again.
      const panel = page.locator('kp-proposal-panel');
      await expect.poll(() => panel.locator('[data-field="status"]').textContent(), { timeout: 60_000 }).toContain('zaproponowane');
      await page.screenshot({ path: artifactPath('proposal-tiles-new-1280x800.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows no proposal layer before it knows where the tiles are (the set-up answered after the map loaded), then draws them', async () => {
    const ola = await resident('Ola');
    const p = await propose(ola, 22.0105, 50.9062);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The set-up (which gives the tile URL) waits until the map has loaded and is idle: the order a slow machine produced.
    await context.route('**/proposal-setup', async (route) => {
      await held;
      await route.continue();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    const visibility = () => page.evaluate(() => (window as unknown as { __kpMap: { getLayoutProperty(l: string, p: string): unknown } }).__kpMap.getLayoutProperty('proposals-point', 'visibility'));
    try {
      await page.goto(`${server.url}/?test#${CITY}`);
      await waitForMapIdle(page);
      expect(await visibility()).toBe('none');
      release();
      await expect.poll(visibility, { timeout: 60_000 }).toBe('visible');
      await jumpTo(page, [22.0105, 50.9062], 16);
      expect(await tileIds(page)).toContain(p.id);
      // No request went to a placeholder (the page's CSP refuses data: fetches: it logged "Map error" before).
      expect(errors).toEqual([]);
    } finally {
      release();
      await context.close();
    }
  });
});
