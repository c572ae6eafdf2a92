/**
 * The coordinate systems the import knows: WGS84, Web Mercator and the Polish grids
 * (PUWG 1992 = ETRS89 / Poland CS92, EPSG:2180; PUWG 2000 = ETRS89 / Poland CS2000 zones 5–8,
 * EPSG:2176–2179), recognised from GeoJSON "crs" names, .prj WKT and --from.
 *
 * Proj strings as published in the EPSG registry (epsg.io): ETRS89 on GRS80, with a null
 * datum shift to WGS84 (the two agree to well under a metre, which is all a town map needs).
 */
import { ImportError } from './import-error.ts';

export interface KnownCrs {
  epsg: number;
  name: string;
  proj: string;
}

const CS2000 = (epsg: number, zone: number, lon0: number): KnownCrs => ({
  epsg,
  name: `ETRS89 / Poland CS2000 zone ${zone} (PUWG 2000, ${lon0}°E)`,
  proj: `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=0.999923 +x_0=${zone * 1_000_000 + 500_000} +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`,
});

export const KNOWN_CRS: ReadonlyMap<number, KnownCrs> = new Map(
  [
    { epsg: 4326, name: 'WGS 84 (longitude, latitude)', proj: '+proj=longlat +datum=WGS84 +no_defs' },
    {
      epsg: 3857,
      name: 'WGS 84 / Pseudo-Mercator (Web Mercator)',
      proj: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
    },
    {
      epsg: 2180,
      name: 'ETRS89 / Poland CS92 (PUWG 1992)',
      proj: '+proj=tmerc +lat_0=0 +lon_0=19 +k=0.9993 +x_0=500000 +y_0=-5300000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
    },
    CS2000(2176, 5, 15),
    CS2000(2177, 6, 18),
    CS2000(2178, 7, 21),
    CS2000(2179, 8, 24),
  ].map((c) => [c.epsg, c]),
);

/** Other common codes for the same systems. */
const ALIASES: Record<number, number> = { 4258: 4326, 900913: 3857, 3785: 3857, 102100: 3857, 102113: 3857 };

export const KNOWN_LIST = 'EPSG:2180 (PUWG 1992), EPSG:2176–2179 (PUWG 2000 zones 5–8), EPSG:3857 (Web Mercator) or EPSG:4326 (WGS84)';

/**
 * EPSG code named by a CRS string, or null when the string names none the import knows.
 *
 * @example
 * epsgFromName('urn:ogc:def:crs:EPSG::2180') // 2180
 * epsgFromName('urn:ogc:def:crs:OGC:1.3:CRS84') // 4326
 */
export function epsgFromName(name: string): number | null {
  const s = name.trim();
  if (/CRS:?84$/i.test(s)) return 4326;
  const m =
    /^(?:EPSG|ESRI):+(\d+)$/i.exec(s) ??
    /^urn:ogc:def:crs:(?:EPSG|ESRI)(?::[\d.]*)?:(\d+)$/i.exec(s) ??
    /opengis\.net\/def\/crs\/(?:EPSG|ESRI)\/[\d.]+\/(\d+)$/i.exec(s) ??
    /^(\d{4,6})$/.exec(s);
  if (!m) return null;
  const code = Number(m[1]);
  const known = ALIASES[code] ?? code;
  return KNOWN_CRS.has(known) ? known : null;
}

/** Parses a --from value; throws ImportError('bad-option') naming the codes the import knows. */
export function parseFromOption(value: string): number {
  const code = epsgFromName(value);
  if (code === null) throw new ImportError('bad-option', { rule: 'unknown-crs', option: 'from', value: value.slice(0, 100) });
  return code;
}

/**
 * The EPSG code a Shapefile .prj (ESRI or OGC WKT) describes, recognised by its authority code,
 * by name (CS92, CS2000 zone n, Pseudo-Mercator, GCS WGS 84/ETRS89) or by its projection parameters.
 * Returns `{ unknown: name }` when the .prj describes something else.
 */
