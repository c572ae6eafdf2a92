/**
 * The import, start to end and without touching the pack: sniff each file's format, read it,
 * settle its coordinate system, and for every feature normalise, reproject, repair, map the
 * attributes and validate against the layer's schema and the pack's references. Returns the
 * features to write and a report with one item per source feature: accepted, repaired (with
 * what was changed) or refused (with why). A file that cannot be read at all gives
 * `{ ok: false, error }`; nothing is thrown for bad input.
 */
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { bbox as turfBbox, booleanIntersects } from '@turf/turf';
import type { Accuracy } from '../packs/schema.ts';
import { clipToArea } from './clip-to-area.ts';
import { simplifyMetres } from './simplify-metres.ts';
import { skipReason, type GeometryFamily } from './select-features.ts';
import type { PackFeature } from '../packs/types.ts';
import { checkImportCaps, IMPORT_CAPS, tooManyFeatures } from './import-caps.ts';
import { guessGrid, KNOWN_CRS, parseFromOption } from './crs.ts';
import { ImportError, type ImportErrorCode } from './import-error.ts';
import { type RefusalParams, type Surface } from '../http/messages.ts';
import { countRule, importLineMessage, line, type ImportLine } from '../http/import-line-messages.ts';
import type { ImportTarget } from './import-target.ts';
import { checkMapping, checkProperties, fieldValue, mapProperties, slugId, type PropertyMapping } from './map-properties.ts';
import { normalizeGeometry } from './normalize-geometry.ts';
import { readGeojson } from './read-geojson.ts';
import { readKmlOrGpx } from './read-kml-gpx.ts';
import { readOsm } from './read-osm.ts';
import { readShapefile } from './read-shapefile.ts';
import type { ZipLimits } from './read-zip.ts';
import { repairGeometry } from './repair-feature.ts';
import { firstPosition, reprojectGeometry, toWgs84 } from './reproject.ts';
import { sniffFormat } from './sniff-format.ts';
import type { ImportFormat, RawFeature, ReadResult } from './types.ts';

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportOptions extends PropertyMapping {
  /** Source CRS when a file states none, e.g. "EPSG:2180". */
  from?: string;
  /** Text encoding of a Shapefile's .dbf. */
  encoding?: string;
  /** Attribute whose value (slugged) becomes the feature id; otherwise ids are <layer>-<n>. */
  idFrom?: string;
  mode: 'replace' | 'append';
  zipLimits?: ZipLimits;
  /**
   * Accuracy of every feature unless mapped or set per feature: "surveyed" only for survey-grade
   * sources (a geodetic survey, the town's own GIS); "approximate" (the default) for the rest.
   */
  accuracy?: Accuracy;
  /** Take only features of this geometry family; the rest are skipped. */
  geometry?: GeometryFamily;
  /** Take only features whose attribute equals the value (every pair must match). */
  where?: Record<string, string>;
  /** Cut lines and polygons to this area and skip what lies wholly outside (the town boundary). */
  clipTo?: Feature<Polygon | MultiPolygon>;
  /** Douglas–Peucker tolerance in metres; 0 or absent keeps every vertex. */
  simplifyM?: number;
  /** How the report names options: `--from` on the command line (the default), `from` in the admin API. */
  surface?: Surface;
}

/** skipped: left out on purpose by --geometry, --where or --clip (not an error). */
export type ItemStatus = 'accepted' | 'repaired' | 'refused' | 'skipped';

/**
 * One source feature: `{ id, valid, reason }` plus where it came from and what was repaired.
 * `repairs` and `reason` are English (the CLI's words); `repairLines` and `reasonLines` are the
 * same lines as `{ code, params }` (server/http/import-line-messages.ts), which the viewer words.
 */
export interface ReportItem {
  id: string | null;
  source: string;
  valid: boolean;
  status: ItemStatus;
  repairs: string[];
  repairLines: ImportLine[];
  reason?: string;
  reasonLines?: ImportLine[];
}

export interface ImportReport {
  city: string;
  layer: string;
  mode: 'replace' | 'append';
  /** `crs` is a sentence for the CLI; `epsg`, `crsName` and `crsSource` are the same as data (the viewer words them). */
  files: { name: string; format: ImportFormat; crs: string; epsg: number; crsName: string; crsSource: CrsSource; features: number; notes: string[]; noteLines: ImportLine[] }[];
  total: number;
  accepted: number;
  repaired: number;
  refused: number;
  skipped: number;
  warnings: string[];
  warningLines: ImportLine[];
  items: ReportItem[];
}

