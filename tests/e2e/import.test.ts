/**
 * The admins' layer import in the built viewer, against the real server on a copy of the
 * "mini" fixture pack (town 22.00–22.02°E × 50.90–50.91°N), with an admin made by the CLI
 * beforehand. A GeoJSON in PUWG 1992 (EPSG:2180, written here with proj4 from known WGS84
 * points) is uploaded through the dialog, its report read, the import confirmed; then the
 * layer's API serves the new features where they were. A broken file gives a readable error.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { CityDetail, LayerCollection } from '../../server/api-types.ts';
import { ROOT, artifactPath, launchBrowser, openViewer, startServer, waitForMapIdle, type RunningServer } from './harness.ts';

const CITY = 'mini';
const LAYER = 'parks';
const PASSWORD = 'correct horse battery';
// EPSG:2180 (ETRS89 / Poland CS92) as published in the EPSG registry.
const PUWG1992 = '+proj=tmerc +lat_0=0 +lon_0=19 +k=0.9993 +x_0=500000 +y_0=-5300000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const toPuwg = (p: [number, number]) => proj4('EPSG:4326', PUWG1992, p) as [number, number];

let server: RunningServer;
let browser: Browser;
let packsDir: string;
let dataDir: string;

/** Two parks in Miniów (WGS84, counter-clockwise), the second one's ring left open. */
const PARK_A: [number, number][] = [[22.004, 50.902], [22.008, 50.902], [22.008, 50.905], [22.004, 50.905], [22.004, 50.902]];
const PARK_B: [number, number][] = [[22.012, 50.906], [22.016, 50.906], [22.016, 50.908], [22.012, 50.908]];

/** A FeatureCollection in EPSG:2180 (no "crs" member: the dialog names the system). */
function puwgFile(): Buffer {
  const polygon = (ring: [number, number][]) => ({ type: 'Polygon', coordinates: [ring.map(toPuwg)] });
  const fc = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { NAZWA: 'Park nad stawem', OPIS: 'Zieleń przy stawie' }, geometry: polygon(PARK_A) },
      { type: 'Feature', properties: { NAZWA: 'Skwer <b>Północny</b>', OPIS: 'Skwer' }, geometry: polygon(PARK_B) },
      { type: 'Feature', properties: { NAZWA: 'Bez geometrii', OPIS: '—' }, geometry: null },
    ],
  };
  return Buffer.from(JSON.stringify(fc));
}

async function layerApi(): Promise<LayerCollection> {
  const res = await fetch(`${server.url}/api/cities/${CITY}/layers/${LAYER}`);
  expect(res.status).toBe(200);
  return (await res.json()) as LayerCollection;
}

/** Largest distance in metres between matching vertices (small angles: flat approximation is plenty). */
function maxDeviationM(a: number[][], b: number[][]): number {
  let max = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const dx = (a[i]![0]! - b[i]![0]!) * 111_320 * Math.cos((b[i]![1]! * Math.PI) / 180);
    const dy = (a[i]![1]! - b[i]![1]!) * 110_540;
    max = Math.max(max, Math.hypot(dx, dy));
  }
  return max;
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

async function signInAsAdmin(page: Page): Promise<void> {
  await page.locator('kp-app #tab-proposals').click();
  const form = page.locator('kp-sign-in form');
  await form.waitFor();
  await form.locator('#si-login').fill('ops');
  await form.locator('#si-password').fill(PASSWORD);
  await form.locator('button[type="submit"]').click();
  await page.locator('kp-sign-in [data-signed-in]').waitFor();
}

async function openImport(page: Page): Promise<Locator> {
  await page.locator('kp-app button[data-action="more"]').click();
  await page.locator('kp-app #more-menu button[data-menu="import"]').click();
  const dialog = page.locator('kp-import-panel dialog[open]');
  await dialog.waitFor();
  return dialog;
}

/** Fills a mapping row (1-based), adding it when needed. */
async function mappingRow(dialog: Locator, n: number, target: string, kind: 'map' | 'set', value: string): Promise<void> {
  if ((await dialog.locator(`li[data-row="${n}"]`).count()) === 0) await dialog.locator('button[data-action="row-add"]').click();
  const row = dialog.locator(`li[data-row="${n}"]`);
  await row.locator('select[data-field="target"]').selectOption(target);
  await row.locator('select[data-field="kind"]').selectOption(kind);
  await row.locator('input[data-field="value"]').fill(value);
}

