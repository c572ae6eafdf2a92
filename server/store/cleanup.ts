/**
 * Deletes what has run out, on a timer: rate-limit windows (the longest limit is an hour, so
 * windows older than two are dead), expired sessions and unused e-mail confirmation links.
 */
import type { Store } from './store.ts';

export const RATE_WINDOW_KEEP_MS = 2 * 3600_000;

export function startCleanup(store: Store, everyMs = 10 * 60_000, log: (m: string) => void = () => undefined): () => void {
  const run = async () => {
    try {
      const r = await store.cleanup(new Date().toISOString(), Date.now() - RATE_WINDOW_KEEP_MS);
      if (r.rateLimits + r.sessions + r.confirmations > 0) log(`Cleaned up ${r.rateLimits} rate-limit windows, ${r.sessions} expired sessions, ${r.confirmations} expired confirmation links`);
    } catch {
      // The store is down (503s are answered meanwhile); the next round tries again.
    }
  };
  void run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
