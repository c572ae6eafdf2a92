/**
 * The shape of an OGC API – Features collection as the routes see it (pack layers, proposals and
 * progress all implement it), kept apart from the code that builds collections so that every
 * builder can depend on it without depending on the others.
 */
import type { Crs } from './crs.ts';
import type { Expr } from './cql2/parse.ts';
import type { Field } from './flat-properties.ts';

export type BBox4 = [number, number, number, number];
export type GeometryType = 'Point' | 'LineString' | 'Polygon' | 'MultiPoint' | 'MultiLineString' | 'MultiPolygon';
/** A time interval, open where null (RFC 3339 strings). */
export type Interval = [string | null, string | null];

export interface ItemsQuery {
  /** In CRS84 (bbox-crs already applied). */
  bbox: BBox4 | null;
  limit: number;
  offset: number;
  /** Bound CQL2 filter (CRS84 geometry literals). */
  filter: Expr | null;
  datetime: Interval | null;
  crs: Crs;
}

export interface Page {
  json: Buffer;
  numberReturned: number;
  numberMatched: number;
}

export interface License {
  href: string;
  title: string;
}

export interface Dynamic {
  extent: BBox4 | null;
  temporal: Interval | null;
  lastModified: Date | null;
}

export interface Collection {
  id: string;
  title: string;
  description: string;
  geometryType: GeometryType;
  /** Every property of its features, in order, typed. */
  fields: Field[];
  /** What a CQL2 filter may name (the spatial queryable `geometry` besides). */
  queryables: Field[];
  /** The property that datetime filters on, when the features have one. */
  temporalProperty: string | null;
  attribution: string;
  license: License | null;
  /** Extent, time span and last change: fixed for pack data, asked from the store for proposals. */
  dynamic(): Promise<Dynamic>;
  page(q: ItemsQuery): Promise<Page>;
  item(id: string, crs: Crs): Promise<string | null>;
}

/** Licence of a layer or the pack, when the pack declares one (a `license` URL or `{ url|href, title|name }` on the layer or manifest). */
export function licenseOf(...holders: unknown[]): License | null {
  for (const h of holders) {
    const l = (h as { license?: unknown } | undefined)?.license;
    if (typeof l === 'string' && /^https?:\/\//.test(l)) return { href: l, title: l };
    if (l && typeof l === 'object') {
      const o = l as Record<string, unknown>;
      const href = [o.url, o.href].find((x) => typeof x === 'string') as string | undefined;
      if (href) return { href, title: String(o.title ?? o.name ?? o.id ?? href) };
    }
  }
  return null;
}
