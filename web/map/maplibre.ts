/**
 * The MapLibre module, loaded on demand so it lands in its own chunk (with its CSS and
 * its worker), and prepared once: worker URL, local glyph protocol.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import css from 'maplibre-gl/dist/maplibre-gl.css?inline';
import { prewarmGlyphs, registerLocalGlyphs } from './local-glyphs.ts';
import { FONT_BOLD, FONT_REGULAR } from '../../styles/build-style.ts';

maplibregl.setWorkerUrl(workerUrl);
registerLocalGlyphs(maplibregl);
// Start the workers and the label glyphs while the city's data is still loading.
maplibregl.prewarm();
prewarmGlyphs([FONT_BOLD.join(','), FONT_REGULAR.join(',')]);

export { maplibregl, css as maplibreCss };
