/**
 * The MapLibre module, loaded on demand so it lands in its own chunk (with its CSS and
 * its worker), and prepared once: the worker URL. Label glyphs are static files (glyphs-url.ts).
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import css from 'maplibre-gl/dist/maplibre-gl.css?inline';

maplibregl.setWorkerUrl(workerUrl);
// Start the workers while the city's data is still loading.
maplibregl.prewarm();

export { maplibregl, css as maplibreCss };
