/**
 * Checks a parsed CQL2 filter against a collection's queryables (names and types), converts
 * its geometry literals from filter-crs to CRS84, and evaluates it on a feature with SQL's
 * three-valued logic (a comparison with a missing value is unknown, not false), so a
 * collection filtered here and one filtered in SQL give the same answers.
 */
import { bbox as turfBbox, booleanIntersects } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import { convertGeometry, type Crs } from '../crs.ts';
import type { Field, FlatProps, Scalar } from '../flat-properties.ts';
import { CqlError, type Expr, type Operand } from './parse.ts';

export const GEOMETRY_QUERYABLE = 'geometry';

const operandKind = (o: Operand, fields: Map<string, Field>): 'string' | 'number' | 'boolean' | 'time' | 'geometry' => {
  switch (o.t) {
    case 'str':
      return 'string';
    case 'num':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'time':
      return 'time';
    case 'geom':
      return 'geometry';
    case 'prop': {
      if (o.name === GEOMETRY_QUERYABLE) return 'geometry';
      const f = fields.get(o.name);
      if (!f) throw new CqlError(`unknown property "${o.name}"; queryables: ${[...fields.keys(), GEOMETRY_QUERYABLE].join(', ')}`, o.at);
      if (f.format === 'date-time') return 'time';
      return f.type === 'integer' ? 'number' : f.type;
    }
  }
};

/** Validates names and types, converts geometry literals to CRS84; returns the bound tree. */
export function bindFilter(e: Expr, fields: Field[], filterCrs: Crs): Expr {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const pos = (o: Operand) => (o.t === 'prop' ? o.at : 1);
  const same = (a: Operand, b: Operand, what: string) => {
    const [ka, kb] = [operandKind(a, byName), operandKind(b, byName)];
    // A date-time property may be compared with a quoted RFC 3339 string as well as TIMESTAMP(…).
    const ok = ka === kb || (ka === 'time' && kb === 'string') || (ka === 'string' && kb === 'time');
    if (!ok || ka === 'geometry') {
      const name = a.t === 'prop' ? `"${a.name}"` : b.t === 'prop' ? `"${b.name}"` : 'a value';
      throw new CqlError(`${what}: ${name} is ${ka === 'geometry' || kb === 'geometry' ? 'a geometry (use S_INTERSECTS)' : `${ka}, compared with ${kb}`}`, pos(a.t === 'prop' ? a : b));
    }
  };
  const geom = (o: Operand): Operand => {
    if (o.t === 'geom') return filterCrs.epsg === null ? o : { t: 'geom', geometry: convertGeometry(o.geometry, filterCrs.toLonLat, 9) };
    if (o.t === 'prop' && o.name === GEOMETRY_QUERYABLE) return o;
    if (o.t === 'prop') throw new CqlError(`S_INTERSECTS: "${o.name}" is not a geometry; the spatial queryable is "${GEOMETRY_QUERYABLE}"`, o.at);
    throw new CqlError('S_INTERSECTS takes the geometry property and a geometry literal', 1);
  };
  const walk = (x: Expr): Expr => {
    switch (x.t) {
      case 'and':
      case 'or':
        return { t: x.t, args: x.args.map(walk) };
      case 'not':
        return { t: 'not', arg: walk(x.arg) };
      case 'const':
        return x;
      case 'cmp':
        same(x.left, x.right, `comparison ${x.op}`);
        return x;
      case 'like':
        if (operandKind(x.value, byName) !== 'string' || x.pattern.t !== 'str') throw new CqlError('LIKE compares a text property with a quoted pattern', pos(x.value));
        return x;
      case 'between':
        same(x.value, x.low, 'BETWEEN');
        same(x.value, x.high, 'BETWEEN');
        return x;
      case 'in':
        for (const v of x.list) same(x.value, v, 'IN');
        return x;
      case 'isNull':
        operandKind(x.value, byName);
        return x;
      case 'intersects': {
        const a = geom(x.a);
        const b = geom(x.b);
        if (a.t === 'prop' && b.t === 'prop') throw new CqlError('S_INTERSECTS needs one geometry literal', 1);
        return { t: 'intersects', a, b };
      }
    }
  };
  return walk(e);
}

