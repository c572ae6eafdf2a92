/**
 * SQL functions the SQLite store registers for OGC filters: S_INTERSECTS on the GeoJSON
 * column (turf) and a case-sensitive LIKE (SQLite's own LIKE ignores ASCII case; CQL2's does not).
 * The literal is parsed once per query, not once per row.
 */
import { booleanIntersects } from '@turf/turf';
import type Database from 'better-sqlite3';
import type { Feature, Geometry } from 'geojson';
import { likeRegExp } from '../../ogcapi/cql2/bind.ts';
import { FilterTooCostlyError } from '../proposal-where.ts';

/** Geometry tests one query may make before it is refused (about half a second of turf on this thread). */
export const MAX_GEOMETRY_TESTS = 100_000;

/** Registers the functions; `reset()` starts a new query's budget of geometry tests. */
export function registerCqlFunctions(db: Database.Database, maxTests = MAX_GEOMETRY_TESTS) {
  let tests = 0;
  let lastLiteral = '';
  let literal: Feature | null = null;
  db.function('cql_intersects', { deterministic: true }, (geojson: unknown, lit: unknown) => {
    if (typeof geojson !== 'string' || typeof lit !== 'string') return null;
    if (++tests > maxTests) throw new FilterTooCostlyError(maxTests);
    if (lit !== lastLiteral) {
      literal = { type: 'Feature', properties: {}, geometry: JSON.parse(lit) as Geometry };
      lastLiteral = lit;
    }
    return booleanIntersects({ type: 'Feature', properties: {}, geometry: JSON.parse(geojson) as Geometry }, literal!) ? 1 : 0;
  });
  let lastPattern = '';
  let re = /^$/;
  db.function('cql_like', { deterministic: true }, (value: unknown, pattern: unknown) => {
    if (value === null || typeof pattern !== 'string') return null;
    if (pattern !== lastPattern) {
      re = likeRegExp(pattern);
      lastPattern = pattern;
    }
    return re.test(String(value)) ? 1 : 0;
  });
  return {
    reset() {
      tests = 0;
    },
  };
}
