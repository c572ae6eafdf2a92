/**
 * Refusals worded at the edge: the server sends a stable `code` and its parameters
 * (`details.params`: area, max, per, count, distance, min, name, town…) beside an English
 * `message`; the viewer words a refusal it knows by code through the catalogues and never reads
 * figures out of the message. The message is shown only for a code the viewer has no words for.
 * A leaf like the rest of i18n/: it takes plain data, not the API client's error class.
 */
import { getLocale, num, t, type Locale, type MessageId } from './index.ts';
import { REFUSAL_TEXTS_EN, REFUSAL_TEXTS_PL, type RefusalTexts } from './refusal-texts.ts';

export { REFUSAL_TEXTS_EN, REFUSAL_TEXTS_PL, type RefusalTexts };

/** The refusal catalogue of each locale, by code. */
export const REFUSAL_TEXTS: Record<Locale, RefusalTexts> = { pl: REFUSAL_TEXTS_PL, en: REFUSAL_TEXTS_EN };

/** A refusal as the server sends it (`{ error: { code, message, details } }`) with the HTTP status. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  /** Seconds to wait (Retry-After on 429). */
  retryAfterS?: number | null;
}

/** What the viewer knows besides the refusal: the town's name and the kind's rules (the limits the form showed). */
export interface RefusalContext {
  town?: string;
  rules?: { minSpacingM?: number; maxAreaM2?: number; m2PerUnit?: number; maxCount?: number } | null;
  /** The proposal sent: its drawn area (m²) and count, for a refusal that names them. */
  sent?: { areaM2?: number | null; count?: number };
}

/** The proposal rules the viewer words (`proposals.rule.<code>`). */
export const RULE_CODES = ['outside-town', 'in-forbidden-area', 'too-close', 'count-not-one', 'count-too-high', 'area-too-large', 'geometry-not-allowed'] as const;
export type RuleCode = (typeof RULE_CODES)[number];

const isRule = (code: string): code is RuleCode => (RULE_CODES as readonly string[]).includes(code);

type Params = Record<string, string | number>;
type Value = string | number | readonly (string | number)[];

/**
 * The parameters of a refusal: `details.params` (numbers and strings only), with what older
 * details carried beside them (`distanceM`, the feature's `name`).
 * @example refusalParams({ params: { max: 40, area: 400 } }) // { max: 40, area: 400 }
 */
export function refusalParams(details: unknown): Params {
  const out: Params = {};
  if (!details || typeof details !== 'object') return out;
  const d = details as { params?: unknown; distanceM?: unknown; feature?: unknown };
  if (typeof d.distanceM === 'number') out.distance = d.distanceM;
  const f = d.feature as { name?: unknown; properties?: { name?: unknown } } | undefined;
  const name = f?.name ?? f?.properties?.name;
  if (typeof name === 'string') out.name = name;
  if (d.params && typeof d.params === 'object') {
    for (const [k, v] of Object.entries(d.params)) {
      if (typeof v === 'number' || typeof v === 'string') out[k] = v;
      // A list (allowed values, a position) as the server joins it.
      else if (Array.isArray(v) && v.every((x) => typeof x === 'number' || typeof x === 'string')) out[k] = v.join(', ');
    }
  }
  return out;
}

const n0 = (v: string | number | undefined) => (typeof v === 'number' ? num(v, 0) : v);
const n1 = (v: string | number | undefined) => (typeof v === 'number' ? num(v, 1) : v);

