/**
 * Reads KML and GPX with @tmcw/togeojson. Both are WGS84 longitude/latitude by definition;
 * heights are dropped later (normalizeGeometry). KML folders are flattened; GPX waypoints,
 * routes and tracks all become features.
 */
import { gpx, kml } from '@tmcw/togeojson';
import { parseXml } from './parse-xml.ts';
import type { RawFeature, ReadResult } from './types.ts';

/**
 * @example
 * const { features } = readKmlOrGpx(bytes, 'parki.kml', 'kml');
 */
export function readKmlOrGpx(bytes: Uint8Array, name: string, format: 'kml' | 'gpx'): ReadResult {
  const doc = parseXml(bytes, name);
  const collection = format === 'kml' ? kml(doc) : gpx(doc);
  const features: RawFeature[] = collection.features.map((f, i) => ({
    label: `${name} #${i + 1}${typeof f.properties?.name === 'string' ? ` "${f.properties.name}"` : ''}`,
    geometry: f.geometry,
    properties: (f.properties ?? {}) as Record<string, unknown>,
  }));
  return {
    format,
    crs: { epsg: 4326, from: `${format.toUpperCase()} is WGS84 by definition` },
    features,
    notes: [],
  };
}
