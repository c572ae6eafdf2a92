import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiError } from '../http/api-error.ts';
import { type AppDeps, packOr404 } from '../http/deps.ts';
import { validatePolygonInput } from '../geo/validate-polygon.ts';
import { summarizeDrawnArea } from '../queries/area-summary.ts';

/** A drawn area is small: 10 000 vertices of GeoJSON fit well under this. */
export const QUERY_BODY_LIMIT = 64 * 1024;

export function queryRoutes(deps: AppDeps) {
  const app = new Hono();

  app.post(
    '/cities/:city/query',
    bodyLimit({
      maxSize: QUERY_BODY_LIMIT,
      onError: () => apiError(413, 'body-too-large', `The request body is larger than ${QUERY_BODY_LIMIT / 1024} KiB. Simplify the drawn area (fewer vertices).`),
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
      const checked = validatePolygonInput(body);
      if (!checked.valid) {
        apiError(400, checked.rule, checked.message, checked.path === undefined ? undefined : { path: checked.path });
      }
      return c.json(await summarizeDrawnArea(pack, checked.geometry, deps.progress));
    },
  );

  return app;
}
