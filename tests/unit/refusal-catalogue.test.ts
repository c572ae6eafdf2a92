/**
 * Every refusal the server can send, through both of the viewer's catalogues: no code or case
 * without Polish and English text, no placeholder the server does not fill, and no English in
 * the Polish text. The codes come from the server's catalogue (server/http/messages.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { REFUSAL_CODES, REFUSAL_MESSAGES, refusalMessage, type RefusalParams, type Template } from '../../server/http/messages.ts';
import { loadLocale, setLocale } from '../../web/i18n/index.ts';
import { REFUSAL_TEXTS, formatRefusal, refusalText } from '../../web/i18n/refusals.ts';

// The English table is a chunk fetched on first use; here it is loaded once, so switching is synchronous.
await loadLocale('en');

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const casesOf = (t: Template | Record<string, string>) => (typeof t === 'string' ? [undefined] : Object.keys(t));
const textOf = (t: Template | Record<string, string>, rule: string | undefined) => (typeof t === 'string' ? t : t[rule!]!);

/** Sample params for a case: every placeholder the server's English uses, numbers where a figure is expected. */
function sample(code: string, rule: string | undefined): RefusalParams {
  const english = textOf(REFUSAL_MESSAGES[code as keyof typeof REFUSAL_MESSAGES], rule);
  const p: RefusalParams = rule === undefined ? {} : { rule };
  for (const k of placeholders(english)) {
    p[k] = ['field'].includes(k) ? 'nickname' : ['allowed', 'known', 'needs', 'files', 'shps', 'expected'].includes(k) ? ['a1', 'b2'] : ['at', 'first', 'last'].includes(k) ? [22.5, 50.25] : /^(file|name|town|city|value|kind|layer|district|id|login|nickname|reserved|tokenCity|entry|problem|where|root|type|got|option|property|role|category|origin|method|path|tile|setting|dir|shp|stem|guessName|current|to|feature)$/.test(k) ? `X${k}` : 1234.5;
  }
  return p;
}

const ENGLISH_WORDS = /\b(the|must|is not|are|with|your|you|please|cannot|only|file|area|proposal|try again|not allowed|too many)\b/i;

afterEach(() => setLocale('pl'));

describe('the refusal catalogue', () => {
  it('lists the codes the server sends, and every one makes an English message without a placeholder left', () => {
    expect(REFUSAL_CODES.length).toBeGreaterThan(60);
    for (const code of ['too-many-vertices', 'rate-limited', 'login-backoff', 'account-locked', 'weak-password', 'nickname-reserved', 'wrong-town', 'proposal-not-live', 'own-proposal', 'over-budget', 'busy', 'one-at-a-time', 'too-many-features', 'invalid-tile', 'bad-option', 'count-too-high', 'too-close']) {
      expect(REFUSAL_CODES).toContain(code);
    }
    for (const code of REFUSAL_CODES) {
      for (const rule of casesOf(REFUSAL_MESSAGES[code])) {
        const message = refusalMessage(code, sample(code, rule));
        expect(message, `${code}/${rule}`).not.toMatch(/\{\w+\}|@\[|«|»/);
      }
    }
  });

  for (const locale of ['pl', 'en'] as const) {
    it(`has ${locale} text for every code and case, filled from the server's params with nothing left over`, () => {
      const texts = REFUSAL_TEXTS[locale] as Record<string, string | Record<string, string>>;
      expect(Object.keys(texts).sort()).toEqual([...REFUSAL_CODES].sort());
      for (const code of REFUSAL_CODES) {
        const server = REFUSAL_MESSAGES[code];
        const viewer = texts[code]!;
        expect(typeof viewer, code).toBe(typeof server);
        expect(casesOf(viewer).sort(), code).toEqual(casesOf(server).sort());
        for (const rule of casesOf(server)) {
          // The viewer only names params the server sends for this case.
          const sent = new Set(placeholders(textOf(server, rule)));
          for (const k of placeholders(textOf(viewer, rule))) expect(sent.has(k), `${locale} ${code}/${rule}: {${k}}`).toBe(true);
          const params = sample(code, rule);
          const words = refusalText(locale, code, params)!;
          expect(words, `${locale} ${code}/${rule}`).toBeTruthy();
          expect(words, `${locale} ${code}/${rule}`).not.toMatch(/\{\w+\}|@\[|«|»/);
          if (locale === 'pl') {
            expect(words, `${code}/${rule}`).not.toBe(refusalMessage(code, params));
            expect(words.replace(/"[^"]*"|<[^>]*>|\([^)]*\)|\b[A-Z]\w+\b|\b[\w.-]+\.\w+\b/g, ''), `${code}/${rule}: English left in Polish`).not.toMatch(ENGLISH_WORDS);
          }
        }
      }
    });
  }

  it('formats numbers for the locale and words field names in Polish', () => {
    const r = { status: 422, code: 'area-too-large', message: 'The area is 123456 m²; …', details: { rule: 'area-too-large', params: { area: 123456, max: 50000 } } };
    // A rule the viewer knows (proposals.rule.*) keeps its own words; the figure is the locale's.
    expect(formatRefusal(r)).toMatch(/najwyżej 50\s000 m²/);
    setLocale('en');
    expect(formatRefusal(r)).toContain('at most 50,000 m²');
    setLocale('pl');
    const weak = { status: 400, code: 'weak-password', message: 'password: at least 10 characters', details: { params: { field: 'password', rule: 'too-short', min: 10 } } };
    expect(formatRefusal(weak)).toBe('hasło: co najmniej 10 znaków');
    setLocale('en');
    expect(formatRefusal(weak)).toBe('password: at least 10 characters');
  });

  it('words a refusal it does not know by the server message, and a list param as the server joined it', () => {
    expect(formatRefusal({ status: 418, code: 'teapot', message: 'I am a teapot.' })).toBe('I am a teapot.');
    const kind = { status: 400, code: 'invalid-input', message: '…', details: { params: { field: 'kind', rule: 'kind-not-taken', value: 'bench', town: 'Miniów', allowed: ['tree', 'pocket-park'] } } };
    expect(formatRefusal(kind)).toBe('rodzaj: Miniów nie przyjmuje propozycji rodzaju „bench” (przyjmuje: tree, pocket-park)');
    const option = { status: 400, code: 'needs-crs', message: '…', details: { params: { file: 'a.geojson', x: 500000, y: 300000, guess: 2180, guessName: 'PUWG 1992' } } };
    setLocale('en');
    expect(formatRefusal(option)).toMatch(/pass from=EPSG:xxxx\. They look like PUWG 1992: try from=EPSG:2180\.$/);
  });
});
