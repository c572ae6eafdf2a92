import type { Context } from 'hono';
import type { z } from 'zod';
import { apiError } from './api-error.ts';

/** Parses with zod or answers 400 naming the field and the rule it broke. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 5).map((i) => ({ field: i.path.map(String).join('.') || what, message: i.message }));
  const first = issues[0]!;
  apiError(400, 'invalid-input', `${first.field}: ${first.message}`, { issues });
}

/** Reads a JSON body (the size limit is middleware's job) or answers 400/415. */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!/^application\/(geo\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
    apiError(415, 'unsupported-media-type', 'Send JSON with Content-Type: application/json.');
  }
  try {
    return await c.req.json();
  } catch {
    apiError(400, 'invalid-json', 'The request body is not valid JSON.');
  }
}
