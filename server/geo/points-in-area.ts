import type { MultiPolygon, Polygon, Position } from 'geojson';
import { pointInRings } from './point-in-ring.ts';

/**
 * Which of the points (flat [lon0, lat0, lon1, lat1, …]) lie in the area, on its edge
 * included: 1 in, 0 out per point. Each polygon's bbox is tested first, so points far from
 * the area cost four comparisons.
 *
 * @example
 * pointsInArea({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }, [0.5, 0.5, 2, 2]) // Uint8Array [1, 0]
 */
export function pointsInArea(area: Polygon | MultiPolygon, lonLat: ArrayLike<number>): Uint8Array {
  const polygons: Position[][][] = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  const boxes = polygons.map((rings) => {
    let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
    for (const [x, y] of rings[0] ?? []) {
      w = Math.min(w, x!);
      e = Math.max(e, x!);
      s = Math.min(s, y!);
      n = Math.max(n, y!);
    }
    return [w, s, e, n] as const;
  });
  const out = new Uint8Array(lonLat.length / 2);
  for (let i = 0; i < out.length; i++) {
    const x = lonLat[2 * i]!, y = lonLat[2 * i + 1]!;
    for (let k = 0; k < polygons.length; k++) {
      const b = boxes[k]!;
      if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) continue;
      if (pointInRings(x, y, polygons[k]!) >= 0) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}
