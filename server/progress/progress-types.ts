/** What the progress API answers: shared with the viewer as type-only imports. */
import type { Geometry } from 'geojson';
import type { ProgressStatus } from '../store/store.ts';

export type { ProgressStatus };

/** An update as the public sees it: signed by the office, never by a planner's login. */
export interface PublicProgressUpdate {
  id: string;
  undertaking: string;
  asOf: string;
  status: ProgressStatus;
  values: Record<string, number>;
  note: string;
  geometry: Geometry | null;
  corrects: string | null;
  /** Set when a later update corrects this one (this one then no longer counts). */
  correctedBy: string | null;
  author: string;
  createdAt: string;
}

/** Where one undertaking stood on a date: the replay of its updates up to that date. */
export interface UndertakingState {
  undertaking: string;
  /** "planned" with no update before the date (the strategy's own plan). */
  status: ProgressStatus;
  /** Date of the last update counted (null: none yet). */
  asOf: string | null;
  /** The latest value reported by then for each figure, and the date it describes. */
  values: Record<string, { value: number; asOf: string }>;
  /** What was done by then (the latest update that drew it), or null. */
  geometry: Geometry | null;
  /** Ids of the updates counted, oldest first. */
  updates: string[];
}

/** A declared figure against what was reached: the target is the strategy's, the value the planners' (or the proposals'). */
export interface FigureIndicator {
  id: string;
  label: string;
  unit: string;
  /** The declared figure (for a range: its lower end, against which the share is reckoned). */
  target: number;
  /** For a declared range ("2–3 MW"), its upper end. */
  targetMax?: number;
  qualifier?: string;
  /**
   * "district": the declared target holds in each district ("1000 trees in each district"), as
   * the strategy states it; `reached` is then the town's total and `districts` each district's.
   */
  per?: 'district';
  /**
   * For a per-district target: the town's total target, which the strategy never states —
   * computed from the declared figure (`basis`: "4 × 1000"), so a reader must be told so.
   */
  computedTarget?: { value: number; basis: string; districts: number };
  reached: number | null;
  reachedAsOf: string | null;
  /** reached / target (for a per-district target: / computedTarget.value; may pass 1), or null with nothing reached yet. */
  share: number | null;
  /** "progress": reported in updates; "proposals": counted live from planted proposals (per district). */
  from: 'progress' | 'proposals';
  /** The pack's target a live figure counts (its unit may have a translation there). */
  targetId?: string;
  /** For a per-district target (trees): each district's count against it. */
  districts?: { id: string; name: string; reached: number; target: number; share: number }[];
}

export interface UndertakingIndicator {
  id: string;
  name: string;
  goal: string;
  status: ProgressStatus;
  asOf: string | null;
  figures: FigureIndicator[];
  /** The share of the first declared figure that has one (the strategy lists its headline figure first). */
  share: number | null;
  /** What the drawn geometry of the work done measures (kept apart from the reported values). */
  measured: { lengthKm?: number; areaHa?: number } | null;
}

export interface GoalIndicator {
  code: string;
  name: string;
  undertakings: string[];
  /** Undertakings by status. */
  statuses: Partial<Record<ProgressStatus, number>>;
  /** The mean of its undertakings' shares, over those that have one; null when none has. */
  share: number | null;
  /** How many undertakings the share is the mean of. */
  sharesCounted: number;
}

export interface IndicatorsResponse {
  city: string;
  at: string;
  undertakings: UndertakingIndicator[];
  goals: GoalIndicator[];
}

export interface ProgressStateResponse {
  city: string;
  at: string;
  timeline: { start: string; end: string; startBasis: string } | null;
  states: UndertakingState[];
}

export interface ProgressChangesResponse {
  city: string;
  since: string;
  /** Where `since` came from: the query, the configured last report date, or Dec 31 of last year. */
  sinceBasis: 'query' | 'configured' | 'previous-year-end';
  updates: PublicProgressUpdate[];
}

export interface UndertakingProgressResponse {
  undertaking: string;
  state: UndertakingState;
  indicator: UndertakingIndicator;
  updates: PublicProgressUpdate[];
}

/** One undertaking a person follows, with how many of its updates were recorded since they last looked. */
export interface FollowOut {
  undertaking: string;
  name: string;
  followedAt: string;
  seenAt: string;
  newSince: number;
}

/** GET /api/cities/:city/follows — the caller's own follows only. */
export interface FollowsResponse {
  city: string;
  follows: FollowOut[];
  /** All follows' new updates together. */
  newSince: number;
}
