/**
 * Switching towns in the built viewer, against the real server on the real packs (data/:
 * Kraśnik and Kalisz). The switch goes through the header's town switcher; afterwards every
 * panel shows the new town only (strategy areas, layers, districts, proposals and the
 * planner's queue), the map draws the new town, the link and title name it, and Back returns.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { CityDetail, CityList, DistrictCollection, ProposalDetail, ProposalSetup } from '../../server/api-types.ts';
import { ROOT, artifactPath, launchBrowser, openViewer, startServer, waitForMapIdle, type RunningServer } from './harness.ts';

const FROM = 'krasnik';
const TO = 'kalisz';
const PASSWORD = 'correct horse battery';
let server: RunningServer;
let browser: Browser;
let dataDir: string;
const detail: Record<string, CityDetail> = {};
let proposal: ProposalDetail;

type MapHandle = {
  getStyle(): { sources: Record<string, unknown>; metadata?: Record<string, string[]>; layers: { id: string; metadata?: Record<string, string> }[] };
  getCenter(): { lng: number; lat: number };
};

async function getJson<T>(p: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${p}`, init);
  return { status: res.status, body: (await res.json()) as T };
}

/** The town-switch tests need a second town in data/. */
function requirePack(id: string): void {
  if (!existsSync(path.join(ROOT, 'data', id, 'manifest.json'))) throw new Error(`data/${id} does not exist: the town-switch tests need a second town`);
}

/** A proposal in Kraśnik from a resident, at the first district centre the rules accept. */
async function proposeIn(city: string): Promise<ProposalDetail> {
  const r = await getJson<{ token: string }>('/api/residents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ nickname: 'Ala z Kraśnika' }) });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${r.body.token}` };
  const setup = (await getJson<ProposalSetup>(`/api/cities/${city}/proposal-setup`)).body;
  const kind = setup.kinds.find((k) => k.geometries.includes('Point'))!;
  const districts = (await getJson<DistrictCollection>(`/api/cities/${city}/districts/geometry`)).body;
  const problems: string[] = [];
  for (const d of districts.features) {
    const ring = (d.geometry.type === 'Polygon' ? d.geometry.coordinates[0] : d.geometry.type === 'MultiPolygon' ? d.geometry.coordinates[0]![0] : [])!;
    const lon = ring.reduce((s, p) => s + p[0]!, 0) / ring.length;
    const lat = ring.reduce((s, p) => s + p[1]!, 0) / ring.length;
    const body = { kind: kind.id, geometry: { type: 'Point', coordinates: [lon, lat] }, species: kind.needsSpecies ? setup.species[0]?.id : undefined, count: 1, note: 'z Kraśnika' };
    const res = await getJson<ProposalDetail & { error?: { message: string } }>(`/api/cities/${city}/proposals`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status === 201) return res.body;
    problems.push(res.body.error?.message ?? String(res.status));
  }
  throw new Error(`no district centre of ${city} takes a proposal: ${problems.join(' | ')}`);
}

const hashOf = (page: Page) => page.evaluate(() => location.hash);
const texts = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

/** Ids of the pack layers the map's style draws (the style's kp:layers metadata, and the layers its features are tagged with). */
async function mapLayerIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const style = (window as unknown as { __kpMap: MapHandle }).__kpMap.getStyle();
    const tagged = new Set<string>();
    // The town source: boundary, districts and their labels untagged, every layer's features tagged.
    const data = style.sources.town as { data: { features: { properties: { kp_layer?: string } }[] } };
    for (const f of data.data.features) if (f.properties.kp_layer) tagged.add(f.properties.kp_layer);
    const catalogue = [...(style.metadata?.['kp:layers'] ?? [])].sort();
    // Every tagged feature belongs to a catalogue layer of this style.
    return [...tagged].every((id) => catalogue.includes(id)) ? catalogue : [...tagged].sort();
  });
}

async function mapCentre(page: Page): Promise<[number, number]> {
  return page.evaluate(() => {
    const c = (window as unknown as { __kpMap: MapHandle }).__kpMap.getCenter();
    return [c.lng, c.lat] as [number, number];
  });
}

/** Serious and critical axe-core violations on the page as it is now. */
async function axeViolations(page: Page): Promise<unknown[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
}

const inside = ([lon, lat]: [number, number], [w, s, e, n]: [number, number, number, number]) => lon >= w && lon <= e && lat >= s && lat <= n;

/** Waits until the viewer shows `city`: link, title, and a new map that has finished drawing. */
async function expectTown(page: Page, city: string): Promise<void> {
  await expect.poll(() => hashOf(page), { timeout: 120_000 }).toMatch(new RegExp(`^#${city}(?:[/?]|$)`));
  await expect.poll(() => page.title(), { timeout: 120_000 }).toBe(`${detail[city]!.name} — ${detail[city]!.strategy.title} · Plan na mapie`);
  await expect.poll(() => mapLayerIds(page).catch(() => []), { timeout: 120_000 }).toEqual(detail[city]!.layers.map((l) => l.id).sort());
  await waitForMapIdle(page);
}

