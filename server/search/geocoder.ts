/**
 * The optional online geocoder (GEOCODER_URL): Nominatim's /search or Photon's /api, asked only
 * for the town's box (Nominatim: viewbox + bounded=1; Photon: bbox), with a time limit and a
 * small cache, so a busy council evening does not hammer a volunteer-run service: calls are
 * spaced (one a second by default, Nominatim's policy), the same question in flight is asked
 * once, and after a failure the service is left alone for a while. Results outside the box are
 * dropped whatever the service returns.
 */
import type { SearchHit } from './types.ts';

type Bbox = [number, number, number, number];

export interface GeocoderOptions {
  url: string;
  /** "nominatim" or "photon"; from the URL when not given (a path ending in /api is Photon). */
  flavour?: 'nominatim' | 'photon';
  timeoutMs: number;
  /** Answers kept, and for how long. */
  cacheSize?: number;
  cacheMs?: number;
  /** Least time between two calls to the service (a call waits for its turn, within timeoutMs). */
  minIntervalMs?: number;
  /** After a failure, the service is not asked again for this long. */
  restAfterFailureMs?: number;
  fetch?: typeof fetch;
}

export class GeocoderError extends Error {}

export interface Geocoder {
  search(query: string, bounds: Bbox, limit: number, language?: string): Promise<SearchHit[]>;
}

export function createGeocoder(o: GeocoderOptions): Geocoder {
  const flavour = o.flavour ?? (/\/api\/?$/.test(new URL(o.url).pathname) ? 'photon' : 'nominatim');
  const cache = new Map<string, { at: number; hits: SearchHit[] }>();
  const size = o.cacheSize ?? 500;
  const ttl = o.cacheMs ?? 10 * 60_000;
  const doFetch = o.fetch ?? fetch;
  const minInterval = o.minIntervalMs ?? 1000;
  const rest = o.restAfterFailureMs ?? 30_000;
  const inFlight = new Map<string, Promise<SearchHit[]>>();
  /** When the next call may go out; and until when the service is left alone after a failure. */
  let nextSlot = 0;
  let restingUntil = 0;
  let lastFailure = '';

  /** Waits for this call's turn, or refuses when the turn would come after the time limit. */
  async function turn(): Promise<void> {
    const now = Date.now();
    if (now < restingUntil) throw new GeocoderError(`${lastFailure}; not asked again for ${Math.ceil((restingUntil - now) / 1000)} s`);
    const at = Math.max(now, nextSlot);
    if (at - now > o.timeoutMs) throw new GeocoderError(`the geocoder is busy (at most one question every ${minInterval} ms)`);
    nextSlot = at + minInterval;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }

  async function ask(query: string, bounds: Bbox, limit: number, language: string | undefined): Promise<SearchHit[]> {
    const [w, s, e, n] = bounds;
    const u = new URL(o.url);
    if (flavour === 'photon') {
      u.searchParams.set('q', query);
      u.searchParams.set('bbox', `${w},${s},${e},${n}`);
      u.searchParams.set('limit', String(limit));
      if (language) u.searchParams.set('lang', language);
    } else {
      if (!/\/search\/?$/.test(u.pathname)) u.pathname = `${u.pathname.replace(/\/$/, '')}/search`;
      u.searchParams.set('q', query);
      u.searchParams.set('format', 'jsonv2');
      u.searchParams.set('viewbox', `${w},${n},${e},${s}`);
      u.searchParams.set('bounded', '1');
      u.searchParams.set('limit', String(limit));
      if (language) u.searchParams.set('accept-language', language);
    }
    let res: Response;
    try {
      res = await doFetch(u, { signal: AbortSignal.timeout(o.timeoutMs), headers: { accept: 'application/json', 'user-agent': 'plan-na-mapie (town strategy viewer)' } });
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      throw new GeocoderError(timedOut ? `the geocoder did not answer within ${o.timeoutMs} ms` : `the geocoder could not be reached (${(err as Error).message})`);
    }
    if (!res.ok) throw new GeocoderError(`the geocoder answered HTTP ${res.status}`);
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new GeocoderError('the geocoder answered something other than JSON');
    }
    const hits = flavour === 'photon' ? fromPhoton(body) : fromNominatim(body);
    const inside = (h: SearchHit) => {
      const x = (h.bbox[0] + h.bbox[2]) / 2;
      const y = (h.bbox[1] + h.bbox[3]) / 2;
      return x >= w && x <= e && y >= s && y <= n;
    };
    return hits.filter(inside).slice(0, limit);
  }

  return {
    async search(query, bounds, limit, language) {
      const key = `${bounds.join(',')}|${limit}|${language ?? ''}|${query.toLowerCase()}`;
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < ttl) return hit.hits;
      const asking = inFlight.get(key);
      if (asking) return asking;
      const answer = (async () => {
        await turn();
        try {
          return await ask(query, bounds, limit, language);
        } catch (err) {
          lastFailure = (err as Error).message;
          restingUntil = Date.now() + rest;
          throw err;
        }
      })();
      inFlight.set(key, answer);
      try {
        const hits = await answer;
        cache.delete(key);
        cache.set(key, { at: Date.now(), hits });
        // Oldest first in a Map: drop from the front.
        while (cache.size > size) cache.delete(cache.keys().next().value!);
        return hits;
      } finally {
        inFlight.delete(key);
      }
    },
  };
}

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN);

