/**
 * The browser side of the UI locale: the choice is remembered in localStorage ("kp-locale"),
 * `?lang=en` (or `pl`) in the query picks one for a link, the default is Polish; `<html lang>`
 * follows. The address carries the language (`?lang=en`) whenever it is not Polish, so a copied
 * link opens in the language it was copied in. The map state lives in the hash (url-codec.ts),
 * which this never touches.
 */
import { DEFAULT_LOCALE, getLocale, isLocale, onLocaleChange, setLocale, type Locale } from './index.ts';

export const LOCALE_STORAGE_KEY = 'kp-locale';

/**
 * The locale to start with: `?lang=` first, then the remembered choice, then Polish.
 * @example initialLocale('?lang=en', null) // 'en'
 */
export function initialLocale(search: string, stored: string | null): Locale {
  const lang = new URLSearchParams(search).get('lang')?.toLowerCase();
  if (isLocale(lang)) return lang;
  if (isLocale(stored)) return stored;
  return DEFAULT_LOCALE;
}

function stored(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null; // storage blocked (privacy mode, sandboxed frame)
  }
}

function syncDocument(locale: Locale): void {
  document.documentElement.lang = locale;
}

let started = false;
let ready: Promise<unknown> = Promise.resolve();

/** Settles when the starting locale's table is here (English is fetched on first use): the shell's first render waits for it. */
export function localeReady(): Promise<unknown> {
  return ready;
}

/**
 * Sets the starting locale and keeps `<html lang>` in step; call once before the app renders.
 * Resolves with the locale in force (Polish when another locale's table could not be fetched).
 */
export function initLocale(): Promise<Locale> {
  if (!started) {
    started = true;
    onLocaleChange(syncDocument);
  }
  const wanted = initialLocale(location.search, stored());
  syncLink(wanted);
  syncDocument(getLocale());
  const switched = setLocale(wanted).catch((err: unknown) => {
    console.error('locale not loaded', err);
    syncLink(getLocale());
  });
  ready = switched;
  return switched.then(() => getLocale());
}

/**
 * The query of an address in `locale`: `lang=en` for a language other than Polish, none for
 * Polish (the default); other parameters kept.
 * @example searchWithLocale('?test', 'en') // '?test&lang=en'
 * @example searchWithLocale('?test&lang=en', 'pl') // '?test'
 */
export function searchWithLocale(search: string, locale: Locale): string {
  const params = new URLSearchParams(search);
  params.delete('lang');
  if (locale !== DEFAULT_LOCALE) params.set('lang', locale);
  const query = params.toString().replace(/=(&|$)/g, '$1');
  return query ? `?${query}` : '';
}

/** Puts the language into the address (hash kept, no new history entry). */
function syncLink(locale: Locale): void {
  const search = searchWithLocale(location.search, locale);
  if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
}

/**
 * The person chose a locale: switch (every component re-renders), remember it, and put it in
 * the address so the link, a copy of it and a reload agree with the choice (hash kept).
 */
export async function chooseLocale(locale: Locale): Promise<void> {
  await setLocale(locale);
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // not remembered; the switch still works for this page
  }
  syncLink(locale);
}
