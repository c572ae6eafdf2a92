import { area, bbox, featureCollection, feature, intersect } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';

/**
 * Area in hectares where two polygons overlap (0 when they do not).
 *
 * @example
 * intersectionAreaHa(squareA, squareB) // e.g. 12.5
 */
export function intersectionAreaHa(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): number {
  const [aw, as, ae, an] = bbox(a);
  const [bw, bs, be, bn] = bbox(b);
  if (aw > be || bw > ae || as > bn || bs > an) return 0;
  const overlap = intersect(featureCollection([feature(a), feature(b)]));
  return overlap ? area(overlap) / 1e4 : 0;
}
