import { area } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { findCrossing } from './find-crossing.ts';

/** Positions a drawn query area may have: a hand-drawn outline needs a few dozen; room for a traced one. */
export const MAX_VERTICES = 500;

/** What a refusal says, as data (numbers, names, positions): the caller words it. */
export type PolygonParams = Record<string, string | number | readonly (string | number)[] | undefined>;

export type PolygonCheck =
  | { valid: true; geometry: Polygon | MultiPolygon }
  | { valid: false; rule: PolygonRule; path?: string; params: PolygonParams };

export type PolygonRule =
  | 'geometry-type'
  | 'position-invalid'
  | 'coordinate-range'
  | 'ring-too-short'
  | 'ring-not-closed'
  | 'too-many-vertices'
  | 'self-intersection'
  | 'zero-area';

/**
 * Checks a polygon a person drew (a GeoJSON Polygon/MultiPolygon, or a Feature holding one)
 * and says which rule it breaks, where. Never throws, whatever the input.
 *
 * @example
 * validatePolygonInput({ type: 'Point', coordinates: [0, 0] })
 * // { valid: false, rule: 'geometry-type', params: { rule: 'got', got: 'Point' } }
 */
export function validatePolygonInput(input: unknown, maxVertices = MAX_VERTICES): PolygonCheck {
  let g = input as { type?: unknown; coordinates?: unknown; geometry?: unknown } | null;
  if (g && typeof g === 'object' && !Array.isArray(g) && g.type === 'Feature') g = g.geometry as typeof g;
  if (!g || typeof g !== 'object' || Array.isArray(g) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    if (g && typeof g === 'object' && !Array.isArray(g) && typeof g.type !== 'string') return fail('geometry-type', { rule: 'no-type' });
    const got = g === null ? 'null' : Array.isArray(g) ? 'array' : typeof g !== 'object' ? typeof g : String(g.type).slice(0, 40);
    return fail('geometry-type', { rule: 'got', got });
  }
  const multi = g.type === 'MultiPolygon';
  const polys = multi ? g.coordinates : [g.coordinates];
  if (!Array.isArray(polys) || polys.length === 0) return fail('geometry-type', { rule: multi ? 'polygons' : 'rings' });

  // Count first, so a huge input is refused before any per-vertex work.
  let total = 0;
  for (const rings of polys) {
    if (!Array.isArray(rings) || rings.length === 0) return fail('geometry-type', { rule: 'polygon-rings' });
    for (const ring of rings) {
      if (!Array.isArray(ring)) return fail('geometry-type', { rule: 'ring-positions' });
      total += ring.length;
    }
  }
  if (total > maxVertices) return fail('too-many-vertices', { rule: 'area', max: maxVertices, count: total });

  for (let pi = 0; pi < polys.length; pi++) {
    const rings = polys[pi] as unknown[][];
    for (let ri = 0; ri < rings.length; ri++) {
      const ring = rings[ri]!;
      const where = multi ? { ring: ri, polygon: pi } : { ring: ri };
      for (let vi = 0; vi < ring.length; vi++) {
        const p = ring[vi] as unknown;
        const path = multi ? `coordinates[${pi}][${ri}][${vi}]` : `coordinates[${ri}][${vi}]`;
        if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
          return fail('position-invalid', { position: vi, ...where }, path);
        }
        if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) {
          return fail('coordinate-range', { position: vi, ...where, at: [p[0], p[1]] }, path);
        }
      }
      if (ring.length < 4) return fail('ring-too-short', { ...where, count: ring.length });
      const a = ring[0] as number[], z = ring[ring.length - 1] as number[];
      if (a[0] !== z[0] || a[1] !== z[1]) return fail('ring-not-closed', { ...where, first: [a[0]!, a[1]!], last: [z[0]!, z[1]!] });
    }
    const crossing = findCrossing(rings as Position[][]);
    if (crossing) {
      return fail('self-intersection', { ...(multi ? { polygon: pi } : {}), at: [+crossing[0].toFixed(6), +crossing[1].toFixed(6)] });
    }
  }
  const geometry = g as Polygon | MultiPolygon;
  if (area(geometry) < 1e-6) return fail('zero-area', {});
  return { valid: true, geometry };
}

/**
 * A refusal as data: rule = the refusal's code, params without `field` (the caller names the
 * field and words the message; geometry knows nothing of the HTTP layer).
 */
function fail(rule: PolygonRule, params: PolygonParams, path?: string): PolygonCheck {
  return { valid: false, rule, params, ...(path === undefined ? {} : { path }) };
}
