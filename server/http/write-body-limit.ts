/**
 * The body limit of every JSON write: 256 KiB, refused with 413 `body-too-large` before the
 * body is read (uploads have their own, larger limit in routes/import.ts).
 */
import { bodyLimit } from 'hono/body-limit';
import { refuse } from './api-error.ts';

export const WRITE_BODY_LIMIT = 256 * 1024;

export const writeBodyLimit = () =>
  bodyLimit({
    maxSize: WRITE_BODY_LIMIT,
    onError: () => refuse(413, 'body-too-large', { rule: 'body', maxKiB: WRITE_BODY_LIMIT / 1024 }),
  });
