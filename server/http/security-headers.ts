import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';

/**
 * Security headers for every response, computed once (the generic middleware rebuilt them
 * per request, a third of the throughput of a static-like route).
 */
export function securityHeaders(basemapOrigins: string[]): MiddlewareHandler {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // MapLibre and Lit set element styles from script; no inline <script> is ever allowed.
    "style-src 'self' 'unsafe-inline'",
    `img-src ${["'self'", 'data:', 'blob:', ...basemapOrigins].join(' ')}`,
    `connect-src ${["'self'", ...basemapOrigins].join(' ')}`,
    "worker-src 'self' blob:",
    'child-src blob:',
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const headers: [string, string][] = [
    ['content-security-policy', csp],
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
    ['referrer-policy', 'strict-origin-when-cross-origin'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-origin'],
    ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
    ['x-dns-prefetch-control', 'off'],
    ['x-permitted-cross-domain-policies', 'none'],
  ];
  return async (c, next) => {
    await next();
    for (const [k, v] of headers) c.res.headers.set(k, v);
  };
}

/** gzip/deflate for clients that ask for it; others skip the middleware's cost entirely. */
export function compressIfAccepted(): MiddlewareHandler {
  const mw = compress();
  return (c, next) => (/\b(gzip|deflate)\b/.test(c.req.header('accept-encoding') ?? '') ? mw(c, next) : next());
}
