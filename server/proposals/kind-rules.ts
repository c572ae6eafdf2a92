/**
 * What one proposal of a kind counts, derived from the kind (the pack schema has no field for it):
 *
 * - a kind that needs a species (a tree) counts **units**: a point is one tree, an area holds
 *   `count` trees, at most one per `rules.m2PerUnit` m² and at most `rules.maxCount`;
 * - every other kind (a pocket park, a rain garden, a coworking centre…) counts **sites**: each
 *   proposal, point or area, is one site. Its count is always 1, it has no species, and
 *   `m2PerUnit` does not apply (an area is limited only by `rules.maxAreaM2`).
 *
 * Progress against a target sums the counts of the kinds that name the target; per-district
 * counts of the other kinds are plain sums of the same counts (so, for sites, of proposals).
 */
import type { ProposalKind } from '../packs/schema.ts';

export type KindCounts = 'units' | 'sites';

export function countsOf(kind: Pick<ProposalKind, 'needsSpecies'>): KindCounts {
  return kind.needsSpecies ? 'units' : 'sites';
}

/** The most units an area of `m2` may hold for a kind (1 for a site kind, whatever its size). */
export function maxCountFor(kind: Pick<ProposalKind, 'needsSpecies' | 'rules'>, m2: number): number {
  if (countsOf(kind) === 'sites') return 1;
  return Math.max(0, Math.min(kind.rules.maxCount, Math.floor(m2 / kind.rules.m2PerUnit)));
}
