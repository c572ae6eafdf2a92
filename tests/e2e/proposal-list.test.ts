/**
 * Issue 18: the proposals list (the text alternative to the map), a proposal's own link, "my
 * proposals" with the planner's decisions shown to their author, and the planner's queue over
 * every status with undo and bulk decisions — on the "mini" fixture pack, in the built viewer.
 * Screenshots of both journeys go to tests/.artifacts (and to SHOTS_DIR when set).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ProposalCollection, ProposalDetail } from '../../server/api-types.ts';
import { artifactPath, launchBrowser, openViewer, waitForMapIdle, type RunningServer } from './harness.ts';
import { PLANNER, startProposalTown, type ProposalTown, type Resident } from './proposal-setup.ts';

const CITY = 'mini';
const PASSWORD = PLANNER.password;
let town: ProposalTown;
let server: RunningServer;
let browser: Browser;
let ala: Resident;
let ola: Resident;
const ids: Record<string, string> = {};

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: artifactPath(name) });
  if (process.env.SHOTS_DIR) {
    mkdirSync(process.env.SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(process.env.SHOTS_DIR, name) });
  }
}

async function propose(who: Resident, lon: number, lat: number, note: string): Promise<string> {
  return (await town.propose(who, [lon, lat], { note })).id;
}

async function detail(id: string): Promise<ProposalDetail> {
  return (await (await fetch(`${server.url}/api/cities/${CITY}/proposals/${id}`)).json()) as ProposalDetail;
}

/** Opens the viewer as this resident (their token in the browser's storage, as after proposing). */
async function openAs(who: typeof ala, hash: string, width = 1440, height = 900) {
  const opened = await openViewer(browser, server.url, { hash, width, height });
  const { id, nickname, token } = who;
  await opened.page.evaluate((r) => localStorage.setItem('kp.resident', JSON.stringify({ ...r, mine: [] })), { id, nickname, token });
  await opened.page.reload();
  await waitForMapIdle(opened.page);
  return opened;
}

beforeAll(async () => {
  town = await startProposalTown([CITY]);
  server = town.server;
  browser = await launchBrowser();
  ala = await town.resident('Ala');
  ola = await town.resident('Ola');
  ids.school = await propose(ala, 22.005, 50.904, 'Przy szkole');
  ids.park = await propose(ala, 22.015, 50.905, 'Przy parku');
  ids.street = await propose(ola, 22.016, 50.902, 'Przy ulicy Długiej');
  ids.church = await propose(ola, 22.012, 50.906, 'Przy kościele');
});

afterAll(async () => {
  await browser?.close();
  await town?.stop();
});

