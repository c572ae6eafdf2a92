/**
 * Screenshots of the resident's and the planner's journeys on Kraśnik, on a desktop (1440×900)
 * and a phone (390×844), to look at (issue 18: "a blank map, unreadable label or overlapping
 * panel is a bug"). Needs the built viewer (`npm run build`) and Debian's Chromium.
 *
 *   npx tsx scripts/journey-shots.ts [OUT_DIR]        (default: tests/.artifacts/journeys)
 *
 * Resident: open the town → search a street → the district panel → propose a tree → see it in
 * the list → support another's proposal → open a proposal's link (by its number).
 * Planner: sign in → the review queue → accept, undo → a drawn area's summary → the export.
 * A step that fails is reported and the journey goes on; the exit code says whether any failed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ROOT, launchBrowser, openViewer, startServer, waitForMapIdle, type RunningServer } from '../tests/e2e/harness.ts';

const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'tests', '.artifacts', 'journeys'));
const PASSWORD = 'correct horse battery';
const CITY = 'krasnik';
const VIEWPORTS = [
  { w: 1440, h: 900 },
  { w: 390, h: 844 },
];
let failed = 0;

async function until(page: Page, fn: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  }
}

async function step(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
    console.log(`ok   ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${(err as Error).message.split('\n')[0]}`);
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await waitForMapIdle(page).catch(() => undefined);
  const v = page.viewportSize()!;
  await page.screenshot({ path: path.join(OUT, `${name}-${v.width}x${v.height}.png`) });
}

async function api<T>(server: RunningServer, p: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${server.url}${p}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function jumpTo(page: Page, lonLat: [number, number], zoom: number): Promise<void> {
  await page.evaluate(([c, z]) => (window as unknown as { __kpMap: { jumpTo(o: object): void } }).__kpMap.jumpTo({ center: c, zoom: z }), [lonLat, zoom] as const);
  await waitForMapIdle(page);
}

async function resident(browser: Browser, server: RunningServer, w: number, h: number, spot: [number, number], other: { id: string; number: number }): Promise<void> {
  const phone = w < 700;
  const { context, page } = await openViewer(browser, server.url, { hash: `#${CITY}`, width: w, height: h });
  try {
    await step(`resident ${w}: open the town`, () => shot(page, 'r01-town'));
    const box = page.locator('kp-search-box input[role="combobox"]');
    await step(`resident ${w}: search a street`, async () => {
      await box.focus();
      await page.keyboard.type('mickiewicza');
      await page.locator('kp-search-box [role="option"]').first().waitFor();
      await shot(page, 'r02-search');
      await page.keyboard.press('Enter');
      await page.locator('kp-feature-panel').waitFor();
      await shot(page, 'r03-street');
    });
    await step(`resident ${w}: the district panel`, async () => {
      await page.evaluate(() => (location.hash = '#krasnik?d=piaski&tab=dzielnice'));
      await page.locator('kp-district-panel section[data-district="piaski"]').waitFor();
      if (phone) await page.locator('kp-district-panel section[data-district="piaski"]').scrollIntoViewIfNeeded();
      await shot(page, 'r04-district');
    });
    await step(`resident ${w}: propose a tree`, async () => {
      await page.evaluate(() => (location.hash = '#krasnik?tab=propozycje'));
      await jumpTo(page, spot, 17);
      await page.locator(phone ? 'kp-app button[data-action="propose-fab"]' : 'kp-app button[data-action="propose"]').click();
      const form = page.locator('kp-proposal-form');
      await form.locator('button[data-action="place-centre"]').click();
      await form.locator('#pf-species').waitFor();
      await form.locator('#pf-nick').fill('Ola z Piasków');
      const species = await form.locator('#pf-species option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      await form.locator('#pf-species').selectOption(species[0]!);
      await form.locator('#pf-note').fill('Przy przystanku, od strony szkoły');
      await shot(page, 'r05-propose-form');
      await form.locator('button[data-action="submit"]').click();
      await until(page, async () => (await form.count()) === 0, 'the form to close');
      await page.locator('kp-proposal-panel [data-field="number"]').waitFor();
      await shot(page, 'r06-proposed');
    });
    await step(`resident ${w}: see it in the list`, async () => {
      await page.locator('kp-proposal-panel button.close').click();
      // On a phone proposing folded the side panel away: the resident opens it again.
      const toggle = page.locator('kp-app header button.toggle');
      if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
      const list = page.locator('kp-proposal-list');
      await until(page, async () => (await list.locator('li.item').count()) > 1, 'the list');
      await list.locator('li.item').first().scrollIntoViewIfNeeded();
      await shot(page, 'r07-list');
    });
    await step(`resident ${w}: support another's proposal`, async () => {
      const item = page.locator(`kp-proposal-list li[data-proposal="${other.id}"]`);
      const support = item.locator('button[data-action="list-support"]');
      if ((await support.getAttribute('aria-pressed')) !== 'true') await support.click();
      await until(page, async () => (await support.getAttribute('aria-pressed')) === 'true', 'the support');
      await item.scrollIntoViewIfNeeded();
      await shot(page, 'r08-supported');
    });
    await step(`resident ${w}: open a proposal's link by its number`, async () => {
      await page.goto(`${server.url}/?test#${CITY}/proposal/${other.number}`);
      await waitForMapIdle(page);
      await page.locator(`kp-proposal-panel .inner[data-proposal="${other.id}"] [data-field="number"]`).waitFor();
      await shot(page, 'r09-link');
    });
  } finally {
    await context.close();
  }
}

async function planner(browser: Browser, server: RunningServer, w: number, h: number): Promise<void> {
  const phone = w < 700;
  const { context, page } = await openViewer(browser, server.url, { hash: `#${CITY}?tab=propozycje`, width: w, height: h });
  try {
    const queue = page.locator('kp-review-queue');
    await step(`planner ${w}: sign in`, async () => {
      const signIn = page.locator('kp-sign-in');
      await signIn.locator('#si-login').fill('anna');
      await signIn.locator('#si-password').fill(PASSWORD);
      if (phone) await signIn.scrollIntoViewIfNeeded();
      await shot(page, 'p01-sign-in');
      await signIn.locator('button[type="submit"]').click();
      await signIn.locator('[data-signed-in]').waitFor();
    });
    await step(`planner ${w}: the review queue`, async () => {
      await until(page, async () => (await queue.locator('li.item').count()) > 0, 'the queue');
      await queue.locator('h2, h3').first().scrollIntoViewIfNeeded();
      await shot(page, 'p02-queue');
    });
    await step(`planner ${w}: accept, then undo`, async () => {
      const first = queue.locator('li.item').first();
      await first.locator('button[data-action="accept"]').click();
      await queue.locator('button[data-action="undo"]').waitFor();
      await queue.locator('button[data-action="undo"]').scrollIntoViewIfNeeded();
      await shot(page, 'p03-accepted-undo');
      await queue.locator('button[data-action="undo"]').click();
      await until(page, async () => (await queue.locator('button[data-action="undo"]').count()) === 0, 'the undo');
      await shot(page, 'p04-undone');
    });
    await step(`planner ${w}: a drawn area's summary`, async () => {
      await page.evaluate(() => (location.hash = '#krasnik/15/50.941/22.212?tab=dzielnice'));
      const panel = page.locator('kp-district-panel');
      await panel.locator('#circle-r').fill('400');
      await panel.locator('#circle-r').press('Enter');
      await panel.locator('section[data-query]').waitFor();
      await panel.locator('section[data-query]').scrollIntoViewIfNeeded();
      await shot(page, 'p05-area');
    });
    await step(`planner ${w}: the export`, async () => {
      await page.evaluate(() => (location.hash = '#krasnik?tab=propozycje'));
      const csv = queue.locator('a[data-export="csv"]');
      await csv.waitFor();
      await csv.scrollIntoViewIfNeeded();
      await shot(page, 'p06-export');
      const href = await csv.getAttribute('href');
      const cookies = await context.cookies();
      const text = await (await fetch(`${server.url}${href}`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } })).text();
      writeFileSync(path.join(OUT, `p06-export-${w}x${h}.csv`), text);
    });
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kp-journeys-'));
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/user-add.ts', '--role', 'planner', '--login', 'anna'], {
    cwd: ROOT,
    input: `${PASSWORD}\n`,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const server = await startServer({ DATA_DIR: dataDir, RATE_LIMIT_WRITES: '1000', RATE_LIMIT_SIGNUPS: '1000' });
  const browser = await launchBrowser();
  try {
    // Another resident's proposals, for the list, the support and the link.
    const basia = await api<{ token: string }>(server, '/api/residents', { method: 'POST', body: JSON.stringify({ nickname: 'Basia' }) });
    const others: { id: string; number: number }[] = [];
    for (const at of [[22.214, 50.944], [22.222, 50.939]]) {
      const p = await api<{ id: string; properties: { number: number } }>(server, `/api/cities/${CITY}/proposals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${basia.token}` },
        body: JSON.stringify({ kind: 'tree', geometry: { type: 'Point', coordinates: at }, species: 'tilia-cordata', count: 1, note: 'Lipa przy chodniku' }),
      });
      others.push({ id: p.id, number: p.properties.number });
    }
    const spots: [number, number][] = [[22.209, 50.941], [22.226, 50.937]];
    for (const [i, v] of VIEWPORTS.entries()) await resident(browser, server, v.w, v.h, spots[i]!, others[i]!);
    for (const v of VIEWPORTS) await planner(browser, server, v.w, v.h);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`${failed ? `${failed} step(s) failed; ` : ''}screenshots in ${OUT}`);
  process.exitCode = failed ? 1 : 0;
}

await main();
