/**
 * Refusals worded at the edge: every proposal rule code has Polish and English words; the
 * figures come from `details.params` (or what the viewer itself knows), never from the
 * server's English message; a code the viewer does not know falls back to that message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../web/i18n/en.ts';
import { loadLocale, messages, setLocale, type MessageId } from '../../web/i18n/index.ts';
import { RULE_CODES, formatRefusal, refusalParams } from '../../web/i18n/refusals.ts';

// The English table is a chunk fetched on first use; here it is loaded once, so switching is synchronous.
await loadLocale('en');

afterEach(() => setLocale('pl'));

/** A refusal whose English message must never reach a Polish screen. */
const refusal = (code: string, details: unknown = undefined) => ({ status: 422, code, message: `ENGLISH MESSAGE for ${code}`, details });

/** Params like the server's `details.params` for each rule. */
const PARAMS: Record<(typeof RULE_CODES)[number], Record<string, unknown>> = {
  'outside-town': { town: 'Kraśnik' },
  'in-forbidden-area': { name: 'Zalew Kraśnicki' },
  'too-close': { distance: 2.4, min: 3 },
  'count-not-one': {},
  'count-too-high': { area: 400, max: 40, per: 10, count: 55 },
  'area-too-large': { max: 5000, area: 7200 },
  'geometry-not-allowed': {},
};

describe('proposal rule refusals', () => {
  it('every rule code has a Polish and an English text', () => {
    for (const code of RULE_CODES) {
      const id = `proposals.rule.${code}` as MessageId;
      expect(messages('pl')[id], code).toBeTruthy();
      expect(en[id], code).toBeTruthy();
    }
  });

  it('words every rule from its code and params in both languages, never with the server message', () => {
    for (const locale of ['pl', 'en'] as const) {
      setLocale(locale);
      for (const code of RULE_CODES) {
        const text = formatRefusal(refusal(code, { rule: code, params: PARAMS[code] }));
        expect(text, `${locale} ${code}`).not.toContain('ENGLISH MESSAGE');
        expect(text, `${locale} ${code}: no placeholder left`).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('puts the figures of count-too-high in the sentence, formatted for the locale', () => {
    const r = refusal('count-too-high', { rule: 'count-too-high', params: { area: 12340, max: 123, per: 100, count: 200 } });
    expect(formatRefusal(r)).toBe(`Na obszarze 12${'\u00a0'}340 m² zmieści się najwyżej 123 drzew (jedno na 100 m²); podano 200.`);
    setLocale('en');
    expect(formatRefusal(r)).toBe('An area of 12,340 m² has room for at most 123 trees (one per 100 m²); you entered 200.');
  });

  it('without params, uses what the viewer knows (the drawn area, the count sent, the kind rules), still not the message', () => {
    const r = refusal('count-too-high', { rule: 'count-too-high' });
    const ctx = { rules: { m2PerUnit: 10, maxCount: 50 }, sent: { areaM2: 404.6, count: 60 } };
    expect(formatRefusal(r, ctx)).toBe('Na obszarze 405 m² zmieści się najwyżej 40 drzew (jedno na 10 m²); podano 60.');
    // The town from context, the pond's name from the feature the details carry, the distance from distanceM.
    expect(formatRefusal(refusal('outside-town'), { town: 'Kalisz' })).toContain('Kalisz');
    expect(formatRefusal(refusal('in-forbidden-area', { feature: { id: 'zalew', name: 'Zalew', category: 'water' } }))).toContain('Zalew');
    expect(formatRefusal(refusal('too-close', { distanceM: 1.25 }), { rules: { minSpacingM: 3 } })).toContain('1,3 m');
  });

  it('falls back to the server message when a figure is missing or the code is unknown; 429 says how long to wait', () => {
    expect(formatRefusal(refusal('count-too-high'))).toBe('ENGLISH MESSAGE for count-too-high');
    expect(formatRefusal(refusal('some-new-rule'))).toBe('ENGLISH MESSAGE for some-new-rule');
    expect(formatRefusal({ status: 429, code: 'rate-limited', message: 'slow down', retryAfterS: 12 })).toBe('Za dużo zmian w krótkim czasie — spróbuj za 12 s.');
  });

  it('reads only numbers and strings from details.params', () => {
    // A list of numbers or strings is joined as the server's message joins it.
    expect(refusalParams({ params: { max: 40, field: 'geometry', nested: { x: 1 }, list: [1, 'a'] } })).toEqual({ max: 40, field: 'geometry', list: '1, a' });
    expect(refusalParams(null)).toEqual({});
  });
});
