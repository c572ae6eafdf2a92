/**
 * Builds the Hono app: middleware (errors, security headers, compression), the API
 * routes and the built viewer. Never listens; main.ts does.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { serveStatic } from '@hono/node-server/serve-static';
import { varyOnEncoding } from './http/vary-encoding.ts';
import { glyphRoutes } from './http/glyphs.ts';
import type { AppDeps } from './http/deps.ts';
import { refusalResponse } from './http/api-error.ts';
import { compressIfAccepted, securityHeaders } from './http/security-headers.ts';
import { parseCorsOrigins, readOnlyCors } from './http/cors.ts';
import { basemapOrigins } from './queries/basemap-setting.ts';
import { citiesRoutes } from './routes/cities.ts';
import { districtsRoutes } from './routes/districts.ts';
import { queryRoutes } from './routes/query.ts';
import { WRITE_BODY_LIMIT, writeBodyLimit } from './http/write-body-limit.ts';
import { resolveActor, type ActorEnv } from './auth/actor.ts';
import { rateLimitWrites, WRITE_WINDOW_MS } from './auth/guards.ts';
import { sharedWork } from './work/work.ts';
import { adminRoutes } from './routes/admin.ts';
import { importRoutes } from './routes/import.ts';
import { progressGeometryRoutes } from './routes/progress-geometry.ts';
import { authRoutes } from './routes/auth.ts';
import { proposalsRoutes } from './routes/proposals.ts';
import { ogcRoutes } from './routes/ogc-api.ts';
import { progressRoutes } from './routes/progress.ts';
import { followRoutes } from './routes/follows.ts';
import { StoreUnavailableError } from './store/store.ts';
import { PackSync } from './packs/pack-sync.ts';
import { readsNoPackLayer } from './packs/layer-free-routes.ts';
import { oneTripCreate } from './routes/one-trip-create.ts';
import { fileNotFound, looksLikeFile, siteFiles } from './http/site-files.ts';
import { searchRoutes } from './routes/search.ts';
import { basemapsRoutes, townBasemaps } from './routes/basemaps.ts';
import { basemapListOrigins } from './basemaps/basemaps.ts';

/** Largest JSON body any write accepts (a proposal polygon of 2000 vertices fits). */

export interface AppOptions {
  /** Folder of the built viewer (dist/web); omitted in API tests. */
  webDir?: string;
  /** Where unexpected errors are reported (never to the client). */
  logError?: (err: unknown) => void;
}

