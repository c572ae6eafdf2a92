/**
 * Which source features an import takes: only one family of geometry (`--geometry line`, so a
 * file mixing stations and track can feed a point layer and a line layer in two runs) and only
 * those whose attributes match `--where field=value` (every condition must hold). Features left
 * out are reported as skipped with the reason, never silently dropped.
 */
import type { Surface } from '../http/messages.ts';
import { line, type ImportLine } from '../http/import-line-messages.ts';
import { text } from './map-properties.ts';

export type GeometryFamily = 'point' | 'line' | 'polygon';

export const GEOMETRY_FAMILIES: readonly GeometryFamily[] = ['point', 'line', 'polygon'];

const FAMILY_OF: Record<string, GeometryFamily> = {
  Point: 'point',
  MultiPoint: 'point',
  LineString: 'line',
  MultiLineString: 'line',
  Polygon: 'polygon',
  MultiPolygon: 'polygon',
};

/** The family of a GeoJSON geometry type; undefined for an unknown one. */
export function familyOf(type: string): GeometryFamily | undefined {
  return FAMILY_OF[type];
}

/**
 * Why a feature is left out, or null when it is taken.
 *
 * @example
 * skipReason('Point', { name: 'Kraśnik' }, { geometry: 'line', where: {} }) // { code: 'not-selected', params: { rule: 'family', family: 'point', wanted: 'line' } }
 * skipReason('Point', { town: 'Kalisz' }, { where: { town: 'Kraśnik' } })   // { code: 'not-selected', params: { rule: 'other', … } }
 */
export function skipReason(
  geometryType: string | undefined,
  attrs: Record<string, unknown>,
  select: { geometry?: GeometryFamily; where?: Record<string, string>; surface?: Surface },
): ImportLine | null {
  if (select.geometry && geometryType) {
    const family = familyOf(geometryType);
    if (family && family !== select.geometry) return line('not-selected', { rule: 'family', family, wanted: select.geometry });
  }
  for (const [field, wanted] of Object.entries(select.where ?? {})) {
    const have = text(attrs[field]);
    if (have !== wanted.normalize('NFC')) return have === undefined ? line('not-selected', { rule: 'no-value', attribute: field, wanted }) : line('not-selected', { rule: 'other', attribute: field, value: have, wanted });
  }
  return null;
}
