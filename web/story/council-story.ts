/**
 * The report to the council as a story for the presentation mode: generated from the year's
 * report (GET /api/cities/:city/reports/{year}.json) and the state of the work on the report's
 * date, never from typed figures. Chapters: an opening (town, year, overall shares), one per
 * goal (its undertakings' status and figures against targets), one per undertaking that
 * changed that year (the map flies to it and draws what was built by the year's end), one per
 * district (trees against the target, what was built there) and a closing one. Pure: the words
 * come from i18n, the numbers from the report.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { CityDetail, StoryChapter } from '../../server/api-types.ts';
import type { UndertakingState } from '../../server/progress/progress-types.ts';
import type { ReportUndertaking, YearReport } from '../../server/report/year-report.ts';
import { dateTime, num, pct, t } from '../i18n/index.ts';
import { builtKmIn } from '../progress/built-in-area.ts';
import { reachedOfTarget, shareText } from '../progress/progress-format.ts';
import type { ShownFigure } from './story-logic.ts';

type Bbox = [number, number, number, number];

/** A line of a chapter's list: an undertaking (or an update) with its status. */
export interface CouncilItem {
  name: string;
  status: string;
  /** The status word. */
  statusText: string;
  detail: string;
}

/** A generated chapter: a story chapter (so the player shows it like any other) plus what only the report has. */
export interface CouncilChapter extends StoryChapter {
  /** Where the map frames the chapter (the camera is worked out for the map's free part when shown). */
  box: Bbox;
  /** What was built by the report's date, drawn in the built style (all of it, or this undertaking's). */
  built: FeatureCollection;
  /** Figures already worded from the report. */
  shown: ShownFigure[];
  items: CouncilItem[];
}

export interface CouncilStory {
  title: string;
  year: number;
  chapters: CouncilChapter[];
}

export interface CouncilInput {
  report: YearReport;
  /** Every undertaking's state on the report's date (GET /progress?at=report.at). */
  states: UndertakingState[];
  detail: Pick<CityDetail, 'bounds' | 'layers' | 'undertakings' | 'featureIndex' | 'name'>;
  /** The town's layers as loaded (to find an undertaking's own features). */
  layers: Record<string, FeatureCollection> | null;
  districts: FeatureCollection | null;
}

/** A number as the report reads it: up to two decimals, no trailing zeros. */
const short = (v: number) => (Number.isInteger(v) ? num(v, 0) : num(v, 2).replace(/0+$/, '').replace(/[.,]$/, ''));

function union(boxes: Bbox[]): Bbox | null {
  if (!boxes.length) return null;
  return boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
}

function boxOf(g: Feature['geometry']): Bbox | null {
  const pts: number[][] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') pts.push(c as number[]);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  if (g.type === 'GeometryCollection') g.geometries.forEach((x) => walk((x as { coordinates?: unknown }).coordinates));
  else walk(g.coordinates);
  if (!pts.length) return null;
  return [Math.min(...pts.map((p) => p[0]!)), Math.min(...pts.map((p) => p[1]!)), Math.max(...pts.map((p) => p[0]!)), Math.max(...pts.map((p) => p[1]!))];
}

function builtOf(states: UndertakingState[], only?: string): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: states
      .filter((s) => s.geometry && (!only || s.undertaking === only))
      .map((s) => ({ type: 'Feature' as const, id: s.undertaking, geometry: s.geometry!, properties: { undertaking: s.undertaking, status: s.status, asOf: s.asOf } })),
  };
}

/** An undertaking's own features on the map (or, when none is its own, its layers'), by id. */
function featuresOf(id: string, input: CouncilInput): string[] {
  const u = input.detail.undertakings.find((x) => x.id === id);
  if (!u || !input.layers) return [];
  const all = u.layers.flatMap((l) => input.layers![l]?.features ?? []);
  const own = all.filter((f) => (f.properties as { undertaking?: string } | null)?.undertaking === id);
  return (own.length ? own : all).map((f) => String(f.id ?? f.properties?.id));
}

/** "2,1 z 8,26 km (25%)" for each declared figure; measured length apart. */
function figureLine(u: ReportUndertaking): string {
  const parts = u.figures.map((f) => `${f.label}: ${reachedOfTarget(f)} (${shareText(f.share)})`);
  if (u.measured?.lengthKm !== undefined) parts.push(t('council.measuredKm', { km: short(u.measured.lengthKm) }));
  return parts.join(' · ');
}

