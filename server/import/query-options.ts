/**
 * The open-data options of the import as the admin API takes them in its query string, checked
 * with zod: `accuracy=surveyed|approximate`, `geometry=point|line|polygon`, `where=FIELD:value`
 * (repeatable), `clip=1` (cut at the town boundary), `simplify=<metres>`. The same options as
 * the command line's --accuracy, --geometry, --where, --clip and --simplify.
 */
import { z } from 'zod';
import { ImportError } from './import-error.ts';
import { parseAssignments } from './map-properties.ts';
import { GEOMETRY_FAMILIES, type GeometryFamily } from './select-features.ts';

const QueryOptions = z
  .object({
    accuracy: z.enum(['surveyed', 'approximate']).optional(),
    geometry: z.enum(GEOMETRY_FAMILIES as [GeometryFamily, ...GeometryFamily[]]).optional(),
    clip: z.enum(['1', 'true', '0', 'false']).optional(),
    simplify: z.coerce.number().min(0).max(1000).optional(),
  })
  .passthrough();

export interface QueryImportOptions {
  accuracy?: 'surveyed' | 'approximate';
  geometry?: GeometryFamily;
  where: Record<string, string>;
  clip: boolean;
  simplifyM?: number;
}

/**
 * Throws ImportError('bad-option') naming the parameter and what it takes.
 *
 * @example
 * importQueryOptions({ geometry: 'line', clip: '1', simplify: '2' }, ['town:Kraśnik'])
 * // { geometry: 'line', clip: true, simplifyM: 2, where: { town: 'Kraśnik' } }
 */
export function importQueryOptions(query: Record<string, string | undefined>, where: readonly string[] = []): QueryImportOptions {
  const r = QueryOptions.safeParse(query);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const key = String(issue.path[0]);
    const value = String(query[key] ?? '').slice(0, 100);
    if (key === 'simplify') throw new ImportError('bad-option', { rule: 'simplify', option: 'simplify', value, max: 1000 });
    const allowed: Record<string, string[]> = { accuracy: ['surveyed', 'approximate'], geometry: [...GEOMETRY_FAMILIES], clip: ['1', '0'] };
    throw new ImportError('bad-option', { rule: 'value', option: key, value, allowed: allowed[key] ?? [] });
  }
  const o = r.data;
  return {
    accuracy: o.accuracy,
    geometry: o.geometry,
    where: parseAssignments(where, 'where', ':='),
    clip: o.clip === '1' || o.clip === 'true',
    simplifyM: o.simplify,
  };
}
