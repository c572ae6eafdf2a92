import type { z } from 'zod';
import type { RefusalParams } from './messages.ts';

/**
 * A zod issue as the rule a field broke, with its figures (`invalid-input` params): never
 * zod's own wording. Refinements name their rule in `params.rule` (see proposals/text-rules.ts).
 */
export function inputProblem(issue: z.core.$ZodIssue, what: string): RefusalParams & { field: string; rule: string } {
  const field = issue.path.map(String).join('.') || what;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return { field, rule: 'whole-number' };
      if ((issue as { input?: unknown }).input === undefined) return { field, rule: 'required' };
      return { field, rule: 'type', expected: [String(issue.expected)] };
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min === 1 ? { field, rule: 'not-empty' } : { field, rule: 'min-length', min };
      if (issue.origin === 'array' || issue.origin === 'set') return { field, rule: 'min-items', min };
      return { field, rule: 'min', min };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { field, rule: 'max-length', max };
      if (issue.origin === 'array' || issue.origin === 'set') return { field, rule: 'max-items', max };
      return { field, rule: 'max', max };
    }
    case 'invalid_value':
      return { field, rule: 'one-of', allowed: issue.values.map(String) };
    case 'invalid_union': {
      // A discriminated union (a proposal's geometry) names the type values it takes.
      const options = (issue as { options?: unknown[] }).options;
      return Array.isArray(options) && options.length ? { field, rule: 'type', expected: options.map(String) } : { field, rule: 'invalid' };
    }
    case 'unrecognized_keys':
      return { field: [...issue.path.map(String), issue.keys[0] ?? ''].filter(Boolean).join('.') || what, rule: 'unknown-field' };
    case 'invalid_format':
      return { field, rule: 'format' };
    case 'custom': {
      const params = issue.params as (RefusalParams & { rule?: string }) | undefined;
      return params?.rule ? { ...params, field, rule: params.rule } : { field, rule: 'invalid' };
    }
    default:
      return { field, rule: 'invalid' };
  }
}
