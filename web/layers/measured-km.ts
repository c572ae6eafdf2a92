/**
 * The geodesic length of line features measured in the page (turf), for a feature whatever its
 * layer (the feature panel, loaded on first use); the start graph reads the catalogue's `lineKm`.
 */
import length from '@turf/length';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

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
