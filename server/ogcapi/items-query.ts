/**
 * Query parameters of /items, checked as OGC API – Features Parts 1–3 say: bbox and
 * bbox-crs, limit, offset, datetime, crs, filter, filter-lang and filter-crs.
 */
import type { BBox4, Collection, Interval, ItemsQuery } from './collection-types.ts';
import { bindFilter } from './cql2/bind.ts';
import { CqlError, parseCql2Text } from './cql2/parse.ts';
import { bboxToLonLat, CRS_LIST, CRS84_CRS, crsFromParam, type Crs } from './crs.ts';

export const LIMIT_DEFAULT = 100;
export const LIMIT_MAX = 10_000;

/** A refused parameter: the OGC exception's description, and `detail` naming the parameter and its rule (stable keys for clients). */
export class OgcParameterError extends Error {
  constructor(
    message: string,
    readonly detail: { parameter: string; rule: string } & Record<string, unknown>,
  ) {
    super(message);
  }
}

export const ITEMS_PARAMS = ['bbox', 'bbox-crs', 'limit', 'offset', 'datetime', 'crs', 'filter', 'filter-lang', 'filter-crs', 'f'];
const ALLOWED = new Set(ITEMS_PARAMS);
export const FORMATS = ['json', 'geojson', 'html'];

/** Parses every items parameter against a collection; a limit above the maximum is clamped, anything malformed is refused. */
export function parseItemsQuery(params: Record<string, string>, col: Collection): ItemsQuery {
  for (const k of Object.keys(params)) {
    if (!ALLOWED.has(k)) throw new OgcParameterError(`Unknown query parameter "${k}". Known: ${ITEMS_PARAMS.join(', ')}.`, { parameter: k, rule: 'unknown-parameter', allowed: ITEMS_PARAMS });
  }
  checkFormat(params.f);
  let limit = LIMIT_DEFAULT;
  if (params.limit !== undefined) {
    if (!/^\d+$/.test(params.limit) || Number(params.limit) < 1) throw new OgcParameterError(`limit must be a whole number from 1 (values above ${LIMIT_MAX} are treated as ${LIMIT_MAX}); got "${params.limit.slice(0, 40)}".`, { parameter: 'limit', rule: 'integer-range', min: 1, max: LIMIT_MAX });
    limit = Math.min(Number(params.limit), LIMIT_MAX);
  }
  let offset = 0;
  if (params.offset !== undefined) {
    if (!/^\d+$/.test(params.offset)) throw new OgcParameterError(`offset must be a whole number ≥ 0; got "${params.offset.slice(0, 40)}".`, { parameter: 'offset', rule: 'integer-range', min: 0 });
    offset = Number(params.offset);
  }
  const crs = crsParam('crs', params.crs);
  const bboxCrs = crsParam('bbox-crs', params['bbox-crs']);
  if (params['bbox-crs'] !== undefined && params.bbox === undefined) throw new OgcParameterError('bbox-crs is given without bbox.', { parameter: 'bbox-crs', rule: 'needs-bbox' });
  const bbox = params.bbox === undefined ? null : bboxToLonLat(parseBbox(params.bbox, bboxCrs), bboxCrs);
  return { bbox, limit, offset, crs, datetime: params.datetime === undefined ? null : parseDatetime(params.datetime), filter: parseFilter(params, col) };
}

export function checkFormat(f: string | undefined) {
  if (f !== undefined && !FORMATS.includes(f) && !['application/json', 'application/geo+json', 'text/html'].includes(f)) {
    throw new OgcParameterError(`f must be one of ${FORMATS.join(', ')}; got "${f.slice(0, 40)}".`, { parameter: 'f', rule: 'one-of', allowed: FORMATS });
  }
}

function crsParam(name: string, value: string | undefined): Crs {
  if (value === undefined) return CRS84_CRS;
  const crs = crsFromParam(value);
  if (!crs) throw new OgcParameterError(`${name} "${value.slice(0, 100)}" is not offered. Offered: ${CRS_LIST.join(', ')}.`, { parameter: name, rule: 'one-of', allowed: CRS_LIST });
  return crs;
}