function meanShare(us: ReportUndertaking[]): { share: number | null; counted: number } {
  const shares = us.flatMap((u) => (u.share === null ? [] : [u.share]));
  return { share: shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : null, counted: shares.length };
}

const base = { text: [] as string[], figures: [], highlight: [] as string[], camera: { center: [0, 0] as [number, number], zoom: 12, bearing: 0, pitch: 0 } };

export function councilStory(input: CouncilInput): CouncilStory {
  const { report, states, detail } = input;
  const all = report.goals.flatMap((g) => g.undertakings);
  const strategyLayers = detail.layers.filter((l) => l.role === 'strategy').map((l) => l.id);
  const builtAll = builtOf(states);
  const at = dateTime(report.at, { dateStyle: 'long' });
  const done = all.filter((u) => u.status === 'done').length;
  const changed = all.filter((u) => u.yearUpdates.length > 0);
  const overall = meanShare(all);
  const boxOfFeatures = (ids: string[]) => union(ids.map((x) => detail.featureIndex[x]?.bbox).filter((b): b is Bbox => Boolean(b)));
  const chapters: CouncilChapter[] = [];

  chapters.push({
    ...base,
    id: 'council-opening',
    kind: 'title',
    title: t('council.title', { town: report.town, year: report.year }),
    text: [t('council.openingText', { strategy: report.strategy, at, office: report.office })],
    layers: strategyLayers,
    box: detail.bounds,
    built: builtAll,
    shown: [
      { value: overall.share === null ? '—' : pct(overall.share), label: t('council.meanShare', { n: overall.counted, total: all.length }) },
      { value: `${done} / ${all.length}`, label: t('council.doneOf') },
      { value: String(report.updateCount), label: t('council.updates', { year: report.year }) },
    ],
    items: [],
  });

  for (const g of report.goals) {
    const ids = g.undertakings.flatMap((u) => featuresOf(u.id, input));
    const layers = [...new Set(g.undertakings.flatMap((u) => detail.undertakings.find((x) => x.id === u.id)?.layers ?? []))];
    const counts = (s: string) => g.undertakings.filter((u) => u.status === s).length;
    chapters.push({
      ...base,
      id: `council-goal-${g.code.toLowerCase()}`,
      kind: 'goal',
      goal: g.code as StoryChapter['goal'],
      title: g.name,
      layers,
      box: boxOfFeatures(ids) ?? detail.bounds,
      built: builtOf(states.filter((s) => g.undertakings.some((u) => u.id === s.undertaking))),
      shown: [
        { value: g.share === null ? '—' : pct(g.share), label: t('council.goalShare', { n: g.sharesCounted, total: g.undertakings.length }) },
        { value: `${counts('done')} / ${g.undertakings.length}`, label: t('council.doneOf') },
        { value: String(counts('in_progress') + counts('in_preparation')), label: t('council.underway') },
      ],
      items: g.undertakings.map((u) => ({ name: u.name, status: u.status, statusText: t(`progress.status.${u.status}`), detail: figureLine(u) })),
    });
  }

  for (const u of changed) {
    const own = featuresOf(u.id, input);
    const built = builtOf(states, u.id);
    const builtBox = union(built.features.map((f) => boxOf(f.geometry)).filter((b): b is Bbox => Boolean(b)));
    const box = union([builtBox, boxOfFeatures(own)].filter((b): b is Bbox => Boolean(b)));
    chapters.push({
      ...base,
      id: `council-${u.id}`,
      kind: 'undertaking',
      undertaking: u.id,
      goal: u.goal as StoryChapter['goal'],
      title: u.name,
      text: [t('council.statusAt', { status: t(`progress.status.${u.status}`), at })],
      layers: detail.undertakings.find((x) => x.id === u.id)?.layers ?? [],
      highlight: own,
      box: box ?? detail.bounds,
      built,
      shown: [
        ...u.figures.slice(0, 3).map((f) => ({ value: reachedOfTarget(f), label: `${f.label} · ${shareText(f.share)}` })),
        ...(u.measured?.lengthKm !== undefined ? [{ value: `${short(u.measured.lengthKm)} km`, label: t('council.measuredLabel') }] : []),
        ...(u.measured?.areaHa !== undefined ? [{ value: `${short(u.measured.areaHa)} ha`, label: t('council.measuredLabel') }] : []),
      ].slice(0, 4),
      items: u.yearUpdates.map((x) => ({
        name: dateTime(x.asOf, { dateStyle: 'medium' }),
        status: x.status,
        statusText: t(`progress.status.${x.status}`),
        detail: [
          ...Object.entries(x.values).map(([k, v]) => `${u.figures.find((f) => f.id === k)?.label ?? k}: ${short(v)} ${u.figures.find((f) => f.id === k)?.unit ?? ''}`.trim()),
          x.note,
        ]
          .filter(Boolean)
          .join(' · '),
      })),
    });
  }

  for (const d of report.districts) {
    const shape = input.districts?.features.find((f) => String(f.properties?.id ?? f.id) === d.id);
    const area = shape && (shape.geometry.type === 'Polygon' || shape.geometry.type === 'MultiPolygon') ? (shape.geometry as Polygon | MultiPolygon) : null;
    const km = area ? states.reduce((s, x) => s + builtKmIn(x.geometry, area), 0) : null;
    const shown: ShownFigure[] = [];
    if (d.trees) {
      shown.push({ value: `${d.trees.planted} / ${d.trees.target}`, label: t('council.treesPlanted') });
      if (d.trees.accepted !== undefined) shown.push({ value: String(d.trees.accepted), label: t('council.treesAccepted') });
      if (d.trees.proposed !== undefined) shown.push({ value: String(d.trees.proposed), label: t('council.treesProposed') });
    }
    if (km !== null && km > 0) shown.push({ value: `${short(Math.round(km * 100) / 100)} km`, label: t('council.kmBuiltHere') });
    chapters.push({
      ...base,
      id: `council-district-${d.id}`,
      kind: 'district',
      district: d.id,
      title: d.name,
      text: d.updates.length ? [] : [t('council.nothingBuiltHere', { year: report.year })],
      layers: strategyLayers,
      box: (shape && boxOf(shape.geometry)) ?? detail.bounds,
      built: builtAll,
      shown: shown.slice(0, 4),
      items: d.updates.map((x) => ({ name: x.undertakingName, status: x.status, statusText: t(`progress.status.${x.status}`), detail: dateTime(x.asOf, { dateStyle: 'medium' }) })),
    });
  }

  chapters.push({
    ...base,
    id: 'council-closing',
    kind: 'closing',
    title: t('council.closingTitle', { year: report.year }),
    text: [t('council.closingText', { changed: changed.length, updates: report.updateCount, year: report.year, at })],
    layers: strategyLayers,
    box: detail.bounds,
    built: builtAll,
    shown: [
      { value: `${done} / ${all.length}`, label: t('council.doneOf') },
      { value: overall.share === null ? '—' : pct(overall.share), label: t('council.meanShare', { n: overall.counted, total: all.length }) },
    ],
    items: [],
  });
  return { title: t('council.storyTitle', { year: report.year }), year: report.year, chapters };
}

