/**
 * The glyph files the viewer's first map of a town asks for: the style the viewer builds, from
 * the same data and the same code (styles/), at the pack's view with its default layers.
 */
import type { CityDetail, CityMapData } from '../api-types.ts';
import { buildStyle, type Theme } from '../../styles/build-style.ts';
import { glyphRangeUrl, glyphRangesFor } from '../../styles/glyph-ranges.ts';
import { townData } from '../../styles/town-data.ts';
import defaultTheme from '../../styles/themes/default.json' with { type: 'json' };

export function firstViewGlyphs(detail: Pick<CityDetail, 'layers' | 'lineKm' | 'view'>, raw: CityMapData): string[] {
  const style = buildStyle(defaultTheme as Theme, detail.layers, { glyphs: '', ...townData(detail, raw) });
  // "<font stack>/<range>": the file part of the glyph URL, as MapLibre makes it.
  return glyphRangesFor(style, detail.view.zoom).map((r) => glyphRangeUrl('{fontstack}/{range}', r));
}
