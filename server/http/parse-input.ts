import type { Context } from 'hono';
import type { z } from 'zod';
import { refuse } from './api-error.ts';
import { inputProblem } from './input-problem.ts';
import { refusalMessage } from './messages.ts';

/** Parses with zod or answers 400 `invalid-input` naming the field and the rule it broke (params of the first issue; `issues` lists up to 5). */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data;
  const problems = r.error.issues.slice(0, 5).map((i) => inputProblem(i, what));
  const issues = problems.map((params) => ({ field: params.field, message: refusalMessage('invalid-input', params), params }));
  refuse(400, 'invalid-input', problems[0]!, { issues });
}

/**
 * The query string as zod should see it: a key given once is its value, a key given twice is
 * the list of its values — which a schema expecting one value refuses, instead of the first
 * silently winning (`?at=2025-01-01&at=2025-02-01`).
 */
export function queryValues(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

/** Reads a JSON body (the size limit is middleware's job) or answers 400/415. */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!/^application\/(geo\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
    refuse(415, 'unsupported-media-type', { rule: 'json' });
  }
  try {
    return await c.req.json();
  } catch {
    refuse(400, 'invalid-json', { rule: 'body' });
  }
}
