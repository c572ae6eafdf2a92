/**
 * The admin layer import form as data: the choices it offers (coordinate systems, properties
 * a layer's features take), the checks made before anything is sent, the query string of
 * POST /api/admin/cities/:city/import, and paging of the report's rows. Pure functions.
 */
import type { ImportReportItem } from '../../server/api-types.ts';

export type LayerRole = 'strategy' | 'context';
export type ImportMode = 'replace' | 'append';

/** Largest file the server accepts (its upload limit); larger ones are refused before sending. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** What the file picker offers: GeoJSON, KML, GPX, zipped Shapefile, OSM XML. */
export const ACCEPTED_FILES = '.geojson,.json,.kml,.gpx,.zip,.osm,.xml';

/**
 * Properties `map=`/`set=` may name, per layer role; the same list as the server's
 * (server/import/map-properties.ts TARGETS; a unit test keeps the two equal).
 */
export const IMPORT_TARGETS: Record<LayerRole, readonly string[]> = {
  strategy: ['name', 'description', 'goals', 'undertaking', 'status', 'accuracy', 'category', 'source.document', 'source.section', 'source.url', 'source.note', 'source.dataset', 'source.commit', 'source.license'],
  context: ['name', 'category', 'ref', 'accuracy', 'source.document', 'source.section', 'source.url', 'source.note', 'source.dataset', 'source.commit', 'source.license'],
};

/**
 * Properties every feature of a layer must end up with (the pack schema), in form order.
 * Attributes of the same name in the file count too, so a row is only a suggestion.
 */
export const IMPORT_REQUIRED: Record<LayerRole, readonly string[]> = {
  strategy: ['name', 'description', 'goals', 'status', 'accuracy', 'source.document', 'source.section'],
  context: ['name', 'category', 'accuracy', 'source.document', 'source.section'],
};

/** Usually read from an attribute of each feature; the other required ones are usually one value for all. */
const USUALLY_MAPPED = new Set(['name', 'description']);

/**
 * The rows with one added for each required property no row names yet (blank rows dropped):
 * name and description from an attribute, the rest as a fixed value to fill in.
 * @example withRequiredRows([], 'context').map((r) => r.target) // ['name', 'category', 'accuracy', 'source.document', 'source.section']
 */
export function withRequiredRows(rows: readonly MappingRow[], role: LayerRole): MappingRow[] {
  const kept = rows.filter((r) => !blank(r));
  const named = new Set(kept.map((r) => r.target.trim()));
  const added = IMPORT_REQUIRED[role].filter((p) => !named.has(p)).map((p): MappingRow => ({ kind: USUALLY_MAPPED.has(p) ? 'map' : 'set', target: p, value: '' }));
  return [...kept, ...added];
}

/** Coordinate systems the import knows; '' means "as the file says" (GeoJSON crs member, .prj, KML/GPX are WGS84). */
export const CRS_CHOICES = ['', 'EPSG:2180', 'EPSG:2176', 'EPSG:2177', 'EPSG:2178', 'EPSG:2179', 'EPSG:3857', 'EPSG:4326'] as const;
export type CrsChoice = (typeof CRS_CHOICES)[number];

/** One row of the attribute mapping: a property taken from a source attribute (map) or given as a fixed value (set). */
export interface MappingRow {
  kind: 'map' | 'set';
  target: string;
  value: string;
}

export interface ImportFormState {
  layer: string;
  from: CrsChoice;
  mode: ImportMode;
  rows: MappingRow[];
}

export type FormProblem =
  | { code: 'no-layer' }
  | { code: 'no-file' }
  | { code: 'empty-file' }
  | { code: 'too-large'; bytes: number }
  | { code: 'row-incomplete'; row: number }
  | { code: 'row-target'; row: number; target: string }
  | { code: 'row-duplicate'; row: number; target: string };

export const emptyRow = (kind: MappingRow['kind'] = 'map'): MappingRow => ({ kind, target: '', value: '' });

/** A row left wholly empty is ignored (the form starts with one). */
const blank = (r: MappingRow) => r.target.trim() === '' && r.value.trim() === '';

/**
 * What stops the form from being sent, in the order of the fields (rows are 1-based).
 * @example formProblems({ layer: '', from: '', mode: 'replace', rows: [] }, null, 'strategy') // [{ code: 'no-layer' }, { code: 'no-file' }]
 */
export function formProblems(form: ImportFormState, file: { size: number } | null, role: LayerRole | null): FormProblem[] {
  const out: FormProblem[] = [];
  if (!form.layer) out.push({ code: 'no-layer' });
  if (!file) out.push({ code: 'no-file' });
  else if (file.size === 0) out.push({ code: 'empty-file' });
  else if (file.size > MAX_UPLOAD_BYTES) out.push({ code: 'too-large', bytes: file.size });
  const seen = new Set<string>();
  form.rows.forEach((r, i) => {
    if (blank(r)) return;
    const row = i + 1;
    const target = r.target.trim();
    if (!target || !r.value.trim()) out.push({ code: 'row-incomplete', row });
    else if (role && !IMPORT_TARGETS[role].includes(target)) out.push({ code: 'row-target', row, target });
    else if (seen.has(`${r.kind}:${target}`)) out.push({ code: 'row-duplicate', row, target });
    seen.add(`${r.kind}:${target}`);
  });
  return out;
}

/**
 * The query of the upload, as pairs (map= and set= repeat).
 * @example importParams({ layer: 'parks', from: 'EPSG:2180', mode: 'replace', rows: [{ kind: 'map', target: 'name', value: 'NAZWA' }] }, 'parki.geojson')
 * // [['layer', 'parks'], ['name', 'parki.geojson'], ['from', 'EPSG:2180'], ['map', 'name=NAZWA']]
 */
export function importParams(form: ImportFormState, fileName: string): [string, string][] {
  const out: [string, string][] = [
    ['layer', form.layer],
    ['name', fileName],
  ];
  if (form.mode === 'append') out.push(['mode', 'append']);
  if (form.from) out.push(['from', form.from]);
  for (const r of form.rows) {
    if (blank(r)) continue;
    out.push([r.kind, `${r.target.trim()}=${r.value.trim()}`]);
  }
  return out;
}

export type ItemFilter = 'all' | ImportReportItem['status'];

export interface ItemPage<T> {
  items: T[];
  /** 0-based page actually shown (clamped). */
  page: number;
  pages: number;
  /** 1-based numbers of the first and last row shown (0, 0 when there are none). */
  from: number;
  to: number;
  total: number;
}

const RANK: Record<ImportReportItem['status'], number> = { refused: 0, repaired: 1, accepted: 2 };

/**
 * The report rows to show: filtered by status, refused first, then repaired, then accepted
 * (file order within each), one page of `size`.
 */
export function reportPage<T extends Pick<ImportReportItem, 'status'>>(items: readonly T[], filter: ItemFilter, page: number, size: number): ItemPage<T> {
  const chosen = items
    .map((item, i) => ({ item, i }))
    .filter(({ item }) => filter === 'all' || item.status === filter)
    .sort((a, b) => RANK[a.item.status] - RANK[b.item.status] || a.i - b.i)
    .map(({ item }) => item);
  const pages = Math.max(1, Math.ceil(chosen.length / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const slice = chosen.slice(p * size, p * size + size);
  return { items: slice, page: p, pages, from: slice.length ? p * size + 1 : 0, to: p * size + slice.length, total: chosen.length };
}
