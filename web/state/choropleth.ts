/**
 * Figures per district for the choropleth, and their classes. Which figures a town offers is
 * derived from its pack: only what its strategy has (no "km of route" for a town without
 * routes). Each figure has a definition shown beside the legend (figures are presented neutrally).
 */
import type { CityDetail, DistrictSummary, LayerCatalogueEntry } from '../../server/api-types.ts';
import { num, pct, t } from '../i18n/index.ts';
import { inLocale, packLabel } from '../i18n/pack-text.ts';
import type { ChoroplethMetric } from './url-codec.ts';

/** How a metric's values read: a share (0…1, shown as %), km per km², or a count. */
export type MetricFormat = 'share' | 'per-km2' | 'count';

/** One figure the choropleth can colour districts by, with its words in the current language. */
export interface MetricDef {
  id: ChoroplethMetric;
  label: string;
  /** How the figure is computed, shown under the legend. */
  definition: string;
  format: MetricFormat;
}

/** A proposal kind as far as the choropleth needs it (ProposalSetup's kinds fit). */
export interface MetricKind {
  id: string;
  label: string;
  target?: string | null;
}

type PackLayers = Pick<CityDetail, 'layers' | 'undertakings'> & { goals: { strategic: readonly { code: string; metricGroups?: readonly string[] }[] } };
const drawn = (l: Pick<LayerCatalogueEntry, 'featureCount'>) => l.featureCount > 0;

/**
 * Ids of the area layers counted as green: those of undertakings under a strategic goal the
 * pack marks `"metricGroups": ["green"]` (Kraśnik's "Zielony Kraśnik"). Empty when no goal is
 * marked (Kalisz): the town is then offered no green figure.
 */
export function greenLayerIds(detail: PackLayers): Set<string> {
  const greenGoals = new Set(detail.goals.strategic.filter((g) => g.metricGroups?.includes('green')).map((g) => g.code));
  const greenUndertakings = new Set(detail.undertakings.filter((u) => greenGoals.has(u.goal)).map((u) => u.id));
  const areaLayers = detail.layers.filter((l) => l.role === 'strategy' && l.kind === 'area');
  const green = areaLayers.filter(
    (l) => (l.undertaking && greenUndertakings.has(l.undertaking)) || detail.undertakings.some((u) => greenUndertakings.has(u.id) && u.layers.includes(l.id)),
  );
  return new Set(green.map((l) => l.id));
}

/**
 * The metrics a town offers, in this order, each only when the pack has what it counts:
 * - `bike-km`: km of route per km², when the pack has a strategy route layer with features;
 * - `target-<id>`: proposed / target, for each target the manifest declares;
 * - `green-share`: share covered by green area layers (see greenLayerIds), when any of them has features;
 * - `kind-<id>`: proposals per district, for each proposal kind without a target.
 * Empty when nothing applies (the control is then hidden).
 */
export function choroplethMetrics(detail: PackLayers & Pick<CityDetail, 'targets'>, kinds: readonly MetricKind[] = []): MetricDef[] {
  const strategy = detail.layers.filter((l) => l.role === 'strategy');
  const out: MetricDef[] = [];
  if (strategy.some((l) => l.kind === 'route' && drawn(l))) {
    out.push({ id: 'bike-km', label: t('districts.metric.bike-km'), definition: t('districts.metric.bike-km.def'), format: 'per-km2' });
  }
  for (const pack of detail.targets) {
    const target = inLocale('target', pack);
    const p = { label: target.label, unit: target.unit, target: target.perDistrict };
    out.push({ id: `target-${target.id}`, label: t('districts.metric.target', p), definition: t('districts.metric.target.def', p), format: 'share' });
  }
  const green = greenLayerIds(detail);
  if (strategy.some((l) => green.has(l.id) && drawn(l))) {
    out.push({ id: 'green-share', label: t('districts.metric.green-share'), definition: t('districts.metric.green-share.def'), format: 'share' });
  }
  for (const k of kinds) {
    if (k.target) continue;
    const kind = packLabel('kind', k.id, k.label);
    out.push({ id: `kind-${k.id}`, label: t('districts.metric.kind', { kind }), definition: t('districts.metric.kind.def', { kind }), format: 'count' });
  }
  return out;
}

/**
 * The figure of one district for a metric; null when it cannot be computed (the district is
 * then "no data", and a metric the town does not have colours nothing):
 * - bike-km: km of the strategy's route layers inside / area km² (null without route layers)
 * - target-<id>: proposed / target of that target
 * - green-share: share (0…1) of the district covered by green area layers (null without any)
 * - kind-<id>: proposals of that kind in the district (null when the summary has no per-kind counts)
 */
export function metricValue(summary: DistrictSummary, metric: ChoroplethMetric, green: ReadonlySet<string>): number | null {
  if (metric === 'bike-km') {
    if (summary.routes.length === 0 || !(summary.areaKm2 > 0)) return null;
    const km = summary.routes.reduce((s, r) => s + r.km, 0);
    return km / summary.areaKm2;
  }
  if (metric === 'green-share') {
    const layers = summary.coverage.filter((c) => green.has(c.layer));
    if (layers.length === 0) return null;
    return Math.min(1, layers.reduce((s, c) => s + c.share, 0));
  }
  if (metric.startsWith('target-')) {
    const target = summary.targets.find((x) => x.id === metric.slice('target-'.length));
    if (!target || !target.target) return null;
    return target.proposed / target.target;
  }
  if (metric.startsWith('kind-')) {
    const kind = summary.proposals?.find((k) => k.kind === metric.slice('kind-'.length));
    return kind ? kind.proposed : null;
  }
  return null;
}

/** A metric's value as the legend writes it. */
export function formatMetric(format: MetricFormat, v: number): string {
  if (format === 'share') return pct(v);
  if (format === 'count') return num(v, 0);
  return num(v);
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

/**
 * The legend rows of the classes: "lower – upper" per class. Counts are whole numbers, so a
 * count class reads as the whole numbers it holds ("0 – 3", "4 – 7", or "5" alone) and a
 * class that can hold none is left out.
 * @example legendRows({ breaks: [3.5, 7], colours: ['#a', '#b'], byDistrict: {} }, 'count').map((r) => r.label) // ['0 – 3', '4 – 7']
 */
export function legendRows(c: ChoroplethClasses, format: MetricFormat): { colour: string; label: string }[] {
  const fmt = (v: number) => formatMetric(format, v);
  const rows: { colour: string; label: string }[] = [];
  c.breaks.forEach((b, i) => {
    const colour = c.colours[i]!;
    if (format === 'count') {
      const lo = i === 0 ? 0 : Math.floor(c.breaks[i - 1]! + 1e-9) + 1;
      const hi = Math.floor(b + 1e-9);
      if (lo > hi) return;
      rows.push({ colour, label: lo === hi ? fmt(lo) : `${fmt(lo)} – ${fmt(hi)}` });
      return;
    }
    const lo = i === 0 ? 0 : c.breaks[i - 1]!;
    rows.push({ colour, label: c.breaks.length === 1 ? fmt(b) : `${fmt(lo)} – ${fmt(b)}` });
  });
  return rows;
}
