/**
 * The browser side of the UI locale: the choice is remembered in localStorage ("kp-locale"),
 * `?lang=en` (or `pl`) in the query picks one for a link, the default is Polish; `<html lang>`
 * follows. The map state lives in the hash (url-codec.ts), which this never touches.
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

/** Sets the starting locale and keeps `<html lang>` in step; call once before the app renders. */
export function initLocale(): Locale {
  if (!started) {
    started = true;
    onLocaleChange(syncDocument);
  }
  setLocale(initialLocale(location.search, stored()));
  syncDocument(getLocale());
  return getLocale();
}

/**
 * The person chose a locale: switch (every component re-renders), remember it, and drop a
 * `?lang=` from the address so the link and a reload agree with the choice (hash kept).
 */
export function chooseLocale(locale: Locale): void {
  setLocale(locale);
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // not remembered; the switch still works for this page
  }
  const params = new URLSearchParams(location.search);
  if (params.has('lang')) {
    params.delete('lang');
    const query = params.toString().replace(/=(&|$)/g, '$1');
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }
}
