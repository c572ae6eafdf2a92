/** Starts the Node server: read config, load packs, listen. Nothing else. */
import { mkdirSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { loadPacks } from './packs/load-packs.ts';
import { storeProgress } from './proposals/store-progress.ts';
import { openStore } from './store/open-store.ts';
import { startCleanup } from './store/cleanup.ts';
import { createWork } from './work/work.ts';

async function main() {
  const config = readConfig();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const packs = await loadPacks(config.PACKS_DIR);
  // PostgreSQL is reached in the background: a database that is down at start gives 503s
  // with Retry-After until it is up, never a crash loop.
  const store = openStore(config, { log: (m) => config.LOG_LEVEL !== 'silent' && console.error(m) });
  // Workers start on first use (a drawn area, a proposal area, an import), so a restart is
  // quick: they do not compete with the first requests for the CPU while they load.
  const work = createWork(config);
  const stopCleanup = startCleanup(store, 10 * 60_000, (m) => config.LOG_LEVEL === 'info' && console.error(m));
  const app = createApp({ packs, config, store, progress: storeProgress(store), work }, {
    webDir: config.WEB_DIR,
    logError: (err) => {
      if (config.LOG_LEVEL !== 'silent') console.error(err);
    },
  });
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const host = info.address === '0.0.0.0' || info.address === '::' ? '127.0.0.1' : info.address;
    console.log(`Listening on http://${host}:${info.port} (cities: ${[...packs.keys()].join(', ')}; store: ${store.kind})`);
  });
  const stop = () => {
    stopCleanup();
    void work.close();
    server.close(() => {
      void store.close().then(() => process.exit(0));
    });
    // Keep-alive connections would hold close() open; requests in flight have had their answer or will be retried.
    (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`Cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