function fromNominatim(body: unknown): SearchHit[] {
  if (!Array.isArray(body)) throw new GeocoderError('the geocoder’s answer is not a list of places');
  const out: SearchHit[] = [];
  for (const r of body as Record<string, unknown>[]) {
    const lat = num(r.lat);
    const lon = num(r.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const bb = Array.isArray(r.boundingbox) ? (r.boundingbox as unknown[]).map(num) : [];
    // Nominatim's boundingbox is [south, north, west, east], as strings.
    const box: Bbox = bb.length === 4 && bb.every(Number.isFinite) ? [bb[2]!, bb[0]!, bb[3]!, bb[1]!] : [lon, lat, lon, lat];
    const display = String(r.display_name ?? '');
    const name = String(r.name || display.split(',')[0] || '').slice(0, 200);
    out.push({ kind: 'geocoder', id: `osm:${String(r.osm_type ?? '')}${String(r.osm_id ?? out.length)}`, label: name, detail: display.slice(0, 300), bbox: box });
  }
  return out;
}

function fromPhoton(body: unknown): SearchHit[] {
  const features = (body as { features?: unknown })?.features;
  if (!Array.isArray(features)) throw new GeocoderError('the geocoder’s answer is not a GeoJSON FeatureCollection');
  const out: SearchHit[] = [];
  for (const f of features as { geometry?: { coordinates?: unknown[] }; properties?: Record<string, unknown> }[]) {
    const [lon, lat] = (f.geometry?.coordinates ?? []).map(num);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    const p = f.properties ?? {};
    const ext = Array.isArray(p.extent) ? (p.extent as unknown[]).map(num) : [];
    // Photon's extent is [west, north, east, south].
    const box: Bbox = ext.length === 4 && ext.every(Number.isFinite) ? [ext[0]!, ext[3]!, ext[2]!, ext[1]!] : [lon!, lat!, lon!, lat!];
    const label = String(p.name ?? [p.street, p.housenumber].filter(Boolean).join(' ') ?? '').slice(0, 200);
    const detail = [p.street && p.name !== p.street ? p.street : null, p.housenumber, p.postcode, p.city, p.district].filter(Boolean).join(', ').slice(0, 300);
    out.push({ kind: 'geocoder', id: `osm:${String(p.osm_type ?? '')}${String(p.osm_id ?? out.length)}`, label: label || detail, detail, bbox: box });
  }
  return out;
}
