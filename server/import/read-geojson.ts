/**
 * Reads a GeoJSON FeatureCollection, with the coordinate system of its (pre-RFC 7946) "crs"
 * member when it has one: {"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2180"}}}.
 */
import { epsgFromName } from './crs.ts';
import { ImportError } from './import-error.ts';
import { line } from '../http/import-line-messages.ts';
import type { RawFeature, ReadResult } from './types.ts';

/**
 * @example
 * const { features, crs } = readGeojson(bytes, 'parki.geojson'); // crs: { epsg: 2180, from: 'the "crs" member' }
 */
export function readGeojson(bytes: Uint8Array, name: string): ReadResult {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ImportError('bad-json', { file: name, problem: (e as Error).message });
  }
  const doc = json as { type?: unknown; features?: unknown; crs?: unknown };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    const type = doc && typeof doc === 'object' && typeof doc.type === 'string' ? doc.type.slice(0, 40) : null;
    throw new ImportError('not-a-feature-collection', type === null ? { rule: 'no-type', file: name } : { rule: 'other', file: name, type });
  }

  let crs: ReadResult['crs'] = null;
  if (doc.crs !== undefined && doc.crs !== null) {
    const crsName = (doc.crs as { properties?: { name?: unknown } }).properties?.name;
    if (typeof crsName !== 'string') {
      throw new ImportError('unknown-crs', { rule: 'no-name', file: name });
    }
    const epsg = epsgFromName(crsName);
    if (epsg === null) throw new ImportError('unknown-crs', { rule: 'name', file: name, name: crsName.slice(0, 200) });
    crs = { epsg, from: `the "crs" member (${crsName})` };
  }

  const features: RawFeature[] = (doc.features as unknown[]).map((f, i) => {
    const label = `${name} #${i + 1}`;
    const feature = f as { type?: unknown; geometry?: unknown; properties?: unknown } | null;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      return { label, geometry: null, properties: {}, reason: line('not-a-feature') };
    }
    const props = feature.properties && typeof feature.properties === 'object' && !Array.isArray(feature.properties) ? (feature.properties as Record<string, unknown>) : {};
    return { label, geometry: feature.geometry, properties: props };
  });
  return { format: 'geojson', crs, features, notes: [] };
}
