/**
 * The districts slice: the open district's summary or the drawn area's figures (one at a time:
 * the latest request wins), and the choropleth's classes. Loaded by the viewer's tasks (viewer.ts).
 */
import type { DistrictSummaries, DistrictSummary, QueryResult } from '../../server/api-types.ts';
import type { ChoroplethClasses } from './choropleth.ts';

export interface DistrictsState {
  summary: DistrictSummary | null;
  query: QueryResult | null;
  loading: boolean;
  error: string | null;
  /** An area is drawn on the map (its figures are in `query`). */
  hasDrawing: boolean;
  /** Every district's summary (for the choropleth), fetched once per town and after proposal changes. */
  summaries: DistrictSummaries | null;
  classes: ChoroplethClasses | null;
}

export const initialDistricts = (): DistrictsState => ({ summary: null, query: null, loading: false, error: null, hasDrawing: false, summaries: null, classes: null });
