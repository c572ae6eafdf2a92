/**
 * The body limit of every JSON write: 256 KiB, refused with 413 `body-too-large` before the
 * body is read (uploads have their own, larger limit in routes/import.ts).
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { refuse } from './api-error.ts';

export const WRITE_BODY_LIMIT = 256 * 1024;

export const writeBodyLimit = (): MiddlewareHandler => {
  const limit = bodyLimit({
    maxSize: WRITE_BODY_LIMIT,
    onError: () => refuse(413, 'body-too-large', { rule: 'body', maxKiB: WRITE_BODY_LIMIT / 1024 }),
  });
  // A GET or HEAD has no body (the Node adapter gives it none); asking for one would build the
  // full Request object, a fifth of the cost of a kept read such as the district summaries.
  return (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next));
};
