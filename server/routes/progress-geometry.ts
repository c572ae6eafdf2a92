/**
 * The geometry of work done from a file (GPX, KML, GeoJSON, zipped Shapefile, OSM XML), for
 * planners and admins: POST the raw file to /cities/:city/progress/geometry?name=…&from=… and
 * get one geometry in WGS84 to show on the map and send with the update. Nothing is written.
 * A file is larger than the API's JSON body limit, so this router brings its own guards and
 * limit and is mounted before the API (as the layer import is).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { resolveActor, type ActorEnv } from '../auth/actor.ts';
import { clientKey, rateLimitWrites, requireRole, WRITE_WINDOW_MS } from '../auth/guards.ts';
import { refuse } from '../http/api-error.ts';
import { packOr404, workOf, type AppDeps } from '../http/deps.ts';
import { parseOr400, queryValues } from '../http/parse-input.ts';
import { MAX_GEOMETRY_FILE_BYTES, type WorkGeometryResult } from '../progress/import-geometry.ts';
import { runJob } from '../work/work.ts';
import { GeometryFileQuery } from '../progress/progress-input.ts';

export function progressGeometryRoutes(deps: AppDeps) {
  const app = new Hono<ActorEnv>();
  const fileLimit = bodyLimit({ maxSize: MAX_GEOMETRY_FILE_BYTES, onError: () => refuse(413, 'upload-too-large', { maxMiB: MAX_GEOMETRY_FILE_BYTES / 1024 / 1024 }) });
  const guards = [
    resolveActor(deps.store),
    rateLimitWrites(deps.store, { max: deps.config.RATE_LIMIT_WRITES, windowMs: WRITE_WINDOW_MS, trustProxy: deps.config.TRUST_PROXY }),
    requireRole('planner', 'admin'),
  ] as const;

  app.post('/cities/:city/progress/geometry', ...guards, fileLimit, async (c) => {
    packOr404(deps, c.req.param('city'));
    const q = parseOr400(GeometryFileQuery, queryValues(c), 'query');
    if (/^(multipart\/|application\/x-www-form-urlencoded)/i.test(c.req.header('content-type') ?? '')) refuse(415, 'unsupported-media-type', { rule: 'file' });
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) refuse(400, 'invalid-input', { field: 'body', rule: 'required' });
    const name = (q.name ?? 'upload').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 100) || 'upload';
    // Parsing and reprojecting a file is heavy work on user input: a geometry worker does it, in its time and heap budget.
    const work = workOf(deps);
    const r = await runJob<WorkGeometryResult>(work, clientKey(c, deps.config.TRUST_PROXY), 'geometry', 'importWorkGeometry', { bytes, name, from: q.from }, {
      timeMs: work.config.WORKER_TIME_MS,
      transfer: [bytes.buffer as ArrayBuffer],
    });
    if (!r.ok) refuse(r.status, r.code, r.params);
    return c.json(r.value, 200, { 'cache-control': 'no-store' });
  });
  return app;
}
