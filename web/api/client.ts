/**
 * Typed fetch wrappers for the viewer's HTTP API. Components never call fetch: they call
 * these, and get typed results or an ApiRequestError carrying the server's own message.
 */
import { t } from '../i18n/index.ts';
import type { RefusalContext } from '../i18n/refusals.ts';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type {
  BulkStatusResult,
  ApiError,
  CityDetail,
  CityList,
  DistrictAt,
  DistrictCollection,
  CityMapData,
  DistrictList,
  DistrictSummaries,
  DistrictSummary,
  ImportConfirmation,
  ImportUpload,
  LayerCollection,
  Me,
  ProposalCollection,
  ProposalDetail,
  ProposalFeatureProps,
  ProposalSetup,
  QueryResult,
  Settings,
  Story,
} from '../../server/api-types.ts';
import type { SearchResult } from '../../server/search/types.ts';

/** A failed API call: the HTTP status, the server's error code and its message (shown to the user). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly url: string;
  /** The error's `details` from the server, if any (e.g. a RuleRefusal on 422). */
  readonly details: unknown;
  /** Seconds to wait, from Retry-After (429). */
  readonly retryAfterS: number | null;
  constructor(status: number, code: string, message: string, url: string, details: unknown = undefined, retryAfterS: number | null = null) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.url = url;
    this.details = details;
    this.retryAfterS = retryAfterS;
  }
}

function isApiError(body: unknown): body is ApiError {
  const e = (body as ApiError | null)?.error;
  return typeof e === 'object' && e !== null && typeof e.message === 'string';
}

/**
 * The refusal catalogue and its wording (i18n/refusals.ts, both languages) are a chunk of their
 * own: only a refused request needs them, so `request` loads them before it throws one, and a
 * refusal worded before (or without) them shows the server's own message.
 */
let refusals: typeof import('../i18n/refusals.ts') | null = null;
async function loadRefusalWords(): Promise<void> {
  try {
    refusals ??= await import('../i18n/refusals.ts');
  } catch {
    // The chunk did not come (offline after a new deployment): the server's message stays.
  }
}

/** A refusal in the current language (the server's message until the catalogue has come). */
export function wordRefusal(err: ApiRequestError, ctx?: RefusalContext): string {
  const r = { status: err.status, code: err.code, message: err.message, details: err.details, retryAfterS: err.retryAfterS };
  return refusals ? refusals.formatRefusal(r, ctx) : err.message;
}

export async function request<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: 'application/json, application/geo+json', ...init?.headers } });
  } catch (err) {
    // Network down, server stopped: the message names what failed.
    throw new ApiRequestError(0, 'network', t('api.network', { url, detail: (err as Error).message }), url);
  }
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiRequestError(res.status, 'bad-response', t('api.badResponse', { url, status: res.status }), url);
    }
  }
  if (!res.ok) {
    if (isApiError(body)) {
      await loadRefusalWords();
      const retry = Number(res.headers.get('retry-after'));
      throw new ApiRequestError(res.status, body.error.code, body.error.message, url, body.error.details, Number.isFinite(retry) && retry > 0 ? retry : null);
    }
    throw new ApiRequestError(res.status, `http-${res.status}`, t('api.httpError', { url, status: res.status }), url);
  }
  return body as T;
}

const enc = encodeURIComponent;

export interface ApiClient {
  settings(): Promise<Settings>;
  cities(): Promise<CityList>;
  city(city: string): Promise<CityDetail>;
  layer(city: string, layer: string): Promise<LayerCollection>;
  boundary(city: string): Promise<FeatureCollection>;
  districtGeometry(city: string): Promise<DistrictCollection>;
  /** The boundary, districts and every layer in one request (the first map). */
  mapData(city: string): Promise<CityMapData>;
  districts(city: string): Promise<DistrictList>;
  districtSummaries(city: string): Promise<DistrictSummaries>;
  districtSummary(city: string, district: string): Promise<DistrictSummary>;
  /** The city's story (presentation); HTTP 404 when the pack has none. */
  story(city: string): Promise<Story>;
  /** The district at a point, or null when the point is outside every district (HTTP 404). */
  districtAt(city: string, lon: number, lat: number): Promise<DistrictAt | null>;
  query(city: string, area: Polygon | MultiPolygon | Feature<Geometry>): Promise<QueryResult>;
  /** Where a layer is saved as a GeoJSON file. */
  layerDownloadUrl(city: string, layer: string): string;
  /** Where the district summaries are saved as CSV (UTF-8 with BOM). */
  summariesCsvUrl(city: string): string;
}