describe('the planner: every status, undo, bulk', () => {
  it('reaches every status in the queue, undoes an accept, decides a selection at once, and exports planted ones', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}?tab=propozycje`, width: 1440, height: 900 });
    try {
      const signIn = page.locator('kp-sign-in');
      await signIn.locator('#si-login').fill('anna');
      await signIn.locator('#si-password').fill(PASSWORD);
      await signIn.locator('button[type="submit"]').click();
      await signIn.locator('[data-signed-in]').waitFor();
      const queue = page.locator('kp-review-queue');
      await expect.poll(() => queue.locator('li.item').count()).toBe(4);
      expect(await queue.locator('select[data-filter="status"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['proposed', 'accepted', 'planted', 'rejected', 'withdrawn']);

      // Accept, then undo: back to pending, with the undo's reason in the history.
      await queue.locator(`li[data-proposal="${ids.school}"] button[data-action="accept"]`).click();
      await queue.locator('button[data-action="undo"]').waitFor();
      await shot(page, 'planner-undo-1440x900.png');
      await queue.locator('button[data-action="undo"]').click();
      await expect.poll(async () => (await detail(ids.school!)).properties.status).toBe('proposed');
      expect((await detail(ids.school!)).history.map((h) => [h.toStatus, h.reason])).toEqual([
        ['proposed', null],
        ['accepted', null],
        ['proposed', 'Cofnięcie decyzji (pomyłka)'],
      ]);
      await expect.poll(() => queue.locator(`li[data-proposal="${ids.school}"]`).count()).toBe(1);

      // Bulk: Ala's two and Ola's street accepted at once.
      for (const id of [ids.school, ids.park, ids.street]) await queue.locator(`input[data-pick="${id}"]`).check();
      await expect.poll(() => queue.locator('[data-picked]').getAttribute('data-picked')).toBe('3');
      await shot(page, 'planner-bulk-1440x900.png');
      await queue.locator('button[data-action="bulk-accept"]').click();
      await expect.poll(() => queue.locator('li.item').count()).toBe(1);
      for (const id of [ids.school, ids.park, ids.street]) expect((await detail(id!)).properties.status).toBe('accepted');

      // Plant one and reject one (among the accepted), then find them under their statuses.
      await queue.locator('select[data-filter="status"]').selectOption('accepted');
      await expect.poll(() => queue.locator('li.item').count()).toBe(3);
      await queue.locator(`li[data-proposal="${ids.school}"] button[data-action="plant"]`).click();
      await expect.poll(() => queue.locator(`li[data-proposal="${ids.school}"]`).count()).toBe(0);
      const park = queue.locator(`li[data-proposal="${ids.park}"]`);
      await park.locator('button[data-action="reject"]').click();
      await park.locator('textarea').fill('Kolizja z siecią wodociągową');
      await park.locator('button[data-action="reject-confirm"]').click();
      await expect.poll(() => park.count()).toBe(0);
      await queue.locator('select[data-filter="status"]').selectOption('planted');
      await expect.poll(() => queue.locator('li.item').count()).toBe(1);
      expect(await queue.locator('ol.items').getAttribute('data-queue-status')).toBe('planted');
      await shot(page, 'planner-queue-planted-1440x900.png');
      // The planted one's download is not empty.
      const csvHref = await queue.locator('a[data-export="csv"]').getAttribute('href');
      const csv = await (await fetch(`${server.url}${csvHref}`)).text();
      expect(csv.trim().split('\r\n')).toHaveLength(2);
      expect(csv).toContain(ids.school);
      // A planting undone is a new decision with a reason.
      await queue.locator(`li[data-proposal="${ids.school}"] button[data-action="to-accepted"]`).click();
      await queue.locator(`li[data-proposal="${ids.school}"] textarea`).fill('Sadzonka nie przyjęła się');
      await queue.locator(`li[data-proposal="${ids.school}"] button[data-action="reject-confirm"]`).click();
      await expect.poll(async () => (await detail(ids.school!)).properties.status).toBe('accepted');
      await queue.locator('select[data-filter="status"]').selectOption('rejected');
      await expect.poll(() => queue.locator('li.item').count()).toBe(1);
      expect(await queue.locator('li.item').getAttribute('data-proposal')).toBe(ids.park);
      // The same queue on a phone.
      await page.setViewportSize({ width: 390, height: 844 });
      await queue.locator('select[data-filter="status"]').selectOption('accepted');
      await expect.poll(() => queue.locator('li.item').count()).toBe(2);
      await queue.locator('[data-pick-all]').check();
      await queue.locator('[data-pick-all]').scrollIntoViewIfNeeded();
      await shot(page, 'planner-queue-390x844.png');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the resident: the list, links, my proposals', () => {
  it('lists, filters and sorts proposals; opens and supports one from the keyboard; shows the decisions on my proposals', async () => {
    const { context, page, errors } = await openAs(ala, `#${CITY}?tab=propozycje`);
    try {
      const list = page.locator('kp-proposal-list');
      // The planner's decisions on Ala's proposals, shown on her next visit.
      const decisions = list.locator('[data-decisions]');
      await decisions.waitFor();
      await expect.poll(() => decisions.locator('li').count()).toBe(2);
      expect(await decisions.textContent()).toContain('Kolizja z siecią wodociągową');
      await shot(page, 'resident-decisions-1440x900.png');
      await expect.poll(() => list.locator('li.item').count()).toBe(4);
      // Sorted by date, newest first; filtered by district.
      await list.locator('select[data-list-filter="sort"]').selectOption('newest');
      await expect.poll(() => list.locator('li.item').first().getAttribute('data-proposal')).toBe(ids.church);
      await list.locator('select[data-list-filter="district"]').selectOption('zachod');
      await expect.poll(() => list.locator('li.item').count()).toBe(1);
      await list.locator('select[data-list-filter="district"]').selectOption('');
      await list.locator('select[data-list-filter="status"]').selectOption('rejected');
      await expect.poll(() => list.locator('li.item').count()).toBe(1);
      await list.locator('select[data-list-filter="status"]').selectOption('');
      await expect.poll(() => list.locator('li.item').count()).toBe(4);

      // Keyboard: Tab reaches the item's button; Enter opens the proposal on the map.
      const church = list.locator(`li[data-proposal="${ids.church}"]`);
      await church.locator('button[data-action="list-open"]').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('kp-proposal-panel .inner').getAttribute('data-proposal')).toBe(ids.church);
      await expect.poll(() => page.locator('kp-proposal-panel [data-field="note"]').textContent()).toContain('Przy kościele');
      // Support from the list, by keyboard.
      const support = church.locator('button[data-action="list-support"]');
      await support.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => support.getAttribute('aria-pressed')).toBe('true');
      expect((await detail(ids.church!)).properties.supports).toBe(1);
      // My own proposals carry no support button (the server refuses it too).
      expect(await list.locator(`li[data-proposal="${ids.school}"] button[data-action="list-support"]`).count()).toBe(0);
      // My proposals.
      await list.locator('input[data-list-filter="mine"]').check();
      await expect.poll(() => list.locator('li.item').count()).toBe(2);
      expect(await list.locator('li.item').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-status')).sort())).toEqual(['accepted', 'rejected']);
      await shot(page, 'resident-my-proposals-1440x900.png');
      await page.setViewportSize({ width: 390, height: 844 });
      await decisions.scrollIntoViewIfNeeded();
      await shot(page, 'resident-my-proposals-390x844.png');
      await page.setViewportSize({ width: 1440, height: 900 });
      await decisions.locator('button[data-action="decisions-seen"]').click();
      await expect.poll(() => list.locator('[data-decisions]').count()).toBe(0);
      // Seen once, not announced again.
      await page.reload();
      await waitForMapIdle(page);
      await expect.poll(() => page.locator('kp-proposal-list li.item').count()).toBeGreaterThan(0);
      expect(await page.locator('kp-proposal-list [data-decisions]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('finds a proposal by its public number: the link #mini/proposal/N, the search box "nr N", the number in the list and the panel', async () => {
    const n = (await detail(ids.street!)).properties.number;
    expect(n).toBeGreaterThan(0);
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/proposal/${n}`, width: 1440, height: 900 });
    try {
      const panel = page.locator('kp-proposal-panel');
      await expect.poll(() => panel.locator('[data-field="note"]').textContent()).toContain('Przy ulicy Długiej');
      expect(await panel.locator('.inner').getAttribute('data-proposal')).toBe(ids.street);
      expect(await panel.locator('[data-field="number"]').textContent()).toBe(String(n));
      // The list names every proposal by its number.
      const item = page.locator(`kp-proposal-list li[data-proposal="${ids.street}"]`);
      await expect.poll(() => item.locator('[data-number]').textContent()).toBe(`nr ${n}`);
      await panel.locator('button.close').click();
      await expect.poll(() => panel.locator('.inner').count()).toBe(0);
      // Typed in the search box as said on the phone, Enter opens it.
      await page.locator('kp-search-box input[role="combobox"]').focus();
      await page.keyboard.type(`nr ${n}`);
      const first = page.locator('kp-search-box [role="option"]').first();
      await expect.poll(() => first.getAttribute('data-kind')).toBe('proposal');
      expect(await first.textContent()).toContain(`nr ${n}`);
      await shot(page, 'resident-search-number-1440x900.png');
      await page.keyboard.press('Enter');
      await expect.poll(() => panel.locator('.inner').getAttribute('data-proposal')).toBe(ids.street);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("reopens a proposal from its link, and the list works on a phone", async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}/proposal/${ids.street}`, width: 390, height: 844 });
    try {
      await expect.poll(() => page.locator('kp-proposal-panel [data-field="note"]').textContent()).toContain('Przy ulicy Długiej');
      await shot(page, 'resident-link-390x844.png');
      const all = (await (await fetch(`${server.url}/api/cities/${CITY}/proposals`)).json()) as ProposalCollection;
      expect(all.numberMatched).toBe(4);
      await page.locator('kp-proposal-panel button.close').click();
      const list = page.locator('kp-proposal-list');
      await expect.poll(() => list.locator('li.item').count()).toBe(4);
      await list.locator('li.item').first().scrollIntoViewIfNeeded();
      await shot(page, 'resident-list-390x844.png');
      // An item's link is the proposal's own link.
      expect(await list.locator(`a[data-link="${ids.park}"]`).getAttribute('href')).toBe(`#${CITY}/proposal/${ids.park}`);
      await list.locator(`a[data-link="${ids.park}"]`).click();
      await expect.poll(() => page.locator('kp-proposal-panel [data-field="note"]').textContent()).toContain('Przy parku');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
