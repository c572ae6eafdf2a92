import type { ImportLine } from '../http/import-line-messages.ts';

/** Values that pass between the import steps: read → reproject → repair → map → report. */

export type ImportFormat = 'geojson' | 'kml' | 'gpx' | 'osm' | 'shapefile';

/** A feature as a reader found it: geometry not yet checked, attributes as in the file. */
export interface RawFeature {
  /** Where it came from, for the report: "parks.geojson #3", "roads.osm way/123". */
  label: string;
  geometry: unknown;
  properties: Record<string, unknown>;
  /** Set when the reader already knows the feature cannot be used (e.g. an OSM way with missing nodes). */
  reason?: ImportLine;
}

/** A coordinate system named by the file (or by --from), as an EPSG code with where it was found. */
export interface CrsRef {
  epsg: number;
  /** e.g. 'the "crs" member', 'the .prj file', '--from', 'KML is WGS84 by definition'. */
  from: string;
}

export interface ReadResult {
  format: ImportFormat;
  /** null when the file states no coordinate system. */
  crs: CrsRef | null;
  features: RawFeature[];
  /** Facts about the file worth reporting (encoding used, entries skipped…). */
  notes: ImportLine[];
}
