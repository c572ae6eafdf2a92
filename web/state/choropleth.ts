/**
 * Figures per district for the choropleth, and their classes. Pure functions.
 * Each figure has a definition shown beside the legend (figures are presented neutrally).
 */
import type { CityDetail, DistrictSummary } from '../../server/api-types.ts';
import type { ChoroplethMetric } from './url-codec.ts';

export const METRICS: readonly ChoroplethMetric[] = ['bike-km', 'trees', 'green-share'];

/** Ids of the area layers counted as green: those of undertakings under strategic goal II. */
export function greenLayerIds(detail: Pick<CityDetail, 'layers' | 'undertakings'>): Set<string> {
  const greenUndertakings = new Set(detail.undertakings.filter((u) => u.goal === 'II').map((u) => u.id));
  const areaLayers = detail.layers.filter((l) => l.role === 'strategy' && l.kind === 'area');
  const green = areaLayers.filter(
    (l) => (l.undertaking && greenUndertakings.has(l.undertaking)) || detail.undertakings.some((u) => greenUndertakings.has(u.id) && u.layers.includes(l.id)),
  );
  return new Set((green.length ? green : areaLayers).map((l) => l.id));
}

/**
 * The figure of one district for a metric; null when it cannot be computed.
 * - bike-km: km of route layers inside / area km²
 * - trees: trees proposed / target (the first target whose id or unit mentions trees, else the first)
 * - green-share: share (0…1) of the district covered by green area layers
 */
export function metricValue(summary: DistrictSummary, metric: ChoroplethMetric, green: ReadonlySet<string>): number | null {
  switch (metric) {
    case 'bike-km': {
      if (!(summary.areaKm2 > 0)) return null;
      const km = summary.routes.reduce((s, r) => s + r.km, 0);
      return km / summary.areaKm2;
    }
    case 'trees': {
      const target = summary.targets.find((x) => /tree|drzew/i.test(`${x.id} ${x.unit} ${x.label}`)) ?? summary.targets[0];
      if (!target || !target.target) return null;
      return target.proposed / target.target;
    }
    case 'green-share': {
      const share = summary.coverage.filter((c) => green.has(c.layer)).reduce((s, c) => s + c.share, 0);
      return Math.min(1, share);
    }
  }
}

export interface ChoroplethClasses {
  /** Upper bounds of each class (inclusive), ascending; same length as colours. */
  breaks: number[];
  colours: string[];
  /** Colour per district id (districts without a value are left out). */
  byDistrict: Record<string, string>;
}

/**
 * Equal-interval classes from 0 to the largest value, at most `palette.length` classes,
 * fewer when there are fewer distinct values. All-zero data gives one class.
 * @example classify({ a: 0, b: 2 }, ['#eee', '#888', '#111']).breaks // [0.667, 1.333, 2]
 */
export function classify(values: Record<string, number | null>, palette: readonly string[]): ChoroplethClasses {
  const entries = Object.entries(values).filter((e): e is [string, number] => e[1] !== null && Number.isFinite(e[1]));
  const max = Math.max(0, ...entries.map(([, v]) => v));
  const distinct = new Set(entries.map(([, v]) => v)).size;
  const n = max === 0 ? 1 : Math.max(1, Math.min(palette.length, distinct));
  // Spread the n colours across the palette so two classes still contrast.
  const spread = Array.from({ length: n }, (_, i) => palette[n === 1 ? 0 : Math.round((i * (palette.length - 1)) / (n - 1))]!);
  const breaks = Array.from({ length: n }, (_, i) => (max * (i + 1)) / n);
  const byDistrict: Record<string, string> = {};
  for (const [id, v] of entries) {
    const k = breaks.findIndex((b) => v <= b + 1e-12);
    byDistrict[id] = spread[k === -1 ? n - 1 : k]!;
  }
  return { breaks, colours: spread, byDistrict };
}
