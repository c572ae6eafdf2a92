/**
 * Screenshots of the resident's and the planner's journeys on Kraśnik, on a desktop (1440×900)
 * and a phone (390×844), to look at (issue 18: "a blank map, unreadable label or overlapping
 * panel is a bug"). Needs the built viewer (`npm run build`) and Debian's Chromium.
 *
 *   npx tsx scripts/journey-shots.ts [OUT_DIR]        (default: tests/.artifacts/journeys)
 *
 * Resident: open the town → search a street → the district panel → a tree refused (too close to
 * another) → propose a tree → see it in the list → support another's proposal → open a proposal's
 * link (by its number) → "my proposals" with the planner's decision on the next visit.
 * Planner: sign in → the review queue under every status → accept, undo → a selection decided at
 * once → a drawn area's summary → the export.
 * A step that fails is reported and the journey goes on; the exit code says whether any failed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/** Another resident's tree: its id, public number and place. */
type Other = { id: string; number: number; at: [number, number] };

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

/** Serious or critical axe findings per screenshot (axe-core from node_modules, as the e2e tests run it). */
const axeFound: Record<string, { id: string; nodes: string[] }[]> = {};
const AXE = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

async function shot(page: Page, name: string): Promise<void> {
  await waitForMapIdle(page).catch(() => undefined);
  const v = page.viewportSize()!;
  const file = `${name}-${v.width}x${v.height}`;
  await page.screenshot({ path: path.join(OUT, `${file}.png`) });
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  axeFound[file] = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => ({ id: x.id, nodes: x.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
}

/**
 * Scrolls the panel holding an element so the element is at its top (the subject of the next
 * screenshot, not its last line), as a user scrolls it: only that panel, never a container that
 * does not scroll (scrollIntoView would move those too).
 */
async function toTop(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().evaluate((el) => {
    let box: Element | null = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
    while (box) {
      const style = getComputedStyle(box);
      if (/(auto|scroll)/.test(style.overflowY) && box.scrollHeight > box.clientHeight) break;
      box = box.parentElement ?? ((box.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
    }
    if (box) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top;
  });
}

async function api<T>(server: RunningServer, p: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${server.url}${p}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The planner's headers for the API (session cookie, CSRF token, origin), as the queue sends them. */
async function plannerHeaders(server: RunningServer): Promise<Record<string, string>> {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'anna', password: PASSWORD }) });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const me = (await login.json()) as { csrfToken: string };
  return { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': me.csrfToken, origin: server.url };
}

async function decide(server: RunningServer, id: string, status: string, reason?: string): Promise<void> {
  await api(server, `/api/cities/${CITY}/proposals/${id}/status`, { method: 'POST', headers: await plannerHeaders(server), body: JSON.stringify({ status, ...(reason ? { reason } : {}) }) });
}

/**
 * Brings [lon, lat] into the middle of the part of the map the form leaves free (left of it on a
 * desktop, above it on a phone) and clicks there, as a resident taps a spot.
 */
async function clickInFreePart(page: Page, form: { x: number; y: number; width: number; height: number } | null, lonLat: [number, number]): Promise<void> {
  const canvas = await page.locator('kp-map-view canvas.maplibregl-canvas').boundingBox();
  if (!canvas || !form) throw new Error('no map or no form');
  const sheet = form.width > canvas.width * 0.8;
  const want = sheet
    ? { x: canvas.width / 2, y: (form.y - canvas.y) / 2 }
    : { x: (form.x - canvas.x) / 2, y: canvas.height / 2 };
  await page.evaluate(
    ([at, w]) => {
      const map = (window as unknown as { __kpMap: { project(p: [number, number]): { x: number; y: number }; panBy(d: [number, number], o: object): void } }).__kpMap;
      const pt = map.project(at);
      map.panBy([pt.x - w.x, pt.y - w.y], { duration: 0 });
    },
    [lonLat, want] as const,
  );
  await waitForMapIdle(page);
  await page.mouse.click(canvas.x + want.x, canvas.y + want.y);
}

async function jumpTo(page: Page, lonLat: [number, number], zoom: number): Promise<void> {
  await page.evaluate(([c, z]) => (window as unknown as { __kpMap: { jumpTo(o: object): void } }).__kpMap.jumpTo({ center: c, zoom: z }), [lonLat, zoom] as const);
  await waitForMapIdle(page);
}

async function resident(browser: Browser, server: RunningServer, w: number, h: number, spot: [number, number], other: Other): Promise<void> {
  const phone = w < 700;
  const { context, page } = await openViewer(browser, server.url, { hash: `#${CITY}`, width: w, height: h, bypassCsp: true });
  let mine: string | null = null;
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
      const close = page.locator('kp-feature-panel button.close');
      if (await close.count()) await close.first().click();
      await page.getByRole('tab', { name: 'Dzielnice' }).click();
      const select = page.locator('kp-district-panel select#pick');
      await select.selectOption('piaski');
      await select.press('Enter');
      await page.locator('kp-district-panel section[data-district="piaski"]').waitFor();
      await toTop(page, 'kp-district-panel section[data-district="piaski"]');
      await shot(page, 'r04-district');
    });
    const form = page.locator('kp-proposal-form');
    await step(`resident ${w}: a tree refused, too close to another`, async () => {
      await page.evaluate(() => (location.hash = '#krasnik?tab=propozycje'));
      await jumpTo(page, other.at, 18);
      await page.locator(phone ? 'kp-app button[data-action="propose-fab"]' : 'kp-app button[data-action="propose"]').click();
      await form.locator('h2').waitFor();
      await waitForMapIdle(page);
      await clickInFreePart(page, await form.boundingBox(), other.at);
      await form.locator('#pf-species').waitFor();
      await form.locator('#pf-nick').fill('Ola z Piasków');
      const species = await form.locator('#pf-species option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      await form.locator('#pf-species').selectOption(species[0]!);
      await form.locator('button[data-action="submit"]').click();
      await form.locator('p.error[data-code]').waitFor();
      await shot(page, 'r05-refused-too-close');
    });
    await step(`resident ${w}: propose a tree`, async () => {
      await jumpTo(page, spot, 17);
      if ((await form.count()) === 0) await page.locator(phone ? 'kp-app button[data-action="propose-fab"]' : 'kp-app button[data-action="propose"]').click();
      await form.locator('button[data-action="place-centre"]').click();
      await form.locator('#pf-species').waitFor();
      const nick = form.locator('#pf-nick');
      if ((await nick.count()) && !(await nick.inputValue())) await nick.fill('Ola z Piasków');
      const species = await form.locator('#pf-species option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      await form.locator('#pf-species').selectOption(species[0]!);
      await form.locator('#pf-note').fill('Przy przystanku, od strony szkoły');
      await shot(page, 'r06-propose-form');
      await form.locator('button[data-action="submit"]').click();
      await until(page, async () => (await form.count()) === 0, 'the form to close');
      await page.locator('kp-proposal-panel [data-field="number"]').waitFor();
      mine = await page.locator('kp-proposal-panel .inner').getAttribute('data-proposal');
      await shot(page, 'r07-proposed');
    });
    await step(`resident ${w}: see it in the list`, async () => {
      await page.locator('kp-proposal-panel button.close').click();
      // On a phone proposing folded the side panel away: the resident opens it again.
      const toggle = page.locator('kp-app header button.toggle');
      if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
      const list = page.locator('kp-proposal-list');
      await until(page, async () => (await list.locator('li.item').count()) > 1, 'the list');
      await list.locator('li.item').first().scrollIntoViewIfNeeded();
      await shot(page, 'r08-list');
    });
    await step(`resident ${w}: support another's proposal`, async () => {
      const item = page.locator(`kp-proposal-list li[data-proposal="${other.id}"]`);
      const support = item.locator('button[data-action="list-support"]');
      if ((await support.getAttribute('aria-pressed')) !== 'true') await support.click();
      await until(page, async () => (await support.getAttribute('aria-pressed')) === 'true', 'the support');
      await item.scrollIntoViewIfNeeded();
      await shot(page, 'r09-supported');
    });
    await step(`resident ${w}: open a proposal's link by its number`, async () => {
      await page.goto(`${server.url}/?test#${CITY}/proposal/${other.number}`);
      await waitForMapIdle(page);
      await page.locator(`kp-proposal-panel .inner[data-proposal="${other.id}"] [data-field="number"]`).waitFor();
      await shot(page, 'r10-link');
    });
    await step(`resident ${w}: my proposals, with the planner's decision on the next visit`, async () => {
      if (!mine) throw new Error('no proposal of mine');
      await decide(server, mine, 'rejected', 'Za blisko sieci wodociągowej; prosimy o miejsce 5 m dalej od chodnika');
      // The next visit: a new page load, not only a new address.
      await page.goto(`${server.url}/?test#${CITY}?tab=propozycje`);
      await page.reload();
      await waitForMapIdle(page);
      const toggle = page.locator('kp-app header button.toggle');
      if ((await toggle.count()) && (await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
      const list = page.locator('kp-proposal-list');
      const decisions = list.locator('[data-decisions]');
      await decisions.waitFor();
      await list.locator('input[data-list-filter="mine"]').check();
      await until(page, async () => (await list.locator('li.item').count()) === 1, 'my proposals');
      await decisions.scrollIntoViewIfNeeded();
      await shot(page, 'r11-my-proposals-decision');
    });
  } finally {
    await context.close();
  }
}

async function planner(browser: Browser, server: RunningServer, w: number, h: number): Promise<void> {
  const phone = w < 700;
  const { context, page } = await openViewer(browser, server.url, { hash: `#${CITY}?tab=propozycje`, width: w, height: h, bypassCsp: true });
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
      await toTop(page, 'kp-review-queue h2, kp-review-queue h3');
      await shot(page, 'p02-queue-proposed');
    });
    for (const status of ['accepted', 'planted', 'rejected', 'withdrawn']) {
      await step(`planner ${w}: the queue of ${status} proposals`, async () => {
        await queue.locator('select[data-filter="status"]').selectOption(status);
        await until(page, async () => (await queue.locator('ol.items').getAttribute('data-queue-status')) === status && (await queue.locator('li.item').count()) > 0, `the ${status} queue`);
        await toTop(page, 'kp-review-queue h2, kp-review-queue h3');
        await shot(page, `p02-queue-${status}`);
      });
    }
    await step(`planner ${w}: back to the pending queue`, async () => {
      await queue.locator('select[data-filter="status"]').selectOption('proposed');
      await until(page, async () => (await queue.locator('ol.items').getAttribute('data-queue-status')) === 'proposed', 'the pending queue');
    });
    await step(`planner ${w}: accept, then undo`, async () => {
      const first = queue.locator('li.item').first();
      await first.locator('button[data-action="accept"]').click();
      await queue.locator('button[data-action="undo"]').waitFor();
      await toTop(page, 'kp-review-queue h2, kp-review-queue h3');
      await shot(page, 'p03-accepted-undo');
      await queue.locator('button[data-action="undo"]').click();
      await until(page, async () => (await queue.locator('button[data-action="undo"]').count()) === 0, 'the undo');
      await shot(page, 'p04-undone');
    });
    await step(`planner ${w}: a selection decided at once`, async () => {
      const items = queue.locator('li.item');
      await until(page, async () => (await items.count()) >= 2, 'two pending proposals');
      const picked = await items.evaluateAll((ls) => ls.slice(0, 2).map((l) => l.getAttribute('data-proposal')!));
      for (const id of picked) await queue.locator(`input[data-pick="${id}"]`).check();
      await until(page, async () => (await queue.locator('[data-picked]').getAttribute('data-picked')) === '2', 'two picked');
      await toTop(page, 'kp-review-queue [data-pick-all]');
      await shot(page, 'p05-bulk-selected');
      await queue.locator('button[data-action="bulk-accept"]').click();
      await until(page, async () => (await queue.locator(`li.item[data-proposal="${picked[0]}"]`).count()) === 0, 'the selection decided');
      await shot(page, 'p06-bulk-accepted');
    });
    await step(`planner ${w}: a drawn area's summary`, async () => {
      await page.evaluate(() => (location.hash = '#krasnik/15/50.941/22.212?tab=dzielnice'));
      const panel = page.locator('kp-district-panel');
      await panel.locator('#circle-r').fill('400');
      await panel.locator('#circle-r').press('Enter');
      await panel.locator('section[data-query]').waitFor();
      await toTop(page, 'kp-district-panel section[data-query]');
      await shot(page, 'p07-area');
    });
    await step(`planner ${w}: the export`, async () => {
      await page.evaluate(() => (location.hash = '#krasnik?tab=propozycje'));
      const csv = queue.locator('a[data-export="csv"]');
      await csv.waitFor();
      await toTop(page, 'kp-review-queue h2, kp-review-queue h3');
      await shot(page, 'p08-export');
      const href = await csv.getAttribute('href');
      const cookies = await context.cookies();
      const text = await (await fetch(`${server.url}${href}`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } })).text();
      writeFileSync(path.join(OUT, `p08-export-${w}x${h}.csv`), text);
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
    const others: Other[] = [];
    for (const at of [[22.214, 50.944], [22.222, 50.939]] as [number, number][]) {
      const p = await api<{ id: string; properties: { number: number } }>(server, `/api/cities/${CITY}/proposals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${basia.token}` },
        body: JSON.stringify({ kind: 'tree', geometry: { type: 'Point', coordinates: at }, species: 'tilia-cordata', count: 1, note: 'Lipa przy chodniku' }),
      });
      others.push({ id: p.id, number: p.properties.number, at });
    }
    // More of Basia's trees for the planner's queue: one under each status, two left pending for the selection.
    const more: string[] = [];
    for (let i = 0; i < 8; i++) {
      const p = await api<{ id: string }>(server, `/api/cities/${CITY}/proposals`, {
        method: 'POST',
        headers: { authorization: `Bearer ${basia.token}` },
        body: JSON.stringify({ kind: 'tree', geometry: { type: 'Point', coordinates: [22.2045 + i * 0.0012, 50.9465] }, species: 'tilia-cordata', count: 1, note: `Drzewo ${i + 1}` }),
      });
      more.push(p.id);
    }
    await decide(server, more[0]!, 'accepted');
    await decide(server, more[1]!, 'accepted');
    await decide(server, more[1]!, 'planted');
    await decide(server, more[2]!, 'rejected', 'Kolizja z siecią wodociągową');
    await api(server, `/api/cities/${CITY}/proposals/${more[3]}/withdraw`, { method: 'POST', headers: { authorization: `Bearer ${basia.token}` }, body: '{}' });
    const spots: [number, number][] = [[22.209, 50.941], [22.226, 50.937]];
    for (const [i, v] of VIEWPORTS.entries()) await resident(browser, server, v.w, v.h, spots[i]!, others[i]!);
    for (const v of VIEWPORTS) await planner(browser, server, v.w, v.h);
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  writeFileSync(path.join(OUT, 'axe.json'), JSON.stringify(axeFound, null, 1));
  const flagged = Object.entries(axeFound).filter(([, v]) => v.length);
  for (const [file, v] of flagged) console.log(`axe ${file}: ${v.map((x) => `${x.id} ${x.nodes.join(' ')}`).join('; ')}`);
  console.log(`axe: ${flagged.length} of ${Object.keys(axeFound).length} screens with serious or critical findings`);
  console.log(`${failed ? `${failed} step(s) failed; ` : ''}screenshots in ${OUT}`);
  process.exitCode = failed ? 1 : 0;
}

await main();
