/**
 * The story PDF in headless Chromium (SwiftShader WebGL), not a test: time from the click on
 * PDF to the saved file for Kraśnik's story at 1280×800, against an anchor measured in the same
 * run — one pass through every chapter on the live map with → (each chapter drawn), the work
 * the PDF used to do on the projector. Prints both, their ratio, the size in MB and the time
 * per chapter.
 *   npx vite build && npx tsx bench/story-pdf.ts [N=1]
 */
import { statSync } from 'node:fs';
import { artifactPath, launchBrowser, openViewer, startServer } from '../tests/e2e/harness.ts';

const N = Number(process.argv[2] ?? 1);
const server = await startServer();
const browser = await launchBrowser();
try {
  const story = (await (await fetch(`${server.url}/api/cities/krasnik/story`)).json()) as { chapters: unknown[] };
  const total = story.chapters.length;
  for (let run = 1; run <= N; run++) {
    const { context, page } = await openViewer(browser, server.url, { hash: '#krasnik/story/1', width: 1280, height: 800 });
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.locator('kp-story-player[data-ready="1"]').waitFor({ state: 'attached', timeout: 300_000 });
      // Anchor: every chapter shown on the live map, one after the other.
      const t0 = Date.now();
      for (let n = 2; n <= total; n++) {
        await page.keyboard.press('ArrowRight');
        await page.locator(`kp-story-player[data-ready="${n}"]`).waitFor({ state: 'attached', timeout: 300_000 });
      }
      const anchor = Date.now() - t0;
      await page.keyboard.press('Home');
      await page.locator('kp-story-player[data-ready="1"]').waitFor({ state: 'attached', timeout: 300_000 });
      const steps: number[] = [];
      page.on('console', (m) => m.type() === 'error' && console.error('page:', m.text()));
      const t1 = Date.now();
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 900_000 }),
        (async () => {
          await page.locator('kp-story-player button[data-action="pdf"]').click();
          for (let n = 1; n <= total; n++) {
            await page.locator(`kp-story-player [data-pdf-progress="${n}"], kp-story-player[data-pdf]`).first().waitFor({ state: 'attached', timeout: 900_000 });
            steps.push(Date.now() - t1);
          }
        })(),
      ]);
      const pdfMs = Date.now() - t1;
      const file = artifactPath('bench-story.pdf');
      await download.saveAs(file);
      const mb = statSync(file).size / 1e6;
      console.log(`run ${run}: ${total} chapters; anchor (every chapter on the live map) ${(anchor / 1000).toFixed(1)} s; PDF ${(pdfMs / 1000).toFixed(1)} s = ${(pdfMs / anchor).toFixed(2)} × anchor; ${mb.toFixed(2)} MB`);
      console.log(`  progress seen at (s): ${steps.map((s) => (s / 1000).toFixed(1)).join(' ')}`);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
