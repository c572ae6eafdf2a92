/**
 * Turns a source feature's attributes into the pack's feature properties: `--map name=NAZWA`
 * takes a property from an attribute, `--set status=existing` gives a default, an attribute
 * that already has the property's name is taken as is. Checks the result against the layer's
 * schema (strategy or context) and names what is missing and how to supply it.
 */
import type { z } from 'zod';
import { BoundaryProps, ContextFeatureProps, StrategyFeatureProps } from '../packs/schema.ts';
import { ImportError } from './import-error.ts';
import { line, type ImportLine } from '../http/import-line-messages.ts';
import { inputProblem } from '../http/input-problem.ts';

export type LayerRole = 'strategy' | 'context';
/** A layer's role, or "boundary" when the import replaces the town boundary. */
export type ImportRole = LayerRole | 'boundary';

export interface PropertyMapping {
  /** property → source attribute */
  map: Record<string, string>;
  /** property → default value (text; goals as "II.4,IV.3") */
  set: Record<string, string>;
}

const SOURCE_KEYS = ['source.document', 'source.section', 'source.url', 'source.note', 'source.dataset', 'source.commit', 'source.license'] as const;

/** Properties that --map and --set may name, per role ("source.document" names a nested one). */
export const TARGETS: Record<LayerRole, readonly string[]> = {
  strategy: ['name', 'description', 'goals', 'undertaking', 'status', 'accuracy', 'category', ...SOURCE_KEYS],
  context: ['name', 'category', 'ref', 'accuracy', ...SOURCE_KEYS],
};
/** What --map and --set may name when the import replaces the town boundary (--boundary). */
export const BOUNDARY_TARGETS: readonly string[] = ['name', 'teryt', 'accuracy', ...SOURCE_KEYS];

function targetsOf(role: ImportRole): readonly string[] {
  return role === 'boundary' ? BOUNDARY_TARGETS : TARGETS[role];
}

/** Properties taken as is from an attribute of the same name (GeoJSON written by this project, KML name/description). */
const SAME_NAME: Record<ImportRole, readonly string[]> = {
  strategy: ['name', 'description', 'goals', 'undertaking', 'status', 'accuracy', 'category', 'figures', 'source'],
  context: ['name', 'category', 'ref', 'accuracy', 'source'],
  boundary: ['name', 'teryt', 'accuracy', 'source'],
};

/**
 * Parses repeated `prop=value` (CLI) or `prop:value` (query) options into a record.
 * Throws ImportError('bad-option') for a malformed one.
 *
 * @example
 * parseAssignments(['name=NAZWA', 'description=OPIS'], 'map') // { name: 'NAZWA', description: 'OPIS' }
 */
export function parseAssignments(list: readonly string[], option: string, separators = '=:'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const i = [...separators].map((s) => item.indexOf(s)).filter((n) => n > 0).sort((a, b) => a - b)[0];
    if (i === undefined) throw new ImportError('bad-option', { rule: 'assignment', option, value: item.slice(0, 100) });
    out[item.slice(0, i).trim()] = item.slice(i + 1).trim();
  }
  return out;
}

/** Throws ImportError('bad-option') when --map/--set name a property the layer's features do not have. */
export function checkMapping(role: ImportRole, mapping: PropertyMapping): void {
  for (const [option, record] of [['map', mapping.map], ['set', mapping.set]] as const) {
    for (const key of Object.keys(record)) {
      if (key === 'id') throw new ImportError('bad-option', { rule: 'id', option });
      if (!targetsOf(role).includes(key)) {
        throw new ImportError('bad-option', { rule: 'no-property', option, property: key.slice(0, 100), role, allowed: targetsOf(role) });
      }
    }
  }
}

