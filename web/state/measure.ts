/**
 * Small geometry helpers the viewer needs at start, with no geometry code of its own (issue 13:
 * our JS at start): one label point per district and the routes' lengths, both measured by the
 * server once per pack (the catalogue's `lineKm`, the districts' labelLon/labelLat).
 */
import type { FeatureCollection, Point } from 'geojson';
import type { DistrictCollection } from '../../server/api-types.ts';


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
