/**
 * Asks for the label glyphs of a town's first view (the catalogue's `firstViewGlyphs`, worked out
 * by the server from the style the viewer builds) while the map library loads, so they are in the
 * browser's cache (a year, immutable) when MapLibre's worker asks for them laying out the first
 * tiles. Without this each label tile waited a round trip more (issue 13).
 */
export function warmGlyphs(template: string, files: readonly string[]): void {
  const urls = files.map((file) => {
    const at = file.lastIndexOf('/');
    return template.replace('{fontstack}', file.slice(0, at)).replace('{range}', file.slice(at + 1));
  });
  // Read to the end: a body nobody reads is not all in the cache. A failure is MapLibre's to report when it asks.
  for (const url of urls) void fetch(url).then((r) => r.arrayBuffer()).catch(() => {});
  // What was asked for, for the browser test that compares it with what MapLibre then asks.
  performance.mark('kp-glyphs-warmed', { detail: urls });
}