export function crsFromPrj(wkt: string): { epsg: number } | { unknown: string } {
  const text = wkt.replace(/\s+/g, ' ').trim();
  const top = /^(PROJCS|PROJCRS|GEOGCS|GEOGCRS|GEODCRS|BASEGEOGCRS)\s*\[\s*"([^"]*)"/i.exec(text);
  const kind = top?.[1]?.toUpperCase() ?? '';
  const name = top?.[2] ?? text.slice(0, 60);

  // The top-level authority is the last AUTHORITY/ID in the text.
  const ids = [...text.matchAll(/(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  const last = ids.at(-1);
  if (last && /^\s*\]\s*$/.test(text.slice(last.index + last[0].length))) {
    const code = ALIASES[Number(last[1])] ?? Number(last[1]);
    if (KNOWN_CRS.has(code)) return { epsg: code };
  }

  const n = name.toLowerCase().replace(/[_\s]+/g, ' ');
  if (/cs ?92|puwg ?(19)?92|1992/.test(n)) return { epsg: 2180 };
  const zone = /(?:cs ?2000|puwg ?2000|2000).*?(?:zone|strefa|str\.?) ?([5-8])\b/.exec(n);
  if (zone) return { epsg: 2171 + Number(zone[1]) };
  if (/pseudo.?mercator|web mercator|popular visuali[sz]ation|mercator auxiliary sphere/.test(n)) return { epsg: 3857 };

  if (kind.startsWith('PROJ')) {
    const param = (p: string) => {
      const m = new RegExp(`PARAMETER\\s*\\[\\s*"${p}"\\s*,\\s*(-?[\\d.eE+-]+)`, 'i').exec(text);
      return m ? Number(m[1]) : undefined;
    };
    const lon0 = param('central_meridian') ?? param('Longitude of natural origin');
    const k = param('scale_factor') ?? param('Scale factor at natural origin');
    const fe = param('false_easting') ?? param('False easting');
    const fn = param('false_northing') ?? param('False northing');
    const near = (a: number | undefined, b: number, eps = 1e-6) => a !== undefined && Math.abs(a - b) <= eps * Math.max(1, Math.abs(b));
    if (/mercator_auxiliary_sphere|popular_visuali[sz]ation/i.test(text)) return { epsg: 3857 };
    if (/transverse.?mercator/i.test(text)) {
      if (near(lon0, 19) && near(k, 0.9993) && near(fe, 500000) && near(fn, -5300000)) return { epsg: 2180 };
      for (const [epsg, zoneNo, meridian] of [[2176, 5, 15], [2177, 6, 18], [2178, 7, 21], [2179, 8, 24]] as const) {
        if (near(lon0, meridian) && near(k, 0.999923) && near(fe, zoneNo * 1_000_000 + 500_000) && near(fn, 0)) return { epsg };
      }
    }
    return { unknown: name };
  }
  if (kind.startsWith('GEOG') || kind === 'GEODCRS' || kind === 'BASEGEOGCRS') {
    if (/wgs.?(19)?84|etrs.?(19)?89|etrf/i.test(text)) return { epsg: 4326 };
  }
  return { unknown: name };
}

/** A hint for files without a CRS whose coordinates are metres: which grid they probably are in. */
/** The grid projected coordinates look like (`needs-crs` params `guess`, `guessName`), or nothing. */
export function guessGrid(x: number, y: number): { guess: number; guessName: string } | Record<string, never> {
  if (x > 5_000_000 && x < 9_000_000 && y > 5_000_000 && y < 6_300_000) {
    const zone = Math.floor(x / 1_000_000);
    return { guess: 2171 + zone, guessName: `PUWG 2000/${zone}` };
  }
  if (x > 100_000 && x < 900_000 && y > 100_000 && y < 850_000) return { guess: 2180, guessName: 'PUWG 1992' };
  if (Math.abs(x) < 20_037_509 && Math.abs(y) < 20_037_509 && y > 5_000_000) return { guess: 3857, guessName: 'Web Mercator' };
  return {};
}
