/** Query parameters of /items, checked as OGC API – Features Part 1 says. */
import type { BBox4, ItemsQuery } from './collection.ts';

export const LIMIT_DEFAULT = 100;
export const LIMIT_MAX = 10_000;

export class OgcParameterError extends Error {}

const ALLOWED = new Set(['bbox', 'limit', 'offset', 'f']);

/** Parses bbox, limit and offset; a limit above the maximum is clamped, anything malformed is refused. */
export function parseItemsQuery(params: Record<string, string>): ItemsQuery {
  for (const k of Object.keys(params)) {
    if (!ALLOWED.has(k)) throw new OgcParameterError(`Unknown query parameter "${k}". Known: bbox, limit, offset, f.`);
  }
  checkFormat(params.f);
  let limit = LIMIT_DEFAULT;
  if (params.limit !== undefined) {
    if (!/^\d+$/.test(params.limit) || Number(params.limit) < 1) throw new OgcParameterError(`limit must be a whole number from 1 (values above ${LIMIT_MAX} are treated as ${LIMIT_MAX}); got "${params.limit}".`);
    limit = Math.min(Number(params.limit), LIMIT_MAX);
  }
  let offset = 0;
  if (params.offset !== undefined) {
    if (!/^\d+$/.test(params.offset)) throw new OgcParameterError(`offset must be a whole number ≥ 0; got "${params.offset}".`);
    offset = Number(params.offset);
  }
  return { bbox: params.bbox === undefined ? null : parseBbox(params.bbox), limit, offset };
}

export function checkFormat(f: string | undefined) {
  if (f !== undefined && !['json', 'geojson', 'application/json', 'application/geo+json'].includes(f)) {
    throw new OgcParameterError(`f must be json or geojson; got "${f}".`);
  }
}

function parseBbox(text: string): BBox4 {
  const parts = text.split(',');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if ((nums.length !== 4 && nums.length !== 6) || nums.some((n) => !Number.isFinite(n))) {
    throw new OgcParameterError(`bbox must be 4 numbers (minLon,minLat,maxLon,maxLat) or 6 with heights, in CRS84; got "${text}".`);
  }
  const [minx, miny, maxx, maxy] = nums.length === 4 ? nums : [nums[0]!, nums[1]!, nums[3]!, nums[4]!];
  // Values beyond ±180/±90 are not refused: clients send the map view's box, which can reach past the world's edge; the overlap test handles them.
  if (minx! > maxx! || miny! > maxy!) throw new OgcParameterError('bbox must have minLon ≤ maxLon and minLat ≤ maxLat (boxes across the antimeridian are not supported).');
  return [minx!, miny!, maxx!, maxy!];
}
