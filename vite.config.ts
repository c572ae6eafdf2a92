import { defineConfig } from 'vite';
import { glyphs } from './scripts/build/glyphs.ts';
import { precompress } from './scripts/build/precompress.ts';

// The viewer lives in web/; the built files land in dist/web and the Hono server serves them.
// In `npm run dev` Vite proxies the API to the Hono server (API_PORT, default 8787).
const apiPort = process.env.API_PORT ?? '8787';

export default defineConfig({
  root: 'web',
  publicDir: false,
  plugins: [glyphs(), precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${apiPort}`,
      '/healthz': `http://127.0.0.1:${apiPort}`,
    },
  },
});
