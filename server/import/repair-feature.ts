/**
 * Makes a WGS84 geometry fit a layer of the pack, or says why it cannot: coordinates in range,
 * rounded to 7 decimals (≈1 cm); a one-point MultiPoint made a Point; consecutive duplicate
 * vertices dropped; rings closed and wound by the RFC 7946 right-hand rule. Refused: a type the
 * layer kind does not take, rings or lines with too few distinct positions, self-intersections.
 * Every change is named in `repairs` so the report can show it per feature.
 */
import { countRule, line as lineOf, type ImportLine } from '../http/import-line-messages.ts';
import { findCrossing } from '../geo/find-crossing.ts';
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { LayerKind } from '../packs/schema.ts';
import type { PlainGeometry } from './normalize-geometry.ts';

export type Repaired = { ok: true; geometry: Geometry; repairs: ImportLine[] } | { ok: false; reason: ImportLine; repairs: ImportLine[] };

export const TYPES_BY_KIND: Record<LayerKind, readonly Geometry['type'][]> = {
  route: ['LineString', 'MultiLineString'],
  area: ['Polygon', 'MultiPolygon'],
  point: ['Point'],
  mixed: ['Point', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'],
};

const DECIMALS = 1e7;

/**
 * Repairs `g` (already in WGS84) for a layer of `kind`.
 *
 * @example
 * repairGeometry({ type: 'Polygon', coordinates: [[[22, 50], [22.1, 50], [22.1, 50.1]]] }, 'area')
 * // ok, repairs: [{ code: 'closed-rings', params: { rule: 'one', count: 1 } }, { code: 'fixed-winding', … }]
 */
export function repairGeometry(g: PlainGeometry, kind: LayerKind): Repaired {
  const repairs: ImportLine[] = [];
  const bad = outOfRange(g.coordinates);
  if (bad) {
    return {
      ok: false,
      repairs,
      reason: lineOf('not-lon-lat', { position: bad.map((n) => +n.toFixed(3)) }),
    };
  }
  let geom: PlainGeometry = { ...g, coordinates: round(g.coordinates) } as PlainGeometry;

  if (geom.type === 'MultiPoint') {
    if (geom.coordinates.length !== 1) {
      return { ok: false, repairs, reason: lineOf('multipoint-not-taken', { count: geom.coordinates.length }) };
    }
    geom = { type: 'Point', coordinates: geom.coordinates[0]! };
    repairs.push(lineOf('made-point'));
  }
  const allowed = TYPES_BY_KIND[kind];
  if (!allowed.includes(geom.type)) {
    return { ok: false, repairs, reason: lineOf('geometry-not-taken', { type: geom.type, kind, allowed: [...allowed] }) };
  }

  const count = { dupes: 0, closed: 0, wound: 0, holes: 0 };
  let problem: ImportLine | undefined;
  switch (geom.type) {
    case 'Point':
      break;
    case 'LineString':
      geom = { ...geom, coordinates: line(geom.coordinates, count) };
      if (geom.coordinates.length < 2) problem = lineOf('line-too-short', { rule: 'line' });
      break;
    case 'MultiLineString':
      geom = { ...geom, coordinates: geom.coordinates.map((l) => line(l, count)) };
      geom.coordinates.forEach((l, i) => {
        if (l.length < 2) problem ??= lineOf('line-too-short', { rule: 'part', index: i });
      });
      break;
    case 'Polygon':
      geom = { ...geom, coordinates: polygon(geom.coordinates, count, (m) => (problem ??= m), undefined) };
      break;
    case 'MultiPolygon':
      geom = { ...geom, coordinates: geom.coordinates.map((p, i) => polygon(p, count, (m) => (problem ??= m), i)) };
      break;
  }
  if (count.dupes) repairs.push(lineOf('dropped-duplicates', { rule: countRule(count.dupes), count: count.dupes }));
  if (count.closed) repairs.push(lineOf('closed-rings', { rule: countRule(count.closed), count: count.closed }));
  if (count.holes) repairs.push(lineOf('dropped-holes', { rule: countRule(count.holes), count: count.holes }));
  if (count.wound) repairs.push(lineOf('fixed-winding', { rule: countRule(count.wound), count: count.wound }));
  if (problem) return { ok: false, repairs, reason: problem };

  if (geom.type === 'Polygon' || geom.type === 'MultiPolygon') {
    // The first crossing only: listing all (turf kinks) is quadratic in time and memory.
    const polys = geom.type === 'Polygon' ? [(geom as Polygon).coordinates] : (geom as MultiPolygon).coordinates;
    for (let i = 0; i < polys.length; i++) {
      const at = findCrossing(polys[i]!);
      if (at) return { ok: false, repairs, reason: lineOf('self-intersection', { polygon: polys.length > 1 ? i : undefined, at: at.map((n) => +n.toFixed(6)) }) };
    }
  }
  return { ok: true, geometry: geom as Geometry, repairs };
}

function outOfRange(c: unknown): Position | undefined {
  if (typeof (c as unknown[])[0] === 'number') {
    const [x, y] = c as Position;
    return x! < -180 || x! > 180 || y! < -90 || y! > 90 ? (c as Position) : undefined;
  }
  for (const x of c as unknown[]) {
    const r = outOfRange(x);
    if (r) return r;
  }
  return undefined;
}

function round<T>(c: T): T {
  if (typeof (c as unknown[])[0] === 'number') {
    const [x, y] = c as unknown as Position;
    return [Math.round(x! * DECIMALS) / DECIMALS, Math.round(y! * DECIMALS) / DECIMALS] as T;
  }
  return (c as unknown[]).map(round) as T;
}

const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

function line(positions: Position[], count: { dupes: number }): Position[] {
  const out: Position[] = [];
  for (const p of positions) {
    if (out.length && same(out[out.length - 1]!, p)) count.dupes++;
    else out.push(p);
  }
  return out;
}

function polygon(rings: Position[][], count: { dupes: number; closed: number; wound: number; holes: number }, fail: (m: ImportLine) => void, polygonIndex: number | undefined): Position[][] {
  // A hole that encloses nothing removes nothing: dropping it is a repair, not a refusal.
  const kept = rings.filter((ring, i) => {
    if (i === 0) return true;
    const r = line(ring, { dupes: 0 });
    const closed = r.length > 1 && !same(r[0]!, r[r.length - 1]!) ? [...r, r[0]!] : r;
    const empty = closed.length < 4 || (signedArea(closed) === 0 && collinear(closed));
    if (empty) count.holes++;
    return !empty;
  });
  return kept.map((ring, i) => {
    let r = line(ring, count);
    if (r.length > 1 && !same(r[0]!, r[r.length - 1]!)) {
      r = [...r, r[0]!];
      count.closed++;
    }
    const where = i === 0 ? { rule: 'outer', polygon: polygonIndex } : { rule: 'hole', index: i, polygon: polygonIndex };
    if (r.length < 4) {
      fail(lineOf('ring-too-short', where));
      return r;
    }
    const a = signedArea(r);
    if (a === 0 && collinear(r)) {
      fail(lineOf('ring-no-area', where));
      return r;
    }
    // RFC 7946 §3.1.6: exterior rings counter-clockwise (positive area), holes clockwise.
    // A net area of 0 is a figure-eight: left for the self-intersection check to refuse.
    if (a !== 0 && (i === 0) !== a > 0) {
      count.wound++;
      return [...r].reverse();
    }
    return r;
  });
}

/** Shoelace sum: positive for a counter-clockwise ring in lon/lat. */
function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}

function collinear(ring: Position[]): boolean {
  const [x0, y0] = ring[0]!;
  const far = ring.find((p) => p[0] !== x0 || p[1] !== y0);
  if (!far) return true;
  const dx = far[0]! - x0!;
  const dy = far[1]! - y0!;
  return ring.every((p) => dx * (p[1]! - y0!) - dy * (p[0]! - x0!) === 0);
}
