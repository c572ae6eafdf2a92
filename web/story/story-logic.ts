/**
 * Pure pieces of the presentation: how a figure reads, the live figures of a district
 * chapter (from the district summary, never from story.json), the legend of a chapter, and
 * which key does what. No DOM, no fetch: unit-tested in tests/unit/story-logic.test.ts.
 */
import type { CityDetail, DistrictSummary, StoryChapter, StoryFigure } from '../../server/api-types.ts';
import { formatNumberPl } from '../../styles/labels.ts';

/** A figure ready to show: a big value and what it counts. */
import type { ShownFigure } from '../export/story-page.ts';

export type { ShownFigure };

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
  /** km of the strategy's route layers inside the district. */
  bikeKm: string;
  undertakings: string;
  /** The tree target (id "trees"), with {proposed}. */
  trees: string;
  /** Any other declared target, with {label}, {unit} and {proposed}. */
  target?: string;
  /** Share of the district one strategy area layer covers, with {layer}. */
  coverage?: string;
  /** Sites proposed of one kind that has no target, with {kind} (the kind's own label). */
  kindSites?: (n: number, kind: string) => string;
  /** Sites proposed of all the kinds without a target together (when one figure each does not fit). */
  sites?: (n: number) => string;
  area: string;
  /** A number in the UI's language (default: Polish). */
  num?: (value: number, fractionDigits: number) => string;
}

/** At most this many figures on a chapter (as story.json allows): the projector panel has room for four. */
export const MAX_FIGURES = 4;

/**
 * The figures of a district chapter, computed from the live district summary, each only when
 * the town's strategy has that kind of thing (never a "0 km" for a town without routes):
 *
 * 1. km of the strategy's route layers inside, when the pack has strategy route layers;
 * 2. how many strategic undertakings have something there, when the strategy draws anything;
 * 3. progress to each target the pack declares ("planted / target", proposed in the label);
 * 4. sites proposed of the kinds without a target, when the summary carries per-kind counts:
 *    one figure per kind when all fit, else one figure for them together;
 * 5. the share each strategy area layer covers, for layers that reach into the district;
 * 6. the district's area, always, last.
 *
 * At most `room` figures (the chapter's own figures take the rest of MAX_FIGURES): what does
 * not fit is left out from the end of the list, the area always stays.
 */
export function districtFigures(
  summary: DistrictSummary,
  detail: Pick<CityDetail, 'layers'>,
  labels: LiveLabels,
  room: number = MAX_FIGURES,
): ShownFigure[] {
  const num = labels.num ?? formatNumberPl;
  const strategy = detail.layers.filter((l) => l.role === 'strategy');
  const routeLayers = new Set(strategy.filter((l) => l.kind === 'route').map((l) => l.id));
  const areaLayers = new Set(strategy.filter((l) => l.kind === 'area' || l.kind === 'mixed').map((l) => l.id));
  const out: ShownFigure[] = [];
  if (routeLayers.size > 0) {
    const km = summary.routes.filter((r) => routeLayers.has(r.layer)).reduce((s, r) => s + r.km, 0);
    out.push({ value: `${num(km, 2)} km`, label: labels.bikeKm });
  }
  if (strategy.some((l) => l.featureCount > 0)) {
    const undertakings = new Set(summary.undertakings.map((u) => u.undertaking).filter((u): u is string => Boolean(u)));
    out.push({ value: String(undertakings.size), label: labels.undertakings });
  }
  for (const t of summary.targets) {
    if (t.target === null) continue;
    const label = t.id === 'trees' || !labels.target ? labels.trees : labels.target.replace('{label}', t.label).replace('{unit}', t.unit);
    out.push({ value: `${t.planted} / ${t.target}`, label: label.replace('{proposed}', String(t.proposed)) });
  }
  const free = room - 1 - out.length;
  const kinds = (summary.proposals ?? []).filter((k) => k.target === null && k.counts === 'sites');
  if (kinds.length > 0 && labels.kindSites && free >= kinds.length) {
    for (const k of kinds) out.push({ value: String(k.proposed), label: labels.kindSites(k.proposed, k.label) });
  } else if (kinds.length > 0 && labels.sites && free >= 1) {
    const total = kinds.reduce((s, k) => s + k.proposed, 0);
    const some = kinds.filter((k) => k.proposed > 0).sort((a, b) => b.proposed - a.proposed);
    const list = some.slice(0, 3).map((k) => `${k.label} ${k.proposed}`);
    if (some.length > 3) list.push('…');
    out.push(list.length ? { value: String(total), label: `${labels.sites(total)}: ${list.join(', ')}`, wide: true } : { value: String(total), label: labels.sites(total) });
  }
  if (labels.coverage) {
    for (const c of [...summary.coverage].sort((a, b) => b.share - a.share)) {
      if (!areaLayers.has(c.layer) || !(c.share > 0)) continue;
      const pct = c.share * 100;
      out.push({ value: `${num(pct, pct < 10 ? 1 : 0)}%`, label: labels.coverage.replace('{layer}', c.layerTitle) });
    }
  }
  const shown = out.slice(0, Math.max(0, room - 1));
  if (room >= 1) shown.push({ value: `${num(summary.district.areaKm2, 2)} km²`, label: labels.area });
  return shown;
}

