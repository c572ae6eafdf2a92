/**
 * Every line of an import report (reason, repair, file note, warning) through both of the
 * viewer's catalogues: no code or case without Polish and English text, no placeholder the
 * server does not fill, no English in the Polish text; and the server's English is made from
 * the same code + params with options as each surface writes them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { IMPORT_LINE_CODES, IMPORT_LINE_MESSAGES, importLineMessage, type ImportLineCode } from '../../server/http/import-line-messages.ts';
import type { RefusalParams, Template } from '../../server/http/messages.ts';
import { loadLocale, setLocale } from '../../web/i18n/index.ts';
import { IMPORT_LINE_TEXTS, formatImportLines, importLineText } from '../../web/i18n/import-lines.ts';

// The English table is a chunk fetched on first use; here it is loaded once, so switching is synchronous.
await loadLocale('en');

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const casesOf = (t: Template | Record<string, string>) => (typeof t === 'string' ? [undefined] : Object.keys(t));
const textOf = (t: Template | Record<string, string>, rule: string | undefined) => (typeof t === 'string' ? t : t[rule!]!);

/** Sample params for a case: every placeholder of the server's English, numbers where a figure is expected. */
function sample(code: ImportLineCode, rule: string | undefined): RefusalParams {
  const p: RefusalParams = rule === undefined ? {} : { rule };
  for (const k of placeholders(textOf(IMPORT_LINE_MESSAGES[code], rule))) {
    p[k] = ['count', 'total', 'index', 'polygon', 'percent', 'tolerance', 'before', 'after'].includes(k) ? 12 : ['position', 'at', 'bounds'].includes(k) ? [22.5, 50.25] : ['types', 'allowed', 'goals', 'known', 'examples'].includes(k) ? ['A1', 'B2'] : `X${k}`;
  }
  return p;
}

const ENGLISH_WORDS = /\b(the|must|is not|are|with|your|you|please|cannot|only|file|area|feature|features|dropped|closed|missing|outside|unknown|takes|give|pass|check)\b/i;

afterEach(() => setLocale('pl'));

describe('the import-line catalogue', () => {
  it('makes English for every code and case with nothing left over, options worded for the surface', () => {
    expect(IMPORT_LINE_CODES.length).toBeGreaterThan(30);
    for (const code of IMPORT_LINE_CODES) {
      for (const rule of casesOf(IMPORT_LINE_MESSAGES[code])) {
        for (const surface of ['cli', 'api'] as const) {
          expect(importLineMessage({ code, params: sample(code, rule) }, surface), `${code}/${rule}`).not.toMatch(/\{\w+\}|@\[|«|»/);
        }
      }
    }
    expect(importLineMessage({ code: 'outside-town', params: {} }, 'cli')).toBe('outside the town boundary (--clip)');
    expect(importLineMessage({ code: 'outside-town', params: {} }, 'api')).toBe('outside the town boundary (clip)');
    expect(importLineMessage({ code: 'no-id', params: { rule: 'no-value', attribute: 'KOD' } }, 'cli')).toBe('--id-from KOD: the feature has no value in "KOD"');
  });

  for (const locale of ['pl', 'en'] as const) {
    it(`has ${locale} text for every code and case, filled from the server's params`, () => {
      const texts = IMPORT_LINE_TEXTS[locale] as Record<string, string | Record<string, string>>;
      expect(Object.keys(texts).sort()).toEqual([...IMPORT_LINE_CODES].sort());
      for (const code of IMPORT_LINE_CODES) {
        const server = IMPORT_LINE_MESSAGES[code];
        const viewer = texts[code]!;
        expect(typeof viewer, code).toBe(typeof server);
        expect(casesOf(viewer).sort(), code).toEqual(casesOf(server).sort());
        for (const rule of casesOf(server)) {
          const sent = new Set(placeholders(textOf(server, rule)));
          for (const k of placeholders(textOf(viewer, rule))) expect(sent.has(k), `${locale} ${code}/${rule}: {${k}}`).toBe(true);
          const params = sample(code, rule);
          const words = importLineText(locale, { code, params })!;
          expect(words, `${locale} ${code}/${rule}`).toBeTruthy();
          expect(words, `${locale} ${code}/${rule}`).not.toMatch(/\{\w+\}|@\[|«|»/);
          if (locale === 'pl') {
            expect(words, `${code}/${rule}`).not.toBe(importLineMessage({ code, params }, 'api'));
            expect(words.replace(/"[^"]*"|„[^”]*”|<[^>]*>|\([^)]*\)|\b[A-Z]\w+\b|\b[\w.-]+\.\w+\b|\b[\w.]+=\S*/g, ''), `${code}/${rule}: English left in Polish`).not.toMatch(ENGLISH_WORDS);
          }
        }
      }
    });
  }

  it('words a report line in the current language, a field problem through the refusal catalogue, and falls back to the English for an unknown code', () => {
    const lines = [{ code: 'closed-rings', params: { rule: 'many', count: 2 } }, { code: 'invalid-input', params: { field: 'name', rule: 'max-length', max: 200 } }];
    expect(formatImportLines(lines, 'closed 2 rings; name: must be at most 200 characters')).toBe('domknięto obrysy: 2; nazwa: najwyżej 200 znaków');
    setLocale('en');
    expect(formatImportLines(lines, 'x')).toBe('closed 2 rings; name: must be at most 200 characters');
    expect(formatImportLines([{ code: 'from-a-newer-server', params: {} }], 'the English')).toBe('the English');
    expect(formatImportLines(undefined, 'the English')).toBe('the English');
  });
});
