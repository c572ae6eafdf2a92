/**
 * The UI's words, a leaf of the viewer (it imports nothing of the app): every string in one
 * table per locale keyed by id: `pl` in pl.ts (the reference and the default), `en` in en.ts
 * (typed `Record<MessageId, string>`, so a missing key fails the type check).
 * Placeholders: {name}. Plural families end in `.one` / `.few` / `.many` (see `plural`).
 * Pack text (names, descriptions) is data, not here.
 *
 * Polish is built in; another locale's table is a chunk of its own, fetched when it is first
 * chosen (`loadLocale`; issue 13: our JS at start), so a Polish page never loads the English.
 * Switching: `setLocale` swaps the table and tells the `onLocaleChange` listeners; every
 * component holds a `LocaleController` (locale-controller.ts) that re-renders it then.
 * The browser side (localStorage, `?lang=`, `<html lang>`) is in locale.ts.
 */
import { formatNumber } from '../../styles/labels.ts';
import { pl, type MessageId, type Messages } from './pl.ts';
import { SWITCH_WORDS } from './switch-words.ts';

export { pl, type MessageId, type Messages };

export type Locale = 'pl' | 'en';
export const LOCALES: readonly Locale[] = ['pl', 'en'];
export const DEFAULT_LOCALE: Locale = 'pl';

/**
 * Polish as far as it has come: the table every page loads, and the sections a lazy panel adds
 * when its module loads (`addPolish`; the import panel's words, for one).
 */
const polish: Partial<Messages> = { ...pl };
const tables: Partial<Record<Locale, Partial<Messages>>> = { pl: polish };
const loaders: Record<Locale, () => Promise<Partial<Messages>>> = {
  pl: () => Promise.resolve(polish),
  en: () => import('./en.ts').then((m) => m.en),
};
const loading = new Map<Locale, Promise<void>>();

/** Fetches a locale's table (once); resolves when `setLocale` can switch to it at once. */
export function loadLocale(l: Locale): Promise<void> {
  if (tables[l]) return Promise.resolve();
  let p = loading.get(l);
  if (!p) {
    p = loaders[l]().then(
      (table) => {
        tables[l] = table;
      },
      (err: unknown) => {
        loading.delete(l);
        throw err;
      },
    );
    loading.set(l, p);
  }
  return p;
}
/** BCP 47 tags for Intl (numbers, dates, plural rules). */
const TAGS: Record<Locale, string> = { pl: 'pl-PL', en: 'en-GB' };

let locale: Locale = DEFAULT_LOCALE;
let current: Partial<Messages> = polish;
const listeners = new Set<(locale: Locale) => void>();

export function isLocale(value: unknown): value is Locale {
  return value === 'pl' || value === 'en';
}

/** The message table of a locale (tests); Polish for a locale whose table has not come yet. */
export function messages(l: Locale): Partial<Messages> {
  return tables[l] ?? polish;
}

/** Adds a section of Polish words that a lazily loaded module brings with it (e.g. pl-import.ts). */
export function addPolish(section: Partial<Messages>): void {
  Object.assign(polish, section);
}

/** The current locale. */
export function getLocale(): Locale {
  return locale;
}

/** The current locale's BCP 47 tag ("pl-PL", "en-GB"), for Intl formatters. */
export function localeTag(l: Locale = locale): string {
  return TAGS[l];
}

/**
 * Switches the locale (anything unknown: Polish) and tells the listeners when it changed: at
 * once when its table is here, else when it has come (the promise; a failed fetch keeps the
 * current locale and rejects).
 */
export function setLocale(next: string): Promise<void> {
  const l = isLocale(next) ? next : DEFAULT_LOCALE;
  const table = tables[l];
  if (!table) return loadLocale(l).then(() => setLocale(l));
  if (l === locale) return Promise.resolve();
  locale = l;
  current = table;
  for (const listener of [...listeners]) listener(l);
  return Promise.resolve();
}

/** Calls `listener` after every locale change; returns the unsubscribe function. */
export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The message for `id` in the current locale, with {placeholders} filled from `params`. */
export function t(id: MessageId, params?: Record<string, string | number>): string {
  return fill(current[id] ?? polish[id] ?? id, params);
}

/** The message for `id` in a given locale (e.g. the switch's label, read in the language it offers). */
export function tIn(l: Locale, id: MessageId, params?: Record<string, string | number>): string {
  const table: Partial<Messages> = tables[l] ?? SWITCH_WORDS[l];
  return fill(table[id] ?? polish[id] ?? id, params);
}

function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/**
 * A number in the current locale: Polish "12 345,67" (decimal comma, non-breaking space
 * between thousands), English "12,345.67".
 */
export function num(value: number, fractionDigits = 2): string {
  return formatNumber(value, fractionDigits, locale);
}

/** A share 0…1 as a percentage in the current locale ("12,5%" / "12.5%"). */
export function pct(share: number): string {
  return `${num(share * 100, 1)}%`;
}

/** A date (and time) in the current locale. */
export function dateTime(value: Date | number | string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  return new Intl.DateTimeFormat(TAGS[locale], options).format(typeof value === 'string' ? new Date(value) : value);
}

/** Ids `B` with `B.one`, `B.few` and `B.many` in the table: the plural families. */
export type PluralBase = {
  [K in MessageId]: K extends `${infer B}.one` ? (`${B}.few` | `${B}.many` extends MessageId ? B : never) : never;
}[MessageId];

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The plural form for `n` in a locale: Polish one / few / many; English one / many ("other"). */
export function pluralForm(n: number, l: Locale = locale): 'one' | 'few' | 'many' {
  let rules = pluralRules.get(l);
  if (!rules) pluralRules.set(l, (rules = new Intl.PluralRules(TAGS[l])));
  const rule = rules.select(n);
  return rule === 'one' ? 'one' : rule === 'few' ? 'few' : 'many';
}

/**
 * The message of a plural family for `n`: `${base}.one|few|many` with {n} filled (as a
 * number of the locale). English uses `.one` and `.many`; its `.few` is the same as `.many`.
 */
export function plural(base: PluralBase, n: number, params?: Record<string, string | number>): string {
  return t(`${base}.${pluralForm(n)}` as MessageId, { ...params, n: num(n, Number.isInteger(n) ? 0 : 2) });
}
