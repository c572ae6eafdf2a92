/**
 * Where MapLibre fetches label glyphs: the PBFs the build made from the bundled Noto Sans
 * (scripts/build/glyphs.ts), served by the same server, so labels look the same everywhere.
 * The path carries the glyphs' version, so they are cached for a year.
 */
declare const __KP_GLYPHS_URL__: string | undefined;

export function glyphsUrl(origin: string = location.origin): string {
  const path = typeof __KP_GLYPHS_URL__ === 'string' ? __KP_GLYPHS_URL__ : '/glyphs/dev/{fontstack}/{range}.pbf';
  // MapLibre wants an absolute template (new URL() would percent-encode its braces).
  return `${origin}${path}`;
}
