/**
 * Text from residents is stored as given (and always rendered as text), except what
 * cannot be meant: control characters such as NUL, lone surrogates, and, in nicknames,
 * bidirectional overrides that make one name look like another.
 */
import { z } from 'zod';

// C0/C1 controls other than tab and newline.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

export function userText(field: string, max: number, opts: { allowEmpty?: boolean; singleLine?: boolean; noBidi?: boolean } = {}) {
  return z
    .string({ error: `${field} must be text` })
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => opts.allowEmpty || s.length > 0, { message: `${field} must not be empty`, params: { rule: 'not-empty' } })
    .refine((s) => [...s].length <= max, { message: `${field} must be at most ${max} characters`, params: { rule: 'max-length', max } })
    .refine((s) => !CONTROL.test(s), { message: `${field} must not contain control characters (such as NUL)`, params: { rule: 'no-control' } })
    .refine((s) => !LONE_SURROGATE.test(s), { message: `${field} contains a broken character (a lone UTF-16 surrogate)`, params: { rule: 'broken-character' } })
    .refine((s) => !opts.singleLine || !/[\n\t]/.test(s), { message: `${field} must be a single line`, params: { rule: 'single-line' } })
    .refine((s) => !opts.noBidi || !BIDI_CONTROL.test(s), { message: `${field} must not contain text-direction control characters`, params: { rule: 'no-bidi' } });
}
