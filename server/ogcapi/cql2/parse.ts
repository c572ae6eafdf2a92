/**
 * CQL2 text (OGC 21-065) for the basics a planner asks: comparisons, AND/OR/NOT, LIKE, IN,
 * BETWEEN, IS NULL, S_INTERSECTS with a WKT geometry or BBOX, TIMESTAMP/DATE literals.
 * A recursive-descent parser: every error names the 1-based position in the filter text.
 * Caps keep a hostile filter cheap: length, node count, list length and vertex count.
 */
import type { Geometry, Position } from 'geojson';

export const CQL_MAX_LENGTH = 8000;
export const CQL_MAX_NODES = 300;
export const CQL_MAX_LIST = 500;
export const CQL_MAX_VERTICES = 5000;

export class CqlError extends Error {
  constructor(message: string, readonly position: number) {
    super(message);
  }
}

export type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type Operand =
  | { t: 'prop'; name: string; at: number }
  | { t: 'str'; value: string }
  | { t: 'num'; value: number }
  | { t: 'bool'; value: boolean }
  | { t: 'time'; value: string; kind: 'timestamp' | 'date' }
  | { t: 'geom'; geometry: Geometry };

export type Expr =
  | { t: 'and' | 'or'; args: Expr[] }
  | { t: 'not'; arg: Expr }
  | { t: 'const'; value: boolean }
  | { t: 'cmp'; op: CmpOp; left: Operand; right: Operand }
  | { t: 'like'; value: Operand; pattern: Operand }
  | { t: 'between'; value: Operand; low: Operand; high: Operand }
  | { t: 'in'; value: Operand; list: Operand[] }
  | { t: 'isNull'; value: Operand }
  | { t: 'intersects'; a: Operand; b: Operand };

interface Token {
  k: 'id' | 'qid' | 'str' | 'num' | 'op' | 'end';
  v: string;
  at: number; // 0-based offset
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (ch === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new CqlError('unterminated string (a closing \' is missing)', at + 1);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ k: 'str', v: s, at });
    } else if (ch === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new CqlError('unterminated quoted property name (a closing " is missing)', at + 1);
      out.push({ k: 'qid', v: src.slice(i + 1, end), at });
      i = end + 1;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i))!;
      out.push({ k: 'num', v: m[0], at });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.:]*/.exec(src.slice(i))!;
      out.push({ k: 'id', v: m[0], at });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      if (two === '<>' || two === '<=' || two === '>=' || two === '!=') {
        out.push({ k: 'op', v: two === '!=' ? '<>' : two, at });
        i += 2;
      } else if ('=<>(),-+'.includes(ch)) {
        out.push({ k: 'op', v: ch, at });
        i++;
      } else throw new CqlError(`unexpected character "${ch}"`, at + 1);
    }
  }
  out.push({ k: 'end', v: '', at: src.length });
  return out;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'TIMESTAMP', 'DATE', 'S_INTERSECTS', 'INTERSECTS', 'BBOX', 'POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON']);

