import { launchBrowser, startServer } from '../tests/e2e/harness.ts';
const out = process.argv[2]!;
const server = await startServer();
const browser = await launchBrowser();
try {
  for (const town of ['krasnik', 'kalisz']) {
    for (const [w, h] of [[1280, 800], [390, 844]] as const) {
      const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: 'pl-PL' });
      const page = await ctx.newPage();
      await page.goto(`${server.url}/?test#${town}`);
      await page.waitForFunction(() => performance.getEntriesByName('kp-map-idle').length > 0, undefined, { timeout: 120000 });
      await page.screenshot({ path: `${out}/${town}-${w}x${h}.png` });
      // a street-level view too, where street and point labels show
      await page.evaluate(() => new Promise((r) => { const m = (window as any).__kpMap; m.once('idle', r); m.jumpTo({ zoom: 15 }); }));
      await page.screenshot({ path: `${out}/${town}-${w}x${h}-z15.png` });
      await ctx.close();
    }
  }
} finally { await browser.close(); await server.stop(); }
