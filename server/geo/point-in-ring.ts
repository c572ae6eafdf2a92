import type { Position } from 'geojson';

/** Planar tolerance in degrees (~1 mm) for "on the edge". */
export const EDGE_EPS = 1e-8;

/**
 * Where a point lies relative to a polygon given as rings (outer first, then holes):
 * 1 inside, 0 on an edge, -1 outside. Even-odd ray casting in lon/lat, which is exact
 * for the straight-in-degrees edges GeoJSON draws.
 *
 * @example
 * pointInRings(22.005, 50.905, [[[22, 50.9], [22.01, 50.9], [22.01, 50.91], [22, 50.91], [22, 50.9]]]) // 1
 */
export function pointInRings(x: number, y: number, rings: Position[][]): 1 | 0 | -1 {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = ring[i]![0]!, yi = ring[i]![1]!, xj = ring[j]![0]!, yj = ring[j]![1]!;
      if (onSegment(x, y, xi, yi, xj, yj)) return 0;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside ? 1 : -1;
}

/** Whether (x, y) lies on the segment within EDGE_EPS. */
export function onSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number): boolean {
  if (x < Math.min(x1, x2) - EDGE_EPS || x > Math.max(x1, x2) + EDGE_EPS || y < Math.min(y1, y2) - EDGE_EPS || y > Math.max(y1, y2) + EDGE_EPS) return false;
  const dx = x2 - x1, dy = y2 - y1;
  const len = Math.hypot(dx, dy);
  if (len === 0) return Math.hypot(x - x1, y - y1) <= EDGE_EPS;
  return Math.abs(dx * (y - y1) - dy * (x - x1)) / len <= EDGE_EPS;
}

/** The polygons of a Polygon or MultiPolygon as lists of rings. */
export function polygonsOf(g: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] }): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** 1 inside, 0 on an edge, -1 outside, for a Polygon or MultiPolygon. */
export function pointInArea(x: number, y: number, polygons: Position[][][]): 1 | 0 | -1 {
  let best: 1 | 0 | -1 = -1;
  for (const rings of polygons) {
    const r = pointInRings(x, y, rings);
    if (r === 1) return 1;
    if (r === 0) best = 0;
  }
  return best;
}
