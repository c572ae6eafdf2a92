/**
 * Vite plugin: a `<link rel="modulepreload">` for the MapLibre chunk in the built HTML shell, so
 * the browser fetches and parses it (off the main thread) while our start code runs, instead of
 * after it asks for the map (issue 13: MapLibre and its worker were ready only after the shell).
 */
import type { Plugin } from 'vite';

/** The name of the chunk made from web/map/maplibre.ts. */
const MAP_CHUNK = 'maplibre';

export function preloadMap(): Plugin {
  return {
    name: 'kp-preload-map',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.name === MAP_CHUNK);
        if (!chunk) throw new Error(`kp-preload-map: no "${MAP_CHUNK}" chunk in the build (was web/map/maplibre.ts renamed?)`);
        return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' }];
      },
    },
  };
}
