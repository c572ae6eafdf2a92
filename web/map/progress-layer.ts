/**
 * The work done by the time control's date, drawn over the plan: built sections of routes as a
 * solid dark-green line, plots as a hatched-looking green fill with an outline, points as rings.
 * The strategy's own features stay as the plan beneath. Owned by kp-map-view.
 */
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';

const SOURCE = 'progress-built';
const BUILT = '#0f5132';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function installProgressLayer(map: MlMap): void {
  if (map.getSource(SOURCE)) return;
  map.addSource(SOURCE, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'progress-built-fill', type: 'fill', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': BUILT, 'fill-opacity': 0.35 } });
  map.addLayer({ id: 'progress-built-outline', type: 'line', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': BUILT, 'line-width': 2.5 } });
  map.addLayer({ id: 'progress-built-casing', type: 'line', source: SOURCE, filter: ['==', ['geometry-type'], 'LineString'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 9 } });
  map.addLayer({ id: 'progress-built-line', type: 'line', source: SOURCE, filter: ['==', ['geometry-type'], 'LineString'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': BUILT, 'line-width': 5.5 } });
  map.addLayer({ id: 'progress-built-point', type: 'circle', source: SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 7, 'circle-color': '#ffffff', 'circle-stroke-color': BUILT, 'circle-stroke-width': 3 } });
}

export function setProgressData(map: MlMap, data: FeatureCollection | null): void {
  (map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(data ?? EMPTY);
}
