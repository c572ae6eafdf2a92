/**
 * First look at a geometry as a reader found it: checks its structure (types, arrays, finite
 * numbers), drops Z/M values, and merges a GeometryCollection whose members are all of one
 * dimension into the matching Multi* type. Coordinates are not yet in WGS84 here.
 */
import { line, type ImportLine } from '../http/import-line-messages.ts';
import type { LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon, Position } from 'geojson';

export type PlainGeometry = Point | MultiPoint | LineString | MultiLineString | Polygon | MultiPolygon;

export type Normalized = { ok: true; geometry: PlainGeometry; repairs: ImportLine[] } | { ok: false; reason: ImportLine };

/** Nesting depth of `coordinates` per type: 0 = a position. */
const DEPTH: Record<PlainGeometry['type'], number> = {
  Point: 0,
  MultiPoint: 1,
  LineString: 1,
  MultiLineString: 2,
  Polygon: 2,
  MultiPolygon: 3,
};

/**
 * Checks and simplifies a raw geometry.
 *
 * @example
 * normalizeGeometry({ type: 'Point', coordinates: [500000, 300000, 12.5] })
 * // { ok: true, geometry: { type: 'Point', coordinates: [500000, 300000] }, repairs: [{ code: 'dropped-zm', params: {} }] }
 */
export function normalizeGeometry(raw: unknown): Normalized {
  if (raw === null || raw === undefined) return { ok: false, reason: line('empty-geometry', { rule: 'none' }) };
  if (typeof raw !== 'object') return { ok: false, reason: line('geometry-not-object') };
  const g = raw as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (g.type === 'GeometryCollection') return fromCollection(g.geometries);
  if (typeof g.type !== 'string' || !(g.type in DEPTH)) return { ok: false, reason: line('unknown-geometry-type', { type: JSON.stringify(g.type) ?? 'undefined' }) };
  const type = g.type as PlainGeometry['type'];
  const stats = { dropped: false };
  const coords = clean(g.coordinates, DEPTH[type], stats);
  if (!Array.isArray(coords)) return { ok: false, reason: line('bad-coordinates', { rule: (coords as Bad).rule, position: (coords as Bad).position, type }) };
  if (isEmpty(coords, DEPTH[type])) return { ok: false, reason: line('empty-geometry', { rule: 'type', type }) };
  return { ok: true, geometry: { type, coordinates: coords } as PlainGeometry, repairs: stats.dropped ? [line('dropped-zm')] : [] };
}

/** What is malformed about coordinates (the params of a `bad-coordinates` line). */
type Bad = { bad: true; rule: 'not-array' | 'not-finite'; position?: string };

/** Positions cut to [x, y]; a `Bad` says what is malformed. */
function clean(c: unknown, depth: number, stats: { dropped: boolean }): unknown {
  if (!Array.isArray(c)) return { bad: true, rule: 'not-array' } satisfies Bad;
  if (depth === 0) {
    if (c.length < 2 || !c.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      return { bad: true, rule: 'not-finite', position: short(c) } satisfies Bad;
    }
    if (c.length > 2) stats.dropped = true;
    return [c[0], c[1]] as Position;
  }
  const out: unknown[] = [];
  for (const x of c) {
    const r = clean(x, depth - 1, stats);
    if (isBad(r)) return r;
    out.push(r);
  }
  return out;
}

const isBad = (r: unknown): r is Bad => typeof r === 'object' && r !== null && !Array.isArray(r) && (r as Bad).bad === true;

function isEmpty(c: unknown, depth: number): boolean {
  if (depth === 0) return false;
  const a = c as unknown[];
  return a.length === 0 || a.every((x) => isEmpty(x, depth - 1));
}

function fromCollection(members: unknown): Normalized {
  if (!Array.isArray(members) || members.length === 0) return { ok: false, reason: line('empty-geometry', { rule: 'collection' }) };
  const parts: PlainGeometry[] = [];
  const repairs = new Map<string, ImportLine>();
  for (const m of members) {
    const r = normalizeGeometry(m);
    if (!r.ok) return { ok: false, reason: { ...r.reason, params: { ...r.reason.params, collection: 'GeometryCollection' } } };
    r.repairs.forEach((x) => repairs.set(x.code, x));
    parts.push(r.geometry);
  }
  const dims = new Set(parts.map((p) => dimension(p.type)));
  if (dims.size > 1) {
    const types = [...new Set(parts.map((p) => p.type))];
    return { ok: false, reason: line('mixed-collection', { types }) };
  }
  const dim = [...dims][0]!;
  let geometry: PlainGeometry;
  if (dim === 0) geometry = { type: 'MultiPoint', coordinates: parts.flatMap((p) => (p.type === 'Point' ? [p.coordinates] : (p as MultiPoint).coordinates)) };
  else if (dim === 1) geometry = { type: 'MultiLineString', coordinates: parts.flatMap((p) => (p.type === 'LineString' ? [p.coordinates] : (p as MultiLineString).coordinates)) };
  else geometry = { type: 'MultiPolygon', coordinates: parts.flatMap((p) => (p.type === 'Polygon' ? [p.coordinates] : (p as MultiPolygon).coordinates)) };
  repairs.set('collection-merged', line('collection-merged', { count: parts.length, type: geometry.type }));
  return { ok: true, geometry, repairs: [...repairs.values()] };
}

function dimension(t: PlainGeometry['type']): 0 | 1 | 2 {
  return t === 'Point' || t === 'MultiPoint' ? 0 : t === 'LineString' || t === 'MultiLineString' ? 1 : 2;
}

function short(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}
