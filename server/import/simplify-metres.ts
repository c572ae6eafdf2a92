/**
 * Douglas–Peucker simplification with the tolerance in metres: turf's simplify measures in
 * the coordinates' units (degrees), so the geometry is first put on a local metric plane
 * (equirectangular about its own latitude, accurate to well under 1 % over a town) and back.
 */
import { simplify } from '@turf/turf';
import type { Geometry, Position } from 'geojson';

const M_PER_DEG_LAT = 111_320;

/**
 * @example
 * simplifyMetres(line, 2) // { geometry, before: 120, after: 31 } — vertices before and after
 */
export function simplifyMetres(g: Geometry, toleranceM: number): { geometry: Geometry; before: number; after: number } {
  const before = countVertices(g);
  if (g.type === 'Point' || g.type === 'MultiPoint' || g.type === 'GeometryCollection' || toleranceM <= 0) return { geometry: g, before, after: before };
  const lat0 = firstLat(g);
  const kx = M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  const toPlane = (p: Position): Position => [p[0]! * kx, p[1]! * M_PER_DEG_LAT];
  const toDegrees = (p: Position): Position => [round7(p[0]! / kx), round7(p[1]! / M_PER_DEG_LAT)];
  let simplified: Geometry;
  try {
    simplified = simplify(mapPositions(g, toPlane), { tolerance: toleranceM, highQuality: true, mutate: true });
  } catch {
    // turf refuses degenerate rings; leave the geometry as it is for the repair step to judge.
    return { geometry: g, before, after: before };
  }
  const geometry = mapPositions(simplified, toDegrees);
  return { geometry, before, after: countVertices(geometry) };
}

function round7(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}

function firstLat(g: Geometry): number {
  let c: unknown = (g as { coordinates: unknown }).coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return (c as number[])[1] ?? 0;
}

function mapPositions<G extends Geometry>(g: G, f: (p: Position) => Position): G {
  const walk = (c: unknown): unknown => (typeof (c as unknown[])[0] === 'number' ? f(c as Position) : (c as unknown[]).map(walk));
  return { ...g, coordinates: walk((g as { coordinates: unknown }).coordinates) } as G;
}

export function countVertices(g: Geometry): number {
  if (g.type === 'GeometryCollection') return g.geometries.reduce((s, x) => s + countVertices(x), 0);
  const walk = (c: unknown): number => (typeof (c as unknown[])[0] === 'number' ? 1 : (c as unknown[]).reduce<number>((s, x) => s + walk(x), 0));
  return walk(g.coordinates);
}