/** The words of a rule refusal, or null when a figure it needs is missing. */
function ruleText(code: RuleCode, p: Params, ctx: RefusalContext): string | null {
  const r = ctx.rules ?? {};
  const area = p.area ?? ctx.sent?.areaM2 ?? undefined;
  const per = p.per ?? r.m2PerUnit;
  const fits = typeof area === 'number' && typeof per === 'number' && per > 0 ? Math.min(r.maxCount ?? Infinity, Math.floor(area / per)) : undefined;
  const values: Record<string, string | number | undefined> = {
    town: p.town ?? ctx.town,
    name: p.name ?? p.feature,
    d: n1(p.distance),
    min: n0(p.min ?? r.minSpacingM),
    area: n0(area),
    max: n0(p.max ?? (code === 'area-too-large' ? r.maxAreaM2 : fits)),
    per: n0(per),
    count: n0(p.count ?? ctx.sent?.count),
  };
  const id = `proposals.rule.${code}` as MessageId;
  const needs = [...t(id, {}).matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (needs.some((k) => values[k] === undefined)) return null;
  return t(id, values as Params);
}

/**
 * A refusal in the current language: 429 as the wait, a proposal rule by its code and params,
 * otherwise the server's message (a code the viewer has no words for).
 * @example formatRefusal({ status: 422, code: 'count-too-high', message: '…', details: { params: { area: 400, max: 40, per: 10, count: 50 } } })
 * // 'Na obszarze 400 m² zmieści się najwyżej 40 drzew (jedno na 10 m²); podano 50.'
 */
export function formatRefusal(r: Refusal, ctx: RefusalContext = {}): string {
  const params = refusalParams(r.details);
  if (isRule(r.code)) {
    const words = ruleText(r.code, params, ctx);
    if (words !== null) return words;
  }
  const text = refusalText(getLocale(), r.code, params);
  if (text !== null) return text;
  if (r.status === 429) return t('proposals.rateLimited', { s: r.retryAfterS ?? 60 });
  return r.message;
}

/** Field names, roles, statuses and categories as the server sends them (tokens), worded in Polish. */
const WORDS_PL: Record<string, Record<string, string>> = {
  field: {
    species: 'gatunek', count: 'liczba', note: 'notatka', nickname: 'pseudonim', reason: 'powód', status: 'stan', kind: 'rodzaj',
    geometry: 'kształt', area: 'obszar', district: 'dzielnica', bbox: 'zasięg', login: 'login', password: 'hasło', role: 'rola',
    layer: 'warstwa', mode: 'tryb', lon: 'długość geograficzna', lat: 'szerokość geograficzna', limit: 'limit', offset: 'przesunięcie',
    sort: 'kolejność', minSpacingM: 'odstęp', body: 'treść żądania', query: 'parametry adresu', city: 'miasto', email: 'e-mail',
    name: 'nazwa', disabled: 'wyłączone',
  },
  role: { resident: 'mieszkaniec', planner: 'planista', admin: 'administrator' },
  category: { water: 'woda', river: 'rzeka', 'road-main': 'droga główna', road: 'droga', railway: 'kolej', landmark: 'obiekt' },
  status: { proposed: 'zgłoszona', accepted: 'przyjęta', rejected: 'odrzucona', planted: 'zrealizowana', withdrawn: 'wycofana' },
};
const WORD_KEYS_PL: Record<string, string> = { field: 'field', role: 'role', needs: 'role', category: 'category', current: 'status', to: 'status' };

/** Numbers that are codes or coordinates, written as sent (EPSG:2180, not EPSG:2 180). */
const RAW_NUMBERS = new Set(['epsg', 'from', 'guess', 'x', 'y', 'lon', 'lat', 'status', 'position', 'ring', 'polygon']);

/** One param in a locale: numbers as the locale writes them, tokens in its words, names as given. */
function word(locale: Locale, key: string, v: Value): string {
  if (typeof v === 'number' && RAW_NUMBERS.has(key)) return String(v);
  if (typeof v === 'number') return num(v, Math.min(6, (String(v).split('.')[1] ?? '').length));
  const dict = locale === 'pl' ? WORDS_PL[WORD_KEYS_PL[key] ?? ''] : undefined;
  const one = (x: string | number) => (typeof x === 'string' ? (dict?.[x] ?? x) : String(x));
  if (typeof v === 'string') return dict ? v.split(', ').map(one).join(', ') : v;
  return v.map(one).join(', ');
}

/** An import option as the admin API names it (`from=EPSG:2180`). */
const option = (o: string, v?: string) => (v === undefined ? o : `${o}=${v}`);

/**
 * Fills a catalogue text: `{name}` with the param, `«…»` only when its params are given,
 * `@[from=…]` as the API's option.
 * @example fillRefusal('pl', 'Obszar ma {area} m²« (najwyżej {max})»', { area: 1234.5 }) // 'Obszar ma 1 234,5 m²'
 */
export function fillRefusal(locale: Locale, text: string, params: Record<string, Value | undefined>): string {
  return text
    .replace(/«([^»]*)»/g, (_m, inner: string) => ([...inner.matchAll(/\{(\w+)\}/g)].every((m) => params[m[1]!] !== undefined) ? inner : ''))
    .replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : word(locale, k, params[k]!)))
    .replace(/@\[(\w+)(?:=([^\]]*))?\]/g, (_m, o: string, v: string | undefined) => option(o, v));
}

/** The catalogue's text of a refusal in `locale` (the case named by `params.rule`), or null for a code it does not know. */
export function refusalText(locale: Locale, code: string, params: Record<string, Value | undefined>): string | null {
  const entry = (REFUSAL_TEXTS[locale] as Record<string, string | Record<string, string>>)[code];
  if (entry === undefined) return null;
  const text = typeof entry === 'string' ? entry : typeof params.rule === 'string' ? entry[params.rule] : undefined;
  if (text === undefined) return null;
  const words = fillRefusal(locale, text, params);
  // A figure the text needs is missing: better the server's message than a gap.
  return /\{\w+\}/.test(words.replace(/\{"/g, '')) ? null : words;
}

/** An error kept as data (a message id, or a refusal and what the viewer knew), so a language switch re-words it. */
export interface ErrorWords {
  code: string;
  id?: MessageId;
  params?: Params;
  refusal?: Refusal;
  context?: RefusalContext;
  /** Words already made (an error that is not the server's: a network failure's own text). */
  message?: string;
}

/** The words of an error in the current language. */
export function wordError(e: ErrorWords): string {
  if (e.id) return t(e.id, e.params);
  if (e.refusal) return formatRefusal(e.refusal, e.context);
  return e.message ?? e.code;
}
