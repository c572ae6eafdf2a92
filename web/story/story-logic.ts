/**
 * Pure pieces of the presentation: how a figure reads, the live figures of a district
 * chapter (from the district summary, never from story.json), the legend of a chapter, and
 * which key does what. No DOM, no fetch: unit-tested in tests/unit/story-logic.test.ts.
 */
import type { CityDetail, DistrictSummary, StoryChapter, StoryFigure } from '../../server/api-types.ts';
import { formatNumberPl } from '../../styles/labels.ts';

/** A figure ready to show: a big value and what it counts. */
export interface ShownFigure {
  value: string;
  label: string;
}

/** Fraction digits a number shows: as many as it has, at most 2 (8.26 → "8,26", 30 → "30"). */
function digitsOf(n: number): number {
  const s = String(n);
  const dot = s.indexOf('.');
  return dot === -1 ? 0 : Math.min(2, s.length - dot - 1);
}

/**
 * @example formatFigure({ value: 8.26, unit: 'km', label: 'tras' }) // { value: '8,26 km', label: 'tras' }
 * @example formatFigure({ value: 63, unit: '%', label: 'planów' }) // { value: '63%', label: 'planów' }
 */
export function formatFigure(f: StoryFigure): ShownFigure {
  if (typeof f.value === 'string') return { value: f.value, label: f.label };
  const unit = 'unit' in f ? f.unit : '';
  const n = formatNumberPl(f.value, digitsOf(f.value));
  return { value: unit === '%' ? `${n}%` : `${n} ${unit}`, label: f.label };
}

export interface LiveLabels {
  bikeKm: string;
  undertakings: string;
  /** With {proposed}. */
  trees: string;
  area: string;
}

/**
 * The figures of a district chapter, computed from the live district summary: km of the
 * strategy's route layers inside, how many strategic undertakings have something there,
 * the tree target's progress ("planted / target"), and the district's area.
 */
export function districtFigures(summary: DistrictSummary, detail: Pick<CityDetail, 'layers'>, labels: LiveLabels): ShownFigure[] {
  const strategyRoutes = new Set(detail.layers.filter((l) => l.role === 'strategy' && l.kind === 'route').map((l) => l.id));
  const km = summary.routes.filter((r) => strategyRoutes.has(r.layer)).reduce((s, r) => s + r.km, 0);
  const undertakings = new Set(summary.undertakings.map((u) => u.undertaking).filter((u): u is string => Boolean(u)));
  const out: ShownFigure[] = [
    { value: `${formatNumberPl(km, 2)} km`, label: labels.bikeKm },
    { value: String(undertakings.size), label: labels.undertakings },
  ];
  const trees = summary.targets.find((t) => t.id === 'trees') ?? summary.targets[0];
  if (trees && trees.target !== null) {
    out.push({ value: `${trees.planted} / ${trees.target}`, label: labels.trees.replace('{proposed}', String(trees.proposed)) });
  }
  out.push({ value: `${formatNumberPl(summary.district.areaKm2, 2)} km²`, label: labels.area });
  return out;
}

export interface LegendEntry {
  id: string;
  label: string;
  color: string;
  kind: 'route' | 'area' | 'point' | 'mixed';
}

/** The legend of a chapter: its strategy layers, in catalogue order. */
export function legendFor(layers: readonly string[], detail: Pick<CityDetail, 'layers'>): LegendEntry[] {
  return detail.layers
    .filter((l) => l.role === 'strategy' && layers.includes(l.id))
    .map((l) => ({ id: l.id, label: l.legend.label ?? l.title, color: l.legend.color, kind: l.kind }));
}

/** The camera of a chapter with every field filled. */
export function cameraOf(c: StoryChapter): { center: [number, number]; zoom: number; bearing: number; pitch: number } {
  return { center: c.camera.center, zoom: c.camera.zoom, bearing: c.camera.bearing ?? 0, pitch: c.camera.pitch ?? 0 };
}

export type StoryAction = { type: 'go'; chapter: number } | { type: 'exit' } | { type: 'none' };

/** Digits typed within this many ms make one number ("1", "2" → chapter 12). */
export const DIGIT_WINDOW_MS = 800;

export interface KeyState {
  current: number;
  total: number;
  /** Digits typed so far and when the last one came. */
  digits: string;
  lastDigitAt: number;
}

/**
 * What a key does in the presentation. Next: →, PageDown, space; previous: ←, PageUp
 * (presentation clickers send PageUp/PageDown); Home/End; digits jump to a chapter
 * (two digits typed quickly make one number); Esc leaves. Mutates `state.digits`.
 */
export function keyAction(key: string, state: KeyState, now: number): StoryAction {
  const go = (n: number): StoryAction => ({ type: 'go', chapter: Math.min(Math.max(1, n), state.total) });
  if (/^[0-9]$/.test(key)) {
    const joined = now - state.lastDigitAt <= DIGIT_WINDOW_MS ? state.digits + key : key;
    state.lastDigitAt = now;
    const n = Number(joined);
    if (n >= 1 && n <= state.total) {
      state.digits = joined;
      return go(n);
    }
    state.digits = key;
    return key === '0' ? { type: 'none' } : go(Number(key));
  }
  state.digits = '';
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
    case ' ':
    case 'Spacebar':
      return go(state.current + 1);
    case 'ArrowLeft':
    case 'PageUp':
      return go(state.current - 1);
    case 'Home':
      return go(1);
    case 'End':
      return go(state.total);
    case 'Escape':
    case 'Esc':
      return { type: 'exit' };
    default:
      return { type: 'none' };
  }
}
