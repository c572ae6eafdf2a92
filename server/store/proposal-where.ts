/**
 * A store-neutral condition on proposals (what OGC's CQL2 filters, `datetime` and the
 * geometry-type split become), and its SQL for each store, so the filtering — and the
 * count and the paging — happen in the database. Values are always bound parameters.
 * SQLite answers S_INTERSECTS and case-sensitive LIKE with functions the store registers
 * (cql_intersects with turf, cql_like); PostgreSQL with PostGIS and LIKE … ESCAPE.
 */
import type { Geometry } from 'geojson';

export const PROPOSAL_COLUMNS = ['id', 'number', 'kind', 'status', 'reason', 'district', 'species', 'count', 'note', 'supports', 'created_at', 'updated_at'] as const;
export type ProposalColumn = (typeof PROPOSAL_COLUMNS)[number];
type Value = string | number;

export type ProposalWhere =
  | { op: 'and' | 'or'; args: ProposalWhere[] }
  | { op: 'not'; arg: ProposalWhere }
  | { op: 'const'; value: boolean }
  | { op: 'cmp'; cmp: '=' | '<>' | '<' | '<=' | '>' | '>='; col: ProposalColumn; value: Value }
  | { op: 'like'; col: ProposalColumn; pattern: string }
  | { op: 'in'; col: ProposalColumn; values: Value[] }
  | { op: 'between'; col: ProposalColumn; low: Value; high: Value }
  | { op: 'isNull'; col: ProposalColumn }
  /** The proposal's geometry intersects this CRS84 geometry. */
  | { op: 'intersects'; geometry: Geometry }
  /** The proposal's geometry is of one of these types. */
  | { op: 'geometryType'; types: ('Point' | 'Polygon')[] };

export type Dialect = 'sqlite' | 'postgres';

/**
 * A filter that would test geometry on too many rows in-process (SQLite runs S_INTERSECTS in
 * the server's own thread): refused instead of stalling every other request.
 */
export class FilterTooCostlyError extends Error {
  constructor(readonly maxTests: number) {
    super(`the filter would test geometry on more than ${maxTests} proposals`);
  }
}

/** SQL for a condition; `arg` binds a value and returns its placeholder; `t` prefixes columns. */
export function whereSql(w: ProposalWhere, dialect: Dialect, arg: (v: unknown) => string, t = ''): string {
  const col = (c: ProposalColumn) => {
    if (!(PROPOSAL_COLUMNS as readonly string[]).includes(c)) throw new Error(`not a proposal column: ${c}`);
    return `${t}${c}`;
  };
  const go = (x: ProposalWhere): string => {
    switch (x.op) {
      case 'and':
      case 'or':
        return x.args.length === 0 ? (x.op === 'and' ? '1=1' : '1=0') : `(${x.args.map(go).join(x.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${go(x.arg)})`;
      case 'const':
        return x.value ? '1=1' : '1=0';
      case 'cmp':
        return `${col(x.col)} ${x.cmp} ${arg(x.value)}`;
      case 'like':
        return dialect === 'postgres' ? `${col(x.col)} LIKE ${arg(x.pattern)} ESCAPE '\\'` : `cql_like(${col(x.col)}, ${arg(x.pattern)})`;
      case 'in':
        return `${col(x.col)} IN (${x.values.map(arg).join(', ')})`;
      case 'between':
        return `${col(x.col)} BETWEEN ${arg(x.low)} AND ${arg(x.high)}`;
      case 'isNull':
        return `${col(x.col)} IS NULL`;
      case 'intersects':
        return dialect === 'postgres'
          ? `ST_Intersects(${t}geom, ST_SetSRID(ST_GeomFromGeoJSON(${arg(JSON.stringify(x.geometry))}), 4326))`
          : `cql_intersects(${t}geometry, ${arg(JSON.stringify(x.geometry))})`;
      case 'geometryType':
        return dialect === 'postgres'
          ? `GeometryType(${t}geom) IN (${x.types.map((g) => arg(g.toUpperCase())).join(', ')})`
          : `json_extract(${t}geometry, '$.type') IN (${x.types.map(arg).join(', ')})`;
    }
  };
  return go(w);
}
