import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../api-types.ts';

/**
 * Throws an HTTP error whose body is `{ error: { code, message, details? } }`.
 * `message` is for a person: which field, which rule, what to do.
 */
export function apiError(status: ContentfulStatusCode, code: string, message: string, details?: unknown, headers: Record<string, string> = {}): never {
  const body: ApiError = { error: details === undefined ? { code, message } : { code, message, details } };
  throw new HTTPException(status, { res: jsonResponse(status, body, headers), message });
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
