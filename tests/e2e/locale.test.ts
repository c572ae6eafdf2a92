/**
 * The UI language in the built viewer: the header's switch turns the whole viewer English
 * without a reload (tabs, panels, the map's own labels, <html lang>), the choice survives a
 * reload (localStorage "kp-locale"), and switching back restores Polish. The hash (map state)
 * is left alone throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchBrowser, openViewer, startServer, waitForMapIdle, type RunningServer } from './harness.ts';
import { PLANNER, startProposalTown } from './proposal-setup.ts';

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

const tabLabels = (page: Page) => page.locator('kp-app [role="tab"]').allTextContents().then((l) => l.map((s) => s.trim()));
const localeButton = (page: Page) => page.locator('kp-app button[data-action="locale"]');

describe('UI language', () => {
  it('switches to English at once, keeps it across a reload, and switches back to Polish', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik' });
    try {
      const hash = () => new URL(page.url()).hash;
      expect(await tabLabels(page)).toEqual(['Warstwy', 'Strategia', 'Dzielnice', 'Propozycje']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('pl');
      await expect.poll(() => localeButton(page).getAttribute('aria-label')).toBe('EN: Switch to English');
      const hashBefore = hash();

      const reloads: number[] = [];
      page.on('load', () => reloads.push(Date.now()));
      await localeButton(page).click();
      await expect.poll(() => tabLabels(page)).toEqual(['Layers', 'Strategy', 'Districts', 'Proposals']);
      expect(reloads, 'no page reload').toEqual([]);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.evaluate(() => localStorage.getItem('kp-locale'))).toBe('en');
      expect(await localeButton(page).getAttribute('aria-label')).toBe('PL: Przełącz na polski');
      // The layer panel (a child component) and the map's own strings follow too.
      await expect.poll(() => page.locator('kp-layer-panel .count').first().textContent()).toMatch(/\d+ features?\b/);
      expect(await page.locator('kp-map-view [role="application"]').getAttribute('aria-label')).toMatch(/^Map: /);
      expect(await page.locator('canvas.maplibregl-canvas').getAttribute('aria-label')).toMatch(/^Map: /);
      expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Zoom in');
      expect(hash(), 'the map state in the hash is untouched').toBe(hashBefore);
      await page.screenshot({ path: artifactPath('locale-en-1280x800.png') });

      await page.reload();
      await waitForMapIdle(page);
      expect(await tabLabels(page)).toEqual(['Layers', 'Strategy', 'Districts', 'Proposals']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Zoom in');

      await localeButton(page).click();
      await expect.poll(() => tabLabels(page)).toEqual(['Warstwy', 'Strategia', 'Dzielnice', 'Propozycje']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('pl');
      expect(await page.evaluate(() => localStorage.getItem('kp-locale'))).toBe('pl');
      expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Przybliż');
      await expect.poll(() => page.locator('kp-layer-panel .count').first().textContent()).toMatch(/\d+ obiekt/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('?lang=en opens the viewer in English; the switch fits a 390 px wide header', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'pl-PL' });
    context.setDefaultTimeout(120_000);
    await context.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/?test&lang=en#krasnik`);
      await waitForMapIdle(page);
      expect(await tabLabels(page)).toEqual(['Layers', 'Strategy', 'Districts', 'Proposals']);
      const fits = await page.evaluate(() => {
        const header = document.querySelector('kp-app')!.shadowRoot!.querySelector('header')!;
        return header.scrollWidth <= header.clientWidth && [...header.children].every((c) => c.getBoundingClientRect().right <= innerWidth + 0.5);
      });
      expect(fits).toBe(true);
      const box = await localeButton(page).boundingBox();
      expect(box && box.x + box.width).toBeLessThanOrEqual(390);
      await page.screenshot({ path: artifactPath('locale-en-390x800.png') });
    } finally {
      await context.close();
    }
  });

  it('English words the pack’s own terms too (targets, units, kinds), and the link keeps the language', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: '#krasnik?d=piaski&tab=dzielnice' });
    try {
      await localeButton(page).click();
      await expect.poll(() => tabLabels(page)).toEqual(['Layers', 'Strategy', 'Districts', 'Proposals']);
      expect(new URL(page.url()).searchParams.get('lang'), 'the address says English').toBe('en');
      const target = page.locator('kp-district-panel [data-target="trees"]');
      await expect.poll(() => target.textContent().then((s) => s?.replace(/\s+/g, ' ').trim())).toMatch(/of 1000 trees$/);
      const options = await page.locator('kp-district-panel select option').allTextContents();
      expect(options).toContain('Trees: proposed / target');
      expect(options).toContain('proposed: pocket park');
      // Feature names stay the strategy's (Polish); the panel's own words about targets and kinds do not.
      const targetsText = await target.evaluate((el) => el.parentElement!.textContent ?? '');
      expect(targetsText).toMatch(/^\s*Trees\b/);
      const kindsText = await page.locator('kp-district-panel [data-kind-counts]').textContent();
      expect(kindsText).toContain('pocket park');
      for (const polish of ['Drzewa', 'drzew', 'park kieszonkowy', 'ogród deszczowy']) expect(`${targetsText} ${kindsText}`, polish).not.toContain(polish);
      // The copied link opens in English for someone who never chose a language.
      const link = page.url();
      const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pl-PL' });
      await fresh.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
      const other = await fresh.newPage();
      await other.goto(link);
      await waitForMapIdle(other);
      expect(await tabLabels(other)).toEqual(['Layers', 'Strategy', 'Districts', 'Proposals']);
      await fresh.close();
      // Back to Polish: the address drops the language (Polish is the default).
      await localeButton(page).click();
      await expect.poll(() => tabLabels(page)).toEqual(['Warstwy', 'Strategia', 'Dzielnice', 'Propozycje']);
      expect(new URL(page.url()).searchParams.has('lang')).toBe(false);
      await expect.poll(() => target.textContent().then((s) => s?.replace(/\s+/g, ' ').trim())).toMatch(/z 1000 drzew$/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it('English words a proposal’s kind in the list, the panel and the queue, and the district’s spoken sentence', async () => {
    const town = await startProposalTown(['krasnik']);
    try {
      const who = await town.resident('Kuba');
      const res = await fetch(`${town.server.url}/api/cities/krasnik/proposals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...who.headers },
        body: JSON.stringify({ kind: 'pocket-park', geometry: { type: 'Polygon', coordinates: [[[22.1898, 50.9618], [22.1902, 50.9618], [22.1902, 50.9621], [22.1898, 50.9621], [22.1898, 50.9618]]] }, note: 'Skwer' }),
      });
      expect(res.status).toBe(201);
      const park = (await res.json()) as { id: string };
      const { context, page, errors } = await openViewer(browser, town.server.url, { hash: '#krasnik?d=piaski&tab=dzielnice' });
      try {
        await localeButton(page).click();
        await expect.poll(() => tabLabels(page)).toEqual(['Layers', 'Strategy', 'Districts', 'Proposals']);
        // The one sentence a screen reader hears: the target's unit in English too.
        const said = page.locator('kp-district-panel [data-announce]');
        await expect.poll(() => said.textContent().then((s) => s?.trim())).toMatch(/^Piaski: .* of 1,?000 trees$/);
        // The list, the panel and the planner's queue: the pack's English name of the kind, not "park kieszonkowy".
        await page.evaluate(() => (location.hash = '#krasnik?tab=propozycje'));
        const item = page.locator(`kp-proposal-list li[data-proposal="${park.id}"]`);
        await expect.poll(() => item.textContent().then((s) => s ?? ''), { timeout: 60_000 }).toContain('pocket park');
        expect(await item.textContent()).not.toContain('park kieszonkowy');
        await page.evaluate((id) => (location.hash = `#krasnik/proposal/${id}`), park.id);
        const panel = page.locator(`kp-proposal-panel .inner[data-proposal="${park.id}"]`);
        await expect.poll(() => panel.locator('[data-field="kind"]').textContent(), { timeout: 60_000 }).toBe('pocket park');
        expect(await panel.locator('h2').textContent()).toBe('Pocket park');
        await page.evaluate(() => (location.hash = '#krasnik?tab=propozycje'));
        const signIn = page.locator('kp-sign-in');
        await signIn.locator('#si-login').fill(PLANNER.login);
        await signIn.locator('#si-password').fill(PLANNER.password);
        await signIn.locator('button[type="submit"]').click();
        const queued = page.locator(`kp-review-queue li.item[data-proposal="${park.id}"]`);
        await queued.waitFor();
        expect(await queued.locator('.head strong').textContent().then((s) => s?.trim())).toBe('pocket park');
        expect(await queued.getAttribute('aria-label')).not.toContain('park kieszonkowy');
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    } finally {
      await town.stop();
    }
  });
});
