import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../api-types.ts';
import { refusalMessage, type RefusalCode, type RefusalParams } from './messages.ts';

/**
 * Refuses the request: throws an HTTP error whose body is
 * `{ error: { code, message, details: { params, ...extra } } }`. The English message is made
 * from code and params by messages.ts; clients word the refusal by code and params. `extra`
 * keeps data a client acts on beside the params (the feature touched, the issues of a body…).
 */
export function refuse(status: ContentfulStatusCode, code: RefusalCode, params: RefusalParams = {}, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): never {
  const res = refusalResponse(status, code, params, extra, headers);
  throw new HTTPException(status, { res, message: refusalMessage(code, params) });
}

/** The JSON response of a refusal, for handlers that answer rather than throw. */
export function refusalResponse(status: number, code: RefusalCode, params: RefusalParams = {}, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const body: ApiError = { error: { code, message: refusalMessage(code, params), details: { params: clean, ...extra } } };
  return jsonResponse(status, body, headers);
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
