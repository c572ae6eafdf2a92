/**
 * How much of the work done lies inside an area (a district): the km of a built section that
 * fall inside it, clipped at its edge. Pure geometry (turf), no framework.
 */
import along from '@turf/along';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import length from '@turf/length';
import lineSplit from '@turf/line-split';
import type { Feature, Geometry, LineString, MultiPolygon, Polygon, Position } from 'geojson';

const line = (coordinates: Position[]): Feature<LineString> => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } });

function linesOf(g: Geometry): Position[][] {
  if (g.type === 'LineString') return [g.coordinates];
  if (g.type === 'MultiLineString') return g.coordinates;
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(linesOf);
  return [];
}

/**
 * km of the lines of `g` inside `area` (0 for points and areas): each line is cut where it
 * crosses the area's edge and the pieces whose middle lies inside are summed.
 * @example builtKmIn({ type: 'LineString', coordinates: [[0, 0], [0.02, 0]] }, squareAround00) // ≈ 1.11 (half of 2.22 km)
 */
export function builtKmIn(g: Geometry | null, area: Polygon | MultiPolygon): number {
  if (!g) return 0;
  const poly: Feature<Polygon | MultiPolygon> = { type: 'Feature', properties: {}, geometry: area };
  let km = 0;
  for (const coords of linesOf(g)) {
    if (coords.length < 2) continue;
    const whole = line(coords);
    const split = lineSplit(whole, poly as Feature<Polygon>).features;
    for (const piece of split.length ? split : [whole]) {
      const len = length(piece, { units: 'kilometers' });
      if (len === 0) continue;
      if (booleanPointInPolygon(along(piece, len / 2, { units: 'kilometers' }), poly)) km += len;
    }
  }
  return km;
}