/** Web Mercator x, y of a lon/lat in world pixels at zoom 0 (512 px tiles, as MapLibre). */
function world([lon, lat]: [number, number]): [number, number] {
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return [((lon + 180) / 360) * 512, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 512];
}

/**
 * The camera that frames a box in the free part of a map (its size less the padding), within
 * a zoom range that keeps a point or a tiny plot from filling the screen.
 * @example cameraForBox([22.1, 50.9, 22.3, 51.0], { width: 1000, height: 800 }, { top: 0, right: 0, bottom: 0, left: 0 }).zoom // ≈ 11.6
 */
export function cameraForBox(
  box: Bbox,
  size: { width: number; height: number },
  padding: { top: number; right: number; bottom: number; left: number },
  range: [number, number] = [9, 17],
): { center: [number, number]; zoom: number; bearing: number; pitch: number } {
  const [x0, y1] = world([box[0], box[1]]);
  const [x1, y0] = world([box[2], box[3]]);
  const w = Math.max(1, size.width - padding.left - padding.right);
  const h = Math.max(1, size.height - padding.top - padding.bottom);
  const dx = Math.max(1e-9, x1 - x0);
  const dy = Math.max(1e-9, y1 - y0);
  const zoom = Math.min(range[1], Math.max(range[0], Math.log2(Math.min(w / dx, h / dy))));
  return { center: [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2], zoom, bearing: 0, pitch: 0 };
}
