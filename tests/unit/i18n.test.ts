/**
 * The UI locales: the English table matches the Polish one key for key and placeholder for
 * placeholder, nothing is left in Polish, numbers and plurals follow the locale, and every
 * component that renders text re-renders on a switch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addPolish, getLocale, messages, num, onLocaleChange, pct, pl, plural, pluralForm, loadLocale, setLocale, t, tIn, type MessageId } from '../../web/i18n/index.ts';
import { en } from '../../web/i18n/en.ts';
import { plImport } from '../../web/i18n/pl-import.ts';
import { initialLocale, searchWithLocale } from '../../web/i18n/locale.ts';
import { inLocale, learnPackText, packLabel } from '../../web/i18n/pack-text.ts';
import { formatNumber, formatNumberPl, routeLabel } from '../../styles/labels.ts';

// The English table is a chunk fetched on first use; here it is loaded once, so switching is synchronous.
await loadLocale('en');

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NBSP = '\u00a0';
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
/** Every Polish string: the table loaded at start and the import panel's section. */
const plAll: Record<MessageId, string> = { ...pl, ...plImport };
const ids = Object.keys(plAll) as MessageId[];

afterEach(() => setLocale('pl'));

describe('message tables', () => {
  it('every Polish key has an English string and vice versa', () => {
    expect(Object.keys(en).sort()).toEqual([...ids].sort());
    expect(messages('en')).toBe(en);
    for (const id of ids) {
      expect(typeof en[id], id).toBe('string');
      expect(en[id].trim(), id).not.toBe('');
    }
  });

  it('placeholders match between Polish and English for every key', () => {
    for (const id of ids) expect(placeholders(en[id]), id).toEqual(placeholders(plAll[id]));
  });

  it('no English string is left in Polish', () => {
    const polishLetters = /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/;
    const untranslated = ids.filter((id) => polishLetters.test(plAll[id]) && en[id] === plAll[id]);
    expect(untranslated).toEqual([]);
  });

  it('English plural families use one form for "few" and "many"', () => {
    const families = ids.filter((id) => id.endsWith('.one')).map((id) => id.slice(0, -'.one'.length));
    expect(families).toContain('layers.count');
    for (const base of families) {
      expect(en[`${base}.few` as MessageId], base).toBe(en[`${base}.many` as MessageId]);
    }
  });

  it('the language switch names itself in its own language', () => {
    expect(tIn('en', 'locale.switch')).toBe('Switch to English');
    expect(tIn('pl', 'locale.switch')).toBe('Przełącz na polski');
    expect([tIn('pl', 'locale.short'), tIn('en', 'locale.short')]).toEqual(['PL', 'EN']);
  });
});

describe('sections that come with a lazy panel', () => {
  it("the import panel's words are not in the start table and join Polish when the panel adds them", () => {
    const sectionIds = Object.keys(plImport) as MessageId[];
    expect(sectionIds.length).toBeGreaterThan(100);
    // The start table holds only the menu entry that opens the panel.
    expect(Object.keys(pl).filter((id) => id.startsWith('import.'))).toEqual(['import.open']);
    expect(sectionIds.filter((id) => id in pl)).toEqual([]);
    expect(t('import.title', { town: 'Kraśnik' })).toBe('import.title');
    addPolish(plImport);
    expect(t('import.title', { town: 'Kraśnik' })).toBe('Import warstwy — Kraśnik');
    expect(messages('pl')['import.done']).toBe(plImport['import.done']);
    setLocale('en');
    expect(t('import.title', { town: 'Kraśnik' })).toBe(en['import.title'].replace('{town}', 'Kraśnik'));
  });
});

describe('switching', () => {
  it('t() follows the locale and fills placeholders', () => {
    expect(getLocale()).toBe('pl');
    expect(t('tabs.layers')).toBe('Warstwy');
    expect(t('map.error', { message: 'x' })).toBe('Błąd mapy: x');
    setLocale('en');
    expect(getLocale()).toBe('en');
    expect(t('tabs.layers')).toBe('Layers');
    expect(t('map.error', { message: 'x' })).toBe('Map error: x');
    expect(t('story.progress', { n: 2 })).toBe('Chapter 2 of {total}');
  });

  it('an unknown locale falls back to Polish', () => {
    setLocale('en');
    setLocale('de');
    expect(getLocale()).toBe('pl');
  });

  it('tells listeners once per real change', () => {
    const seen: string[] = [];
    const off = onLocaleChange((l) => seen.push(l));
    setLocale('en');
    setLocale('en');
    setLocale('pl');
    off();
    setLocale('en');
    expect(seen).toEqual(['en', 'pl']);
  });

  it('starts from ?lang=, then the remembered choice, then Polish', () => {
    expect(initialLocale('', null)).toBe('pl');
    expect(initialLocale('?test', 'en')).toBe('en');
    expect(initialLocale('?lang=en', 'pl')).toBe('en');
    expect(initialLocale('?test&lang=PL', 'en')).toBe('pl');
    expect(initialLocale('?lang=fr', 'xx')).toBe('pl');
  });
});

