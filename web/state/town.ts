/**
 * The town slice (what is loaded: the server's towns, the open town's catalogue and map data)
 * and pure functions around it. Which town to show and what the store holds right after a town is loaded. Pure functions:
 * the app shell uses them for the first load and for every switch (town switcher, Back/Forward),
 * so a switch starts from a clean state: nothing of the previous town's selection survives.
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { CityDetail, CityListItem, Settings } from '../../server/api-types.ts';
import type { MapView } from './url-codec.ts';
import type { ViewState, SelectionState } from './view.ts';
import type { StoryState } from './story.ts';
import { emptyHashState, encodeHash, type HashState, type Tab } from './url-codec.ts';

/**
 * The town a hash asks for: the named one if the server has it; for `#story/3` (no town) the
 * first town with a story; otherwise the first town. null when there are no towns.
 * @example pickCity([{ id: 'krasnik' }, { id: 'kalisz' }], decodeHash('#kalisz')) // 'kalisz'
 */
export function pickCity(cities: readonly Pick<CityListItem, 'id' | 'hasStory'>[], hash: Pick<HashState, 'city' | 'story'>): string | null {
  return (
    cities.find((c) => c.id === hash.city)?.id ??
    (hash.story != null ? cities.find((c) => c.hasStory)?.id : undefined) ??
    cities[0]?.id ??
    null
  );
}

/**
 * The link that switches to another town: the town alone (its own default view and layers),
 * keeping the side panel's tab so someone reading the strategy keeps reading it.
 * @example townHref('kalisz', 'strategy') // '#kalisz?tab=strategia'
 */
export function townHref(city: string, tab: Tab | null = null): string {
  return encodeHash({ ...emptyHashState(), city, tab: tab === 'layers' ? null : tab });
}

/** What the slices hold right after a town is loaded (flat: view, selection and story fields). */
export type TownStart = Omit<ViewState, 'camera' | 'mode'> & { mode: 'browse' } & SelectionState & { story: StoryState['chapter'] };

/**
 * The store right after `detail` was loaded for `hash`: visible layers from the hash (only
 * ones the town has) or the catalogue's defaults; the feature, district and story only when
 * the town has them; the view and selection only when the hash names this town (or none). Everything else is reset.
 * `hasFeature` says whether a feature id exists in the loaded layers.
 */
export function stateForCity(
  detail: Pick<CityDetail, 'id' | 'layers' | 'districts' | 'hasStory'>,
  hash: HashState,
  hasFeature: (id: string) => boolean,
): TownStart {
  // A hash that names no town (`#?layers=…`) describes the town it falls back to.
  const own = hash.city === detail.id || hash.city === null;
  const known = new Set(detail.layers.map((l) => l.id));
  const visible = own && hash.layers ? hash.layers.filter((id) => known.has(id)) : detail.layers.filter((l) => l.visible).map((l) => l.id);
  const feature = own && hash.feature && hasFeature(hash.feature) ? hash.feature : null;
  const district = own && hash.district && detail.districts.some((d) => d.id === hash.district) ? hash.district : null;
  return {
    city: detail.id,
    visible: new Set(visible),
    feature,
    district,
    tab: hash.tab ?? (district ? 'districts' : 'layers'),
    view: own ? hash.view : null,
    mode: 'browse',
    choropleth: hash.choropleth,
    story: hash.story != null && (detail.hasStory || (own && hash.council != null)) ? hash.story : null,
  };
}

/** The document title for a town: "Kalisz — Program Rozwoju Kalisza 2025–2029 · Plan na mapie". */
export function townTitle(detail: Pick<CityDetail, 'name' | 'strategy'>, app: string): string {
  return `${detail.name} — ${detail.strategy.title} · ${app}`;
}

/**
 * The header's strategy line: the title, and the period only when the title does not already
 * give its years.
 * @example strategyHeading({ title: 'Program Rozwoju Kalisza 2025–2029', period: '2025–2029' }) // 'Program Rozwoju Kalisza 2025–2029'
 */
export function strategyHeading(s: Pick<CityDetail['strategy'], 'title' | 'period'>): string {
  const years = s.period.match(/\d{4}/g) ?? [];
  return years.length > 0 && years.every((y) => s.title.includes(y)) ? s.title : `${s.title} · ${s.period}`;
}

/** GeoJSON the map draws, loaded through the API client. */
export interface MapData {
  boundary: FeatureCollection;
  districts: FeatureCollection;
  districtLabels: FeatureCollection;
  layers: Record<string, FeatureCollection>;
}

export interface TownState {
  phase: 'loading' | 'ready' | 'error';
  /** Why the first town could not be loaded (phase 'error'). */
  error: string;
  settings: Settings;
  /** The server's towns (the town switcher). */
  cities: CityListItem[];
  detail: CityDetail | null;
  mapData: MapData | null;
  /** Name of the town being loaded after a switch (the old one stays until it is ready). */
  switchingTo: string | null;
  /** Bumped when the open town's data is fetched again (after an import): the map is made anew. */
  version: number;
  /** The camera the map starts with. */
  initialView: MapView | null;
}

export const initialTown = (): TownState => ({
  phase: 'loading',
  error: '',
  settings: { basemap: null },
  cities: [],
  detail: null,
  mapData: null,
  switchingTo: null,
  version: 0,
  initialView: null,
});

/** A feature of the loaded layers by id, with its layer (the catalogue's index is looked at first). */
export function findFeature(
  id: string,
  data: Record<string, FeatureCollection> | undefined,
  detail: Pick<CityDetail, 'featureIndex'> | null,
): { feature: FeatureCollection['features'][number]; layer: string } | null {
  if (!data) return null;
  const hint = detail?.featureIndex[id]?.layer;
  const order = hint ? [hint, ...Object.keys(data).filter((k) => k !== hint)] : Object.keys(data);
  for (const layer of order) {
    const f = data[layer]?.features.find((x) => String(x.id ?? x.properties?.id) === id);
    if (f) return { feature: f, layer };
  }
  return null;
}

/** Years whose report to the council can be presented: the strategy's start to this year, newest first. */
export function councilYears(d: Pick<CityDetail, 'strategy'>, now = new Date()): number[] {
  const start = d.strategy.timeline ? Number(d.strategy.timeline.start.slice(0, 4)) : null;
  const years: number[] = [];
  for (let y = now.getUTCFullYear(); start !== null && y >= start; y--) years.push(y);
  return years;
}

/** The outline of a district in the loaded map data (to measure the work done inside it). */
export function districtShape(districts: FeatureCollection | undefined, id: string | null): Polygon | MultiPolygon | null {
  const f = id ? districts?.features.find((x) => String(x.properties?.id ?? x.id) === id) : undefined;
  return f && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') ? (f.geometry as Polygon | MultiPolygon) : null;
}
