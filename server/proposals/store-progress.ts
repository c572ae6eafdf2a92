import type { CityCounts, ProgressCounts, ProgressSource } from '../queries/progress-source.ts';
import type { ProposalStore } from '../store/store.ts';

/** Progress from stored proposals: the store keeps the counts; this groups them by kind and district. */
export function storeProgress(store: Pick<ProposalStore, 'districtCounts'>): ProgressSource {
  return {
    async cityCounts(city): Promise<CityCounts> {
      const out = new Map<string, Map<string, ProgressCounts>>();
      for (const { kind, district, ...counts } of await store.districtCounts(city)) {
        let byDistrict = out.get(kind);
        if (!byDistrict) out.set(kind, (byDistrict = new Map()));
        byDistrict.set(district, counts);
      }
      return out;
    },
  };
}
