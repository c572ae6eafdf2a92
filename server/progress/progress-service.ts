/**
 * Progress of a town's undertakings: recording an update (with every check a planner's input
 * needs), and the answers built from the log — state on a date, indicators, changes since a date.
 */
import { randomUUID } from 'node:crypto';
import type { Geometry, Position } from 'geojson';
import type { Actor } from '../auth/actor.ts';
import { refuse } from '../http/api-error.ts';
import type { CityPack } from '../packs/index-pack.ts';
import { actorRef } from '../auth/actor-ref.ts';
import { publicName } from '../proposals/present.ts';
import type { ProgressSource } from '../queries/progress-source.ts';
import { validatePolygonInput } from '../geo/validate-polygon.ts';
import type { ProgressStore, ProgressUpdate } from '../store/store.ts';
import { goalIndicators, trackedFigures, undertakingIndicator, type IndicatorPack } from './indicators.ts';
import { MAX_PROGRESS_VERTICES, type ProgressInput } from './progress-input.ts';
import type { IndicatorsResponse, ProgressChangesResponse, ProgressStateResponse, PublicProgressUpdate, UndertakingProgressResponse } from './progress-types.ts';
import { stateOn, statesOn } from './replay.ts';

/**
 * Updates a town may hold and still be read whole for a replay (in pages of PAGE, by keyset).
 * Past it an answer is refused with a code, never built from part of the log.
 */
export const MAX_CITY_UPDATES = 50_000;
const PAGE = 1000;

export const todayIso = (now = new Date()) => now.toISOString().slice(0, 10);

/** Every update of a town (or of one undertaking), oldest state first; refused past `max`. */
export async function cityUpdates(store: ProgressStore, city: string, undertaking?: string, { max = MAX_CITY_UPDATES, page = PAGE } = {}): Promise<ProgressUpdate[]> {
  const out: ProgressUpdate[] = [];
  for (;;) {
    const last = out.at(-1);
    const { updates } = await store.listProgressUpdates({ city, ...(undertaking ? { undertaking } : {}), ...(last ? { after: last.id } : {}), limit: page, offset: 0, withTotal: false });
    if (out.length + updates.length > max) refuse(503, 'progress-log-too-long', { city, max });
    out.push(...updates);
    if (updates.length < page) return out;
  }
}

export function undertakingOr404(pack: CityPack, id: string) {
  const u = pack.raw.undertakings.find((x) => x.id === id);
  if (!u) {
    refuse(404, 'unknown-undertaking', { town: pack.raw.manifest.name, undertaking: id.slice(0, 64) });
  }
  return u;
}

export function indicatorPack(pack: CityPack): IndicatorPack {
  return { manifest: pack.raw.manifest, goals: pack.raw.goals, undertakings: pack.raw.undertakings, districts: pack.districts.map((d) => ({ id: d.info.id, name: d.info.name })) };
}

/** Which update corrects which: corrected id → correcting id (built once per answer). */
export function correctionsOf(updates: readonly ProgressUpdate[]): ReadonlyMap<string, string> {
  const m = new Map<string, string>();
  for (const u of updates) if (u.corrects) m.set(u.corrects, u.id);
  return m;
}

export function presentUpdate(u: ProgressUpdate, pack: CityPack, correctedBy: ReadonlyMap<string, string>): PublicProgressUpdate {
  return {
    id: u.id,
    undertaking: u.undertaking,
    asOf: u.asOf,
    status: u.status,
    values: u.values,
    note: u.note,
    geometry: u.geometry,
    corrects: u.corrects,
    correctedBy: correctedBy.get(u.id) ?? null,
    author: publicName(u.author, pack.raw),
    createdAt: u.createdAt,
  };
}

function positionsOf(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    default:
      return [];
  }
}

/** The geometry of the work done: within the vertex cap, a valid outline, inside the town's bounds. */
function checkGeometry(g: Geometry, pack: CityPack) {
  const positions = positionsOf(g);
  if (positions.length > MAX_PROGRESS_VERTICES) {
    refuse(400, 'too-many-vertices', { rule: 'positions', field: 'geometry', max: MAX_PROGRESS_VERTICES, count: positions.length });
  }
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const v = validatePolygonInput(g, MAX_PROGRESS_VERTICES);
    if (!v.valid) refuse(400, v.rule, { ...v.params, field: 'geometry' });
  }
  const [w, s, e, n] = pack.raw.manifest.bounds;
  const out = positions.find(([x, y]) => x! < w || x! > e || y! < s || y! > n);
  if (out) {
    refuse(400, 'outside-town', { rule: 'bounds', field: 'geometry', lon: out[0]!, lat: out[1]!, town: pack.raw.manifest.name }, { bounds: [w, s, e, n] });
  }
}

