/**
 * Web Mercator tile arithmetic (the XYZ scheme MapLibre asks tiles in): a tile's bounds in
 * degrees, where a point falls inside a tile in tile units, and the tile cell a point lies in
 * at a given zoom. Pure functions, no framework.
 */

/** Highest zoom a tile is served at. */
export const MAX_TILE_ZOOM = 22;

export function isValidTile(z: number, x: number, y: number): boolean {
  if (![z, x, y].every(Number.isInteger) || z < 0 || z > MAX_TILE_ZOOM) return false;
  const n = 2 ** z;
  return x >= 0 && x < n && y >= 0 && y < n;
}

const lonOf = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const latOf = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/** [west, south, east, north] of tile z/x/y in degrees. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  return [lonOf(x, z), latOf(y + 1, z), lonOf(x + 1, z), latOf(y, z)];
}

/** The point's position in fractional tile coordinates at zoom z (x east, y south). */
export function tileCoords(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  return [((lon + 180) / 360) * n, ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n];
}

/** The cell (tile indices at zoom `level`) that a point lies in. */
export function cellOf(lon: number, lat: number, level: number): [number, number] {
  const [x, y] = tileCoords(lon, lat, level);
  return [Math.floor(x), Math.floor(y)];
}

/** The point in the units of tile z/x/y (0…extent across the tile; outside for the buffer). */
export function toTileUnits(lon: number, lat: number, z: number, x: number, y: number, extent: number): [number, number] {
  const [tx, ty] = tileCoords(lon, lat, z);
  return [Math.round((tx - x) * extent), Math.round((ty - y) * extent)];
}
