/**
 * Counts the writes to proposals a store answered (`proposalWrites`), so caches of what is drawn
 * from them (map tiles) know when to read again. Wraps the store's own write methods; the count
 * is bumped after the write is committed, so a read stamped with the count before it is never
 * kept. Each store adds what other servers wrote to it in its `proposalChanges`.
 */
import type { ProposalStore } from './store.ts';

const WRITES = ['createProposal', 'createProposalAs', 'changeStatus', 'editProposal', 'addSupport', 'removeSupport'] as const;

export function trackProposalChanges(store: ProposalStore): void {
  const s = store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>> & { proposalWrites: number };
  for (const m of WRITES) {
    if (typeof s[m] !== 'function') continue; // createProposalAs: network stores only
    const write = s[m]!.bind(store);
    s[m] = async (...args: unknown[]) => {
      try {
        return await write(...args);
      } finally {
        s.proposalWrites++;
      }
    };
  }
}
