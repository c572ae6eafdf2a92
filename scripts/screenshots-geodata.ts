/**
 * Regenerates the README's open-data screenshots (docs/kalisz-town.png, docs/kalisz-centre-streets.png,
 * docs/krasnik-railway.png) from the built viewer in headless Chromium, and prints the map's
 * attribution for each, so a person can check the licence line is there.
 *
 * Usage: npm run build && npx tsx scripts/screenshots-geodata.ts
 */
import { launchBrowser, openViewer, startServer, waitForMapIdle } from '../tests/e2e/harness.ts';
const shots: [string, string][] = [
  ['docs/kalisz-town.png', '#kalisz/11.75/51.7475/18.076'],
  ['docs/kalisz-centre-streets.png', '#kalisz/15/51.7595/18.0875'],
  ['docs/krasnik-railway.png', '#krasnik/13.1/50.9335/22.262'],
];
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const [file, hash] of shots) {
    const { context, page, errors } = await openViewer(browser, server.url, { hash, width: 1280, height: 800 });
    await waitForMapIdle(page);
    await page.screenshot({ path: file });
    const attrib = await page.evaluate(() => {
      const el = document.querySelector('kp-app')?.shadowRoot?.querySelector('kp-map-view')?.shadowRoot?.querySelector('.maplibregl-ctrl-attrib-inner');
      return el?.textContent ?? '(none)';
    });
    console.log(file, 'attribution:', attrib, 'errors:', errors.join(' | '));
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