describe('numbers', () => {
  it('Polish: decimal comma, non-breaking space between thousands', () => {
    expect(formatNumber(4.55, 2, 'pl')).toBe('4,55');
    expect(formatNumber(12345.678, 2, 'pl')).toBe(`12${NBSP}345,68`);
    expect(formatNumber(1234567, 0, 'pl')).toBe(`1${NBSP}234${NBSP}567`);
    expect(num(0.5, 1)).toBe('0,5');
    expect(pct(0.125)).toBe('12,5%');
  });

  it('English: decimal point, comma between thousands', () => {
    expect(formatNumber(4.55, 2, 'en')).toBe('4.55');
    expect(formatNumber(12345.678, 2, 'en')).toBe('12,345.68');
    setLocale('en');
    expect(num(1234.5)).toBe('1,234.50');
    expect(num(3, 0)).toBe('3');
    expect(pct(0.125)).toBe('12.5%');
  });

  it('map labels stay Polish whatever the UI locale', () => {
    setLocale('en');
    expect(formatNumberPl(4.55)).toBe('4,55');
    expect(routeLabel('ul. Urzędowska', 4.55)).toBe('ul. Urzędowska · 4,55 km');
  });
});

describe('plurals', () => {
  it('Polish: one / few / many', () => {
    const forms = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 102, 0, 1.5].map((n) => pluralForm(n, 'pl'));
    expect(forms).toEqual(['one', 'few', 'few', 'many', 'many', 'many', 'many', 'many', 'few', 'many', 'few', 'many', 'many']);
    expect(plural('layers.count', 1)).toBe('1 obiekt');
    expect(plural('layers.count', 3)).toBe('3 obiekty');
    expect(plural('layers.count', 5)).toBe('5 obiektów');
    expect(plural('layers.count', 22)).toBe('22 obiekty');
    expect(plural('layers.count', 12345)).toBe(`12${NBSP}345 obiektów`);
  });

  it('English: one / other', () => {
    expect([1, 2, 3, 5, 0, 21].map((n) => pluralForm(n, 'en'))).toEqual(['one', 'many', 'many', 'many', 'many', 'many']);
    setLocale('en');
    expect(plural('layers.count', 1)).toBe('1 feature');
    expect(plural('layers.count', 2)).toBe('2 features');
    expect(plural('layers.count', 12345)).toBe('12,345 features');
    expect(plural('queue.supportCount', 1)).toBe('1 supporter');
    expect(plural('queue.supportCount', 3)).toBe('3 supporters');
  });
});

describe('components re-render on a switch', () => {
  /** Every Lit element that renders messages holds a LocaleController (see locale-controller.ts). */
  it('every element using i18n has a LocaleController', () => {
    const missing: string[] = [];
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    for (const file of walk(path.join(ROOT, 'web'))) {
      const src = readFileSync(file, 'utf8');
      if (!/extends LitElement/.test(src) || !/from '[./]+(app\/)?i18n\.ts'/.test(src)) continue;
      if (!/new LocaleController\(this/.test(src)) missing.push(path.relative(ROOT, file));
    }
    expect(missing).toEqual([]);
  });
});

describe('the language in the link and the pack’s own words', () => {
  afterEach(() => setLocale('pl'));

  it('the address carries ?lang= for English and none for Polish, other parameters kept', () => {
    expect(searchWithLocale('?test', 'en')).toBe('?test&lang=en');
    expect(searchWithLocale('', 'en')).toBe('?lang=en');
    expect(searchWithLocale('?test&lang=en', 'pl')).toBe('?test');
    expect(searchWithLocale('?lang=en', 'pl')).toBe('');
  });

  it('targets and kinds take the pack’s English words, also rows that carry only the Polish text', () => {
    learnPackText('target', [{ id: 'trees', i18n: { en: { label: 'Trees', unit: 'trees' } } }]);
    learnPackText('kind', [{ id: 'pocket-park', i18n: { en: { label: 'pocket park' } } }]);
    const row = { id: 'trees', label: 'Drzewa', unit: 'drzew', proposed: 3 };
    expect(inLocale('target', row)).toBe(row);
    setLocale('en');
    expect(inLocale('target', row)).toEqual({ id: 'trees', label: 'Trees', unit: 'trees', proposed: 3 });
    expect(packLabel('kind', 'pocket-park', 'park kieszonkowy')).toBe('pocket park');
    // Untranslated: the pack's own text stays.
    expect(packLabel('kind', 'rain-garden', 'ogród deszczowy')).toBe('ogród deszczowy');
  });

  it('both shipped packs give English words for every target and kind', () => {
    for (const city of ['krasnik', 'kalisz']) {
      const m = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../data', city, 'manifest.json'), 'utf8'));
      for (const x of [...m.targets, ...(m.proposals?.kinds ?? [])]) expect(x.i18n?.en?.label, `${city} ${x.id}`).toBeTruthy();
    }
  });
});

