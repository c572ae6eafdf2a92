/**
 * Writes the import's test inputs in code from known WGS84 coordinates: the coordinates are
 * projected with proj4 (EPSG:2180 etc.) and written as GeoJSON with "crs", a zipped Shapefile
 * (own minimal .shp/.shx/.dbf writer), KML, GPX and OSM XML, so a round trip can be measured.
 * Also a minimal zip writer that can lie about sizes, for the zip-bomb tests.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import type { Position } from 'geojson';
import { toWgs84 } from '../../server/import/reproject.ts';
import { KNOWN_CRS } from '../../server/import/crs.ts';
import proj4 from 'proj4';

// ---------------------------------------------------------------- coordinates

/** Known places inside the fixture pack "mini" (22.00–22.02°E × 50.90–50.91°N). */
export const KNOWN = {
  points: [
    [22.0051234, 50.9012345],
    [22.0123456, 50.9054321],
    [22.0187654, 50.9087654],
  ] as Position[],
  line: [
    [22.003, 50.902],
    [22.009, 50.9035],
    [22.016, 50.9041],
  ] as Position[],
  /** Counter-clockwise outer ring (RFC 7946) with a clockwise hole. */
  polygon: [
    [
      [22.006, 50.901],
      [22.011, 50.901],
      [22.011, 50.904],
      [22.006, 50.904],
      [22.006, 50.901],
    ],
    [
      [22.007, 50.902],
      [22.007, 50.903],
      [22.008, 50.903],
      [22.008, 50.902],
      [22.007, 50.902],
    ],
  ] as Position[][],
};

/** WGS84 → EPSG:`epsg` (the inverse of what the import does). */
export function fromWgs84(epsg: number): (p: Position) => Position {
  const c = proj4(KNOWN_CRS.get(4326)!.proj, KNOWN_CRS.get(epsg)!.proj);
  return (p) => c.forward([p[0]!, p[1]!]);
}

export const project = <T>(c: T, fn: (p: Position) => Position): T =>
  (typeof (c as unknown[])[0] === 'number' ? fn(c as Position) : (c as unknown[]).map((x) => project(x, fn))) as T;

export { toWgs84 };

// ---------------------------------------------------------------- GeoJSON

export const strategyProps = (name: string, extra: Record<string, unknown> = {}) => ({ NAZWA: name, OPIS: `Opis: ${name}`, ...extra });

export function geojsonFile(features: { geometry: unknown; properties: Record<string, unknown> }[], crs?: string): Uint8Array {
  const fc: Record<string, unknown> = { type: 'FeatureCollection' };
  if (crs) fc.crs = { type: 'name', properties: { name: crs } };
  fc.features = features.map((f) => ({ type: 'Feature', ...f }));
  return new TextEncoder().encode(JSON.stringify(fc));
}

// ---------------------------------------------------------------- Shapefile

export type ShpShape = { type: 'Point'; coordinates: Position } | { type: 'LineString'; coordinates: Position[] } | { type: 'Polygon'; coordinates: Position[][] } | null;

/** ESRI WKT of EPSG:2180 as ArcGIS and QGIS write it. */
export const PRJ_2180 =
  'PROJCS["ETRS_1989_Poland_CS92",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",-5300000.0],PARAMETER["Central_Meridian",19.0],PARAMETER["Scale_Factor",0.9993],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** Polish letters in windows-1250. */
const CP1250: Record<string, number> = { ą: 0xb9, ć: 0xe6, ę: 0xea, ł: 0xb3, ń: 0xf1, ó: 0xf3, ś: 0x9c, ź: 0x9f, ż: 0xbf, Ą: 0xa5, Ć: 0xc6, Ę: 0xca, Ł: 0xa3, Ń: 0xd1, Ó: 0xd3, Ś: 0x8c, Ź: 0x8f, Ż: 0xaf };

export function encodeText(s: string, encoding: 'utf-8' | 'windows-1250'): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(s);
  return Uint8Array.from([...s].map((ch) => CP1250[ch] ?? (ch.charCodeAt(0) < 128 ? ch.charCodeAt(0) : 0x3f)));
}

/**
 * .shp, .shx and .dbf for shapes of one type (Point, PolyLine or Polygon; null shapes allowed)
 * with text attributes. Polygon rings are written clockwise-outer as the format wants.
 */