/**
 * The properties for one feature (without its id): mapped attribute, else same-named
 * attribute, else the --set default. Values are trimmed text in Unicode NFC (so "ś" written
 * as s + combining accent in a source still matches "ś" typed by a person); goals become a
 * list. A mapping with braces is a template: `--map name="Stacja {name}"`.
 *
 * @example
 * mapProperties({ NAZWA: 'Park', OPIS: 'Zieleń' }, 'strategy', { map: { name: 'NAZWA', description: 'OPIS' }, set: { goals: 'II.1' } })
 * // { name: 'Park', description: 'Zieleń', goals: ['II.1'] }
 */
export function mapProperties(attrs: Record<string, unknown>, role: ImportRole, mapping: PropertyMapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SAME_NAME[role]) {
    const v = attrs[key];
    if (key === 'source') {
      if (v && typeof v === 'object' && !Array.isArray(v)) out.source = { ...v };
    } else if (Array.isArray(v) || (v && typeof v === 'object')) {
      out[key] = v;
    } else if (text(v) !== undefined) {
      out[key] = text(v);
    }
  }
  for (const key of targetsOf(role)) {
    const field = mapping.map[key];
    const value = field !== undefined ? fieldValue(attrs, field) ?? mapping.set[key] : (current(out, key) ?? mapping.set[key]);
    if (value !== undefined) assign(out, key, key === 'goals' ? goalList(value) : value);
  }
  return out;
}

/** An attribute's text, or a template's: "Stacja {name}" → "Stacja Kraśnik"; undefined when a named attribute is empty. */
export function fieldValue(attrs: Record<string, unknown>, field: string): string | undefined {
  if (!field.includes('{')) return text(attrs[field]);
  let missing = false;
  const filled = field.replace(/\{([^{}]+)\}/g, (_m, name: string) => {
    const v = text(attrs[name.trim()]);
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : text(filled);
}

function current(out: Record<string, unknown>, key: string): unknown {
  if (!key.startsWith('source.')) return out[key];
  return (out.source as Record<string, unknown> | undefined)?.[key.slice('source.'.length)];
}

function assign(out: Record<string, unknown>, key: string, value: unknown) {
  if (key.startsWith('source.')) out.source = { ...((out.source as Record<string, unknown> | undefined) ?? {}), [key.slice('source.'.length)]: value };
  else out[key] = value;
}

/** Attribute value as trimmed text; undefined when absent or blank. */
export function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  const s = (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)).trim().normalize('NFC');
  return s === '' ? undefined : s;
}

function goalList(v: unknown): unknown {
  if (typeof v === 'string') return v.split(/[\s,;]+/).filter(Boolean);
  return v;
}

/**
 * The properties (id included) checked against the layer's schema: the parsed value, or why
 * they do not fit, in words that say how to supply what is missing.
 */
export function checkProperties(props: Record<string, unknown>, role: ImportRole): { ok: true; data: Record<string, unknown> } | { ok: false; problems: ImportLine[] } {
  const schema: z.ZodTypeAny = role === 'strategy' ? StrategyFeatureProps : role === 'context' ? ContextFeatureProps : BoundaryProps;
  const r = schema.safeParse(props);
  if (r.success) return { ok: true, data: r.data as Record<string, unknown> };
  const problems = r.error.issues
    .slice(0, 3)
    .map((issue) => {
      const key = issue.path.map(String).join('.');
      const missing = issue.code === 'invalid_type' && valueAt(props, issue.path) === undefined;
      if (missing && targetsOf(role).includes(key)) return line('missing-property', { rule: 'map', property: key });
      if (missing && key === 'source') return line('missing-property', { rule: 'source' });
      return line('invalid-input', inputProblem(issue, 'properties'));
    });
  return { ok: false, problems };
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = obj;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * A feature id made from an attribute value: lower case, Polish letters folded to ASCII,
 * anything else a hyphen. Empty when nothing usable is left.
 *
 * @example
 * slugId('Park nad Wisłą 2') // 'park-nad-wisla-2'
 */
export function slugId(value: string): string {
  return value
    .replace(/[łŁ]/g, 'l')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}
