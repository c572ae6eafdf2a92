/**
 * Progress of the town's undertakings as the viewer shows it: the date of the time control
 * (today by default; the strategy's start to its horizon), the state and indicators on that
 * date, and what changed since the last report. A new date aborts the requests of the last
 * one (dragging the slider leaves no pile of reads behind); what changed since the last report
 * does not depend on the date, so it is read again only for another town or after a new update.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Undertaking } from '../../server/api-types.ts';
import type { IndicatorsResponse, ProgressChangesResponse, ProgressStateResponse } from '../../server/progress/progress-types.ts';
import { progressApi, type ProgressInputBody } from '../api/progress-client.ts';
import { errorMessage } from '../api/client.ts';
import { Slice } from './store.ts';

export interface ProgressState {
  city: string | null;
  /** The time control's date (YYYY-MM-DD). */
  at: string;
  timeline: { start: string; end: string } | null;
  state: ProgressStateResponse | null;
  indicators: IndicatorsResponse | null;
  changes: ProgressChangesResponse | null;
  /** The "changes since" date someone chose (the link carries it); null: since the last report. */
  since: string | null;
  error: string | null;
  /** A planner drawing the work done: a line (a built section) or an area; null when not drawing. */
  drawing: 'linestring' | 'polygon' | null;
  /** What the planner drew (or imported) for the next update. */
  drawn: Geometry | null;
  /** Where the drawn geometry came from when it was imported from a file (null: drawn on the map). */
  drawnFrom: { name: string; format: string; epsg: number; crsSource: 'file' | 'option' | 'assumed'; simplifiedM: number | null; features: number } | null;
  /** Why the last update was refused, worded by its code. */
  recordError: string | null;
  /** "What changed since …" highlighted on the map (on by default; the list is always shown). */
  showChanges: boolean;
}

export const todayIso = () => new Date().toISOString().slice(0, 10);

export function initialProgress(): ProgressState {
  return { city: null, at: todayIso(), timeline: null, state: null, indicators: null, changes: null, since: null, error: null, drawing: null, drawn: null, drawnFrom: null, recordError: null, showChanges: true };
}

/** A date clamped to the timeline (and never after today: nothing is known of the future). */
export function clampDate(at: string, timeline: ProgressState['timeline']): string {
  const today = todayIso();
  let d = at > today ? today : at;
  if (timeline && d < timeline.start) d = timeline.start;
  return d;
}

export class Progress extends Slice<ProgressState> {
  /** The requests of the date last asked for (aborted when another date is). */
  private dateLoad: AbortController | null = null;
  /** The read of what changed, with the inputs it was made for (the town). */
  private changesLoad: { key: string; ac: AbortController; done: Promise<ProgressChangesResponse> } | null = null;

  constructor() {
    super(initialProgress());
  }

  async load(
    city: string,
    timeline: ProgressState['timeline'],
    at = this.state.city === city ? this.state.at : todayIso(),
    since: string | null = this.state.city === city ? this.state.since : null,
    freshChanges = false,
  ): Promise<void> {
    this.dateLoad?.abort();
    const ac = (this.dateLoad = new AbortController());
    const date = clampDate(at, timeline);
    const from = since && since > todayIso() ? todayIso() : since;
    this.set({ city, timeline, at: date, since: from, error: null });
    try {
      const [state, indicators, changes] = await Promise.all([progressApi.state(city, date, ac.signal), progressApi.indicators(city, date, ac.signal), this.changesOf(city, from, freshChanges)]);
      if (ac.signal.aborted) return;
      this.set({ state, indicators, changes });
    } catch (e) {
      if (!ac.signal.aborted) this.set({ error: errorMessage(e) });
    }
  }

  /** What changed: the read already made for these inputs, else a new one (a failed read is not kept). */
  private changesOf(city: string, since: string | null, fresh: boolean): Promise<ProgressChangesResponse> {
    const key = `${city}|${since ?? ''}`;
    if (!fresh && this.changesLoad?.key === key) return this.changesLoad.done;
    this.changesLoad?.ac.abort();
    const ac = new AbortController();
    const done = progressApi.changes(city, since ?? undefined, ac.signal);
    const load = (this.changesLoad = { key, ac, done });
    done.catch(() => {
      if (this.changesLoad === load) this.changesLoad = null;
    });
    return done;
  }

  /** Moves the time control. */
  setDate(at: string): void {
    if (this.state.city) void this.load(this.state.city, this.state.timeline, at);
  }

