/**
 * Basemaps a town can switch to, under the viewer's own offline style (always there, always the
 * fallback): OpenStreetMap-like XYZ raster tiles, a MapLibre style URL, a WMS layer (GetMap in
 * EPSG:3857, one 256 px tile per request) and a WMTS layer (KVP GetTile or a REST template).
 * Configured per server (BASEMAPS, JSON) and per pack (manifest "basemaps"); both validated here.
 * The viewer gets each as a ready MapLibre source (raster tiles) or a style URL.
 */
import { z } from 'zod';

const HttpUrl = z.string().max(2000).regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL');
const Base = {
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and hyphens'),
  title: z.string().min(1).max(80),
  /** Shown on the map while the basemap is on (licence terms usually require it). */
  attribution: z.string().min(1).max(300),
  maxzoom: z.number().int().min(1).max(24).optional(),
};

export const BasemapEntry = z.discriminatedUnion('type', [
  z.object({ ...Base, type: z.literal('xyz'), tiles: z.array(HttpUrl.refine((u) => u.includes('{z}') && u.includes('{x}') && u.includes('{y}'), 'a tile URL with {z}, {x} and {y}')).min(1).max(4), tileSize: z.union([z.literal(256), z.literal(512)]).optional() }).strict(),
  z.object({ ...Base, type: z.literal('style'), url: HttpUrl }).strict(),
  z
    .object({
      ...Base,
      type: z.literal('wms'),
      /** The service's base URL (without the GetMap parameters). */
      url: HttpUrl,
      layers: z.string().min(1).max(300),
      styles: z.string().max(300).default(''),
      format: z.enum(['image/png', 'image/jpeg']).default('image/png'),
      version: z.enum(['1.1.1', '1.3.0']).default('1.3.0'),
      transparent: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      ...Base,
      type: z.literal('wmts'),
      /** A KVP endpoint (with layer, tileMatrixSet…) or a REST template with {z}/{x}/{y} (or {TileMatrix}/{TileRow}/{TileCol}). */
      url: HttpUrl,
      layer: z.string().max(200).optional(),
      tileMatrixSet: z.string().max(200).optional(),
      style: z.string().max(200).default('default'),
      format: z.enum(['image/png', 'image/jpeg']).default('image/png'),
      /** Prefix of the tile matrix ids (e.g. "EPSG:3857:" when the matrices are named "EPSG:3857:12"). */
      matrixPrefix: z.string().max(60).default(''),
    })
    .strict()
    .refine((b) => /\{z\}|\{TileMatrix\}/.test(b.url) || (b.layer && b.tileMatrixSet), 'a WMTS basemap needs a REST template URL, or "layer" and "tileMatrixSet" for KVP'),
]);
export type BasemapEntry = z.infer<typeof BasemapEntry>;
export const BasemapList = z.array(BasemapEntry).max(12);

/** What the viewer gets: a raster source to put under its layers, or a style to merge. */
export type BasemapOption =
  | { id: string; title: string; type: 'raster'; tiles: string[]; tileSize: number; attribution: string; maxzoom: number; kind: 'xyz' | 'wms' | 'wmts' }
  | { id: string; title: string; type: 'style'; url: string; attribution: string };

const withParams = (url: string, params: Record<string, string>) => {
  const sep = url.includes('?') ? (/[?&]$/.test(url) ? '' : '&') : '?';
  // MapLibre fills {bbox-epsg-3857}, {z}, {x}, {y}: keep the braces unencoded.
  const enc = (v: string) => v.split(/(\{[a-z0-9-]+\})/).map((part, i) => (i % 2 ? part : encodeURIComponent(part).replace(/%3A/g, ':'))).join('');
  return url + sep + Object.entries(params).map(([k, v]) => `${k}=${enc(v)}`).join('&');
};

export function basemapOption(b: BasemapEntry): BasemapOption {
  const common = { id: b.id, title: b.title, attribution: b.attribution };
  switch (b.type) {
    case 'style':
      return { ...common, type: 'style', url: b.url };
    case 'xyz':
      return { ...common, type: 'raster', kind: 'xyz', tiles: b.tiles, tileSize: b.tileSize ?? 256, maxzoom: b.maxzoom ?? 19 };
    case 'wms': {
      const crs = b.version === '1.3.0' ? 'CRS' : 'SRS';
      const tile = withParams(b.url, { SERVICE: 'WMS', REQUEST: 'GetMap', VERSION: b.version, LAYERS: b.layers, STYLES: b.styles, FORMAT: b.format, TRANSPARENT: b.transparent ? 'TRUE' : 'FALSE', [crs]: 'EPSG:3857', WIDTH: '256', HEIGHT: '256', BBOX: '{bbox-epsg-3857}' });
      return { ...common, type: 'raster', kind: 'wms', tiles: [tile], tileSize: 256, maxzoom: b.maxzoom ?? 20 };
    }
    case 'wmts': {
      const rest = b.url.replace('{TileMatrix}', '{z}').replace('{TileRow}', '{y}').replace('{TileCol}', '{x}');
      const tile = /\{z\}/.test(rest)
        ? rest
        : withParams(b.url, { SERVICE: 'WMTS', REQUEST: 'GetTile', VERSION: '1.0.0', LAYER: b.layer!, STYLE: b.style, TILEMATRIXSET: b.tileMatrixSet!, TILEMATRIX: `${b.matrixPrefix}{z}`, TILEROW: '{y}', TILECOL: '{x}', FORMAT: b.format });
      return { ...common, type: 'raster', kind: 'wmts', tiles: [tile], tileSize: 256, maxzoom: b.maxzoom ?? 19 };
    }
  }
}

/** Reads BASEMAPS (a JSON array); a bad value names the entry and the field. */
export function parseBasemapsEnv(value: string): BasemapEntry[] {
  if (!value.trim()) return [];
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error('BASEMAPS: not valid JSON; give a JSON array of basemaps (see the README, "Basemaps")');
  }
  const r = BasemapList.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`BASEMAPS: ${i.path.join('.')}: ${i.message}`);
  }
  return r.data;
}

/** Origins the CSP must allow for these basemaps' tiles and styles. */
export function basemapListOrigins(list: readonly BasemapOption[]): string[] {
  const urls = list.flatMap((b) => (b.type === 'raster' ? b.tiles : [b.url]));
  return [...new Set(urls.map((u) => new URL(u.replace(/\{[^}]*\}/g, '0')).origin))];
}
