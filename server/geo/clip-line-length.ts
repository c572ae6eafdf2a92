import { distance } from '@turf/turf';
import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { EDGE_EPS, pointInArea, polygonsOf } from './point-in-ring.ts';

/**
 * Kilometres of a line inside an area (holes respected), measured geodesically.
 * Each segment is split where it crosses the area's edges; each piece counts when its
 * midpoint is inside. A piece lying exactly ON an edge counts for the area on its left
 * (seen along the line's direction), so for areas that tile a region every piece is
 * counted exactly once and per-area lengths add up to the line's length.
 *
 * @example
 * const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
 * clippedLengthKm({ type: 'LineString', coordinates: [[-1, 0.5], [2, 0.5]] }, square) // ≈ 111.2 (one degree of longitude near the equator)
 */
export function clippedLengthKm(line: LineString | MultiLineString, area: Polygon | MultiPolygon): number {
  const polygons = polygonsOf(area);
  const edges = polygons.flat();
  const parts: Position[][] = line.type === 'LineString' ? [line.coordinates] : line.coordinates;
  let km = 0;
  for (const part of parts) {
    for (let i = 0; i + 1 < part.length; i++) km += segmentInsideKm(part[i]!, part[i + 1]!, polygons, edges);
  }
  return km;
}

function segmentInsideKm(a: Position, b: Position, polygons: Position[][][], rings: Position[][]): number {
  const ax = a[0]!, ay = a[1]!, bx = b[0]!, by = b[1]!;
  const dx = bx - ax, dy = by - ay;
  const ts = [0, 1];
  for (const ring of rings) {
    for (let j = 0; j + 1 < ring.length; j++) {
      for (const t of crossings(ax, ay, dx, dy, ring[j]!, ring[j + 1]!)) if (t > 0 && t < 1) ts.push(t);
    }
  }
  ts.sort((p, q) => p - q);
  const len = Math.hypot(dx, dy);
  // A unit normal to the left of the direction of travel, scaled to a few edge tolerances.
  const nx = len === 0 ? 0 : (-dy / len) * EDGE_EPS * 4, ny = len === 0 ? 0 : (dx / len) * EDGE_EPS * 4;
  let km = 0;
  for (let k = 0; k + 1 < ts.length; k++) {
    const t0 = ts[k]!, t1 = ts[k + 1]!;
    if (t1 - t0 <= 1e-12) continue;
    const tm = (t0 + t1) / 2;
    const mx = ax + dx * tm, my = ay + dy * tm;
    let where = pointInArea(mx, my, polygons);
    if (where === 0) where = pointInArea(mx + nx, my + ny, polygons);
    if (where === 1) km += distance([ax + dx * t0, ay + dy * t0], [ax + dx * t1, ay + dy * t1], { units: 'kilometers' });
  }
  return km;
}

/** Parameters t along a→(a+d) where it meets edge p→q (both ends of an overlap when collinear). */
function crossings(ax: number, ay: number, dx: number, dy: number, p: Position, q: Position): number[] {
  const px = p[0]!, py = p[1]!, ex = q[0]! - px, ey = q[1]! - py;
  const denom = dx * ey - dy * ex;
  const wx = px - ax, wy = py - ay;
  const dd = dx * dx + dy * dy;
  if (Math.abs(denom) < 1e-18) {
    // Parallel: when collinear, the edge's ends split the segment.
    if (dd === 0 || Math.abs(wx * dy - wy * dx) / Math.sqrt(dd) > EDGE_EPS) return [];
    return [(wx * dx + wy * dy) / dd, ((q[0]! - ax) * dx + (q[1]! - ay) * dy) / dd];
  }
  const t = (wx * ey - wy * ex) / denom;
  const u = (wx * dy - wy * dx) / denom;
  return u >= -1e-12 && u <= 1 + 1e-12 ? [t] : [];
}