export function shapefileParts(shapes: ShpShape[], attrs: Record<string, string>[], encoding: 'utf-8' | 'windows-1250' = 'utf-8') {
  const kind = shapes.find((s) => s)?.type ?? 'Point';
  const shpType = kind === 'Point' ? 1 : kind === 'LineString' ? 3 : 5;
  const contents = shapes.map((s) => shapeContent(s, shpType));
  const all = shapes.flatMap((s) => (s ? flat(s) : []));
  const bbox = [Math.min(...all.map((p) => p[0]!)), Math.min(...all.map((p) => p[1]!)), Math.max(...all.map((p) => p[0]!)), Math.max(...all.map((p) => p[1]!))];

  const shpLength = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  const shp = Buffer.alloc(shpLength);
  const shx = Buffer.alloc(100 + 8 * contents.length);
  for (const [buf, len] of [[shp, shpLength], [shx, shx.length]] as const) {
    buf.writeInt32BE(9994, 0);
    buf.writeInt32BE(len / 2, 24);
    buf.writeInt32LE(1000, 28);
    buf.writeInt32LE(shpType, 32);
    bbox.forEach((v, i) => buf.writeDoubleLE(v, 36 + 8 * i));
  }
  let offset = 100;
  contents.forEach((c, i) => {
    shx.writeInt32BE(offset / 2, 100 + 8 * i);
    shx.writeInt32BE(c.length / 2, 104 + 8 * i);
    shp.writeInt32BE(i + 1, offset);
    shp.writeInt32BE(c.length / 2, offset + 4);
    c.copy(shp, offset + 8);
    offset += 8 + c.length;
  });
  return { shp, shx, dbf: dbfFile(attrs, encoding) };
}

function flat(s: NonNullable<ShpShape>): Position[] {
  return s.type === 'Point' ? [s.coordinates] : s.type === 'LineString' ? s.coordinates : s.coordinates.flat();
}

function shapeContent(s: ShpShape, shpType: number): Buffer {
  if (!s) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(0, 0);
    return b;
  }
  if (s.type === 'Point') {
    const b = Buffer.alloc(20);
    b.writeInt32LE(1, 0);
    b.writeDoubleLE(s.coordinates[0]!, 4);
    b.writeDoubleLE(s.coordinates[1]!, 12);
    return b;
  }
  // Shapefile polygons: outer rings clockwise, holes counter-clockwise (the reverse of RFC 7946).
  const parts = s.type === 'LineString' ? [s.coordinates] : s.coordinates.map((r) => [...r].reverse());
  const points = parts.flat();
  const b = Buffer.alloc(44 + 4 * parts.length + 16 * points.length);
  b.writeInt32LE(shpType, 0);
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => b.writeDoubleLE(v, 4 + 8 * i));
  b.writeInt32LE(parts.length, 36);
  b.writeInt32LE(points.length, 40);
  let start = 0;
  parts.forEach((p, i) => {
    b.writeInt32LE(start, 44 + 4 * i);
    start += p.length;
  });
  const base = 44 + 4 * parts.length;
  points.forEach((p, i) => {
    b.writeDoubleLE(p[0]!, base + 16 * i);
    b.writeDoubleLE(p[1]!, base + 16 * i + 8);
  });
  return b;
}

function dbfFile(rows: Record<string, string>[], encoding: 'utf-8' | 'windows-1250'): Buffer {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const encoded = rows.map((r) => names.map((n) => encodeText(r[n] ?? '', encoding)));
  const widths = names.map((_, i) => Math.max(1, ...encoded.map((r) => r[i]!.length)));
  const headerLength = 32 + 32 * names.length + 1;
  const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
  const b = Buffer.alloc(headerLength + recordLength * rows.length + 1, 0x20);
  b.fill(0, 0, headerLength);
  b.writeUInt8(0x03, 0);
  b.writeUInt8(124, 1);
  b.writeUInt8(1, 2);
  b.writeUInt8(1, 3);
  b.writeUInt32LE(rows.length, 4);
  b.writeUInt16LE(headerLength, 8);
  b.writeUInt16LE(recordLength, 10);
  names.forEach((n, i) => {
    const at = 32 + 32 * i;
    b.write(n.slice(0, 10), at, 'latin1');
    b.write('C', at + 11, 'latin1');
    b.writeUInt8(widths[i]!, at + 16);
  });
  b.writeUInt8(0x0d, headerLength - 1);
  encoded.forEach((r, ri) => {
    let at = headerLength + ri * recordLength;
    b.write(' ', at++, 'latin1');
    r.forEach((v, i) => {
      Buffer.from(v).copy(b, at);
      at += widths[i]!;
    });
  });
  b.writeUInt8(0x1a, b.length - 1);
  return b;
}

// ---------------------------------------------------------------- zip

export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** Store instead of deflate. */
  store?: boolean;
  /** Lie in the headers about the uncompressed size. */
  declaredSize?: number;
}

