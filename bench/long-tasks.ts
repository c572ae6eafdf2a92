/**
 * The longest main-thread task a page runs, as the browser reports it (PerformanceObserver
 * "longtask"), for the browser benches: watch from the page's start, reset before a gesture,
 * read after it.
 */
import type { Page } from 'playwright-core';

type Watched = { __longest: number };

/** Before `page.goto`: records the longest task from the page's first script on. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Watched;
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Forgets the tasks so far (before the gesture to be measured). */
export async function resetLongest(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as Watched).__longest = 0));
}

/** The longest task (ms) since the page's start or the last reset. */
export function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as Watched).__longest);
}
