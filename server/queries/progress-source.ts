/**
 * Where per-district progress against a target (trees proposed / accepted / planted)
 * comes from. The proposals store implements it; without proposals every count is zero.
 */
export interface ProgressCounts {
  proposed: number;
  accepted: number;
  planted: number;
}

export interface ProgressSource {
  /** Counts for one target of one city, by district id (districts with none may be missing). */
  progressByDistrict(city: string, targetId: string): Promise<Map<string, ProgressCounts>>;
  /** Counts for one proposal kind of one city, by district id (absent: every count is zero). */
  countsByKind?(city: string, kindId: string): Promise<Map<string, ProgressCounts>>;
}

export const ZERO: ProgressCounts = Object.freeze({ proposed: 0, accepted: 0, planted: 0 });

export const noProgress: ProgressSource = {
  progressByDistrict: async () => new Map(),
  countsByKind: async () => new Map(),
};
