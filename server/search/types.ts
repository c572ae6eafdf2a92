/** What GET /api/cities/:city/search answers (shared with the viewer as a type-only import). */
export type SearchHitKind = 'district' | 'street' | 'place' | 'feature' | 'undertaking' | 'proposal' | 'geocoder';

export interface SearchHit {
  kind: SearchHitKind;
  /** The pack's id of what was found (a feature, district, undertaking or proposal); a geocoder hit has its own. */
  id: string;
  label: string;
  /**
   * More about it: a layer's title (the pack's words), a proposal's status code, the geocoder's
   * address line; empty for a district or an undertaking (the viewer words the kind itself).
   */
  detail: string;
  /** [west, south, east, north] to fly to. */
  bbox: [number, number, number, number];
  /** A proposal's public number ("nr 123"). */
  number?: number;
  /** The layer of a feature, street or place (it opens the feature panel). */
  layer?: string;
}

export interface SearchResult {
  query: string;
  /** Matches in what the town's pack holds (and a proposal by its id). */
  results: SearchHit[];
  /** Matches from the online geocoder, limited to the town's bounds; null when none is configured. */
  geocoder: SearchHit[] | null;
  /** Why the geocoder gave nothing this time (timeout, error), for the viewer to say. */
  geocoderError?: string;
}
