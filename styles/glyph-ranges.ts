/**
 * The glyph ranges (font stack and 256-code-point block) the labels of a built style can need at
 * a zoom, from the style alone: its inline town data, its symbol layers' fonts, text fields,
 * filters and zoom ranges. The server works these out for each town's first view at pack load
 * (`firstViewGlyphs`); the viewer asks for the files when the catalogue comes, so they are in the
 * browser's cache when MapLibre's worker asks while laying out the first tiles; otherwise each
 * label tile waits for a round trip through a main thread busy drawing frames (issue 13).
 *
 * It may name a range no label ends up drawing (only the part, layer and geometry conditions of a
 * filter are read, collisions not at all); it never misses one the style's text fields can ask for.
 */
import type { ExpressionSpecification, StyleSpecification, SymbolLayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { Feature, FeatureCollection } from 'geojson';
import { LAYER_PROP, PART_PROP, TOWN_SOURCE } from './build-style.ts';

/** A glyph file: the font stack as MapLibre joins it, and the first code point of its block. */
export interface GlyphRange {
  fontstack: string;
  start: number;
}

interface Conditions {
  parts: Set<string> | null;
  layers: Set<string> | null;
  geometries: Set<string> | null;
}

/** The conditions a symbol layer's filter puts on the town parts, catalogue layers and geometry types it draws (null: any). */
function conditionsOf(filter: unknown): Conditions {
  const c: Conditions = { parts: null, layers: null, geometries: null };
  const literal = (b: unknown) => (Array.isArray(b) && b[0] === 'literal' && Array.isArray(b[1]) ? new Set((b[1] as unknown[]).map(String)) : null);
  const walk = (e: unknown): void => {
    if (!Array.isArray(e)) return;
    const [op, a, b] = e as [unknown, unknown, unknown];
    const gets = (p: string) => Array.isArray(a) && a[0] === 'get' && a[1] === p;
    const geometry = Array.isArray(a) && a[0] === 'geometry-type';
    if (op === '==' && gets(PART_PROP) && typeof b === 'string') c.parts = new Set([b]);
    else if (op === 'in' && gets(LAYER_PROP)) c.layers = literal(b);
    else if (op === 'in' && geometry) c.geometries = literal(b);
    else if (op === '==' && geometry && typeof b === 'string') c.geometries = new Set([b]);
    else if (op === 'all') e.slice(1).forEach(walk);
  };
  walk(filter);
  return c;
}

/** The text a `text-field` makes of a feature's properties: ['get', p], ['coalesce', …], or a constant string. */
function textOf(field: unknown, props: Record<string, unknown>): string {
  if (typeof field === 'string') return field;
  if (!Array.isArray(field)) return '';
  const [op, ...args] = field as [unknown, ...unknown[]];
  if (op === 'get' && typeof args[0] === 'string') {
    const v = props[args[0]];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  }
  if (op === 'coalesce') {
    for (const a of args) {
      const t = textOf(a, props);
      if (t) return t;
    }
    return '';
  }
  if (op === 'to-string' || op === 'upcase' || op === 'downcase') return textOf(args[0], props);
  return '';
}

/**
 * Whether the worker lays a layer out in tiles of `tileZoom`: as MapLibre does, a minzoom counts
 * from its whole zoom level (a z12 tile holds the labels of a layer from 12.5 on), a maxzoom not.
 */
function laidOutAt(layer: SymbolLayerSpecification, tileZoom: number): boolean {
  if (layer.layout?.visibility === 'none') return false;
  return Math.floor(layer.minzoom ?? 0) <= tileZoom && tileZoom < (layer.maxzoom ?? 24);
}

/**
 * The glyph ranges the style's labels over its town source can ask for at the view's `zoom`
 * (its GeoJSON tiles of 512 px are those of the whole zoom level), each font stack's blocks in ascending order.
 * @example glyphRangesFor(style, 12.4) // [{ fontstack: 'Noto Sans Bold', start: 0 }, { fontstack: 'Noto Sans Bold', start: 256 }]
 */
export function glyphRangesFor(style: StyleSpecification, zoom: number): GlyphRange[] {
  const source = style.sources[TOWN_SOURCE];
  const data = source && source.type === 'geojson' && typeof source.data === 'object' ? (source.data as FeatureCollection) : null;
  if (!data) return [];
  const blocks = new Map<string, Set<number>>();
  const tileZoom = Math.floor(zoom);
  for (const layer of style.layers) {
    if (layer.type !== 'symbol' || layer.source !== TOWN_SOURCE || !laidOutAt(layer, tileZoom)) continue;
    const field = layer.layout?.['text-field'];
    const fonts = layer.layout?.['text-font'];
    if (field === undefined || !Array.isArray(fonts) || fonts.some((f) => typeof f !== 'string')) continue;
    const fontstack = (fonts as string[]).join(',');
    const upper = layer.layout?.['text-transform'] === 'uppercase';
    const { parts, layers, geometries } = conditionsOf(layer.filter);
    let set = blocks.get(fontstack);
    if (!set) blocks.set(fontstack, (set = new Set()));
    for (const f of data.features as Feature[]) {
      const props = (f.properties ?? {}) as Record<string, unknown>;
      if (parts && !parts.has(String(props[PART_PROP]))) continue;
      if (layers && !layers.has(String(props[LAYER_PROP]))) continue;
      if (geometries && !geometries.has(f.geometry?.type ?? '')) continue;
      let text = textOf(field as ExpressionSpecification, props);
      if (upper) text = text.toUpperCase();
      for (const ch of text) set.add(Math.floor(ch.codePointAt(0)! / 256) * 256);
    }
  }
  return [...blocks].flatMap(([fontstack, starts]) => [...starts].sort((a, b) => a - b).map((start) => ({ fontstack, start })));
}

/** The URL of a glyph range from the style's template, as MapLibre makes it. */
export function glyphRangeUrl(template: string, range: GlyphRange): string {
  return template.replace('{fontstack}', range.fontstack).replace('{range}', `${range.start}-${range.start + 255}`);
}
