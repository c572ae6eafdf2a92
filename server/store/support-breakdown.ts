/** Shared by both stores: supports of a proposal counted confirmed/unconfirmed, and bursts found. */
import type { SupportBreakdown } from './store.ts';

/**
 * Bursts: for each network, the largest number of its supports inside any window of
 * `windowMs`, reported when it reaches `burstMin`. Rows must be sorted by network, then time.
 */
export function breakdown(rows: { network: string | null; at: string; confirmed: boolean }[], burstMin: number, windowMs: number): SupportBreakdown {
  let confirmed = 0;
  for (const r of rows) if (r.confirmed) confirmed++;
  const bursts: SupportBreakdown['bursts'] = [];
  let i = 0;
  while (i < rows.length) {
    const net = rows[i]!.network;
    let j = i;
    while (j < rows.length && rows[j]!.network === net) j++;
    if (net !== null && j - i >= burstMin) {
      const times = rows.slice(i, j).map((r) => Date.parse(r.at));
      let best = { count: 0, from: 0, to: 0 };
      let lo = 0;
      for (let hi = 0; hi < times.length; hi++) {
        while (times[hi]! - times[lo]! > windowMs) lo++;
        if (hi - lo + 1 > best.count) best = { count: hi - lo + 1, from: lo, to: hi };
      }
      if (best.count >= burstMin) bursts.push({ network: net, count: best.count, from: rows[i + best.from]!.at, to: rows[i + best.to]!.at });
    }
    i = j;
  }
  bursts.sort((a, b) => b.count - a.count);
  return { confirmed, unconfirmed: rows.length - confirmed, bursts };
}