  /** Moves the "changes since" date (null: back to the last report). */
  setSince(since: string | null): void {
    if (this.state.city) void this.load(this.state.city, this.state.timeline, this.state.at, since);
  }

  /** Shows or hides the highlight of what changed on the map. */
  showChangesOnMap(on: boolean): void {
    this.set({ showChanges: on });
  }

  /** Starts (or stops, with null) drawing the work done; a new drawing replaces the last one. */
  startDrawing(mode: 'linestring' | 'polygon' | null): void {
    this.set({ drawing: mode, drawn: null, drawnFrom: null });
  }

  drawnAs(geometry: Geometry): void {
    this.set({ drawn: geometry, drawnFrom: null, drawing: null });
  }

  /** Reads the geometry of the work done from a file (GPX, KML, GeoJSON, zipped Shapefile, OSM); true when it was read. */
  async importFile(file: File, from: string | null, headers: Record<string, string>): Promise<boolean> {
    const city = this.state.city;
    if (!city) return false;
    this.set({ recordError: null, drawing: null });
    try {
      const r = await progressApi.importGeometry(city, file, file.name, from, headers);
      this.set({ drawn: r.geometry, drawnFrom: { name: file.name, format: r.format, epsg: r.epsg, crsSource: r.crsSource, simplifiedM: r.simplifiedM, features: r.features } });
      return true;
    } catch (e) {
      this.set({ recordError: errorMessage(e) });
      return false;
    }
  }

  /** Records a planner's update; true when it was taken (the state on today's date is loaded again). */
  async record(undertaking: string, body: ProgressInputBody, headers: Record<string, string>): Promise<boolean> {
    const city = this.state.city;
    if (!city) return false;
    this.set({ recordError: null });
    try {
      await progressApi.record(city, undertaking, body, headers);
    } catch (e) {
      this.set({ recordError: errorMessage(e) });
      return false;
    }
    this.set({ drawn: null, drawnFrom: null });
    await this.load(city, this.state.timeline, todayIso(), this.state.since, true);
    return true;
  }
}

const built = new WeakMap<ProgressStateResponse, FeatureCollection>();
/** The work done by the loaded date, as features for the map (one per undertaking that drew it). */
export function builtOnDate(s: ProgressState): FeatureCollection | null {
  const st = s.state;
  if (!st) return null;
  let fc = built.get(st);
  if (!fc) {
    fc = {
      type: 'FeatureCollection',
      features: st.states.flatMap((u) => (u.geometry ? [{ type: 'Feature' as const, id: u.undertaking, geometry: u.geometry, properties: { undertaking: u.undertaking, status: u.status, asOf: u.asOf } }] : [])),
    };
    built.set(st, fc);
  }
  return fc;
}

const changed = new WeakMap<ProgressChangesResponse, { layers: unknown; fc: FeatureCollection }>();
/**
 * "What changed since …" for the map: each undertaking with an update since the date (a
 * correction counts, the update it corrects does not draw), as the work those updates drew
 * (`kind: "work"`), else — an update without geometry, say a plan adopted — the undertaking's
 * planned place: the features of its layers (`kind: "place"`). An undertaking with no place is
 * only in the list.
 */
export function changedOnMap(s: ProgressState, undertakings: readonly Pick<Undertaking, 'id' | 'layers'>[], layers: Record<string, FeatureCollection> | null | undefined): FeatureCollection | null {
  const c = s.changes;
  if (!c) return null;
  const kept = changed.get(c);
  if (kept && kept.layers === layers) return kept.fc;
  const features: Feature[] = [];
  const ids = [...new Set(c.updates.map((u) => u.undertaking))];
  for (const id of ids) {
    const drawn = c.updates.filter((u) => u.undertaking === id && u.geometry && !u.correctedBy);
    const props = (kind: 'work' | 'place', update?: string) => ({ undertaking: id, kind, ...(update ? { update } : {}) });
    if (drawn.length) {
      for (const u of drawn) features.push({ type: 'Feature', id: `${id}--${u.id}`, geometry: u.geometry!, properties: props('work', u.id) });
      continue;
    }
    const u = undertakings.find((x) => x.id === id);
    for (const layer of u?.layers ?? []) {
      for (const f of layers?.[layer]?.features ?? []) features.push({ type: 'Feature', id: `${id}--${layer}--${String(f.id ?? f.properties?.id ?? features.length)}`, geometry: f.geometry, properties: props('place') });
    }
  }
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  changed.set(c, { layers, fc });
  return fc;
}
