import type { Context } from 'hono';
import type { EncodedBody } from '../packs/encoded-body.ts';

/**
 * Sends a body encoded at load time: 304 when the client's ETag matches, the stored
 * gzip copy when the client accepts gzip (so large layers are never compressed per request).
 */
export function sendEncoded(c: Context, body: Omit<EncodedBody, 'text'> & { text: string | Uint8Array<ArrayBuffer> }, contentType: string): Response {
  const headers: Record<string, string> = {
    'content-type': contentType,
    etag: body.etag,
    'cache-control': 'no-cache',
    vary: 'Accept-Encoding',
  };
  const inm = c.req.header('if-none-match');
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === body.etag)) {
    return new Response(null, { status: 304, headers });
  }
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    return new Response(body.gzip, { status: 200, headers: { ...headers, 'content-encoding': 'gzip' } });
  }
  return new Response(body.text, { status: 200, headers });
}

export const GEOJSON = 'application/geo+json; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
