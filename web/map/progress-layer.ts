/**
 * The work done by the time control's date, drawn over the plan: built sections of routes as a
 * solid dark-green line, plots as a hatched-looking green fill with an outline, points as rings.
 * The strategy's own features stay as the plan beneath. Beneath the built work, "what changed
 * since …" is a wide amber halo: the work recorded since that date, or — for an update with no
 * geometry — the undertaking's planned place. Owned by kp-map-view.
 */
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import type { FeatureCollection, Geometry } from 'geojson';

const SOURCE = 'progress-built';
const CHANGED_SOURCE = 'progress-changed';
const DRAFT_SOURCE = 'progress-draft';
const BUILT = '#0f5132';
/** The halo of what changed: amber, apart from the selection red, the plan's colours and the built green. */
export const CHANGED_COLOUR = '#d97706';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function installProgressLayer(map: MlMap): void {
  if (map.getSource(SOURCE)) return;
  map.addSource(CHANGED_SOURCE, { type: 'geojson', data: EMPTY });
  const notPoint = ['!=', ['geometry-type'], 'Point'] as never;
  map.addLayer({ id: 'progress-changed-fill', type: 'fill', source: CHANGED_SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': CHANGED_COLOUR, 'fill-opacity': 0.18 } });
  map.addLayer({ id: 'progress-changed-halo', type: 'line', source: CHANGED_SOURCE, filter: notPoint, layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': CHANGED_COLOUR, 'line-width': 18, 'line-opacity': 0.8 } });
  map.addLayer({ id: 'progress-changed-point', type: 'circle', source: CHANGED_SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': CHANGED_COLOUR, 'circle-stroke-width': 5 } });
  map.addSource(SOURCE, { type: 'geojson', data: EMPTY });
  map.addSource(DRAFT_SOURCE, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'progress-built-fill', type: 'fill', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': BUILT, 'fill-opacity': 0.35 } });
  map.addLayer({ id: 'progress-built-outline', type: 'line', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'line-color': BUILT, 'line-width': 2.5 } });
  map.addLayer({ id: 'progress-built-casing', type: 'line', source: SOURCE, filter: ['==', ['geometry-type'], 'LineString'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': '#ffffff', 'line-width': 9 } });
  map.addLayer({ id: 'progress-built-line', type: 'line', source: SOURCE, filter: ['==', ['geometry-type'], 'LineString'], layout: { 'line-cap': 'round', 'line-join': 'round' }, paint: { 'line-color': BUILT, 'line-width': 5.5 } });
  map.addLayer({ id: 'progress-built-point', type: 'circle', source: SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 7, 'circle-color': '#ffffff', 'circle-stroke-color': BUILT, 'circle-stroke-width': 3 } });
  // The work read from a file, before it is recorded: dashed, over everything.
  map.addLayer({ id: 'progress-draft-fill', type: 'fill', source: DRAFT_SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': BUILT, 'fill-opacity': 0.2 } });
  map.addLayer({ id: 'progress-draft-line', type: 'line', source: DRAFT_SOURCE, filter: ['!=', ['geometry-type'], 'Point'] as never, paint: { 'line-color': BUILT, 'line-width': 4, 'line-dasharray': [2, 1.5] } });
  map.addLayer({ id: 'progress-draft-point', type: 'circle', source: DRAFT_SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 8, 'circle-color': '#ffffff', 'circle-stroke-color': BUILT, 'circle-stroke-width': 3 } });
}

export function setProgressData(map: MlMap, data: FeatureCollection | null): void {
  (map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(data ?? EMPTY);
}

/** What changed since the chosen date, highlighted (null: nothing). */
export function setChangedData(map: MlMap, data: FeatureCollection | null): void {
  (map.getSource(CHANGED_SOURCE) as GeoJSONSource | undefined)?.setData(data ?? EMPTY);
}

/** The geometry of work done read from a file, shown before it is recorded (null: none). */
export function setDraftData(map: MlMap, geometry: Geometry | null): void {
  (map.getSource(DRAFT_SOURCE) as GeoJSONSource | undefined)?.setData(geometry ? { type: 'Feature', geometry, properties: {} } : EMPTY);
}
