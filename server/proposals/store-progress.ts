import type { CityCounts, ProgressCounts, ProgressSource } from '../queries/progress-source.ts';
import type { ProposalStore } from '../store/store.ts';

/**
 * Progress from stored proposals: the store keeps the counts; this groups them by kind and
 * district. Today's counts are the kept totals; a past date's come from the kept per-day history.
 */
export function storeProgress(store: Pick<ProposalStore, 'districtCounts' | 'districtCountsOn'>, today: () => string = () => new Date().toISOString().slice(0, 10)): ProgressSource {
  return {
    async cityCounts(city, at): Promise<CityCounts> {
      const out = new Map<string, Map<string, ProgressCounts>>();
      const rows = at !== undefined && at < today() ? await store.districtCountsOn(city, at) : await store.districtCounts(city);
      for (const { kind, district, ...counts } of rows) {
        let byDistrict = out.get(kind);
        if (!byDistrict) out.set(kind, (byDistrict = new Map()));
        byDistrict.set(district, counts);
      }
      return out;
    },
  };
}
