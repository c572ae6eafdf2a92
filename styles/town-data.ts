/**
 * The town's map data as the style draws it, made from GET /api/cities/:city/map-data and the
 * catalogue: route labels with their km, one label point per district. Shared by the viewer
 * (its first map) and the server (which works out the glyphs of the first view from the same
 * data, so the two cannot drift apart).
 */
import type { FeatureCollection, Geometry, Point } from 'geojson';
import type { CityDetail, CityMapData, DistrictCollection, StrategyFeatureProps } from '../server/api-types.ts';
import { withRouteLabels } from './labels.ts';

export interface TownData {
  boundary: FeatureCollection;
  districts: DistrictCollection;
  districtLabels: FeatureCollection;
  /** Features per catalogue layer id (an empty collection for a layer the data lacks). */
  layers: Record<string, FeatureCollection>;
}

export function townData(detail: Pick<CityDetail, 'layers' | 'lineKm'>, raw: CityMapData): TownData {
  const layers: Record<string, FeatureCollection> = {};
  for (const l of detail.layers) {
    const fc = raw.layers[l.id] ?? { type: 'FeatureCollection', features: [] };
    layers[l.id] = l.kind === 'route' || l.kind === 'mixed' ? withRouteLabels(fc as FeatureCollection<Geometry, StrategyFeatureProps>, (id) => detail.lineKm[id] ?? null) : fc;
  }
  return { boundary: raw.boundary, districts: raw.districts, districtLabels: labelPoints(raw.districts), layers };
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
