/**
 * A pack's own words (target and kind labels, units, hints) in the viewer's language: a pack
 * writes them in Polish and may add `i18n.en`. The viewer learns them when a town loads and
 * looks them up by id, so rows that carry only the Polish text (a district's summary) are
 * worded too. Without a translation the pack's text stays (a name is better than nothing).
 */
import { getLocale, type Locale } from './index.ts';

type Scope = 'target' | 'kind';
type Words = { label?: string; unit?: string; hint?: string };
type WithWords = { id: string; i18n?: Partial<Record<Exclude<Locale, 'pl'>, Words>> };

const known = new Map<string, WithWords['i18n']>();

/** Remembers the translations of a town's targets or kinds (replacing the last town's). */
export function learnPackText(scope: Scope, items: readonly WithWords[]): void {
  for (const key of [...known.keys()]) if (key.startsWith(`${scope}:`)) known.delete(key);
  for (const item of items) if (item.i18n) known.set(`${scope}:${item.id}`, item.i18n);
}

/**
 * The item with its words in the current locale (the same object in Polish or untranslated).
 * @example inLocale('target', { id: 'trees', label: 'Drzewa', unit: 'drzew' }) // { …, label: 'Trees', unit: 'trees' } in English
 */
export function inLocale<T extends Words & { id: string }>(scope: Scope, item: T): T {
  const locale = getLocale();
  if (locale === 'pl') return item;
  const words = ((item as WithWords).i18n ?? known.get(`${scope}:${item.id}`))?.[locale];
  if (!words) return item;
  const out = { ...item };
  for (const field of ['label', 'unit', 'hint'] as const) if (words[field] !== undefined && field in item) out[field] = words[field] as T[typeof field];
  return out;
}

/** The label of a kind or target by id, in the current locale (`fallback` when unknown). */
export function packLabel(scope: Scope, id: string, fallback: string): string {
  return inLocale(scope, { id, label: fallback }).label;
}
