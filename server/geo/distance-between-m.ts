import { booleanIntersects, distance, pointToPolygonDistance } from '@turf/turf';
import type { Geometry, Point, Polygon, Position } from 'geojson';

/**
 * Shortest distance in metres between two Point/Polygon geometries (0 when they touch
 * or overlap). Used for the spacing rule between proposed trees.
 *
 * @example
 * distanceBetweenM({ type: 'Point', coordinates: [22, 50.9] }, { type: 'Point', coordinates: [22, 50.90001] }) // ≈ 1.11
 */
export function distanceBetweenM(a: Geometry, b: Geometry): number {
  if (a.type === 'Point' && b.type === 'Point') return distance(a.coordinates, b.coordinates, { units: 'meters' });
  if (a.type === 'Point' && b.type === 'Polygon') return pointToPolygonM(a, b);
  if (a.type === 'Polygon' && b.type === 'Point') return pointToPolygonM(b, a);
  if (a.type === 'Polygon' && b.type === 'Polygon') {
    if (booleanIntersects(a, b)) return 0;
    // Disjoint polygons: the closest pair involves a vertex of one of them.
    return Math.min(minVertexDistanceM(a, b), minVertexDistanceM(b, a));
  }
  throw new Error(`distanceBetweenM supports Point and Polygon, got ${a.type} and ${b.type}`);
}

function pointToPolygonM(p: Point, poly: Polygon): number {
  return Math.max(0, pointToPolygonDistance(p.coordinates, poly, { units: 'meters' }));
}

function minVertexDistanceM(from: Polygon, to: Polygon): number {
  let best = Infinity;
  for (const ring of from.coordinates) {
    for (const v of ring as Position[]) best = Math.min(best, pointToPolygonM({ type: 'Point', coordinates: v }, to));
  }
  return best;
}
