/**
 * CORS for read-only routes (OGC API and the layer API): a web map on another origin may GET
 * them. Writes are never opened: a preflight for any other method gets no Allow-Origin, so
 * the browser refuses it. Origins: "*" (default) or a list from CORS_ORIGINS.
 */
import type { MiddlewareHandler } from 'hono';

const READ = new Set(['GET', 'HEAD']);
const ALLOWED_HEADERS = new Set(['accept', 'accept-language', 'content-language', 'if-none-match', 'if-modified-since', 'cache-control']);
const EXPOSED = 'ETag, Last-Modified, Content-Crs, Link, Content-Language';

/** `origins`: ["*"] for any origin, [] for none, or exact origins like "https://maps.example.org". */
export function readOnlyCors(origins: string[]): MiddlewareHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  const allowOrigin = (origin: string | undefined) => (any ? '*' : origin && allowed.has(origin) ? origin : null);
  return async (c, next) => {
    const origin = c.req.header('origin');
    const method = c.req.method;
    if (method === 'OPTIONS' && origin && c.req.header('access-control-request-method')) {
      const wanted = c.req.header('access-control-request-method')!.toUpperCase();
      const headers = (c.req.header('access-control-request-headers') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
      const ao = allowOrigin(origin);
      const res = new Response(null, { status: 204, headers: { allow: 'GET, HEAD, OPTIONS', vary: 'Origin' } });
      if (ao && READ.has(wanted) && headers.every((h) => ALLOWED_HEADERS.has(h))) {
        res.headers.set('access-control-allow-origin', ao);
        res.headers.set('access-control-allow-methods', 'GET, HEAD, OPTIONS');
        if (headers.length) res.headers.set('access-control-allow-headers', headers.join(', '));
        res.headers.set('access-control-max-age', '86400');
      }
      return res;
    }
    await next();
    if (!READ.has(method)) return;
    const ao = allowOrigin(origin);
    if (!any) c.res.headers.append('vary', 'Origin');
    if (!ao) return;
    c.res.headers.set('access-control-allow-origin', ao);
    c.res.headers.set('access-control-expose-headers', EXPOSED);
    // The security headers say same-origin for everything else; these are meant to be read anywhere.
    c.res.headers.set('cross-origin-resource-policy', 'cross-origin');
  };
}

/** CORS_ORIGINS: "*" (default), "" or "none" for none, or a comma-separated list of origins. */
export function parseCorsOrigins(v: string): string[] {
  const s = v.trim();
  if (s === '' || s === 'none') return [];
  return s.split(',').map((x) => x.trim().replace(/\/+$/, '')).filter(Boolean);
}
