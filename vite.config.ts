import { defineConfig } from 'vite';
import { glyphs } from './scripts/build/glyphs.ts';
import { precompress } from './scripts/build/precompress.ts';
import { preloadMap } from './scripts/build/preload-map.ts';

// The viewer lives in web/; the built files land in dist/web and the Hono server serves them.
// In `npm run dev` Vite proxies the API to the Hono server (API_PORT, default 8787).
const apiPort = process.env.API_PORT ?? '8787';

export default defineConfig({
  root: 'web',
  publicDir: false,
  plugins: [glyphs(), preloadMap(), precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // Every browser MapLibre runs in knows <link rel=modulepreload>: no polyfill in the start bundle.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          // What every page runs at start, in one file (shared with the chunks loaded on first
          // use, so the bundler would otherwise cut it into a handful of small ones).
          groups: [{ name: 'start', test: /node_modules\/(lit|lit-html|lit-element|@lit\/reactive-element)\/|web\/i18n\/(index|pl|switch-words|locale-controller)\.ts|styles\/labels\.ts|web\/api\/client\.ts|web\/components\/shared-styles\.ts|web\/state\/proposal-kinds\.ts|vite\/preload-helper|@oxc-project\+runtime/ }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${apiPort}`,
      '/healthz': `http://127.0.0.1:${apiPort}`,
    },
  },
});
