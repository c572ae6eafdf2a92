import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiError } from '../http/api-error.ts';
import { type AppDeps, packOr404, workOf } from '../http/deps.ts';
import { clientKey } from '../auth/guards.ts';
import type { ActorEnv } from '../auth/actor.ts';
import { validatePolygonInput } from '../geo/validate-polygon.ts';
import { summarizeDrawnArea } from '../queries/area-summary.ts';

/** A drawn area is small: its 500 vertices of GeoJSON fit well under this. */
export const QUERY_BODY_LIMIT = 64 * 1024;

export function queryRoutes(deps: AppDeps) {
  const app = new Hono<ActorEnv>();

  app.post(
    '/cities/:city/query',
    bodyLimit({
      maxSize: QUERY_BODY_LIMIT,
      onError: () => apiError(413, 'body-too-large', `The request body is larger than ${QUERY_BODY_LIMIT / 1024} KiB. Simplify the drawn area (fewer vertices).`, { params: { maxBytes: QUERY_BODY_LIMIT } }),
    }),
    async (c) => {
      const pack = packOr404(deps, c.req.param('city'));
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(geo\+)?json\b/i.test(type)) {
        apiError(415, 'unsupported-media-type', 'Send the area as JSON: Content-Type application/json or application/geo+json.');
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        apiError(400, 'invalid-json', 'The request body is not valid JSON. Send a GeoJSON Polygon or MultiPolygon (or a Feature holding one).');
      }
      // The checks here are linear (vertex count first, then a grid crossing search); the
      // summary's polygon clipping runs in a worker with a time and memory budget.
      const checked = validatePolygonInput(body);
      if (!checked.valid) {
        const details = { ...(checked.path === undefined ? {} : { path: checked.path }), ...(checked.params ? { params: { field: 'geometry', ...checked.params } } : {}) };
        apiError(400, checked.rule, checked.message, Object.keys(details).length ? details : undefined);
      }
      return c.json(await summarizeDrawnArea(pack, checked.geometry, deps.store, workOf(deps), clientKey(c, deps.config.TRUST_PROXY)));
    },
  );

  return app;
}
