/**
 * Small geometry helpers the viewer needs on the client: route lengths measured from the
 * loaded features (turf, geodesic) and one label point per district.
 */
import length from '@turf/length';
import pointOnFeature from '@turf/point-on-feature';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';

/**
 * Geodesic length in km of every line feature, by feature id.
 * @example measuredKmById(routes).get('trasa-urzedowska') // 4.61
 */
export function measuredKmById(fc: FeatureCollection | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of fc?.features ?? []) {
    const t = f.geometry?.type;
    if (t !== 'LineString' && t !== 'MultiLineString') continue;
    out.set(String(f.id ?? f.properties?.id), length(f as Feature<Geometry>, { units: 'kilometers' }));
  }
  return out;
}

/** A point inside each polygon, carrying its id and name, for labels. */
export function labelPoints(fc: FeatureCollection): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: fc.features
      .filter((f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
      .map((f) => {
        const p = pointOnFeature(f);
        return { type: 'Feature', id: f.id, geometry: p.geometry, properties: { id: f.properties?.id, name: f.properties?.name } };
      }),
  };
}