type Tri = boolean | null;
const value = (o: Operand, props: FlatProps): Scalar => {
  switch (o.t) {
    case 'prop':
      return props[o.name] ?? null;
    case 'str':
    case 'time':
      return o.value;
    case 'num':
    case 'bool':
      return o.value;
    case 'geom':
      return null;
  }
};
const isTime = (o: Operand) => o.t === 'time';
/** Orders two values: time stamps by instant, others by their own order. */
function compare(a: Scalar, b: Scalar, asTime: boolean): number | null {
  if (a === null || b === null) return null;
  if (asTime) {
    const [x, y] = [Date.parse(String(a)), Date.parse(String(b))];
    if (Number.isNaN(x) || Number.isNaN(y)) return null;
    return x - y;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** LIKE pattern (% any run, _ one character, \ escapes) as an anchored, case-sensitive RegExp. */
export function likeRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

const not = (v: Tri): Tri => (v === null ? null : !v);

/** Evaluates a bound filter on one feature (flat properties, CRS84 geometry): true, false or unknown (null). */
export function evaluate(e: Expr, props: FlatProps, geometry: Geometry | null): Tri {
  switch (e.t) {
    case 'const':
      return e.value;
    case 'and': {
      let r: Tri = true;
      for (const a of e.args) {
        const v = evaluate(a, props, geometry);
        if (v === false) return false;
        if (v === null) r = null;
      }
      return r;
    }
    case 'or': {
      let r: Tri = false;
      for (const a of e.args) {
        const v = evaluate(a, props, geometry);
        if (v === true) return true;
        if (v === null) r = null;
      }
      return r;
    }
    case 'not':
      return not(evaluate(e.arg, props, geometry));
    case 'cmp': {
      const c = compare(value(e.left, props), value(e.right, props), isTime(e.left) || isTime(e.right));
      if (c === null) return null;
      return { '=': c === 0, '<>': c !== 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[e.op];
    }
    case 'like': {
      const v = value(e.value, props);
      return v === null ? null : likeRegExp(String(value(e.pattern, props))).test(String(v));
    }
    case 'between': {
      const t = isTime(e.low) || isTime(e.high);
      const lo = compare(value(e.value, props), value(e.low, props), t);
      const hi = compare(value(e.value, props), value(e.high, props), t);
      return lo === null || hi === null ? null : lo >= 0 && hi <= 0;
    }
    case 'in': {
      const v = value(e.value, props);
      if (v === null) return null;
      let r: Tri = false;
      for (const o of e.list) {
        const c = compare(v, value(o, props), isTime(o));
        if (c === 0) return true;
        if (c === null) r = null;
      }
      return r;
    }
    case 'isNull':
      return value(e.value, props) === null;
    case 'intersects': {
      if (!geometry) return null;
      const lit = e.a.t === 'geom' ? e.a.geometry : e.b.t === 'geom' ? e.b.geometry : null;
      if (!lit) return null;
      return booleanIntersects({ type: 'Feature', properties: {}, geometry } as Feature, { type: 'Feature', properties: {}, geometry: lit } as Feature);
    }
  }
}

/**
 * A CRS84 box every match must touch, when the filter implies one (S_INTERSECTS alone, in an
 * AND, or in every branch of an OR), so the store's spatial index can narrow the search first.
 */
export function necessaryBox(e: Expr): [number, number, number, number] | null {
  if (e.t === 'intersects') {
    const g = e.a.t === 'geom' ? e.a.geometry : e.b.t === 'geom' ? e.b.geometry : null;
    return g ? (turfBbox(g) as [number, number, number, number]) : null;
  }
  if (e.t === 'and') {
    const boxes = e.args.map(necessaryBox).filter((b): b is [number, number, number, number] => b !== null);
    return boxes.length ? boxes.reduce((a, b) => [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])]) : null;
  }
  if (e.t === 'or') {
    const boxes = e.args.map(necessaryBox);
    if (boxes.some((b) => b === null)) return null;
    return (boxes as [number, number, number, number][]).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
  }
  return null;
}
