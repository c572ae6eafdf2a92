/**
 * An import report's lines worded at the edge: the server sends each reason, repair, file note
 * and warning as `{ code, params }` beside its English; the viewer words it by code in the
 * current language and shows the English only for a code it has no words for.
 */
import { getLocale, type Locale } from './index.ts';
import { IMPORT_LINE_TEXTS_EN, IMPORT_LINE_TEXTS_PL, type ImportLineTexts } from './import-line-texts.ts';
import { fillRefusal, refusalText } from './refusals.ts';

export const IMPORT_LINE_TEXTS: Record<Locale, ImportLineTexts> = { pl: IMPORT_LINE_TEXTS_PL, en: IMPORT_LINE_TEXTS_EN };

type Value = string | number | readonly (string | number)[];
/** A line as the server sends it. */
export interface ImportLineData {
  code: string;
  params?: Record<string, Value | undefined>;
}

/** The words of one line in `locale`, or null for a code (or case) the viewer does not know. */
export function importLineText(locale: Locale, line: ImportLineData): string | null {
  const params = line.params ?? {};
  // A field problem of a feature's properties is the API's `invalid-input` refusal.
  if (line.code === 'invalid-input') return refusalText(locale, line.code, params);
  const entry = (IMPORT_LINE_TEXTS[locale] as Record<string, string | Record<string, string>>)[line.code];
  if (entry === undefined) return null;
  const text = typeof entry === 'string' ? entry : typeof params.rule === 'string' ? entry[params.rule] : undefined;
  if (text === undefined) return null;
  const words = fillRefusal(locale, text, params);
  return /\{\w+\}/.test(words) ? null : words;
}

/**
 * The lines in the current language, joined with "; "; `english` (the server's words) when a
 * line is unknown or the server sent no lines.
 */
export function formatImportLines(lines: readonly ImportLineData[] | undefined, english: string): string {
  if (!lines || lines.length === 0) return english;
  const words = lines.map((l) => importLineText(getLocale(), l));
  return words.every((w) => w !== null) ? words.join('; ') : english;
}
