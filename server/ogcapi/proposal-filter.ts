/**
 * The proposals collections' queryables, and a bound CQL2 filter turned into the store's
 * SQL condition (so filtering, counting and paging happen in the database, on either store).
 */
import type { ProposalColumn, ProposalWhere } from '../store/proposal-where.ts';
import type { Field } from './flat-properties.ts';
import { CqlError, type Expr, type Operand } from './cql2/parse.ts';

export const PROPOSAL_STATUSES = ['proposed', 'accepted', 'rejected', 'planted', 'withdrawn'];

/** Every field of a proposal feature, in order; `column` where the store can filter on it. */
export const PROPOSAL_FIELDS: (Field & { column?: ProposalColumn })[] = [
  { name: 'id', type: 'string', column: 'id' },
  { name: 'number', type: 'integer', column: 'number' },
  { name: 'kind', type: 'string', column: 'kind' },
  { name: 'kindLabel', type: 'string' },
  { name: 'status', type: 'string', enum: PROPOSAL_STATUSES, column: 'status' },
  { name: 'reason', type: 'string', column: 'reason' },
  { name: 'district', type: 'string', column: 'district' },
  { name: 'species', type: 'string', column: 'species' },
  { name: 'speciesPl', type: 'string' },
  { name: 'speciesLatin', type: 'string' },
  { name: 'count', type: 'integer', column: 'count' },
  { name: 'note', type: 'string', column: 'note' },
  { name: 'supports', type: 'integer', column: 'supports' },
  { name: 'author', type: 'string' },
  { name: 'createdAt', type: 'string', format: 'date-time', column: 'created_at' },
  { name: 'updatedAt', type: 'string', format: 'date-time', column: 'updated_at' },
];

/** What a filter may name: the fields the store holds as columns. */
export const PROPOSAL_QUERYABLES: Field[] = PROPOSAL_FIELDS.filter((f) => f.column).map(({ column: _c, ...f }) => f);
const COLUMN = new Map(PROPOSAL_FIELDS.filter((f) => f.column).map((f) => [f.name, f.column!]));

/** Time stamps are stored as ISO strings in UTC (toISOString): literals are written the same way so text order is time order. */
const literal = (o: Operand): string | number => {
  if (o.t === 'time') return new Date(o.kind === 'date' ? `${o.value}T00:00:00Z` : o.value).toISOString();
  if (o.t === 'str' || o.t === 'num') return o.value;
  if (o.t === 'bool') return o.value ? 1 : 0;
  throw new CqlError('compare a property with a value', 1);
};
const TIME_COLUMNS = new Set<ProposalColumn>(['created_at', 'updated_at']);
/** A literal for a column: quoted RFC 3339 strings compared with a time column are normalised like TIMESTAMP(…). */
const valueFor = (col: ProposalColumn, o: Operand) => {
  const v = literal(o);
  if (TIME_COLUMNS.has(col) && typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v).toISOString();
  return v;
};
const colOf = (o: Operand): ProposalColumn => {
  if (o.t !== 'prop' || !COLUMN.has(o.name)) throw new CqlError('this collection compares a property with a value (property on either side)', o.t === 'prop' ? o.at : 1);
  return COLUMN.get(o.name)!;
};
const FLIP = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

/** A bound filter (names and types already checked) as the store's condition. */
export function proposalWhere(e: Expr): ProposalWhere {
  switch (e.t) {
    case 'and':
    case 'or':
      return { op: e.t, args: e.args.map(proposalWhere) };
    case 'not':
      return { op: 'not', arg: proposalWhere(e.arg) };
    case 'const':
      return { op: 'const', value: e.value };
    case 'cmp':
      if (e.left.t === 'prop') return { op: 'cmp', cmp: e.op, col: colOf(e.left), value: valueFor(colOf(e.left), e.right) };
      return { op: 'cmp', cmp: FLIP[e.op], col: colOf(e.right), value: valueFor(colOf(e.right), e.left) };
    case 'like':
      return { op: 'like', col: colOf(e.value), pattern: literal(e.pattern) as string };
    case 'between':
      return { op: 'between', col: colOf(e.value), low: valueFor(colOf(e.value), e.low), high: valueFor(colOf(e.value), e.high) };
    case 'in':
      return { op: 'in', col: colOf(e.value), values: e.list.map((o) => valueFor(colOf(e.value), o)) };
    case 'isNull':
      return { op: 'isNull', col: colOf(e.value) };
    case 'intersects': {
      const g = e.a.t === 'geom' ? e.a.geometry : e.b.t === 'geom' ? e.b.geometry : null;
      if (!g) throw new CqlError('S_INTERSECTS needs one geometry literal', 1);
      return { op: 'intersects', geometry: g };
    }
  }
}