beforeAll(async () => {
  packsDir = mkdtempSync(path.join(tmpdir(), 'kp-e2e-import-packs-'));
  cpSync(path.join(ROOT, 'tests', 'fixtures', 'packs', CITY), path.join(packsDir, CITY), { recursive: true });
  dataDir = mkdtempSync(path.join(tmpdir(), 'kp-e2e-import-data-'));
  // The admin is made the way an operator makes one: with the CLI, before the server starts.
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/user-add.ts', '--role', 'admin', '--login', 'ops'], {
    cwd: ROOT,
    input: `${PASSWORD}\n`,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  server = await startServer({ PACKS_DIR: packsDir, DATA_DIR: dataDir, RATE_LIMIT_WRITES: '1000', RATE_LIMIT_SIGNUPS: '1000' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (packsDir) rmSync(packsDir, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('layer import (admin)', () => {
  it('uploads a GeoJSON in EPSG:2180, shows the report, and on "Zatwierdź" the layer serves the new features', async () => {
    const before = await layerApi();
    expect(before.features.map((f) => f.id)).toEqual(['park-a']);
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}`, bypassCsp: true });
    try {
      // Signed out, there is no import in the menu.
      await page.locator('kp-app button[data-action="more"]').click();
      await page.locator('kp-app #more-menu').waitFor();
      expect(await page.locator('kp-app #more-menu button[data-menu="import"]').count()).toBe(0);
      await page.keyboard.press('Escape');

      await signInAsAdmin(page);
      const dialog = await openImport(page);
      // Sending with nothing chosen says what is missing, without asking the server.
      await dialog.locator('button[data-action="import-send"]').click();
      await expect.poll(() => dialog.locator('.problems').textContent()).toContain('Wybierz warstwę');

      await dialog.locator('#imp-layer').selectOption(LAYER);
      await dialog.locator('#imp-file').setInputFiles({ name: 'parki-puwg92.geojson', mimeType: 'application/geo+json', buffer: puwgFile() });
      await dialog.locator('#imp-crs').selectOption('EPSG:2180');
      // One click gives a row per property the layer's features must have.
      await dialog.locator('button[data-action="rows-required"]').click();
      const targets = await dialog.locator('li[data-row] select[data-field="target"]').evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
      expect(targets).toEqual(['name', 'description', 'goals', 'status', 'accuracy', 'source.document', 'source.section']);
      await mappingRow(dialog, 1, 'name', 'map', 'NAZWA');
      await mappingRow(dialog, 2, 'description', 'map', 'OPIS');
      await mappingRow(dialog, 3, 'goals', 'set', 'II.1');
      await mappingRow(dialog, 4, 'status', 'set', 'planned');
      await mappingRow(dialog, 5, 'accuracy', 'set', 'approximate');
      await mappingRow(dialog, 6, 'source.document', 'set', 'Test strategy');
      await mappingRow(dialog, 7, 'source.section', 'set', '1');
      await mappingRow(dialog, 8, 'category', 'set', 'do usunięcia');
      await dialog.locator('li[data-row="8"] button[data-action="row-remove"]').click();
      expect(await dialog.locator('li[data-row]').count()).toBe(7);
      await page.screenshot({ path: artifactPath('import-form-1280x800.png') });
      expect(await axeViolations(page), 'import form').toEqual([]);
      await dialog.locator('button[data-action="import-send"]').click();

      // The report: 1 accepted, 1 repaired (ring closed), 1 refused (no geometry), refused shown first.
      const counts = dialog.locator('[data-import-counts]');
      await counts.waitFor();
      const count = (k: string) => counts.locator(`[data-count="${k}"] strong`).textContent();
      expect([await count('accepted'), await count('repaired'), await count('refused'), await count('total')]).toEqual(['1', '1', '1', '3']);
      expect(await dialog.locator('.files').textContent()).toMatch(/parki-puwg92\.geojson: geojson, obiekty: 3, układ: EPSG:2180/);
      await dialog.locator('select[data-field="filter"]').selectOption('all');
      const rows = dialog.locator('table[data-import-items] tbody tr');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')))).toEqual(['refused', 'repaired', 'accepted']);
      // Report lines are worded by code in the viewer's language, not the server's English.
      expect(await rows.nth(0).locator('td.note').textContent()).toContain('pusty kształt');
      expect(await rows.nth(1).locator('td.note').textContent()).toContain('Naprawiono: domknięto obrys (1)');
      await page.screenshot({ path: artifactPath('import-report-1280x800.png') });
      expect(await axeViolations(page), 'import report').toEqual([]);
      // Nothing is written before the confirmation.
      expect((await layerApi()).features.map((f) => f.id)).toEqual(['park-a']);

      await dialog.locator('button[data-action="import-confirm"]').click();
      await expect.poll(() => dialog.locator('[data-import-done]').textContent(), { timeout: 120_000 }).toMatch(/zaimportowane obiekty: 2, warstwa ma teraz obiektów: 2/);
      await page.screenshot({ path: artifactPath('import-done-1280x800.png') });

      // The layer's API serves the imported features, where the WGS84 points were.
      const after = await layerApi();
      expect(after.features.map((f) => f.properties.name).sort()).toEqual(['Park nad stawem', 'Skwer <b>Północny</b>']);
      const a = after.features.find((f) => f.properties.name === 'Park nad stawem')!;
      expect(a.properties).toMatchObject({ description: 'Zieleń przy stawie', goals: ['II.1'] });
      expect(maxDeviationM((a.geometry as { coordinates: number[][][] }).coordinates[0]!, PARK_A)).toBeLessThan(0.5);
      const detail = (await (await fetch(`${server.url}/api/cities/${CITY}`)).json()) as CityDetail;
      expect(detail.layers.find((l) => l.id === LAYER)!.featureCount).toBe(2);

      // The viewer shows the new layer: its count in the layers panel, its features on the map.
      await dialog.locator('button[data-action="import-finish"]').click();
      await expect.poll(() => page.locator('kp-import-panel').count()).toBe(0);
      await page.locator('kp-app #tab-layers').click();
      await expect.poll(() => page.locator(`kp-layer-panel input[data-layer="${LAYER}"]`).isChecked()).toBe(true);
      await expect.poll(() => page.locator('kp-layer-panel li.layer', { hasText: 'Parki' }).locator('.count').textContent()).toContain('2');
      await waitForMapIdle(page);
      await expect
        .poll(() =>
          page.evaluate(
            (layer) =>
              (window as unknown as { __kpMap: { queryRenderedFeatures(o: object): { properties: { id: string; kp_layer?: string }; layer: { metadata?: Record<string, string> } }[] } }).__kpMap
                .queryRenderedFeatures({})
                .filter((f) => f.properties.kp_layer === layer && f.layer.metadata?.['kp:part'] !== 'selected')
                .map((f) => f.properties.id),
            LAYER,
          ),
        )
        .toEqual(expect.arrayContaining(after.features.map((f) => String(f.id))));
      // The HTML in a name is text, never markup.
      expect(await page.locator('b', { hasText: 'Północny' }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('shows a readable error for a broken file and keeps the form to try again', async () => {
    const { context, page, errors } = await openViewer(browser, server.url, { hash: `#${CITY}`, width: 390, height: 844 });
    try {
      await signInAsAdmin(page);
      const dialog = await openImport(page);
      await dialog.locator('#imp-layer').selectOption(LAYER);
      await dialog.locator('#imp-file').setInputFiles({ name: 'uszkodzony.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type": "FeatureCollection", "features": [{"type": "Feature", ') });
      await dialog.locator('button[data-action="import-send"]').click();
      const error = dialog.locator('[data-import-error]');
      await error.waitFor();
      const text = (await error.textContent()) ?? '';
      expect(text).toContain('Nie udało się odczytać pliku');
      expect(text).toContain('uszkodzony.geojson nie jest poprawnym JSON-em');
      expect(await error.getAttribute('role')).toBe('alert');
      // The dialog fits the phone; the form is still there to pick another file.
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      expect(await dialog.locator('button[data-action="import-send"]').isEnabled()).toBe(true);
      await page.screenshot({ path: artifactPath('import-error-390x844.png') });
      expect((await layerApi()).features).toHaveLength(2);
      // The failed upload is logged by the browser as a failed request; nothing else went wrong.
      expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
