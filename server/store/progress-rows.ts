/** How a progress update is stored and read back, shared by the SQLite and PostgreSQL stores. */
import type { Geometry } from 'geojson';
import type { ActorRef, ProgressQuery, ProgressStatus, ProgressUpdate } from './store.ts';

export interface ProgressRow {
  id: string;
  city: string;
  undertaking: string;
  as_of: string;
  status: string;
  /** JSON text (SQLite) or already parsed (PostgreSQL jsonb). */
  figure_values: string | Record<string, number>;
  note: string;
  geometry: string | object | null;
  corrects: string | null;
  author_kind: string;
  author_id: string;
  author_name: string;
  created_at: string;
}

const parsed = <T>(v: string | T): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export function toProgressUpdate(r: ProgressRow): ProgressUpdate {
  return {
    id: r.id,
    city: r.city,
    undertaking: r.undertaking,
    asOf: r.as_of,
    status: r.status as ProgressStatus,
    values: parsed<Record<string, number>>(r.figure_values),
    note: r.note,
    geometry: r.geometry == null ? null : parsed<Geometry>(r.geometry as string | Geometry),
    corrects: r.corrects,
    author: { kind: r.author_kind as ActorRef['kind'], id: r.author_id, name: r.author_name },
    createdAt: r.created_at,
  };
}

/** The insert's values, in the column order of PROGRESS_COLUMNS. */
export const PROGRESS_COLUMNS = 'id, city, undertaking, as_of, status, figure_values, note, geometry, corrects, author_kind, author_id, author_name, created_at';
export function progressValues(u: ProgressUpdate): unknown[] {
  return [u.id, u.city, u.undertaking, u.asOf, u.status, JSON.stringify(u.values), u.note, u.geometry ? JSON.stringify(u.geometry) : null, u.corrects, u.author.kind, u.author.id, u.author.name, u.createdAt];
}

/** WHERE of a list query; `ph(i)` writes the i-th placeholder (? or $i). */
export function progressWhere(q: ProgressQuery, ph: (i: number) => string): { where: string; args: unknown[] } {
  const conds: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    args.push(v);
    conds.push(sql.replace('?', ph(args.length)));
  };
  add('city = ?', q.city);
  if (q.undertaking) add('undertaking = ?', q.undertaking);
  if (q.asOfTo) add('as_of <= ?', q.asOfTo);
  if (q.createdFrom) add('created_at >= ?', q.createdFrom);
  // The row value of the last update read; its seq breaks ties of as_of and created_at.
  if (q.after) add('(as_of, created_at, seq) > (SELECT as_of, created_at, seq FROM progress_updates WHERE id = ?)', q.after);
  return { where: conds.join(' AND '), args };
}

export const PROGRESS_ORDER = 'ORDER BY as_of, created_at, seq';
