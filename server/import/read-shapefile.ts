/**
 * Reads a zipped Shapefile: exactly one .shp with its .dbf (attributes), optionally .prj (the
 * coordinate system) and .cpg (the .dbf text encoding). The .dbf encoding is, in order: the
 * --encoding option, the .cpg file, the code page byte of the .dbf header, UTF-8 when the
 * records are valid UTF-8, else windows-1250 (Polish Windows software writes that).
 */
import type { Surface } from '../http/messages.ts';
import type { Geometry } from 'geojson';
import * as shapefile from 'shapefile';
import { crsFromPrj } from './crs.ts';
import { IMPORT_CAPS, tooManyFeatures } from './import-caps.ts';
import { ImportError } from './import-error.ts';
import { line, type ImportLine } from '../http/import-line-messages.ts';
import { readZip, type ZipLimits } from './read-zip.ts';
import type { ReadResult, RawFeature } from './types.ts';

const PARTS = /\.(shp|shx|dbf|prj|cpg)$/i;

/**
 * .dbf header byte 29 ("language driver id") → encoding, for code pages that name themselves.
 * 0x57 ("ANSI": whatever the writer's Windows used, cp1250 on Polish systems) and 0 are left to the guess.
 */
const LDID: Record<number, string> = { 0xc8: 'windows-1250', 0x03: 'windows-1252', 0x01: 'ibm437', 0x64: 'ibm852', 0x65: 'ibm866', 0xc9: 'windows-1251' };

export interface ShapefileOptions {
  encoding?: string;
  limits?: ZipLimits;
  /** How a note names the --encoding option. */
  surface?: Surface;
}

/**
 * @example
 * const { features, crs } = await readShapefile(zipBytes, 'dzialki.zip');
 */
export async function readShapefile(bytes: Uint8Array, name: string, options: ShapefileOptions = {}): Promise<ReadResult> {
  const files = await readZip(bytes, (n) => PARTS.test(n) && !n.split('/').pop()!.startsWith('._'), options.limits);
  const shps = [...files.keys()].filter((n) => /\.shp$/i.test(n));
  if (shps.length === 0) {
    throw new ImportError('bad-shapefile', { rule: 'no-shp', file: name });
  }
  if (shps.length > 1) {
    throw new ImportError('bad-shapefile', { rule: 'several', file: name, count: shps.length, shps });
  }
  const stem = shps[0]!.replace(/\.shp$/i, '');
  const part = (ext: string) => [...files.entries()].find(([n]) => n.toLowerCase() === `${stem}.${ext}`.toLowerCase())?.[1];
  const shp = part('shp')!;
  const dbf = part('dbf');
  if (!dbf) throw new ImportError('bad-shapefile', { rule: 'no-dbf', file: name, shp: shps[0]!, stem });
  const notes: ImportLine[] = [];

  let crs: ReadResult['crs'] = null;
  const prj = part('prj');
  if (prj) {
    const found = crsFromPrj(new TextDecoder().decode(prj));
    if ('epsg' in found) crs = { epsg: found.epsg, from: `the .prj file` };
    else throw new ImportError('unknown-crs', { rule: 'prj', file: name, name: found.unknown.slice(0, 200) });
  }

  // The .dbf header states the record count: refuse a file with too many before reading any.
  const records = dbf.length >= 8 ? new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength).getUint32(4, true) : 0;
  if (records > IMPORT_CAPS.features) throw tooManyFeatures(records, name);
  const encoding = chooseEncoding(dbf, part('cpg'), options.encoding);
  notes.push(line('dbf-encoding', { rule: encoding.why, encoding: encoding.name }));

  const features: RawFeature[] = [];
  try {
    const source = await shapefile.open(toArrayBuffer(shp), toArrayBuffer(dbf), { encoding: encoding.name });
    for (let i = 0; ; i++) {
      const r = await source.read();
      if (r.done) break;
      if (i >= IMPORT_CAPS.features) throw tooManyFeatures(i + 1, name);
      features.push({ label: `${name} #${i + 1}`, geometry: rewind(r.value.geometry), properties: (r.value.properties ?? {}) as Record<string, unknown> });
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('bad-shapefile', { rule: 'damaged', file: name, problem: (e as Error).message, count: features.length });
  }
  return { format: 'shapefile', crs, features, notes };
}

/**
 * Shapefile polygons wind outer rings clockwise and holes counter-clockwise (ESRI Shapefile
 * Technical Description, 1998), the reverse of RFC 7946: turned round here as a format
 * conversion, so it is not reported as a repair.
 */
function rewind(g: Geometry | null): Geometry | null {
  if (g?.type === 'Polygon') return { ...g, coordinates: g.coordinates.map((r) => [...r].reverse()) };
  if (g?.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map((r) => [...r].reverse())) };
  return g;
}

function chooseEncoding(dbf: Uint8Array, cpg: Uint8Array | undefined, option: string | undefined): { name: string; why: 'option' | 'cpg' | 'ldid' | 'utf8' | 'guess' } {
  if (option) return { name: checkEncoding(option, 'option'), why: 'option' };
  if (cpg) {
    const raw = new TextDecoder().decode(cpg).trim();
    return { name: checkEncoding(cpgName(raw), 'cpg'), why: 'cpg' };
  }
  const ldid = LDID[dbf[29] ?? 0];
  if (ldid && supported(ldid)) return { name: ldid, why: 'ldid' };
  const headerLength = (dbf[8] ?? 0) | ((dbf[9] ?? 0) << 8);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(headerLength));
    return { name: 'utf-8', why: 'utf8' };
  } catch {
    return { name: 'windows-1250', why: 'guess' };
  }
}

/** ESRI .cpg spellings ("UTF-8", "1250", "ANSI 1250", "CP1250", "65001") → a WHATWG encoding label. */
function cpgName(raw: string): string {
  if (/^(65001|utf-?8)$/i.test(raw)) return 'utf-8';
  const m = /(\d{3,4})\s*$/.exec(raw);
  if (m) {
    const n = Number(m[1]);
    if (n >= 1250 && n <= 1258) return `windows-${n}`;
    if (n === 28592) return 'iso-8859-2';
    return `ibm${n}`;
  }
  return raw;
}

function supported(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

function checkEncoding(label: string, from: 'option' | 'cpg'): string {
  if (!supported(label)) {
    throw new ImportError('bad-option', { rule: from === 'option' ? 'encoding' : 'cpg-encoding', option: 'encoding', value: label.slice(0, 100) });
  }
  return label;
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
