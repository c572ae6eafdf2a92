/**
 * Where per-district progress (proposed / accepted / planted, per proposal kind) comes from.
 * The proposals store implements it; without proposals every count is zero. One call reads a
 * whole city's counts, so a summary of every district costs one small read, not one per district.
 */
export interface ProgressCounts {
  proposed: number;
  accepted: number;
  planted: number;
}

/** A city's counts: kind id → district id → counts (absent: every count is zero). */
export type CityCounts = ReadonlyMap<string, ReadonlyMap<string, ProgressCounts>>;

export interface ProgressSource {
  /**
   * The counts now, or — with `at` (YYYY-MM-DD) before today — as they stood at the end of that
   * day (a report for a past year, the time control on a past date counts nothing planted later).
   */
  cityCounts(city: string, at?: string): Promise<CityCounts>;
}

export const ZERO: ProgressCounts = Object.freeze({ proposed: 0, accepted: 0, planted: 0 });

export const noProgress: ProgressSource = { cityCounts: async () => new Map() };

/** Sums the counts of the given kinds over the given districts. */
export function sumCounts(counts: CityCounts, kinds: readonly string[], districts: readonly string[]): ProgressCounts {
  const sum = { proposed: 0, accepted: 0, planted: 0 };
  for (const k of kinds) {
    const byDistrict = counts.get(k);
    if (!byDistrict) continue;
    for (const d of districts) {
      const c = byDistrict.get(d) ?? ZERO;
      sum.proposed += c.proposed;
      sum.accepted += c.accepted;
      sum.planted += c.planted;
    }
  }
  return sum;
}