function parseBbox(text: string, crs: Crs): BBox4 {
  const parts = text.split(',');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  const axes = crs.epsg === null ? 'minLon,minLat,maxLon,maxLat' : crs.epsg === 4326 ? 'minLat,minLon,maxLat,maxLon' : 'minX,minY,maxX,maxY';
  if ((nums.length !== 4 && nums.length !== 6) || nums.some((n) => !Number.isFinite(n))) {
    throw new OgcParameterError(`bbox must be 4 numbers (${axes}) or 6 with heights, in ${crs.uri}; got "${text.slice(0, 200)}".`, { parameter: 'bbox', rule: 'four-or-six-numbers', axes });
  }
  const [minx, miny, maxx, maxy] = nums.length === 4 ? nums : [nums[0]!, nums[1]!, nums[3]!, nums[4]!];
  // Values beyond ±180/±90 are not refused: clients send the map view's box, which can reach past the world's edge; the overlap test handles them.
  if (minx! > maxx! || miny! > maxy!) throw new OgcParameterError(`bbox must be ${axes} with each minimum ≤ its maximum (boxes across the antimeridian are not supported).`, { parameter: 'bbox', rule: 'min-not-above-max', axes });
  return [minx!, miny!, maxx!, maxy!];
}

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/i;
/** An RFC 3339 instant (date or date-time) or an interval "start/end" with ".." or "" for an open end. */
export function parseDatetime(text: string): Interval {
  const bad = () => new OgcParameterError(`datetime must be an RFC 3339 date-time (2026-05-01T12:00:00Z), a date (2026-05-01) or an interval start/end with ".." for an open end; got "${text.slice(0, 100)}".`, { parameter: 'datetime', rule: 'rfc3339-instant-or-interval' });
  const one = (s: string, end: boolean): string | null => {
    if (s === '..' || s === '') return null;
    if (!INSTANT.test(s) || Number.isNaN(Date.parse(s))) throw bad();
    // A bare date covers its whole day.
    return s.length === 10 ? (end ? `${s}T23:59:59.999Z` : `${s}T00:00:00Z`) : s;
  };
  const parts = text.split('/');
  if (parts.length === 1) {
    if (parts[0] === '..' || parts[0] === '') throw bad();
    return [one(parts[0]!, false), one(parts[0]!, true)];
  }
  if (parts.length !== 2 || (parts[0] === '..' || parts[0] === '') && (parts[1] === '..' || parts[1] === '')) throw bad();
  const iv: Interval = [one(parts[0]!, false), one(parts[1]!, true)];
  if (iv[0] && iv[1] && Date.parse(iv[0]) > Date.parse(iv[1])) throw new OgcParameterError(`datetime: the interval's start ${iv[0]} is after its end ${iv[1]}.`, { parameter: 'datetime', rule: 'start-not-after-end' });
  return iv;
}

function parseFilter(params: Record<string, string>, col: Collection) {
  const lang = params['filter-lang'];
  // "cql-text" is the draft's name for the same language (GDAL up to 3.7 sends it).
  if (lang !== undefined && lang !== 'cql2-text' && lang !== 'cql-text') throw new OgcParameterError(`filter-lang "${lang.slice(0, 50)}" is not supported; use cql2-text.`, { parameter: 'filter-lang', rule: 'one-of', allowed: ['cql2-text', 'cql-text'] });
  const filterCrs = crsParam('filter-crs', params['filter-crs']);
  if (params.filter === undefined) {
    if (lang !== undefined || params['filter-crs'] !== undefined) throw new OgcParameterError('filter-lang/filter-crs are given without filter.', { parameter: lang !== undefined ? 'filter-lang' : 'filter-crs', rule: 'needs-filter' });
    return null;
  }
  try {
    return bindFilter(parseCql2Text(params.filter), col.queryables, filterCrs);
  } catch (e) {
    if (e instanceof CqlError) throw new OgcParameterError(`filter: ${e.message} (position ${e.position}).`, { parameter: 'filter', rule: 'cql2-text', position: e.position });
    throw e;
  }
}
