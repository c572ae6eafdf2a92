/**
 * Properties a GIS can type: one scalar per column. The pack's nested values become columns —
 * `source` → source_document / source_section / source_url / source_note, each declared figure
 * → a numeric column named by its label and unit (e.g. `dlugosc_km`), lists (`goals`) → one
 * string joined by "; ". `/api` keeps the richer shape; this is only what OGC clients get.
 */
export type Scalar = string | number | boolean | null;
export type FlatProps = Record<string, Scalar>;
export type FieldType = 'string' | 'number' | 'integer' | 'boolean';

export interface Field {
  name: string;
  type: FieldType;
  title?: string;
  /** Formats the standard's JSON Schema knows (date-time for timestamps). */
  format?: 'date-time';
  enum?: string[];
}

export const LIST_SEPARATOR = '; ';

/** ASCII column name: Polish letters folded, anything else to "_" (shapefile-safe, SQL-safe). */
export function columnName(text: string): string {
  return text
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40) || 'value';
}

interface FigureLike {
  label: string;
  value: number;
  unit: string;
  qualifier?: string;
}
const isFigure = (x: unknown): x is FigureLike =>
  typeof x === 'object' && x !== null && typeof (x as FigureLike).label === 'string' && typeof (x as FigureLike).value === 'number' && typeof (x as FigureLike).unit === 'string';

export const figureColumn = (f: { label: string; unit: string }) => `${columnName(f.label)}_${columnName(f.unit)}`;

/** The flat properties of one feature (no fixed column set; see `schemaOf` for that). */
export function flatten(props: Record<string, unknown>): FlatProps {
  const out: FlatProps = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v) && v.every(isFigure) && v.length > 0) {
      for (const f of v) {
        out[figureColumn(f)] = f.value;
        if (f.qualifier) out[`${figureColumn(f)}_qualifier`] = f.qualifier;
      }
    } else if (Array.isArray(v)) {
      if (v.length > 0) out[k] = v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(LIST_SEPARATOR);
      else if (k !== 'figures') out[k] = '';
    } else if (typeof v === 'object') {
      for (const [sk, sv] of Object.entries(v as Record<string, unknown>)) {
        out[`${k}_${sk}`] = sv === null || typeof sv !== 'object' ? (sv as Scalar) : JSON.stringify(sv);
      }
    }
  }
  return out;
}

/** Columns every feature of a pack layer has, by role, even when the layer is empty. */
export const BASE_FIELDS: Record<'strategy' | 'context', Field[]> = {
  strategy: [
    { name: 'id', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'description', type: 'string' },
    { name: 'goals', type: 'string', title: `operational goals, joined by "${LIST_SEPARATOR}"` },
    { name: 'undertaking', type: 'string' },
    { name: 'status', type: 'string', enum: ['concept', 'planned', 'in-progress', 'completed', 'existing'] },
    { name: 'category', type: 'string' },
    { name: 'accuracy', type: 'string', enum: ['surveyed', 'approximate', 'schematic'] },
    { name: 'source_document', type: 'string' },
    { name: 'source_section', type: 'string' },
    { name: 'source_url', type: 'string' },
    { name: 'source_note', type: 'string' },
  ],
  context: [
    { name: 'id', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'category', type: 'string' },
    { name: 'ref', type: 'string' },
    { name: 'accuracy', type: 'string', enum: ['surveyed', 'approximate', 'schematic'] },
    { name: 'source_document', type: 'string' },
    { name: 'source_section', type: 'string' },
    { name: 'source_url', type: 'string' },
    { name: 'source_note', type: 'string' },
  ],
};

const typeOf = (v: Scalar): FieldType | null =>
  v === null ? null : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v === 'boolean' ? 'boolean' : 'string';

/** The declared fields, then any further column the features have, typed from their values. */
export function schemaOf(base: Field[], features: FlatProps[]): Field[] {
  const fields = new Map(base.map((f) => [f.name, { ...f }]));
  for (const p of features) {
    for (const [k, v] of Object.entries(p)) {
      const t = typeOf(v);
      const known = fields.get(k);
      if (!known) fields.set(k, { name: k, type: t ?? 'string' });
      else if (t && known.type !== t && !base.some((b) => b.name === k)) {
        known.type = (known.type === 'integer' && t === 'number') || (known.type === 'number' && t === 'integer') ? 'number' : 'string';
      }
    }
  }
  return [...fields.values()];
}

/** Every field in the same order on every feature (null where the feature has none), values coerced to the field's type. */
export function fixedColumns(fields: Field[], p: FlatProps): FlatProps {
  const out: FlatProps = {};
  for (const f of fields) {
    const v = p[f.name];
    out[f.name] = v === undefined || v === null ? null : f.type === 'string' && typeof v !== 'string' ? String(v) : v;
  }
  return out;
}
