/**
 * Reprojects positions from a known coordinate system to WGS84 longitude/latitude with proj4.
 */
import proj4 from 'proj4';
import type { Position } from 'geojson';
import { KNOWN_CRS } from './crs.ts';
import type { PlainGeometry } from './normalize-geometry.ts';

export type ToWgs84 = (p: Position) => Position;

/**
 * A function taking [x, y] in EPSG:`epsg` to [lon, lat]; identity for EPSG:4326.
 * Throws for an EPSG code not in KNOWN_CRS (a programmer error: codes are checked when parsed).
 *
 * @example
 * toWgs84(2180)([728300.53, 345376.82]) // ≈ [22.25, 50.93]
 */
export function toWgs84(epsg: number): ToWgs84 {
  const crs = KNOWN_CRS.get(epsg);
  if (!crs) throw new Error(`toWgs84: EPSG:${epsg} is not a known coordinate system`);
  if (epsg === 4326) return (p) => p;
  const converter = proj4(crs.proj, KNOWN_CRS.get(4326)!.proj);
  return (p) => {
    const [x, y] = converter.forward([p[0]!, p[1]!]);
    return [x!, y!];
  };
}

/** The same geometry with every position passed through `fn`. */
export function reprojectGeometry<G extends PlainGeometry>(g: G, fn: ToWgs84): G {
  switch (g.type) {
    case 'Point':
    case 'MultiPoint':
    case 'LineString':
    case 'MultiLineString':
    case 'Polygon':
    case 'MultiPolygon':
      return { ...g, coordinates: mapDeep(g.coordinates, fn) } as G;
  }
}

function mapDeep(c: unknown, fn: ToWgs84): unknown {
  if (Array.isArray(c) && typeof c[0] === 'number') return fn(c as Position);
  return (c as unknown[]).map((x) => mapDeep(x, fn));
}

/** The first position of a geometry, for sanity checks on the units of a file. */
export function firstPosition(g: PlainGeometry): Position | undefined {
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' ? (c as Position) : undefined;
}
