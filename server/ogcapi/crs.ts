/**
 * OGC API – Features Part 2 (CRS by reference): the CRSs a service offers, their URIs,
 * and coordinate conversion from and to CRS84 with proj4, reusing the import's definitions.
 * EPSG:4326 is latitude first (its official axis order); every other offered CRS is x, y.
 */
import proj4 from 'proj4';
import type { Geometry, Position } from 'geojson';
import { KNOWN_CRS } from '../import/crs.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG_URI = 'http://www.opengis.net/def/crs/EPSG/0/';

/** Offered CRSs, storage first. 2180 is PUWG 1992, 2176–2179 PUWG 2000 zones 5–8. */
export const OFFERED_EPSG = [4326, 2180, 2176, 2177, 2178, 2179, 3857] as const;
export const CRS_LIST = [CRS84, ...OFFERED_EPSG.map((c) => `${EPSG_URI}${c}`)];

export interface Crs {
  uri: string;
  /** null: CRS84 itself (no conversion). */
  epsg: number | null;
  /** Convert one CRS84 position to this CRS. */
  fromLonLat(p: Position): Position;
  /** Convert one position in this CRS to CRS84. */
  toLonLat(p: Position): Position;
  /** Decimal places kept when writing coordinates (1 mm in metres, ~1 cm in degrees… 1e-8°). */
  digits: number;
}

const identity = (p: Position) => p;
const cache = new Map<string, Crs>();

function make(epsg: number | null): Crs {
  const uri = epsg === null ? CRS84 : `${EPSG_URI}${epsg}`;
  const hit = cache.get(uri);
  if (hit) return hit;
  let crs: Crs;
  if (epsg === null) crs = { uri, epsg, fromLonLat: identity, toLonLat: identity, digits: 8 };
  else if (epsg === 4326) crs = { uri, epsg, fromLonLat: ([x, y, ...z]) => [y!, x!, ...z], toLonLat: ([a, b, ...z]) => [b!, a!, ...z], digits: 8 };
  else {
    const conv = proj4(KNOWN_CRS.get(4326)!.proj, KNOWN_CRS.get(epsg)!.proj);
    crs = {
      uri,
      epsg,
      fromLonLat: ([x, y, ...z]) => [...conv.forward([x!, y!]), ...z],
      toLonLat: ([x, y, ...z]) => [...conv.inverse([x!, y!]), ...z],
      digits: 3,
    };
  }
  cache.set(uri, crs);
  return crs;
}

export const CRS84_CRS = make(null);

/**
 * The offered CRS a parameter value names: the URI as the standard writes it, or the
 * safe CURIE `[EPSG:2180]`, or `EPSG:2180`; null when it names none of them.
 */
export function crsFromParam(value: string): Crs | null {
  const v = value.trim().replace(/^\[(.*)\]$/, '$1');
  if (v === CRS84 || /^(OGC:)?CRS:?84$/i.test(v) || v === 'http://www.opengis.net/def/crs/OGC/0/CRS84') return CRS84_CRS;
  const m = /^http:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/(\d+)$/.exec(v) ?? /^EPSG:(\d+)$/i.exec(v);
  const code = m ? Number(m[1]) : NaN;
  return (OFFERED_EPSG as readonly number[]).includes(code) ? make(code) : null;
}

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

type Coords = Position | Coords[];
function mapCoords(c: Coords, fn: (p: Position) => Position, digits: number): Coords {
  if (typeof c[0] === 'number') return fn(c as Position).map((n) => round(n, digits));
  return (c as Coords[]).map((x) => mapCoords(x, fn, digits));
}

/** A geometry in another CRS (new object; the input is not changed). */
export function convertGeometry(g: Geometry, fn: (p: Position) => Position, digits: number): Geometry {
  if (g.type === 'GeometryCollection') return { type: g.type, geometries: g.geometries.map((x) => convertGeometry(x, fn, digits)) };
  return { type: g.type, coordinates: mapCoords(g.coordinates as Coords, fn, digits) } as Geometry;
}

/**
 * A box in `crs` as a CRS84 box: the envelope of its edges, sampled (a straight edge in a
 * projected grid is curved in longitude/latitude).
 */
export function bboxToLonLat(b: [number, number, number, number], crs: Crs): [number, number, number, number] {
  if (crs.epsg === null) return b;
  const [x0, y0, x1, y1] = b;
  const pts: Position[] = [];
  const n = 8;
  for (let i = 0; i <= n; i++) {
    const tx = x0 + ((x1 - x0) * i) / n;
    const ty = y0 + ((y1 - y0) * i) / n;
    pts.push([tx, y0], [tx, y1], [x0, ty], [x1, ty]);
  }
  const ll = pts.map((p) => crs.toLonLat(p));
  const xs = ll.map((p) => p[0]!);
  const ys = ll.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
