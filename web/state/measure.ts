/**
 * Small geometry helpers the viewer needs on the client: route lengths measured from the
 * loaded features (turf, geodesic) and one label point per district (the server finds the
 * point: the viewer carries no point-in-polygon code at start).
 */
import length from '@turf/length';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { DistrictCollection } from '../../server/api-types.ts';

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

/** The label point of each district (labelLon, labelLat from the server), carrying its id and name. */
export function labelPoints(fc: DistrictCollection): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: fc.features
      .filter((f) => Number.isFinite(f.properties?.labelLon) && Number.isFinite(f.properties?.labelLat))
      .map((f) => ({
        type: 'Feature',
        id: f.id,
        geometry: { type: 'Point', coordinates: [f.properties.labelLon, f.properties.labelLat] },
        properties: { id: f.properties.id, name: f.properties.name },
      })),
  };
}