async function switchTo(page: Page, city: string): Promise<void> {
  await page.locator('kp-town-switcher button[data-action="town-switch"]').click();
  const link = page.locator(`kp-town-switcher a[data-city="${city}"]`);
  await link.waitFor();
  await link.click();
  await expectTown(page, city);
}

async function openTab(page: Page, tab: 'layers' | 'strategy' | 'districts' | 'proposals'): Promise<void> {
  await page.locator(`kp-app #tab-${tab}`).click();
  await expect.poll(() => page.locator(`kp-app #tab-${tab}`).getAttribute('aria-selected')).toBe('true');
}

/** Everything the side panel shows of one town, checked against its API detail (`district`: the one chosen, '' for none). */
async function expectPanelsOf(page: Page, city: string, district = ''): Promise<void> {
  const d = detail[city]!;
  const other = detail[city === FROM ? TO : FROM]!;
  await openTab(page, 'strategy');
  const strategy = page.locator('kp-strategy-panel');
  await expect.poll(() => strategy.locator('h2').first().textContent()).toContain(d.strategy.title);
  const summaries = await texts(page, 'kp-strategy-panel details > summary');
  expect(summaries, `${city}: one entry per strategic goal / programme area`).toHaveLength(d.goals.strategic.length);
  d.goals.strategic.forEach((g, i) => expect(summaries[i]).toContain(g.name));
  const strategyText = (await strategy.textContent()) ?? '';
  for (const g of other.goals.strategic) if (!d.goals.strategic.some((x) => x.name === g.name)) expect(strategyText).not.toContain(g.name);

  await openTab(page, 'layers');
  const layerIds = await page.locator('kp-layer-panel input[data-layer]').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer')));
  expect(layerIds.sort()).toEqual(d.layers.map((l) => l.id).sort());

  await openTab(page, 'districts');
  const options = await page.locator('kp-district-panel select#pick option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
  expect(options.sort()).toEqual(d.districts.map((x) => x.id).sort());
  expect(await page.locator('kp-district-panel select#pick').inputValue()).toBe(district);
}

beforeAll(async () => {
  requirePack(TO);
  dataDir = mkdtempSync(path.join(tmpdir(), 'kp-e2e-towns-'));
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/user-add.ts', '--role', 'planner', '--login', 'ewa'], {
    cwd: ROOT,
    input: `${PASSWORD}\n`,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  server = await startServer({ DATA_DIR: dataDir, RATE_LIMIT_WRITES: '1000', RATE_LIMIT_SIGNUPS: '1000' });
  browser = await launchBrowser();
  const cities = (await getJson<CityList>('/api/cities')).body.cities.map((c) => c.id);
  expect(cities).toEqual(expect.arrayContaining([FROM, TO]));
  for (const id of [FROM, TO]) detail[id] = (await getJson<CityDetail>(`/api/cities/${id}`)).body;
  proposal = await proposeIn(FROM);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('town switcher', () => {
  it('switches Kraśnik → Kalisz: link, title, map and every panel show Kalisz only; Back returns to Kraśnik', async () => {
    const district = detail[FROM]!.districts[0]!.id;
    const feature = Object.keys(detail[FROM]!.featureIndex)[0]!;
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${FROM}?f=${feature}&d=${district}&tab=dzielnice&c=bike-km`, bypassCsp: true });
    try {
      await expectTown(page, FROM);
      // Kraśnik with a feature open, a district chosen and the choropleth on.
      await page.locator('kp-feature-panel').waitFor();
      expect(await page.locator('kp-district-panel select#pick').inputValue()).toBe(district);
      const switcher = page.locator('kp-town-switcher button[data-action="town-switch"]');
      expect(await switcher.textContent()).toContain(detail[FROM]!.name);
      expect(await page.locator('kp-app h1').textContent()).toContain(detail[FROM]!.name);

      await switcher.click();
      // The list names every town; the current one is marked.
      expect(await page.locator('kp-town-switcher a[aria-current="page"]').getAttribute('data-city')).toBe(FROM);
      expect((await texts(page, 'kp-town-switcher a')).join(' ')).toContain(detail[TO]!.name);
      await page.screenshot({ path: artifactPath('towns-switcher-open-1280x800.png') });
      expect(await axeViolations(page), 'switcher open').toEqual([]);
      await page.locator(`kp-town-switcher a[data-city="${TO}"]`).click();
      await expectTown(page, TO);

      // Nothing of Kraśnik's selection survives: no feature panel, no district, no choropleth.
      const hash = await hashOf(page);
      expect(hash).not.toMatch(/[?&](f|d|c)=/);
      expect(await page.locator('kp-feature-panel').count()).toBe(0);
      expect(await switcher.textContent()).toContain(detail[TO]!.name);
      expect(await page.locator('kp-app h1').textContent()).toContain(detail[TO]!.name);
      expect(inside(await mapCentre(page), detail[TO]!.bounds), 'the map shows Kalisz').toBe(true);
      await expectPanelsOf(page, TO);
      await page.screenshot({ path: artifactPath('towns-kalisz-1280x800.png') });

      // Back: Kraśnik again as it was left (its district chosen), everything of it.
      await page.goBack();
      await expectTown(page, FROM);
      expect(await hashOf(page)).toContain(`d=${district}`);
      expect(inside(await mapCentre(page), detail[FROM]!.bounds), 'the map shows Kraśnik').toBe(true);
      await expectPanelsOf(page, FROM, district);
      // Forward: Kalisz again.
      await page.goForward();
      await expectTown(page, TO);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it("leaves no proposal or review-queue item of the old town behind; the planner stays signed in", async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${FROM}?tab=propozycje` });
    try {
      const form = page.locator('kp-sign-in form');
      await form.waitFor();
      await form.locator('#si-login').fill('ewa');
      await form.locator('#si-password').fill(PASSWORD);
      await form.locator('button[type="submit"]').click();
      await page.locator('kp-sign-in [data-signed-in]').waitFor();
      const item = page.locator(`kp-review-queue [data-proposal="${proposal.id}"]`);
      await item.waitFor();
      await openTab(page, 'layers');
      await expect.poll(() => page.locator('kp-proposal-legend [data-proposal-status="proposed"] ~ .count').textContent()).toBe('1');

      await switchTo(page, TO);
      // The proposals of Kalisz (none in this store), not Kraśnik's one.
      await expect.poll(() => page.locator('kp-proposal-legend [data-proposal-status="proposed"] ~ .count').textContent()).toBe('0');
      await openTab(page, 'proposals');
      await page.locator('kp-sign-in [data-signed-in]').waitFor();
      await expect.poll(() => page.locator('kp-review-queue [data-queue-count]').textContent()).toMatch(/\b0\b.*\b0\b/);
      expect(await page.locator('kp-review-queue [data-proposal]').count()).toBe(0);
      expect(await page.locator('kp-proposal-panel').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('fits a 390 px phone: the header does not overflow, and the switch works there', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${FROM}`, width: 390, height: 844, bypassCsp: true });
    try {
      await expectTown(page, FROM);
      const fits = () =>
        page.locator('kp-app header').evaluate((h) => {
          const r = h.getBoundingClientRect();
          const out = [...h.children].filter((c) => {
            const b = c.getBoundingClientRect();
            return b.width > 0 && (b.right > r.right + 0.5 || b.left < r.left - 0.5);
          });
          return { overflow: h.scrollWidth - h.clientWidth, outside: out.map((c) => c.outerHTML.slice(0, 60)) };
        });
      expect(await fits()).toEqual({ overflow: 0, outside: [] });
      // The panel toggle and the "more" menu are on screen.
      for (const sel of ['button.toggle', 'button[data-action="more"]', 'kp-town-switcher button']) {
        const box = (await page.locator(`kp-app header ${sel}`).boundingBox())!;
        expect(box.x + box.width, sel).toBeLessThanOrEqual(390);
      }
      await page.screenshot({ path: artifactPath('towns-header-390x844.png') });
      await switchTo(page, TO);
      expect(await fits()).toEqual({ overflow: 0, outside: [] });
      // The propose button floats above the attribution, which wraps to four lines for Kalisz's
      // licences here, not over its text.
      const fabOverAttribution = () =>
        page.evaluate(() => {
          const app = document.querySelector('kp-app')!.shadowRoot!;
          const fab = app.querySelector('button.fab')!.getBoundingClientRect();
          const text = app.querySelector('kp-map-view')!.shadowRoot!.querySelector('.maplibregl-ctrl-attrib')!.getBoundingClientRect();
          return fab.height > 0 && text.height > 0 ? fab.bottom > text.top && fab.top < text.bottom && fab.right > text.left && fab.left < text.right : null;
        });
      await expect.poll(fabOverAttribution).toBe(false);
      await page.screenshot({ path: artifactPath('towns-kalisz-390x844.png') });
      // On a phone the presentation and PNG export are in the "more" menu.
      await page.locator('kp-app button[data-action="more"]').click();
      expect(await page.locator('kp-app #more-menu button[data-menu="export-png"]').isVisible()).toBe(true);
      expect(await axeViolations(page), 'menu open').toEqual([]);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('kp-app #more-menu').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
