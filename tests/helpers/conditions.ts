/**
 * Waiting for conditions instead of wall-clock windows, so tests hold on a busy machine: a
 * counter that resolves when it reaches a number, and a wait for a condition with a generous
 * upper bound that only turns a hang into a clear failure (never a window that must be hit).
 */

/** Counts events; `reached(n)` resolves once n have been counted. */
export class EventCount {
  private n = 0;
  private waiters: { at: number; resolve: () => void }[] = [];

  get value(): number {
    return this.n;
  }

  add(k = 1): void {
    this.n += k;
    this.waiters = this.waiters.filter((w) => (w.at <= this.n ? (w.resolve(), false) : true));
  }

  /** Resolves when the count is at least `n`. */
  reached(n: number): Promise<void> {
    if (this.n >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ at: n, resolve }));
  }
}

/**
 * Resolves when `cond()` is true, checking after each event-loop turn that lets I/O run;
 * rejects naming `what` (and the last value seen) if it is still false after `timeoutMs`.
 */
export async function until<T>(cond: () => T | Promise<T>, what: string, timeoutMs = 120_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    // Give I/O a turn (a poll, not a window: the condition decides, not the clock).
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves with `p`, or rejects naming `what` if `failed` settles first (e.g. every client gave up). */
export function unless<T>(p: Promise<T>, failed: Promise<unknown>, what: string): Promise<T> {
  return Promise.race([p, failed.then(() => Promise.reject(new Error(what)))]);
}