/** Checks a planner's update against the pack and records it; the public view of it. */
export async function recordUpdate(store: ProgressStore, pack: CityPack, actor: Actor, undertakingId: string, input: ProgressInput, now = new Date()): Promise<PublicProgressUpdate> {
  const u = undertakingOr404(pack, undertakingId);
  const figures = trackedFigures(u);
  for (const key of Object.keys(input.values)) {
    const f = figures.find((x) => x.id === key);
    if (!f) {
      const known = figures.filter((x) => !x.liveTarget).map((x) => x.id);
      refuse(400, 'unknown-figure', { rule: known.length ? 'some' : 'none', field: `values.${key.slice(0, 64)}`, undertaking: u.name, figure: key.slice(0, 64), figures: known });
    }
    if (f.liveTarget) {
      refuse(400, 'figure-counted-live', { field: `values.${key}`, label: f.label, target: f.liveTarget });
    }
  }
  const today = todayIso(now);
  if (input.asOf > today) {
    refuse(400, 'as-of-in-future', { field: 'asOf', value: input.asOf, max: today });
  }
  if (input.geometry) checkGeometry(input.geometry, pack);
  const update: ProgressUpdate = {
    id: randomUUID(),
    city: pack.id,
    undertaking: u.id,
    asOf: input.asOf,
    status: input.status,
    values: input.values,
    note: input.note,
    geometry: input.geometry,
    corrects: input.corrects,
    author: actorRef(actor),
    createdAt: now.toISOString(),
  };
  const r = await store.addProgressUpdate(update);
  if (!r.ok) {
    refuse(r.reason === 'corrects-unknown' ? 404 : 409, r.reason, { field: 'corrects', corrects: input.corrects ?? '', town: pack.raw.manifest.name });
  }
  return presentUpdate(update, pack, new Map());
}

export async function stateResponse(store: ProgressStore, pack: CityPack, at: string): Promise<ProgressStateResponse> {
  const updates = await cityUpdates(store, pack.id);
  return { city: pack.id, at, timeline: pack.raw.manifest.strategy.timeline ?? null, states: statesOn(pack.raw.undertakings.map((u) => u.id), updates, at) };
}

/** The date live counts are given for: the date asked for, or today for a later one. */
export const countsDate = (at: string, now = new Date()) => (at < todayIso(now) ? at : todayIso(now));

export async function indicatorsResponse(store: ProgressStore, counts: ProgressSource, pack: CityPack, at: string, now = new Date()): Promise<IndicatorsResponse> {
  const updates = await cityUpdates(store, pack.id);
  const day = countsDate(at, now);
  const live = await counts.cityCounts(pack.id, day);
  const ip = indicatorPack(pack);
  const undertakings = pack.raw.undertakings.map((u) => undertakingIndicator(u, stateOn(u.id, updates, at), ip, live, day));
  return { city: pack.id, at, undertakings, goals: goalIndicators(ip, undertakings) };
}

export async function undertakingResponse(store: ProgressStore, counts: ProgressSource, pack: CityPack, id: string, at: string, now = new Date()): Promise<UndertakingProgressResponse> {
  const u = undertakingOr404(pack, id);
  const updates = await cityUpdates(store, pack.id, id);
  const state = stateOn(id, updates, at);
  const day = countsDate(at, now);
  const indicator = undertakingIndicator(u, state, indicatorPack(pack), await counts.cityCounts(pack.id, day), day);
  const fixes = correctionsOf(updates);
  return { undertaking: id, state, indicator, updates: updates.map((x) => presentUpdate(x, pack, fixes)) };
}

/** The last report's date: the configured one, else Dec 31 of the year before `now`. */
export function lastReportDate(configured: string | undefined, now = new Date()): { since: string; basis: 'configured' | 'previous-year-end' } {
  if (configured) return { since: configured, basis: 'configured' };
  return { since: `${now.getUTCFullYear() - 1}-12-31`, basis: 'previous-year-end' };
}

/**
 * What changed since a date: updates that describe a later date, or were recorded after it
 * (a late report of earlier work, a correction) — newest first.
 */
export async function changesResponse(store: ProgressStore, pack: CityPack, since: string, basis: ProgressChangesResponse['sinceBasis']): Promise<ProgressChangesResponse> {
  const all = await cityUpdates(store, pack.id);
  const after = `${since}T23:59:59.999Z`;
  const changed = all.filter((u) => u.asOf > since || u.createdAt > after).reverse();
  const fixes = correctionsOf(all);
  return { city: pack.id, since, sinceBasis: basis, updates: changed.map((u) => presentUpdate(u, pack, fixes)) };
}
