import type { CityPack } from '../packs/index-pack.ts';
import type { ProgressCounts, ProgressSource } from '../queries/progress-source.ts';
import type { Store } from '../store/store.ts';

/**
 * Progress from stored proposals: a target (e.g. "trees") sums the counts of every proposal
 * kind that counts towards it. A funnel: proposed includes accepted and planted; accepted includes planted.
 */
export function storeProgress(store: Store, packs: Map<string, CityPack>): ProgressSource {
  return {
    async progressByDistrict(city, targetId) {
      const out = new Map<string, ProgressCounts>();
      const kinds = packs.get(city)?.raw.manifest.proposals?.kinds.filter((k) => k.target === targetId) ?? [];
      for (const k of kinds) {
        for (const row of await store.countsByDistrict(city, k.id)) {
          const c = out.get(row.district) ?? { proposed: 0, accepted: 0, planted: 0 };
          out.set(row.district, { proposed: c.proposed + row.proposed, accepted: c.accepted + row.accepted, planted: c.planted + row.planted });
        }
      }
      return out;
    },
    async countsByKind(city, kindId) {
      const out = new Map<string, ProgressCounts>();
      for (const row of await store.countsByDistrict(city, kindId)) out.set(row.district, { proposed: row.proposed, accepted: row.accepted, planted: row.planted });
      return out;
    },
  };
}
