/**
 * GET /api/cities/:city/search?q=: what the town's pack holds (districts, streets, places,
 * strategy features, undertakings), a proposal by its id, and — when GEOCODER_URL is set —
 * the online geocoder's places inside the town's bounds, listed apart.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type AppDeps, packOr404 } from '../http/deps.ts';
import { parseOr400 } from '../http/parse-input.ts';
import { createGeocoder, GeocoderError, type Geocoder } from '../search/geocoder.ts';
import { searchPack } from '../search/pack-index.ts';
import type { SearchHit, SearchResult } from '../search/types.ts';

export const SEARCH_MAX_CHARS = 100;
const LIMIT = 10;
const GEOCODER_LIMIT = 5;
/** Shorter questions are answered from the pack only: an address needs a few letters, and the service is shared. */
export const GEOCODER_MIN_CHARS = 3;

const SearchQuery = z.object({
  q: z
    .string({ error: 'give the text to search for as ?q=' })
    .trim()
    .min(1, 'give at least one letter to search for')
    .max(SEARCH_MAX_CHARS, `search for at most ${SEARCH_MAX_CHARS} characters`),
  lang: z.enum(['pl', 'en']).optional(),
});

/** A proposal's id, typed with or without "#": the viewer's links and lists show it. */
const PROPOSAL_ID = /^#?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/** A proposal's public number as people say or write it: "123", "#123", "nr 123", "nr. 123", "no 123", "propozycja 123". */
const PROPOSAL_NUMBER = /^(?:(?:propozycja|proposal|nr|no|numer|number)\.?\s*)?#?\s*(\d{1,15})$/i;

export function searchRoutes(deps: AppDeps) {
  const app = new Hono();
  const geocoder: Geocoder | null = deps.config.GEOCODER_URL
    ? createGeocoder({ url: deps.config.GEOCODER_URL, timeoutMs: deps.config.GEOCODER_TIMEOUT_MS ?? 3000, minIntervalMs: deps.config.GEOCODER_MIN_INTERVAL_MS })
    : null;

  app.get('/cities/:city/search', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const { q, lang } = parseOr400(SearchQuery, { q: c.req.query('q'), lang: c.req.query('lang') }, 'q');
    const results: SearchHit[] = [];
    const id = PROPOSAL_ID.exec(q)?.[1]?.toLowerCase();
    const number = PROPOSAL_NUMBER.exec(q)?.[1];
    if (id || number) {
      const p = id ? await deps.store.getProposal(pack.id, id) : await deps.store.proposalByNumber(pack.id, Number(number));
      if (p && p.status !== 'withdrawn') {
        const kind = pack.raw.manifest.proposals?.kinds.find((k) => k.id === p.kind);
        results.push({ kind: 'proposal', id: p.id, number: p.number, label: kind?.label ?? p.kind, detail: p.status, bbox: p.bbox });
      }
    }
    results.push(...searchPack(pack, q, LIMIT - results.length));
    const body: SearchResult = { query: q, results, geocoder: null };
    if (geocoder && !id && !number && q.length >= GEOCODER_MIN_CHARS) {
      try {
        body.geocoder = await geocoder.search(q, pack.raw.manifest.bounds as [number, number, number, number], GEOCODER_LIMIT, lang);
      } catch (err) {
        if (!(err instanceof GeocoderError)) throw err;
        body.geocoder = [];
        body.geocoderError = err.message;
      }
    }
    c.header('cache-control', 'no-store');
    return c.json(body);
  });
  return app;
}