/** A zip archive of `entries` (deflated unless `store`), names as given (even unsafe ones). */
export function zipFiles(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = e.store ? Buffer.from(e.data) : deflateRawSync(e.data);
    const crc = crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.store ? 0 : 8, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.store ? 0 : 8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A zipped Shapefile in EPSG:2180 from WGS84 shapes. */
export function shapefileZip(shapes: ShpShape[], attrs: Record<string, string>[], options: { encoding?: 'utf-8' | 'windows-1250'; cpg?: string; prj?: string | null; omit?: string[] } = {}): Buffer {
  const to2180 = fromWgs84(2180);
  const projected = shapes.map((s) => (s ? ({ ...s, coordinates: project(s.coordinates, to2180) } as ShpShape) : null));
  const { shp, shx, dbf } = shapefileParts(projected, attrs, options.encoding ?? 'utf-8');
  const entries: ZipEntry[] = [
    { name: 'warstwa/obiekty.shp', data: shp },
    { name: 'warstwa/obiekty.shx', data: shx },
    { name: 'warstwa/obiekty.dbf', data: dbf },
  ];
  if (options.prj !== null) entries.push({ name: 'warstwa/obiekty.prj', data: new TextEncoder().encode(options.prj ?? PRJ_2180) });
  if (options.cpg) entries.push({ name: 'warstwa/obiekty.cpg', data: new TextEncoder().encode(options.cpg) });
  return zipFiles(entries.filter((e) => !options.omit?.some((ext) => e.name.endsWith(ext))));
}

// ---------------------------------------------------------------- XML formats

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const xy = (p: Position) => `${p[0]},${p[1]}`;

export function kmlFile(placemarks: { name: string; description: string; geometry: { type: string; coordinates: unknown } }[]): Uint8Array {
  const geom = (g: { type: string; coordinates: unknown }): string => {
    if (g.type === 'Point') return `<Point><coordinates>${xy(g.coordinates as Position)},120</coordinates></Point>`;
    if (g.type === 'LineString') return `<LineString><coordinates>${(g.coordinates as Position[]).map(xy).join(' ')}</coordinates></LineString>`;
    const [outer, ...holes] = g.coordinates as Position[][];
    return `<Polygon><outerBoundaryIs><LinearRing><coordinates>${outer!.map(xy).join(' ')}</coordinates></LinearRing></outerBoundaryIs>${holes
      .map((h) => `<innerBoundaryIs><LinearRing><coordinates>${h.map(xy).join(' ')}</coordinates></LinearRing></innerBoundaryIs>`)
      .join('')}</Polygon>`;
  };
  return new TextEncoder().encode(
    `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Test</name><Folder>${placemarks
      .map((p) => `<Placemark><name>${esc(p.name)}</name><description>${esc(p.description)}</description>${geom(p.geometry)}</Placemark>`)
      .join('\n')}</Folder></Document></kml>\n`,
  );
}

export function gpxFile(waypoints: { name: string; at: Position }[], track: { name: string; points: Position[] }): Uint8Array {
  return new TextEncoder().encode(
    `<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">\n${waypoints
      .map((w) => `<wpt lat="${w.at[1]}" lon="${w.at[0]}"><ele>181.5</ele><name>${esc(w.name)}</name><desc>Opis: ${esc(w.name)}</desc></wpt>`)
      .join('\n')}\n<trk><name>${esc(track.name)}</name><desc>Opis: ${esc(track.name)}</desc><trkseg>${track.points
      .map((p) => `<trkpt lat="${p[1]}" lon="${p[0]}"><ele>180</ele></trkpt>`)
      .join('')}</trkseg></trk>\n</gpx>\n`,
  );
}

/** OSM XML: a tagged node per point, a cycleway over `line`, a park as a multipolygon relation with a hole. */
export function osmFile(points: Position[], line: Position[], polygon: Position[][]): Uint8Array {
  let id = 0;
  const nodes: string[] = [];
  const node = (p: Position, tags = '') => {
    id++;
    nodes.push(`<node id="${id}" lat="${p[1]}" lon="${p[0]}" version="1">${tags}</node>`);
    return id;
  };
  const tag = (k: string, v: string) => `<tag k="${k}" v="${esc(v)}"/>`;
  points.forEach((p, i) => node(p, tag('amenity', 'bench') + tag('name', `Ławka ${i + 1}`)));
  const lineRefs = line.map((p) => node(p));
  const ringRefs = polygon.map((ring) => {
    const refs = ring.slice(0, -1).map((p) => node(p));
    return [...refs, refs[0]!];
  });
  const nd = (refs: number[]) => refs.map((r) => `<nd ref="${r}"/>`).join('');
  return new TextEncoder().encode(
    `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n<bounds minlat="50.9" minlon="22" maxlat="50.91" maxlon="22.02"/>\n${nodes.join('\n')}\n` +
      `<way id="100" version="1">${nd(lineRefs)}${tag('highway', 'cycleway')}${tag('name', 'Ścieżka rowerowa')}</way>\n` +
      `<way id="101" version="1">${nd(ringRefs[0]!)}</way>\n<way id="102" version="1">${nd(ringRefs[1]!)}</way>\n` +
      `<relation id="200" version="1"><member type="way" ref="101" role="outer"/><member type="way" ref="102" role="inner"/>${tag('type', 'multipolygon')}${tag('leisure', 'park')}${tag('name', 'Park Miejski')}</relation>\n</osm>\n`,
  );
}