/**
 * What a chapter outlines on the map: its district (in a chapter that names none, a district
 * among its highlights), and the highlighted features. A highlight that is a district's id
 * (a chapter highlighting its own district) outlines that district rather than a feature.
 */
export function outlinesOf(
  c: Pick<StoryChapter, 'district' | 'highlight'>,
  detail: Pick<CityDetail, 'districts' | 'featureIndex'> | null,
): { district: string | null; features: string[] } {
  const districts = new Set((detail?.districts ?? []).map((d) => d.id));
  const isDistrict = (id: string) => districts.has(id) && !(detail?.featureIndex && id in detail.featureIndex);
  return {
    district: c.district ?? c.highlight.find(isDistrict) ?? null,
    features: c.highlight.filter((id) => !isDistrict(id)),
  };
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

/** Residents' proposals are drawn (and named in the legend) on district chapters only: the others tell the strategy. */
export function showsProposals(c: Pick<StoryChapter, 'kind'>): boolean {
  return c.kind === 'district';
}

/**
 * The link to a town's story, from the page's address (kept: path, query such as the language).
 * @example storyLink('https://plan.example/?lang=en#krasnik/story/17', 'krasnik') // 'https://plan.example/?lang=en#krasnik/story/1'
 */
export function storyLink(href: string, city: string): string {
  const u = new URL(href);
  u.searchParams.delete('test');
  u.hash = `${city}/story/1`;
  return u.toString();
}

type Box = { width: number; height: number };
type Padding = { top: number; right: number; bottom: number; left: number };

/**
 * The camera that shows on a map of another size what a chapter shows on the live map: the
 * same centre of the free part, the zoom changed by how much smaller (or larger) the free
 * part is, so the same ground fits.
 */
export function twinCamera<C extends { zoom: number }>(camera: C, live: Box, livePadding: Padding, twin: Box, twinPadding: Padding): C {
  const free = (b: Box, p: Padding) => ({ w: Math.max(1, b.width - p.left - p.right), h: Math.max(1, b.height - p.top - p.bottom) });
  const a = free(live, livePadding);
  const b = free(twin, twinPadding);
  return { ...camera, zoom: camera.zoom + Math.log2(Math.min(b.w / a.w, b.h / a.h)) };
}

export type StoryAction = { type: 'go'; chapter: number } | { type: 'exit' } | { type: 'digits'; digits: string } | { type: 'none' };

/**
 * Digits typed and not yet taken wait this long for the next one; then the chapter they make
 * is opened (the player's timer; Enter takes them at once). Only a number that could still
 * grow waits: with 17 chapters "1" waits (10–17 are possible), "14" and "3" go at once.
 */
export const DIGIT_PAUSE_MS = 1200;

export interface KeyState {
  current: number;
  total: number;
  /** Digits typed so far and not yet taken. */
  digits: string;
}

/**
 * What a key does in the presentation. Next: →, PageDown, space; previous: ←, PageUp
 * (presentation clickers send PageUp/PageDown); Home/End; digits collect into a chapter
 * number, taken by Enter, by a pause (the caller's timer calls `takeDigits`), or at once when
 * no further digit could make a chapter; Backspace removes a digit, Esc drops the digits (and
 * leaves the story when there are none). Mutates `state.digits`.
 */
export function keyAction(key: string, state: KeyState): StoryAction {
  const go = (n: number): StoryAction => ({ type: 'go', chapter: Math.min(Math.max(1, n), state.total) });
  if (/^[0-9]$/.test(key)) {
    let joined = state.digits + key;
    // A number past the last chapter starts over with this digit ("1", "8" of 17 chapters → 8).
    if (Number(joined) > state.total) joined = key;
    if (Number(joined) === 0) {
      state.digits = '';
      return { type: 'digits', digits: '' };
    }
    if (Number(joined) * 10 > state.total) {
      state.digits = '';
      return go(Number(joined));
    }
    state.digits = joined;
    return { type: 'digits', digits: joined };
  }
  if (state.digits) {
    if (key === 'Enter') return takeDigits(state);
    if (key === 'Backspace') {
      state.digits = state.digits.slice(0, -1);
      return { type: 'digits', digits: state.digits };
    }
    if (key === 'Escape' || key === 'Esc') {
      state.digits = '';
      return { type: 'digits', digits: '' };
    }
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

/** The digits typed so far, taken as a chapter number (Enter, or the pause after the last digit). */
export function takeDigits(state: KeyState): StoryAction {
  const n = Number(state.digits);
  state.digits = '';
  if (!n) return { type: 'digits', digits: '' };
  return { type: 'go', chapter: Math.min(Math.max(1, n), state.total) };
}
