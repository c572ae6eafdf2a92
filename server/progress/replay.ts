/**
 * The state of undertakings on a date, as a replay of their updates: pure, so the map's time
 * control, the indicators, the OGC collections and the yearly report all read one answer.
 *
 * Rules: a corrected update no longer counts (its correction stands in its place, with its own
 * date); the updates up to the date are applied oldest first (by the date they describe, then
 * by when recorded); status and geometry are the last given, each figure's value the last given
 * for that figure (an update reports only the figures it knows about).
 */
import type { ProgressUpdate } from '../store/store.ts';
import type { UndertakingState } from './progress-types.ts';

/** Updates that still count: those no other update corrects. */
export function effectiveUpdates(updates: readonly ProgressUpdate[]): ProgressUpdate[] {
  const corrected = new Set(updates.flatMap((u) => (u.corrects ? [u.corrects] : [])));
  return updates.filter((u) => !corrected.has(u.id));
}

const byTime = (a: ProgressUpdate, b: ProgressUpdate) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

export function emptyState(undertaking: string): UndertakingState {
  return { undertaking, status: 'planned', asOf: null, values: {}, geometry: null, updates: [] };
}

/** One undertaking's state on `at` (YYYY-MM-DD, inclusive) from all of its updates. */
export function stateOn(undertaking: string, updates: readonly ProgressUpdate[], at: string): UndertakingState {
  const state = emptyState(undertaking);
  const counted = effectiveUpdates(updates.filter((u) => u.undertaking === undertaking))
    .filter((u) => u.asOf <= at)
    .sort(byTime);
  for (const u of counted) {
    state.status = u.status;
    state.asOf = u.asOf;
    for (const [figure, value] of Object.entries(u.values)) state.values[figure] = { value, asOf: u.asOf };
    if (u.geometry) state.geometry = u.geometry;
    state.updates.push(u.id);
  }
  return state;
}

/** Every listed undertaking's state on `at`. */
export function statesOn(undertakings: readonly string[], updates: readonly ProgressUpdate[], at: string): UndertakingState[] {
  return undertakings.map((id) => stateOn(id, updates, at));
}