/** Parses a CQL2 text filter into an expression tree; throws CqlError naming the position. */
export function parseCql2Text(src: string): Expr {
  if (src.length > CQL_MAX_LENGTH) throw new CqlError(`the filter is longer than ${CQL_MAX_LENGTH} characters`, CQL_MAX_LENGTH + 1);
  const toks = tokenize(src);
  let pos = 0;
  let nodes = 0;
  let vertices = 0;
  const peek = () => toks[pos]!;
  const kw = (t: Token) => (t.k === 'id' ? t.v.toUpperCase() : '');
  const isKw = (word: string) => kw(peek()) === word;
  const near = (t: Token) => (t.k === 'end' ? 'the end of the filter' : `"${src.slice(t.at, t.at + 20)}"`);
  const fail = (what: string, t = peek()): never => {
    throw new CqlError(`expected ${what} at ${near(t)}`, t.at + 1);
  };
  const count = () => {
    if (++nodes > CQL_MAX_NODES) throw new CqlError(`the filter has more than ${CQL_MAX_NODES} terms`, peek().at + 1);
  };
  const eatKw = (word: string) => (isKw(word) ? (pos++, true) : false);
  const eatOp = (op: string) => (peek().k === 'op' && peek().v === op ? (pos++, true) : false);
  const needOp = (op: string) => eatOp(op) || fail(`"${op}"`);

  function orExpr(): Expr {
    const args = [andExpr()];
    while (eatKw('OR')) args.push(andExpr());
    return args.length === 1 ? args[0]! : { t: 'or', args };
  }
  function andExpr(): Expr {
    const args = [notExpr()];
    while (eatKw('AND')) args.push(notExpr());
    return args.length === 1 ? args[0]! : { t: 'and', args };
  }
  function notExpr(): Expr {
    count();
    if (eatKw('NOT')) return { t: 'not', arg: notExpr() };
    return primary();
  }
  function primary(): Expr {
    const t = peek();
    if (t.k === 'op' && t.v === '(') {
      pos++;
      const e = orExpr();
      needOp(')');
      return e;
    }
    if (kw(t) === 'S_INTERSECTS' || kw(t) === 'INTERSECTS') {
      pos++;
      needOp('(');
      const a = spatialOperand();
      needOp(',');
      const b = spatialOperand();
      needOp(')');
      return { t: 'intersects', a, b };
    }
    if ((kw(t) === 'TRUE' || kw(t) === 'FALSE') && !isPredicateNext(1)) {
      pos++;
      return { t: 'const', value: kw(t) === 'TRUE' };
    }
    return predicate();
  }
  function isPredicateNext(ahead: number) {
    const n = toks[pos + ahead]!;
    return (n.k === 'op' && ['=', '<>', '<', '<=', '>', '>='].includes(n.v)) || ['LIKE', 'BETWEEN', 'IN', 'IS', 'NOT'].includes(kw(n));
  }
  function predicate(): Expr {
    const value = scalar();
    const t = peek();
    if (t.k === 'op' && ['=', '<>', '<', '<=', '>', '>='].includes(t.v)) {
      pos++;
      return { t: 'cmp', op: t.v as CmpOp, left: value, right: scalar() };
    }
    if (eatKw('IS')) {
      const not = eatKw('NOT');
      if (!eatKw('NULL')) fail('NULL');
      const e: Expr = { t: 'isNull', value };
      return not ? { t: 'not', arg: e } : e;
    }
    const not = eatKw('NOT');
    let e: Expr;
    if (eatKw('LIKE')) e = { t: 'like', value, pattern: scalar() };
    else if (eatKw('BETWEEN')) {
      const low = scalar();
      if (!eatKw('AND')) fail('AND (BETWEEN low AND high)');
      e = { t: 'between', value, low, high: scalar() };
    } else if (eatKw('IN')) {
      needOp('(');
      const list = [scalar()];
      while (eatOp(',')) {
        list.push(scalar());
        if (list.length > CQL_MAX_LIST) throw new CqlError(`IN lists at most ${CQL_MAX_LIST} values`, peek().at + 1);
      }
      needOp(')');
      e = { t: 'in', value, list };
    } else return fail(not ? 'LIKE, BETWEEN or IN after NOT' : 'a comparison (=, <>, <, <=, >, >=), LIKE, BETWEEN, IN or IS NULL', t);
    return not ? { t: 'not', arg: e } : e;
  }
  function scalar(): Operand {
    const t = peek();
    if (t.k === 'str') return pos++, { t: 'str', value: t.v };
    if (t.k === 'num') return pos++, { t: 'num', value: Number(t.v) };
    if (t.k === 'op' && (t.v === '-' || t.v === '+') && toks[pos + 1]!.k === 'num') {
      pos += 2;
      return { t: 'num', value: Number(t.v + toks[pos - 1]!.v) };
    }
    if (t.k === 'qid') return pos++, { t: 'prop', name: t.v, at: t.at + 1 };
    if (t.k === 'id') {
      const k = kw(t);
      if (k === 'TRUE' || k === 'FALSE') return pos++, { t: 'bool', value: k === 'TRUE' };
      if (k === 'TIMESTAMP' || k === 'DATE') {
        pos++;
        needOp('(');
        const s = peek();
        if (s.k !== 'str') fail(`a quoted ${k.toLowerCase()} like '2026-05-01${k === 'TIMESTAMP' ? 'T12:00:00Z' : ''}'`);
        pos++;
        const ok = k === 'DATE' ? /^\d{4}-\d{2}-\d{2}$/.test(s.v) : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s.v);
        if (!ok || Number.isNaN(Date.parse(s.v))) throw new CqlError(`${k} needs an RFC 3339 ${k === 'DATE' ? 'date (YYYY-MM-DD)' : 'time stamp (YYYY-MM-DDThh:mm:ssZ)'}; got '${s.v}'`, s.at + 1);
        needOp(')');
        return { t: 'time', value: s.v, kind: k === 'DATE' ? 'date' : 'timestamp' };
      }
      if (KEYWORDS.has(k)) fail('a property name, a number, a quoted string or TIMESTAMP(…)', t);
      pos++;
      return { t: 'prop', name: t.v, at: t.at + 1 };
    }
    return fail('a property name, a number, a quoted string or TIMESTAMP(…)', t);
  }
  function number(): number {
    let sign = 1;
    if (eatOp('-')) sign = -1;
    else eatOp('+');
    const t = peek();
    if (t.k !== 'num') fail('a number');
    pos++;
    if (++vertices > CQL_MAX_VERTICES * 2) throw new CqlError(`geometries in a filter have at most ${CQL_MAX_VERTICES} vertices`, t.at + 1);
    return sign * Number(t.v);
  }
  function position(): Position {
    const p = [number(), number()];
    if (peek().k === 'num' || (peek().k === 'op' && peek().v === '-')) p.push(number()); // Z is read and kept
    return p;
  }
  const list = <T>(item: () => T): T[] => {
    needOp('(');
    const out = [item()];
    while (eatOp(',')) out.push(item());
    needOp(')');
    return out;
  };
  const ring = () => {
    const at = peek();
    const r = list(position);
    if (r.length < 4) throw new CqlError('a polygon ring needs at least 4 positions', at.at + 1);
    const [a, b] = [r[0]!, r[r.length - 1]!];
    if (a[0] !== b[0] || a[1] !== b[1]) throw new CqlError('a polygon ring must end where it starts', at.at + 1);
    return r;
  };
  function spatialOperand(): Operand {
    const t = peek();
    const k = kw(t);
    if (t.k === 'qid' || (t.k === 'id' && !KEYWORDS.has(k))) return pos++, { t: 'prop', name: t.v, at: t.at + 1 };
    pos++;
    switch (k) {
      case 'BBOX': {
        const n = list(number);
        if (n.length !== 4 && n.length !== 6) throw new CqlError('BBOX takes 4 numbers (minx, miny, maxx, maxy) or 6', t.at + 1);
        const [x0, y0, x1, y1] = n.length === 4 ? n : [n[0]!, n[1]!, n[3]!, n[4]!];
        if (x0! > x1! || y0! > y1!) throw new CqlError('BBOX needs minx ≤ maxx and miny ≤ maxy', t.at + 1);
        return { t: 'geom', geometry: { type: 'Polygon', coordinates: [[[x0!, y0!], [x1!, y0!], [x1!, y1!], [x0!, y1!], [x0!, y0!]]] } };
      }
      case 'POINT': {
        needOp('(');
        const p = position();
        needOp(')');
        return { t: 'geom', geometry: { type: 'Point', coordinates: p } };
      }
      case 'LINESTRING':
        return { t: 'geom', geometry: { type: 'LineString', coordinates: list(position) } };
      case 'POLYGON':
        return { t: 'geom', geometry: { type: 'Polygon', coordinates: list(ring) } };
      case 'MULTIPOINT':
        return { t: 'geom', geometry: { type: 'MultiPoint', coordinates: list(() => (peek().k === 'op' && peek().v === '(' ? list(position)[0]! : position())) } };
      case 'MULTILINESTRING':
        return { t: 'geom', geometry: { type: 'MultiLineString', coordinates: list(() => list(position)) } };
      case 'MULTIPOLYGON':
        return { t: 'geom', geometry: { type: 'MultiPolygon', coordinates: list(() => list(ring)) } };
    }
    pos--;
    return fail('a property name, a WKT geometry (POINT, LINESTRING, POLYGON, MULTI…) or BBOX(…)', t);
  }

  const e = orExpr();
  if (peek().k !== 'end') fail('AND, OR or the end of the filter');
  return e;
}
