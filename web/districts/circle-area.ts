import circle from '@turf/circle';
import type { Polygon } from 'geojson';

/** The most a keyboard-made circle may span (a drawn area is capped at 500 vertices; 64 are used). */
export const MAX_CIRCLE_M = 5000;

/**
 * A drawn area made without a mouse: a circle of `radiusM` metres around [lon, lat], as a
 * 64-sided polygon (geodesic, so the radius is true on the ground).
 *
 * @example circleArea([22.22, 50.93], 300).coordinates[0].length // 65
 */
export function circleArea(centre: [number, number], radiusM: number): Polygon {
  const r = Math.min(MAX_CIRCLE_M, Math.max(10, radiusM));
  const g = circle(centre, r / 1000, { steps: 64, units: 'kilometers' }).geometry;
  // Seven decimals (≈1 cm): what the drawing tool accepts and more than the map can show.
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(([x, y]) => [round(x!), round(y!)])) };
}
