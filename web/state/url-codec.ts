/**
 * The URL hash mirrors what someone needs to reopen a view:
 * `#krasnik/12.4/50.94/22.19?layers=a,b&f=feature-id&d=piaski&tab=dzielnice&c=bike-km`.
 * Pure functions: encodeHash(state) → string, decodeHash(string) → partial state.
 */

export type Tab = 'layers' | 'strategy' | 'districts' | 'proposals';
/** What the choropleth colours districts by; which ones a town offers comes from its pack (web/state/choropleth.ts). */
export type ChoroplethMetric = 'bike-km' | 'green-share' | `target-${string}` | `kind-${string}`;

export interface MapView {
  zoom: number;
  lat: number;
  lon: number;
}

/** What the hash carries; every field is optional when decoding. */
export interface HashState {
  city: string | null;
  view: MapView | null;
  /** Visible layer ids; null means "the catalogue's defaults". */
  layers: string[] | null;
  feature: string | null;
  district: string | null;
  tab: Tab | null;
  choropleth: ChoroplethMetric | null;
  /** Presentation: the open story chapter, 1-based (`#krasnik/story/3`, or `#story/3` for the first city with a story). */
  story?: number | null;
  /** A proposal's own link, `#krasnik/proposal/<id>`: opens it on the map (decoded only; the view is the proposal's). */
  proposal?: string | null;
  /** The time control's date (`t=2026-05-01`): the map shows every undertaking's state on that day; null: today. */
  at?: string | null;
  /** "What changed since" (`od=2025-12-31`); null: since the last report. */
  since?: string | null;
  /** The report to the council for a year, presented (`#krasnik/raport/2026/3`: chapter 3 of 2026's). */
  council?: number | null;
}

const TABS: Record<string, Tab> = { warstwy: 'layers', strategia: 'strategy', dzielnice: 'districts', propozycje: 'proposals' };
const TAB_NAMES: Record<Tab, string> = { layers: 'warstwy', strategy: 'strategia', districts: 'dzielnice', proposals: 'propozycje' };
const METRICS: readonly ChoroplethMetric[] = ['bike-km', 'green-share'];
/** Per target and per proposal kind: `target-trees`, `kind-coworking`; `trees` is the old name of `target-trees`. */
const METRIC_OF = /^(target|kind)-[a-z0-9][a-z0-9-]*$/;
const ID = /^[a-z0-9][a-z0-9-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as YYYY-MM-DD that exists (2026-02-30 does not), else null. */
export function validDate(s: string | null | undefined): string | null {
  if (!s || !DATE.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : s;
}

export const emptyHashState = (): HashState => ({
  city: null,
  view: null,
  layers: null,
  feature: null,
  district: null,
  tab: null,
  choropleth: null,
});

function round(n: number, digits: number): string {
  return String(Number(n.toFixed(digits)));
}

/**
 * @example encodeHash({ ...emptyHashState(), city: 'krasnik', view: { zoom: 12.4, lat: 50.94, lon: 22.19 } })
 * // "#krasnik/12.4/50.94/22.19"
 */
export function encodeHash(state: HashState): string {
  // A story chapter's link is the chapter alone: the chapter decides view, layers and highlight.
  if (state.story != null && state.council != null && state.city) return `#${encodeURIComponent(state.city)}/raport/${state.council}/${state.story}`;
  if (state.story != null) return `#${state.city ? `${encodeURIComponent(state.city)}/` : ''}story/${state.story}`;
  if (!state.city) return '';
  let path = encodeURIComponent(state.city);
  if (state.view) path += `/${round(state.view.zoom, 2)}/${round(state.view.lat, 5)}/${round(state.view.lon, 5)}`;
  const params: string[] = [];
  if (state.layers) params.push(`layers=${state.layers.map(encodeURIComponent).join(',')}`);
  if (state.feature) params.push(`f=${encodeURIComponent(state.feature)}`);
  if (state.district) params.push(`d=${encodeURIComponent(state.district)}`);
  if (state.tab && state.tab !== 'layers') params.push(`tab=${TAB_NAMES[state.tab]}`);
  if (state.choropleth) params.push(`c=${state.choropleth}`);
  if (state.at) params.push(`t=${state.at}`);
  if (state.since) params.push(`od=${state.since}`);
  return `#${path}${params.length ? `?${params.join('&')}` : ''}`;
}

function finite(s: string | undefined): number | null {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function id(s: string | null | undefined): string | null {
  if (s == null) return null;
  const v = safeDecode(s);
  return v !== null && ID.test(v) ? v : null;
}

/**
 * Reads a hash (with or without the leading "#"); anything malformed is dropped, never thrown.
 * @example decodeHash('#krasnik/12.4/50.94/22.19?layers=a,b&f=x').view // { zoom: 12.4, lat: 50.94, lon: 22.19 }
 */
export function decodeHash(hash: string): HashState {
  const state = emptyHashState();
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!raw) return state;
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const query = q === -1 ? '' : raw.slice(q + 1);
  const parts = path.split('/');
  if (parts[1] === 'raport') {
    const year = finite(parts[2]);
    const n = finite(parts[3]);
    state.city = id(parts[0]);
    if (state.city && year !== null && Number.isInteger(year) && year >= 1900 && year <= 2999) {
      state.council = year;
      state.story = n !== null && Number.isInteger(n) && n >= 1 ? n : 1;
    }
    return state;
  }
  const storyAt = parts[0] === 'story' ? 0 : parts[1] === 'story' ? 1 : -1;
  if (storyAt !== -1) {
    const n = finite(parts[storyAt + 1]);
    state.city = storyAt === 1 ? id(parts[0]) : null;
    state.story = n !== null && Number.isInteger(n) && n >= 1 ? n : 1;
    return state;
  }
  if (parts[1] === 'proposal') {
    state.city = id(parts[0]);
    const p = parts[2] !== undefined ? safeDecode(parts[2]) : null;
    state.proposal = p !== null && /^[\w-]{1,64}$/.test(p) ? p : null;
    state.tab = 'proposals';
    return state;
  }
  const [city, z, lat, lon] = parts;
  state.city = id(city);
  const zoom = finite(z);
  const la = finite(lat);
  const lo = finite(lon);
  if (zoom !== null && la !== null && lo !== null && zoom >= 0 && zoom <= 24 && Math.abs(la) <= 90 && Math.abs(lo) <= 180) {
    state.view = { zoom, lat: la, lon: lo };
  }
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    switch (key) {
      case 'layers':
        state.layers = value === '' ? [] : value.split(',').map(id).filter((v): v is string => v !== null);
        break;
      case 'f':
        state.feature = id(value);
        break;
      case 'd':
        state.district = id(value);
        break;
      case 'tab':
        state.tab = TABS[value] ?? null;
        break;
      case 't':
        state.at = validDate(value);
        break;
      case 'od':
        state.since = validDate(value);
        break;
      case 'c':
        state.choropleth = value === 'trees' ? 'target-trees' : (METRICS as readonly string[]).includes(value) || METRIC_OF.test(value) ? (value as ChoroplethMetric) : null;
        break;
      default:
        break;
    }
  }
  return state;
}
