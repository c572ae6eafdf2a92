/**
 * The geometry of work done, imported from a file instead of drawn: a surveyed section of a
 * route as GPX or KML from a phone, GeoJSON, a zipped Shapefile or OSM XML, in WGS84 or a
 * Polish grid (the file's own CRS, else `from`). The import's own readers and reprojection are
 * used; the file's features become one geometry of one kind — lines (a MultiLineString, or a
 * LineString for one), areas (a MultiPolygon, or a Polygon), or a single point. Past the
 * vertices an update may carry, the geometry is simplified in steps of metres and the
 * tolerance said. Nothing is written: the planner sees it on the map and records the update.
 * Runs in a geometry worker (a file's parsing and reprojection are heavy work on user input),
 * so a refusal comes back as data for the route to send.
 */
import type { Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { countVertices } from '../import/import-caps.ts';
import { parseFromOption } from '../import/crs.ts';
import { ImportError, importErrorStatus } from '../import/import-error.ts';
import { readFile, settleCrs } from '../import/import-layer.ts';
import { normalizeGeometry } from '../import/normalize-geometry.ts';
import { reprojectGeometry, toWgs84 } from '../import/reproject.ts';
import { simplifyMetres } from '../import/simplify-metres.ts';
import { sniffFormat } from '../import/sniff-format.ts';
import type { RefusalCode, RefusalParams } from '../http/messages.ts';
import { MAX_PROGRESS_VERTICES } from './progress-input.ts';

/** A file of work done is small: a traced section, a plot. */
export const MAX_GEOMETRY_FILE_BYTES = 2 * 1024 * 1024;
/** Vertices read before simplifying (a phone's GPX track of a few km at 1 s). */
const MAX_READ_VERTICES = 200_000;
const TOLERANCES_M = [0.5, 1, 2, 5, 10, 20, 50];

export interface ImportedGeometry {
  geometry: Point | LineString | MultiLineString | Polygon | MultiPolygon;
  /** Features of the file that made it. */
  features: number;
  format: string;
  /** e.g. "EPSG:2180 PUWG 1992, from the .prj file" (English, for API users). */
  crs: string;
  /** The coordinate system the file was read in, and where that came from: the file, `from`, or assumed (degrees, WGS84). */
  epsg: number;
  crsSource: 'file' | 'option' | 'assumed';
  /** The tolerance it was simplified with to fit the update's vertices, or null. */
  simplifiedM: number | null;
  vertices: number;
}

export type WorkGeometryResult = { ok: true; value: ImportedGeometry } | { ok: false; status: 400 | 404 | 413 | 422; code: RefusalCode; params: RefusalParams };

/** A refusal of the file, thrown inside and answered as data. */
class FileRefusal extends Error {
  constructor(readonly status: 400 | 413 | 422, readonly code: RefusalCode, readonly params: RefusalParams) {
    super(code);
  }
}

/** Reads a file of work done into one geometry, or a refusal (400/413/422) with the import's codes. */
export async function importWorkGeometry(bytes: Uint8Array, name: string, from: string | undefined): Promise<WorkGeometryResult> {
  try {
    const fromEpsg = from ? parseFromOption(from) : null;
    const format = sniffFormat(bytes, name);
    const read = await readFile({ name, bytes }, format, { surface: 'api' });
    const { epsg, crsText, crsSource } = settleCrs(read, fromEpsg, name);
    const project = toWgs84(epsg);
    const points: Position[] = [];
    const lines: Position[][] = [];
    const polygons: Position[][][] = [];
    let vertices = 0;
    for (const raw of read.features) {
      if (raw.reason) continue;
      const norm = normalizeGeometry(raw.geometry);
      if (!norm.ok) continue;
      vertices += countVertices(norm.geometry);
      if (vertices > MAX_READ_VERTICES) throw new ImportError('too-many-vertices', { rule: 'file', file: name, max: MAX_READ_VERTICES, field: 'vertices' });
      const g = reprojectGeometry(norm.geometry, project);
      if (g.type === 'Point') points.push(g.coordinates);
      else if (g.type === 'MultiPoint') points.push(...g.coordinates);
      else if (g.type === 'LineString') lines.push(g.coordinates);
      else if (g.type === 'MultiLineString') lines.push(...g.coordinates);
      else if (g.type === 'Polygon') polygons.push(g.coordinates);
      else polygons.push(...g.coordinates);
    }
    const kinds = [points.length ? `${points.length} point(s)` : '', lines.length ? `${lines.length} line(s)` : '', polygons.length ? `${polygons.length} area(s)` : ''].filter(Boolean);
    if (kinds.length === 0) throw new ImportError('empty', { rule: 'features', files: [name] });
    if (kinds.length > 1 || points.length > 1) throw new FileRefusal(422, 'geometry-mixed', { field: 'file', kinds: kinds.join(', ') });
    const whole: Geometry = points.length
      ? { type: 'Point', coordinates: points[0]! }
      : lines.length
        ? lines.length === 1 ? { type: 'LineString', coordinates: lines[0]! } : { type: 'MultiLineString', coordinates: lines }
        : polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
    let geometry: Geometry = whole;
    let simplifiedM: number | null = null;
    for (const tol of TOLERANCES_M) {
      if (countVertices(geometry) <= MAX_PROGRESS_VERTICES) break;
      geometry = simplifyMetres(whole, tol).geometry;
      simplifiedM = tol;
    }
    const n = countVertices(geometry);
    if (n > MAX_PROGRESS_VERTICES) throw new FileRefusal(413, 'too-many-vertices', { rule: 'positions', field: 'file', max: MAX_PROGRESS_VERTICES, count: n });
    return { ok: true, value: { geometry: geometry as ImportedGeometry['geometry'], features: read.features.length, format, crs: crsText, epsg, crsSource, simplifiedM, vertices: n } };
  } catch (e) {
    if (e instanceof FileRefusal) return { ok: false, status: e.status, code: e.code, params: e.params };
    if (e instanceof ImportError) return { ok: false, status: importErrorStatus(e.code), code: e.code, params: e.params };
    throw e;
  }
}
