/**
 * Static files may be sent brotli- or gzip-encoded (serveStatic's `precompressed`), which adds
 * `Vary: Accept-Encoding` only to the encoded answer; a shared cache must also know that the
 * identity answer depends on the header, or it could hand it out to every client.
 */
import type { MiddlewareHandler } from 'hono';

export const varyOnEncoding: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/ogc')) return;
  const vary = c.res.headers.get('vary') ?? '';
  if (!/accept-encoding/i.test(vary)) c.res.headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
};
