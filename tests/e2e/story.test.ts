/**
 * The presentation (story) mode in the built viewer, against the real server and Kraśnik's
 * story.json: keyboard stepping, chapter URLs, what is drawn per chapter, Esc back to the
 * viewer, PNG and PDF export, and projector screenshots at 1920×1080. Kalisz's story (a
 * programme with no strategy geometry) plays too, with only the figures its programme has.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CityDetail, DistrictSummary, Story, StoryChapter } from '../../server/api-types.ts';
import { outlinesOf } from '../../web/story/story-logic.ts';
import { CONTEXT_HIGHLIGHT_PREFIX } from '../../web/map/context-highlight.ts';
import { ROOT, artifactPath, launchBrowser, openViewer, startServer, typeNumber, waitForMapIdle, watchNextFlight, type RunningServer } from './harness.ts';

const CITY = 'krasnik';
let server: RunningServer;
let browser: Browser;
let story: Story;
let detail: CityDetail;

/** A town's story as the tests walk it. */
interface Town {
  city: string;
  story: Story;
  detail: CityDetail;
}

async function getJson<T>(p: string): Promise<T> {
  const res = await fetch(`${server.url}${p}`);
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type MapHandle = {
  isMoving(): boolean;
  getLayoutProperty(id: string, p: string): string | undefined;
  getFilter(id: string): unknown;
  queryRenderedFeatures(o?: object): { properties: Record<string, unknown> }[];
  getStyle(): { layers: { id: string; metadata?: Record<string, string> }[] };
};

/** Waits until the player has put chapter n on the map and the map is idle. */
async function waitChapter(page: Page, n: number): Promise<void> {
  await page.locator(`kp-story-player[data-ready="${n}"]`).waitFor({ state: 'attached', timeout: 120_000 });
  await waitForMapIdle(page);
}

/** Per catalogue layer: is it switched on (layout visibility) and how many features are drawn. */
async function drawn(page: Page): Promise<Record<string, { visible: boolean; rendered: number; ids: string[] }>> {
  return page.evaluate(() => {
    const m = (window as unknown as { __kpMap: MapHandle }).__kpMap;
    const out: Record<string, { visible: boolean; rendered: number; ids: string[] }> = {};
    // Features of every catalogue layer share style layers (one per kind); each is tagged with its layer.
    const styleLayers = m.getStyle().layers.filter((l) => l.metadata?.['kp:role'] && (l.metadata['kp:part'] === 'strategy' || l.metadata['kp:part'] === 'context'));
    const catalogue = (m.getStyle() as { metadata?: Record<string, string[]> }).metadata?.['kp:layers'] ?? [];
    const features = m.queryRenderedFeatures({ layers: styleLayers.map((l) => l.id) });
    for (const id of catalogue) {
      const mine = features.filter((f) => f.properties.kp_layer === id);
      // Shown: its id is in its role's style layers' filters, and those are not hidden.
      const showing = styleLayers.filter((l) => JSON.stringify(m.getFilter(l.id)).includes(JSON.stringify(id)));
      out[id] = {
        visible: showing.length > 0 && showing.every((l) => m.getLayoutProperty(l.id, 'visibility') !== 'none'),
        rendered: mine.length,
        ids: [...new Set(mine.map((f) => String(f.properties.id)))],
      };
    }
    return out;
  });
}

/** Ids of the features drawn by the given style layers (or by the layers whose id starts with a prefix). */
async function renderedIds(page: Page, layers: string[] | { prefix: string }): Promise<string[]> {
  return page.evaluate((layers) => {
    const m = (window as unknown as { __kpMap: MapHandle }).__kpMap;
    const ids = Array.isArray(layers) ? layers : m.getStyle().layers.map((l) => l.id).filter((id) => id.startsWith(layers.prefix));
    if (!ids.length) return [];
    return [...new Set(m.queryRenderedFeatures({ layers: ids }).map((f) => String(f.properties.id)))];
  }, layers);
}

/** What a chapter must show: its title, its URL, its layers on (and drawn), every other layer off. */
async function expectChapter(page: Page, n: number, town: Town = { city: CITY, story, detail }): Promise<void> {
  const { story, detail } = town;
  const c: StoryChapter = story.chapters[n - 1]!;
  await waitChapter(page, n);
  expect(await page.locator('kp-story-player h1[data-story-title]').textContent(), `chapter ${n} title`).toBe(c.title);
  expect(await page.locator('kp-story-player [data-progress]').textContent()).toBe(`${n} / ${story.chapters.length}`);
  expect(new URL(page.url()).hash).toBe(`#${town.city}/story/${n}`);
  const d = await drawn(page);
  for (const l of detail.layers) {
    const on = c.layers.includes(l.id);
    expect(d[l.id]!.visible, `chapter ${n} "${c.id}": layer ${l.id} ${on ? 'on' : 'off'}`).toBe(on);
    if (!on) expect(d[l.id]!.rendered, `chapter ${n}: hidden layer ${l.id} draws nothing`).toBe(0);
  }
  const strategyOn = c.layers.filter((id) => detail.layers.find((l) => l.id === id)?.role === 'strategy');
  if (strategyOn.length) {
    expect(strategyOn.some((id) => d[id]!.rendered > 0), `chapter ${n} "${c.id}": a strategy layer is drawn`).toBe(true);
  }
  // Highlighted features are in view, drawn and outlined (context features by the story's own outline layers);
  // a highlighted district (a chapter highlighting its own district's id) and the chapter's district are outlined.
  const drawnIds = new Set(Object.values(d).flatMap((x) => x.ids));
  const outlines = outlinesOf(c, detail);
  for (const f of outlines.features) expect(drawnIds.has(f), `chapter ${n} "${c.id}": highlighted ${f} is drawn`).toBe(true);
  const context = outlines.features.filter((f) => !(f in detail.featureIndex));
  if (context.length) expect((await renderedIds(page, { prefix: CONTEXT_HIGHLIGHT_PREFIX })).sort(), `chapter ${n}: context highlights outlined`).toEqual([...context].sort());
  expect(await renderedIds(page, ['districts-selected']), `chapter ${n} "${c.id}": district outline`).toEqual(outlines.district ? [outlines.district] : []);
  // On a 1920×1080 projector the whole chapter (text, figures, live figures) is in view without scrolling.
  if ((page.viewportSize()?.width ?? 0) >= 1920) {
    if (c.kind === 'district') await page.locator('kp-story-player [data-live]').waitFor();
    const overflow = await page.locator('kp-story-player .content').evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(overflow, `chapter ${n} "${c.id}" fits the panel`).toBeLessThanOrEqual(1);
  }
  // The legend lists the chapter's strategy layers.
  const legend = await page.locator('kp-story-player [data-legend-layer]').evaluateAll((els) => els.map((e) => e.getAttribute('data-legend-layer')));
  expect(legend).toEqual(detail.layers.filter((l) => l.role === 'strategy' && c.layers.includes(l.id)).map((l) => l.id));
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  story = await getJson<Story>(`/api/cities/${CITY}/story`);
  detail = await getJson<CityDetail>(`/api/cities/${CITY}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('story mode', () => {
  it('steps through every chapter with →/PageDown/space and back with PageUp/←, checking title, URL and what is drawn', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/story/1`, width: 1920, height: 1080 });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const total = story.chapters.length;
      expect(total).toBeGreaterThanOrEqual(10);
      // The normal chrome is hidden.
      expect(await page.locator('kp-app header').isVisible()).toBe(false);
      expect(await page.locator('kp-app aside#side').isVisible()).toBe(false);
      await expectChapter(page, 1);
      const forward = ['ArrowRight', 'PageDown', ' '];
      for (let n = 2; n <= total; n++) {
        await page.keyboard.press(forward[n % 3]!);
        await expectChapter(page, n);
      }
      // Past the end stays on the last chapter: keys are handled in order, so the PageUp below
      // landing on chapter total − 1 (not total, not 1) proves this PageDown changed nothing.
      await page.keyboard.press('PageDown');
      expect(new URL(page.url()).hash).toBe(`#${CITY}/story/${total}`);
      const back = ['PageUp', 'ArrowLeft'];
      for (let n = total - 1; n >= 1; n--) {
        await page.keyboard.press(back[n % 2]!);
        await expectChapter(page, n);
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 900_000); // some twenty chapters drawn at 1920×1080 in software WebGL: long on a loaded machine

  it('opens a chapter link (#krasnik/story/N) directly, jumps with number keys and Home/End, and Esc returns to the viewer with its chrome', async () => {
    const districtChapter = story.chapters.findIndex((c) => c.kind === 'district') + 1;
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/story/${districtChapter}` });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await expectChapter(page, districtChapter);
      // District chapters show live figures from the district query, not from story.json.
      const c = story.chapters[districtChapter - 1]!;
      const summary = await getJson<{ routes: { layer: string; km: number }[]; targets: { id: string; planted: number; target: number | null }[] }>(
        `/api/cities/${CITY}/districts/${c.district}/summary`,
      );
      await page.locator('kp-story-player [data-live]').waitFor();
      const figures = await page.locator('kp-story-player [data-figure] .value').allTextContents();
      const km = summary.routes.filter((r) => r.layer === 'bike-routes').reduce((s, r) => s + r.km, 0);
      expect(figures).toContain(`${new Intl.NumberFormat('pl-PL', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(km)} km`);
      const trees = summary.targets.find((t) => t.id === 'trees')!;
      expect(figures).toContain(`${trees.planted} / ${trees.target}`);

      await page.keyboard.press('5');
      await expectChapter(page, 5);
      // Two digits typed quickly make one number.
      await typeNumber(page, 12);
      await expectChapter(page, 12);
      await page.keyboard.press('End');
      await expectChapter(page, story.chapters.length);
      await page.keyboard.press('Home');
      await expectChapter(page, 1);

      // Flights are animated when motion is not reduced.
      // (A jump moves the map once; a flight moves it on every frame until it lands.)
      await page.emulateMedia({ reducedMotion: 'no-preference' });
      const flight = await watchNextFlight(page);
      await page.keyboard.press('ArrowRight');
      expect(await flight()).toBeGreaterThan(1);
      await expectChapter(page, 2);

      await page.keyboard.press('Escape');
      await page.locator('kp-story-player').waitFor({ state: 'detached' });
      await expect.poll(() => page.locator('kp-app header').isVisible()).toBe(true);
      expect(await page.locator('kp-app aside#side').isVisible()).toBe(true);
      expect(new URL(page.url()).hash).not.toContain('story');
      expect(new URL(page.url()).hash).toMatch(new RegExp(`^#${CITY}`));
      await waitForMapIdle(page);
      // Back in the viewer every default layer is on again.
      const d = await drawn(page);
      for (const l of detail.layers) expect(d[l.id]!.visible, `viewer layer ${l.id}`).toBe(l.visible);
      // And the viewer's Presentation button opens chapter 1.
      await page.locator('kp-app header button[data-action="story"]').click();
      await expectChapter(page, 1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('has no serious or critical axe violations in the projector theme', async () => {
    const { context, page } = await openViewer(browser, server.url, { hash: `#${CITY}/story/4`, width: 1920, height: 1080, bypassCsp: true });
    try {
      await waitChapter(page, 4);
      await page.addScriptTag({ content: readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
      });
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('screenshots the projector theme at 1920×1080 and the title is at least 48 px, the body at least 28 px', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/story/1`, width: 1920, height: 1080 });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const pick = [1, story.chapters.findIndex((c) => c.id === 'cel-ii') + 1, story.chapters.findIndex((c) => c.id === 'trasy-rowerowe') + 1, story.chapters.findIndex((c) => c.kind === 'district') + 1];
      for (const n of pick) {
        await page.keyboard.press('Home');
        // Keys are ignored while a chapter is being drawn: wait for chapter 1 before typing the number.
        await waitChapter(page, 1);
        if (n > 1) await typeNumber(page, n);
        await expectChapter(page, n);
        if (story.chapters[n - 1]!.kind === 'district') await page.locator('kp-story-player [data-live]').waitFor();
        const sizes = await page.evaluate(() => {
          const root = document.querySelector('kp-app')!.shadowRoot!.querySelector('kp-story-player')!.shadowRoot!;
          const px = (sel: string) => [...root.querySelectorAll(sel)].map((e) => parseFloat(getComputedStyle(e).fontSize));
          return { title: px('h1'), text: px('.text'), legend: px('.legend li') };
        });
        expect(Math.min(...sizes.title)).toBeGreaterThanOrEqual(48);
        if (sizes.text.length) expect(Math.min(...sizes.text)).toBeGreaterThanOrEqual(28);
        expect(Math.min(...sizes.legend)).toBeGreaterThanOrEqual(24);
        await page.screenshot({ path: artifactPath(`story-${String(n).padStart(2, '0')}-${story.chapters[n - 1]!.id}-1920x1080.png`) });
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});

describe('Kalisz story: a programme with no strategy geometry and no targets', () => {
  it('plays every chapter without errors; district chapters outline their district and show no route km or target', async () => {
    const city = 'kalisz';
    const town: Town = { city, story: await getJson<Story>(`/api/cities/${city}/story`), detail: await getJson<CityDetail>(`/api/cities/${city}`) };
    expect(town.detail.layers.filter((l) => l.role === 'strategy')).toEqual([]);
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${city}/story/1`, width: 1920, height: 1080 });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      const total = town.story.chapters.length;
      await expectChapter(page, 1, town);
      let districts = 0;
      for (let n = 2; n <= total; n++) {
        await page.keyboard.press('ArrowRight');
        await expectChapter(page, n, town);
        const c = town.story.chapters[n - 1]!;
        if (c.kind !== 'district') continue;
        districts++;
        await page.locator('kp-story-player [data-live]').waitFor();
        const summary = await getJson<DistrictSummary>(`/api/cities/${city}/districts/${c.district}/summary`);
        const values = await page.locator('kp-story-player [data-figure] .value').allTextContents();
        const labels = await page.locator('kp-story-player [data-figure] .label').allTextContents();
        // Nothing the programme does not have: no km of route (km² of area is fine), no "x / target", no undertakings on site.
        expect(values.join(' | '), `chapter ${n} "${c.id}" figures`).not.toMatch(/km(?!²)/);
        expect(values.join(' | ')).not.toContain('/');
        expect(labels.join(' | ')).not.toMatch(/tras|przedsięwzię|drzew/);
        // What it has: the sites residents proposed there (every kind without a target) and the area.
        const sites = (summary.proposals ?? []).filter((k) => k.target === null).reduce((s, k) => s + k.proposed, 0);
        expect(values[0]).toBe(String(sites));
        expect(labels[0]).toMatch(/miejsc/);
        const area = new Intl.NumberFormat('pl-PL', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(summary.district.areaKm2);
        expect(values.at(-1)).toBe(`${area} km²`);
        if (districts === 1) await page.screenshot({ path: artifactPath(`story-kalisz-${String(n).padStart(2, '0')}-${c.id}-1920x1080.png`) });
      }
      expect(districts).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 400_000);

  it('offers in the district panel only the figures each town has', async () => {
    const options = async (hash: string) => {
      const { context, page, errors } = await openViewer(browser, server.url, { hash });
      try {
        const select = page.locator('kp-district-panel select#metric');
        // The kinds arrive with the proposal setup.
        await expect.poll(() => select.locator('option[value^="kind-"]').count()).toBeGreaterThan(0);
        const values = await select.locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
        expect(errors).toEqual([]);
        return values;
      } finally {
        await context.close();
      }
    };
    expect(await options('#kalisz?tab=dzielnice')).toEqual(['', 'kind-coworking', 'kind-mikrostrefa', 'kind-zlobek-przedszkole', 'kind-mieszkania-mlodzi', 'kind-kultura-sport']);
    expect(await options('#krasnik?tab=dzielnice')).toEqual(['', 'bike-km', 'target-trees', 'green-share', 'kind-pocket-park', 'kind-rain-garden']);
  }, 300_000);
});