export function createApp(deps: AppDeps, options: AppOptions = {}) {
  // strict: false — /ogc/krasnik/ is /ogc/krasnik (OWSLib and OpenAPI's servers.url + "/" ask for it).
  const app = new Hono({ strict: false });
  const logError = options.logError ?? ((err) => console.error(err));
  // The CSP lets the browser fetch tiles from every configured basemap (server's and packs').
  const basemap = [...new Set([...basemapOrigins(deps.config.BASEMAP), ...[...deps.packs.values()].flatMap((p) => basemapListOrigins(townBasemaps(deps.config, p).basemaps))])];
  deps.work ??= sharedWork(deps.config);
  deps.packSync ??= new PackSync(deps.packs, deps.store, (m) => logError(m));

  app.onError((err) => {
    if (err instanceof HTTPException) {
      const res = err.getResponse();
      if (res.headers.get('content-type')?.includes('json')) return res;
      return refusalResponse(err.status, 'request-refused', { status: err.status });
    }
    if (err instanceof StoreUnavailableError) {
      // Not a bug of ours and nothing was written: say so, and when to try again.
      return refusalResponse(503, 'store-unavailable', { problem: err.detail }, {}, { 'retry-after': String(err.retryAfterS) });
    }
    logError(err);
    return refusalResponse(500, 'internal');
  });

  // Before the security headers, so its cross-origin resource policy is the last word on read-only routes.
  const cors = readOnlyCors(parseCorsOrigins(deps.config.CORS_ORIGINS ?? '*'));
  for (const path of ['/ogc', '/ogc/*', '/api/cities', '/api/cities/*']) app.use(path, cors);
  app.use('*', securityHeaders(basemap));
  // A body refused for its size is left unread: close the connection rather than keep it alive
  // with the rest of that body still in the socket.
  app.use('*', async (c, next) => {
    await next();
    if (c.res.status === 413) c.res.headers.set('connection', 'close');
  });
  // Pre-encoded bodies set their own Content-Encoding; compress() leaves those alone.
  app.use('/api/*', compressIfAccepted());
  app.use('/ogc/*', compressIfAccepted());
  // Layers imported through any server are served from the next request (no sticky sessions).
  // A resident's new proposal on a network store: one round trip, else on through the usual chain.
  app.post('/api/cities/:city/proposals', oneTripCreate(deps, WRITE_BODY_LIMIT));
  for (const path of ['/ogc/*', '/api/cities', '/api/cities/*', '/api/admin/cities/*']) app.use(path, deps.packSync.middleware(readsNoPackLayer));

  app.get('/healthz', (c) => c.json({ status: 'ok', cities: [...deps.packs.keys()] }));
  // Readiness for a load balancer: 200 once the store answers, 503 with Retry-After while it cannot.
  app.get('/readyz', async (c) => {
    await deps.store.residentByTokenHash('readiness-probe');
    return c.json({ status: 'ready', store: deps.store.kind });
  });

  const api = new Hono<ActorEnv>();
  api.use('*', writeBodyLimit());
  api.use('*', resolveActor(deps.store));
  api.use('*', rateLimitWrites(deps.store, { max: deps.config.RATE_LIMIT_WRITES, windowMs: WRITE_WINDOW_MS, trustProxy: deps.config.TRUST_PROXY }));
  api.route('/', authRoutes(deps));
  api.route('/', adminRoutes(deps));
  api.route('/', proposalsRoutes(deps));
  api.route('/', citiesRoutes(deps));
  api.route('/', districtsRoutes(deps));
  api.route('/', queryRoutes(deps));
  api.route('/', progressRoutes(deps));
  api.route('/', followRoutes(deps));
  api.route('/', searchRoutes(deps));
  api.route('/', basemapsRoutes(deps));
  api.all('*', (c) =>
    refusalResponse(404, 'not-found', { rule: 'route', method: c.req.method, path: new URL(c.req.url).pathname.slice(0, 200) }),
  );
  app.route('/api', importRoutes(deps)); // own guards and a 50 MiB upload limit, so before api's 256 KiB one
  app.route('/api', progressGeometryRoutes(deps)); // a file of work done: own guards and a 2 MiB limit, as the import
  app.route('/api', api);
  app.route('/ogc', ogcRoutes(deps));
  app.route('/', siteFiles());

  if (options.webDir) {
    const root = options.webDir;
    app.use('/assets/*', async (c, next) => {
      await next();
      // Vite names assets by content hash: cache them for a year.
      if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
    });
    // Brotli or gzip written at build time (scripts/build/precompress.ts), chosen by Accept-Encoding.
    app.use('*', varyOnEncoding);
    app.use('/assets/*', serveStatic({ root, precompressed: true }));
    // A missing asset is a 404 (never the viewer's page, never cached for a year).
    app.get('/assets/*', (c) =>
      refusalResponse(404, 'not-found', { rule: 'file', path: new URL(c.req.url).pathname.slice(0, 200) }, {}, { 'cache-control': 'no-store' }),
    );
    app.route('/glyphs', glyphRoutes(root));
    // The shell is small and always revalidated, so a new build is picked up at once.
    app.use('*', async (c, next) => {
      await next();
      if (c.res.status === 200 && !c.res.headers.has('cache-control')) c.header('cache-control', 'no-cache');
    });
    app.use('*', serveStatic({ root, precompressed: true }));
    // Not a built file: a path naming a file is a 404; any other path is a viewer route.
    app.get('*', async (c, next) => {
      const pathname = new URL(c.req.url).pathname;
      if (looksLikeFile(pathname)) return fileNotFound(pathname, c.req.header('accept'));
      await next();
    });
    app.get('*', serveStatic({ root, path: 'index.html', precompressed: true }));
  }

  app.notFound((c) => refusalResponse(404, 'not-found', { rule: 'path', path: new URL(c.req.url).pathname.slice(0, 200) }));
  return app;
}
