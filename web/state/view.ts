/**
 * The view slice: what the URL hash carries besides the selection and the story (town, camera,
 * visible layers, open tab, choropleth) and the draw mode; plus camera requests for the map.
 * The selection slice: the open feature and district.
 */
import type { ChoroplethMetric, MapView, Tab } from './url-codec.ts';

export type Mode = 'browse' | 'draw';
type Bbox = [number, number, number, number];

/**
 * Where the map's camera should go: fit a box (with room for the panels) or jump to a view (a
 * shared link). A new object is a new request, even to the same place; one made before the
 * map is ready is carried out when it is.
 */
export type CameraRequest = { fit: Bbox; maxZoom?: number } | { jump: MapView };

export interface ViewState {
  city: string | null;
  /** Visible layer ids. */
  visible: ReadonlySet<string>;
  /** The camera as the map last reported it (after a move). */
  view: MapView | null;
  tab: Tab;
  mode: Mode;
  choropleth: ChoroplethMetric | null;
  /** The latest camera request for the map view. */
  camera: CameraRequest | null;
}

export const initialView = (): ViewState => ({ city: null, visible: new Set(), view: null, tab: 'layers', mode: 'browse', choropleth: null, camera: null });

export interface SelectionState {
  /** The open strategy or context feature. */
  feature: string | null;
  /** The open district (its summary is in the districts slice). */
  district: string | null;
}

export const initialSelection = (): SelectionState => ({ feature: null, district: null });

/**
 * The box of a proposal's shape (a point, or a polygon's outer ring), or null for another shape.
 * @example shapeBox({ type: 'Point', coordinates: [22.2, 50.9] }) // [22.2, 50.9, 22.2, 50.9]
 */
export function shapeBox(g: { type: string; coordinates?: unknown }): Bbox | null {
  const pts = (g.type === 'Point' ? [g.coordinates] : g.type === 'Polygon' ? (g.coordinates as number[][][])[0] ?? [] : []) as number[][];
  if (!pts.length) return null;
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * The box around several boxes, or null for none.
 * @example unionBox([[0, 0, 1, 1], [2, -1, 3, 0]]) // [0, -1, 3, 1]
 */
export function unionBox(boxes: readonly Bbox[]): Bbox | null {
  if (!boxes.length) return null;
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}