export type ImportOutcome =
  | { ok: true; features: PackFeature[]; report: ImportReport }
  | { ok: false; error: { code: ImportErrorCode; message: string; params: RefusalParams } };

export type ProgressFn = (done: number, total: number) => void;

/**
 * Imports `files` into the layer described by `target`; writes nothing.
 *
 * @example
 * const out = await importLayer([{ name: 'parki.zip', bytes }], await readTarget('data/krasnik', 'parks'),
 *   { mode: 'replace', map: { name: 'NAZWA' }, set: { status: 'existing', goals: 'II.4' } });
 * if (out.ok) console.log(out.report.accepted, out.report.refused);
 */
export async function importLayer(files: ImportFile[], target: ImportTarget, options: ImportOptions, onProgress?: ProgressFn): Promise<ImportOutcome> {
  try {
    return { ok: true, ...(await run(files, target, options, onProgress)) };
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: { code: e.code, message: e.message, params: e.params } };
    throw e;
  }
}

async function run(files: ImportFile[], target: ImportTarget, options: ImportOptions, onProgress?: ProgressFn) {
  const words = (l: ImportLine) => importLineMessage(l, options.surface ?? 'cli');
  const refusedItem = (id: string | null, source: string, status: 'refused' | 'skipped', repairs: ImportLine[], reasons: ImportLine[]): ReportItem =>
    ({ id, source, valid: false, status, repairs: repairs.map(words), repairLines: repairs, reason: reasons.map(words).join('; '), reasonLines: reasons });
  const role = target.into === 'boundary' ? 'boundary' : target.layer.role;
  const mapping = { map: options.map, set: { ...options.set } };
  checkMapping(role, mapping);
  if (options.accuracy !== undefined && (mapping.set.accuracy !== undefined || mapping.map.accuracy !== undefined)) {
    throw new ImportError('bad-option', { rule: 'two-accuracies', option: 'accuracy' });
  }
  if (mapping.map.accuracy === undefined) mapping.set.accuracy ??= options.accuracy ?? 'approximate';
  if (options.simplifyM !== undefined && !(options.simplifyM >= 0 && options.simplifyM <= 1000)) {
    throw new ImportError('bad-option', { rule: 'simplify', option: 'simplify', value: String(options.simplifyM), max: 1000 });
  }
  const fromEpsg = options.from ? parseFromOption(options.from) : null;
  if (files.length === 0) throw new ImportError('empty', { rule: 'none' });

  const reads: { file: ImportFile; read: ReadResult; epsg: number; crsText: string; crsSource: CrsSource }[] = [];
  let vertices = 0;
  let featureCount = 0;
  for (const file of files) {
    const format = sniffFormat(file.bytes, file.name);
    const read = await readFile(file, format, options);
    vertices = checkImportCaps(read.features, file.name, IMPORT_CAPS, vertices);
    featureCount += read.features.length;
    if (featureCount > IMPORT_CAPS.features) throw tooManyFeatures(featureCount, files.map((f) => f.name).join(', '));
    const { epsg, crsText, crsSource } = settleCrs(read, fromEpsg, file.name);
    reads.push({ file, read, epsg, crsText, crsSource });
  }
  const total = reads.reduce((s, r) => s + r.read.features.length, 0);
  if (total === 0) throw new ImportError('empty', { rule: 'features', files: files.map((f) => f.name) });

  const layerId = target.layer.id;
  const existingIds = new Set(options.mode === 'append' ? target.existing.map(featureId).filter((x): x is string => x !== undefined) : []);
  const offset = options.mode === 'append' ? maxGenerated(existingIds, layerId) : 0;
  const idsHere = new Map<string, string>();
  const features: PackFeature[] = [];
  const items: ReportItem[] = [];
  const outside: string[] = [];
  const outsideBoundary: string[] = [];
  let n = 0;

  for (const { read, epsg } of reads) {
    const project = toWgs84(epsg);
    for (const raw of read.features) {
      n++;
      const { item, feature } = importFeature(raw, n);
      items.push(item);
      if (feature) {
        features.push(feature);
        if (!overlaps(turfBbox(feature as Feature<Geometry>), target.bounds)) outside.push(item.id!);
        else if (target.boundary && role !== 'boundary' && !booleanIntersects(feature as Feature<Geometry>, target.boundary)) outsideBoundary.push(`${item.id} (${feature.properties.name})`);
      }
      if (onProgress && (n % 1000 === 0 || n === total)) onProgress(n, total);
    }

    function importFeature(raw: RawFeature, index: number): { item: ReportItem; feature?: PackFeature } {
      const reasons: ImportLine[] = [];
      let repairs: ImportLine[] = [];
      let geometry: Geometry | undefined;
      if (raw.reason) reasons.push(raw.reason);
      else {
        const norm = normalizeGeometry(raw.geometry);
        if (!norm.ok) reasons.push(norm.reason);
        else {
          const skip = skipReason(norm.geometry.type, raw.properties, options);
          if (skip) return { item: refusedItem(null, raw.label, 'skipped', [], [skip]) };
          let g = reprojectGeometry(norm.geometry, project) as Geometry;
          const shaped: ImportLine[] = [];
          if (options.clipTo) {
            const clipped = clipToArea(g, options.clipTo);
            if (clipped.inside === 'none') return { item: refusedItem(null, raw.label, 'skipped', [], [line('outside-town')]) };
            if (clipped.inside === 'part') shaped.push(clipped.note);
            g = clipped.geometry;
          }
          if (options.simplifyM) {
            const s = simplifyMetres(g, options.simplifyM);
            if (s.after < s.before) shaped.push(line('simplified', { tolerance: options.simplifyM, before: s.before, after: s.after }));
            g = s.geometry;
          }
          const fixed = repairGeometry(g as typeof norm.geometry, target.layer.kind);
          repairs = [...norm.repairs, ...shaped, ...fixed.repairs];
          if (fixed.ok) geometry = fixed.geometry;
          else reasons.push(fixed.reason);
        }
      }

      let id: string | null = role === 'boundary' ? target.city : `${layerId}-${index + offset}`;
      if (options.idFrom) {
        const value = fieldValue(raw.properties, options.idFrom);
        id = value === undefined ? null : slugId(value) || null;
        if (id === null) reasons.push(value === undefined ? line('no-id', { rule: 'no-value', attribute: options.idFrom }) : line('no-id', { rule: 'unusable', attribute: options.idFrom, value }));
      }
      if (id !== null) {
        const here = idsHere.get(id);
        const elsewhere = target.idsElsewhere.get(id);
        if (here) reasons.push(line('id-taken', { rule: 'feature', id, source: here }));
        else if (elsewhere) reasons.push(elsewhere === 'districts.geojson' ? line('id-taken', { rule: 'districts', id }) : line('id-taken', { rule: 'layer', id, layer: elsewhere }));
        else if (existingIds.has(id)) reasons.push(line('id-taken', { rule: 'this-layer', id, layer: layerId }));
      }

      const props = { id: id ?? 'x', ...mapProperties(raw.properties, role, mapping) };
      const checked = checkProperties(props, role);
      if (!checked.ok) reasons.push(...checked.problems);
      else reasons.push(...referenceProblems(props));

      const source = raw.label;
      if (reasons.length > 0 || !geometry || id === null || !checked.ok) {
        return { item: refusedItem(id, source, 'refused', repairs, reasons) };
      }
      idsHere.set(id, source);
      const properties = checked.data as PackFeature['properties'];
      const status: ItemStatus = repairs.length ? 'repaired' : 'accepted';
      return { item: { id, source, valid: true, status, repairs: repairs.map(words), repairLines: repairs }, feature: { type: 'Feature', geometry, properties } };
    }
  }

  function referenceProblems(props: Record<string, unknown>): ImportLine[] {
    if (role !== 'strategy') return [];
    const out: ImportLine[] = [];
    const goals = props.goals as string[];
    const unknownGoals = target.goalCodes ? goals.filter((g) => !target.goalCodes!.has(g)) : [];
    if (unknownGoals.length) out.push(line('unknown-goal', { rule: countRule(unknownGoals.length), goals: unknownGoals, known: [...target.goalCodes!].slice(0, 6) }));
    const u = props.undertaking as string | undefined;
    if (u && target.undertakingIds && !target.undertakingIds.has(u)) out.push(line('unknown-undertaking', { undertaking: u }));
    return out;
  }

  const count = (s: ItemStatus) => items.filter((i) => i.status === s).length;
  const warnings: ImportLine[] = [];
  if (outsideBoundary.length) {
    warnings.push(line('outside-boundary', { count: outsideBoundary.length, total: features.length, city: target.city, examples: outsideBoundary.slice(0, 3) }));
  }
  if (outside.length) {
    warnings.push(line('outside-bounds', { count: outside.length, total: features.length, city: target.city, bounds: [...target.bounds], examples: outside.slice(0, 3) }));
  }
  const report: ImportReport = {
    city: target.city,
    layer: layerId,
    mode: options.mode,
    files: reads.map(({ file, read, epsg, crsText, crsSource }) => ({
      name: file.name,
      format: read.format,
      crs: crsText,
      epsg,
      crsName: KNOWN_CRS.get(epsg)!.name,
      crsSource,
      features: read.features.length,
      notes: read.notes.map(words),
      noteLines: read.notes,
    })),
    total,
    accepted: count('accepted'),
    repaired: count('repaired'),
    refused: count('refused'),
    skipped: count('skipped'),
    warnings: warnings.map(words),
    warningLines: warnings,
    items,
  };
  return { features, report };
}

