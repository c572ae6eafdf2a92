import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { refuse } from '../http/api-error.ts';
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
      onError: () => refuse(413, 'body-too-large', { rule: 'area', maxKiB: QUERY_BODY_LIMIT / 1024, maxBytes: QUERY_BODY_LIMIT }),
    }),
    async (c) => {
      const pack = packOr404(deps, c.req.param('city'));
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/(geo\+)?json\b/i.test(type)) {
        refuse(415, 'unsupported-media-type', { rule: 'area' });
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        refuse(400, 'invalid-json', { rule: 'area' });
      }
      // The checks here are linear (vertex count first, then a grid crossing search); the
      // summary's polygon clipping runs in a worker with a time and memory budget.
      const checked = validatePolygonInput(body);
      if (!checked.valid) {
        refuse(400, checked.rule, { field: 'area', ...checked.params }, checked.path === undefined ? {} : { path: checked.path });
      }
      return c.json(await summarizeDrawnArea(pack, checked.geometry, deps.store, workOf(deps), clientKey(c, deps.config.TRUST_PROXY)));
    },
  );

  return app;
}