/** The client for the API at `base` (same origin by default). */
export function createApiClient(base = ''): ApiClient {
  const api = `${base}/api`;
  return {
    settings: () => request<Settings>(`${api}/settings`),
    cities: () => request<CityList>(`${api}/cities`),
    city: (city) => request<CityDetail>(`${api}/cities/${enc(city)}`),
    layer: (city, layer) => request<LayerCollection>(`${api}/cities/${enc(city)}/layers/${enc(layer)}`),
    layerDownloadUrl: (city, layer) => `${api}/cities/${enc(city)}/layers/${enc(layer)}?download=1`,
    summariesCsvUrl: (city) => `${api}/cities/${enc(city)}/districts/summaries.csv`,
    boundary: (city) => request<FeatureCollection>(`${api}/cities/${enc(city)}/boundary`),
    districtGeometry: (city) => request<DistrictCollection>(`${api}/cities/${enc(city)}/districts/geometry`),
    mapData: (city) => request<CityMapData>(`${api}/cities/${enc(city)}/map-data`),
    districts: (city) => request<DistrictList>(`${api}/cities/${enc(city)}/districts`),
    districtSummaries: (city) => request<DistrictSummaries>(`${api}/cities/${enc(city)}/districts/summaries`),
    districtSummary: (city, district) => request<DistrictSummary>(`${api}/cities/${enc(city)}/districts/${enc(district)}/summary`),
    story: (city) => request<Story>(`${api}/cities/${enc(city)}/story`),
    districtAt: async (city, lon, lat) => {
      try {
        return await request<DistrictAt>(`${api}/cities/${enc(city)}/districts/at?lon=${lon}&lat=${lat}`);
      } catch (err) {
        if (err instanceof ApiRequestError && err.status === 404) return null;
        throw err;
      }
    },
    query: (city, area) =>
      request<QueryResult>(`${api}/cities/${enc(city)}/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(area),
      }),
  };
}

/** The message to show for any error: a refusal worded by its code in the current language (the server's English only for a code the viewer does not know). */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiRequestError) {
    if (err.status === 0) return err.message;
    return wordRefusal(err);
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

// ---------- proposals, residents and planner sessions ----------

/** Filters of GET /api/cities/:city/proposals (and its exports). */
export interface ProposalQuery {
  district?: string | null;
  status?: ProposalFeatureProps['status'][];
  kind?: string;
  bbox?: [number, number, number, number];
  limit?: number;
  offset?: number;
  sort?: 'created' | 'newest' | 'supports';
  /** Only the signed-in resident's own proposals. */
  mine?: boolean;
}

export interface NewProposal {
  kind: string;
  geometry: Point | Polygon;
  species?: string;
  count: number;
  note: string;
}

export interface ResidentSignUp {
  id: string;
  nickname: string;
  token: string;
}

export interface SupportResult {
  supports: number;
  supportedByMe: boolean;
}

type ProposalStatusName = ProposalDetail['properties']['status'];

export interface ProposalApi {
  /** Who the server sees; `asResident: false` leaves the Bearer token out (to find a planner's cookie session). */
  me(asResident?: boolean): Promise<Me>;
  signUpResident(nickname: string): Promise<ResidentSignUp>;
  login(login: string, password: string): Promise<Me>;
  logout(): Promise<Me>;
  setup(city: string): Promise<ProposalSetup>;
  list(city: string, q?: ProposalQuery): Promise<ProposalCollection>;
  /** Every proposal matching `q`, paging through numberMatched 5000 at a time. */
  listAll(city: string, q?: ProposalQuery): Promise<ProposalCollection>;
  /** Proposals by kind and status (the legend's figures), from the server's kept counts. */
  counts(city: string): Promise<{ kind: string; status: ProposalStatusName; n: number }[]>;
  get(city: string, id: string): Promise<ProposalDetail>;
  create(city: string, p: NewProposal): Promise<ProposalDetail>;
  /** `expected`: the status the planner saw; a proposal changed meanwhile is refused (409 status-conflict). */
  setStatus(city: string, id: string, status: 'accepted' | 'rejected' | 'planted' | 'proposed', reason?: string, expected?: ProposalStatusName): Promise<ProposalDetail>;
  /** One decision for a selection (POST …/proposals/status), answered per proposal. */
  setStatusMany(city: string, ids: string[], status: 'accepted' | 'rejected', reason?: string, expected?: Record<string, ProposalStatusName>): Promise<BulkStatusResult>;
  edit(city: string, id: string, change: { count?: number; species?: string }): Promise<ProposalDetail>;
  withdraw(city: string, id: string): Promise<ProposalDetail>;
  support(city: string, id: string, on: boolean): Promise<SupportResult>;
  exportUrl(city: string, format: 'csv' | 'geojson', q?: ProposalQuery): string;
}

function proposalParams(q: ProposalQuery = {}): string {
  const p = new URLSearchParams();
  if (q.district) p.set('district', q.district);
  if (q.status?.length) p.set('status', q.status.join(','));
  if (q.kind) p.set('kind', q.kind);
  if (q.bbox) p.set('bbox', q.bbox.join(','));
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  if (q.offset !== undefined) p.set('offset', String(q.offset));
  if (q.sort) p.set('sort', q.sort);
  if (q.mine) p.set('mine', 'true');
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * The proposals API at `base`. `auth()` gives the headers of the current session (a
 * resident's Bearer token or a planner's CSRF token; the planner's cookie goes by itself).
 */
export function createProposalApi(auth: () => Record<string, string>, base = ''): ProposalApi {
  const api = `${base}/api`;
  const url = (city: string, rest = '') => `${api}/cities/${enc(city)}/proposals${rest}`;
  const send = <T>(u: string, method: string, body?: unknown) =>
    request<T>(u, {
      method,
      headers: { ...auth(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const list = (city: string, q?: ProposalQuery) => request<ProposalCollection>(url(city, proposalParams(q)), { headers: auth() });
  return {
    me: (asResident = true) => {
      const h = auth();
      if (!asResident) delete h.authorization;
      return request<Me>(`${api}/me`, { headers: h });
    },
    signUpResident: (nickname) => send<ResidentSignUp>(`${api}/residents`, 'POST', { nickname }),
    login: (login, password) => request<Me>(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) }),
    logout: () => send<Me>(`${api}/auth/logout`, 'POST', {}),
    setup: (city) => request<ProposalSetup>(`${api}/cities/${enc(city)}/proposal-setup`),
    list,
    listAll: async (city, q = {}) => {
      const limit = 5000;
      const first = await list(city, { ...q, limit, offset: 0 });
      const features = [...first.features];
      while (features.length < first.numberMatched) {
        const next = await list(city, { ...q, limit, offset: features.length });
        if (!next.features.length) break;
        features.push(...next.features);
      }
      return { ...first, features, numberReturned: features.length, limit: features.length };
    },
    counts: async (city) => (await request<{ counts: { kind: string; status: ProposalStatusName; n: number }[] }>(url(city, '/counts'))).counts,
    get: (city, id) => request<ProposalDetail>(url(city, `/${enc(id)}`), { headers: auth() }),
    create: (city, p) => send<ProposalDetail>(url(city), 'POST', p),
    setStatusMany: (city, ids, status, reason, expected) => send<BulkStatusResult>(url(city, '/status'), 'POST', { ids, status, ...(reason ? { reason } : {}), ...(expected ? { expected } : {}) }),
    setStatus: (city, id, status, reason, expected) => send<ProposalDetail>(url(city, `/${enc(id)}/status`), 'POST', { status, ...(reason ? { reason } : {}), ...(expected ? { expected } : {}) }),
    edit: (city, id, change) => send<ProposalDetail>(url(city, `/${enc(id)}`), 'PATCH', change),
    withdraw: (city, id) => send<ProposalDetail>(url(city, `/${enc(id)}/withdraw`), 'POST', {}),
    support: (city, id, on) => send<SupportResult>(url(city, `/${enc(id)}/support`), on ? 'PUT' : 'DELETE'),
    exportUrl: (city, format, q = {}) => url(city, `/export.${format}${proposalParams({ district: q.district, status: q.status, kind: q.kind, bbox: q.bbox })}`),
  };
}

// ---------- layer import (admins) ----------

export interface ImportApi {
  /**
   * Sends a file to be checked against a layer: the raw bytes as the body, options in the
   * query (`params` from importParams). Nothing is written; the answer is the report.
   */
  upload(city: string, file: Blob, params: readonly (readonly [string, string])[], signal?: AbortSignal): Promise<ImportUpload>;
  /** Writes the checked upload into the layer (the server reloads the town's pack). */
  confirm(city: string, importId: string): Promise<ImportConfirmation>;
}

/**
 * The admin import API at `base`; `auth()` gives the session's headers (the CSRF token of the
 * admin's cookie session, the same as every other planner/admin write).
 */
export function createImportApi(auth: () => Record<string, string>, base = ''): ImportApi {
  const url = (city: string, rest = '') => `${base}/api/admin/cities/${enc(city)}/import${rest}`;
  return {
    upload: (city, file, params, signal) => {
      const q = new URLSearchParams(params.map(([k, v]) => [k, v]));
      return request<ImportUpload>(`${url(city)}?${q}`, {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/octet-stream' },
        body: file,
        signal,
      });
    },
    confirm: (city, importId) => request<ImportConfirmation>(url(city, `/${enc(importId)}/confirm`), { method: 'POST', headers: auth() }),
  };
}

// ---------- search ----------

export interface SearchApi {
  /** What the town holds matching `q` (and the online geocoder's places, when the server has one). */
  search(city: string, q: string, lang: string, signal?: AbortSignal): Promise<SearchResult>;
}

export function createSearchApi(base = ''): SearchApi {
  return {
    search: (city, q, lang, signal) => request<SearchResult>(`${base}/api/cities/${enc(city)}/search?q=${enc(q.slice(0, 100))}&lang=${enc(lang)}`, { signal }),
  };
}