export async function readFile(file: ImportFile, format: ImportFormat, options: Pick<ImportOptions, 'encoding' | 'zipLimits' | 'surface'>): Promise<ReadResult> {
  switch (format) {
    case 'geojson':
      return readGeojson(file.bytes, file.name);
    case 'kml':
    case 'gpx':
      return readKmlOrGpx(file.bytes, file.name, format);
    case 'osm':
      return readOsm(file.bytes, file.name);
    case 'shapefile':
      return readShapefile(file.bytes, file.name, { encoding: options.encoding, limits: options.zipLimits, surface: options.surface });
  }
}

/** Where a file's CRS came from: the file itself, the --from option (the form's choice), or assumed WGS84 (degrees). */
export type CrsSource = 'file' | 'option' | 'assumed';

/** The file's own CRS, else --from, else WGS84 when the coordinates look like degrees. */
export function settleCrs(read: ReadResult, fromEpsg: number | null, name: string): { epsg: number; crsText: string; crsSource: CrsSource } {
  const label = (epsg: number, from: string) => `EPSG:${epsg} ${KNOWN_CRS.get(epsg)!.name}, from ${from}`;
  if (read.crs) {
    if (fromEpsg !== null && fromEpsg !== read.crs.epsg && read.format !== 'kml' && read.format !== 'gpx' && read.format !== 'osm') {
      throw new ImportError('crs-conflict', { file: name, epsg: read.crs.epsg, where: read.crs.from, from: fromEpsg });
    }
    return { epsg: read.crs.epsg, crsText: label(read.crs.epsg, read.crs.from), crsSource: 'file' };
  }
  if (fromEpsg !== null) return { epsg: fromEpsg, crsText: label(fromEpsg, '--from'), crsSource: 'option' };
  for (const f of read.features) {
    const norm = f.reason ? null : normalizeGeometry(f.geometry);
    if (!norm?.ok) continue;
    const p = firstPosition(norm.geometry);
    if (!p) continue;
    const [x, y] = p as [number, number];
    if (Math.abs(x) > 180 || Math.abs(y) > 90) {
      throw new ImportError('needs-crs', { file: name, x, y, ...guessGrid(x, y) });
    }
    break;
  }
  return { epsg: 4326, crsText: label(4326, 'no coordinate system stated; the coordinates look like degrees'), crsSource: 'assumed' };
}

function featureId(f: unknown): string | undefined {
  const id = (f as { properties?: { id?: unknown } })?.properties?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Highest n among existing ids "<layer>-<n>", so appended generated ids continue after it. */
function maxGenerated(ids: Set<string>, layerId: string): number {
  let max = 0;
  const re = new RegExp(`^${layerId}-(\\d+)$`);
  for (const id of ids) {
    const m = re.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

function overlaps(b: number[], bounds: [number, number, number, number]): boolean {
  return b[0]! <= bounds[2] && b[2]! >= bounds[0] && b[1]! <= bounds[3] && b[3]! >= bounds[1];
}

/**
 * The layer file's new content: the imported features (replace) or the current ones followed
 * by them (append), one feature per line so large layers stay diffable.
 */
export function layerFileText(target: ImportTarget, features: PackFeature[], mode: 'replace' | 'append'): string {
  const all: unknown[] = mode === 'append' ? [...target.existing, ...features] : features;
  if (all.length === 0) return '{ "type": "FeatureCollection", "features": [] }\n';
  return `{ "type": "FeatureCollection", "features": [\n${all.map((f) => JSON.stringify(f)).join(',\n')}\n] }\n`;
}
