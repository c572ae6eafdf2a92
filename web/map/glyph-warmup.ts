/**
 * Asks for the label glyphs the first view of a style needs (styles/glyph-ranges.ts) as the map
 * is made, so they are in the browser's cache (a year, immutable) when MapLibre's worker asks.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { glyphRangeUrl, glyphRangesFor } from '../../styles/glyph-ranges.ts';

export function warmGlyphs(style: StyleSpecification, zoom: number): void {
  if (!style.glyphs) return;
  const urls = glyphRangesFor(style, zoom).map((range) => glyphRangeUrl(style.glyphs!, range));
  // Read to the end: a body nobody reads is not all in the cache. A failure is MapLibre's to report when it asks.
  for (const url of urls) void fetch(url).then((r) => r.arrayBuffer()).catch(() => {});
  // What was asked for, for the browser test that compares it with what MapLibre then asks.
  performance.mark('kp-glyphs-warmed', { detail: urls });
}
