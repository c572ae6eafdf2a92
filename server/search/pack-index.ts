/**
 * The search index of one town, built once from its pack: districts, streets (context layers of
 * roads and streets, one entry per street name with its segments' box), places (other context
 * features), strategy features and undertakings. Matching is on folded text (fold-text.ts).
 */
import bbox from '@turf/bbox';
import type { CityPack } from '../packs/index-pack.ts';
import { foldText } from './fold-text.ts';
import type { SearchHit } from './types.ts';

type Bbox = [number, number, number, number];
interface Entry {
  hit: SearchHit;
  folded: string;
}

const STREET_CATEGORIES = /^(road|street)/;
const built = new WeakMap<CityPack, Entry[]>();

function union(a: Bbox, b: Bbox): Bbox {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

export function packIndex(pack: CityPack): Entry[] {
  const cached = built.get(pack);
  if (cached) return cached;
  const entries: Entry[] = [];
  const add = (hit: SearchHit) => entries.push({ hit, folded: foldText(hit.label) });
  for (const d of pack.districts) add({ kind: 'district', id: d.info.id, label: d.info.name, detail: '', bbox: bbox(d.feature) as Bbox });
  const streets = new Map<string, SearchHit>();
  const featureBoxes = new Map<string, Bbox>();
  for (const { entry, features } of pack.raw.layers) {
    for (const f of features) {
      const p = f.properties as { id: string; name?: string; category?: string; undertaking?: string };
      if (!p.name || !f.geometry) continue;
      const box = bbox(f) as Bbox;
      featureBoxes.set(p.id, box);
      if (entry.role === 'context' && STREET_CATEGORIES.test(p.category ?? '')) {
        // A street drawn in many segments is one hit: its first segment opens, the box covers all.
        const key = foldText(p.name);
        const seen = streets.get(key);
        if (seen) seen.bbox = union(seen.bbox, box);
        else streets.set(key, { kind: 'street', id: p.id, label: p.name, detail: entry.title, bbox: box, layer: entry.id });
        continue;
      }
      add({ kind: entry.role === 'context' ? 'place' : 'feature', id: p.id, label: p.name, detail: entry.title, bbox: box, layer: entry.id });
    }
  }
  for (const s of streets.values()) add(s);
  for (const u of pack.raw.undertakings) {
    const boxes = pack.raw.layers.flatMap(({ features }) => features.filter((f) => (f.properties as { undertaking?: string }).undertaking === u.id).map((f) => featureBoxes.get(f.properties.id)).filter((b): b is Bbox => Boolean(b)));
    if (!boxes.length) continue; // nothing on the map to fly to
    add({ kind: 'undertaking', id: u.id, label: u.name, detail: '', bbox: boxes.reduce(union) });
  }
  built.set(pack, entries);
  return entries;
}

/** Kinds in the order a resident most likely means them, for equal matches. */
const KIND_ORDER: Record<string, number> = { street: 0, district: 1, place: 2, undertaking: 3, feature: 4 };

/**
 * The best `limit` entries for a query: every query word must start a word of the label (or,
 * for words of 3+ letters, occur inside it); a label starting with the query ranks first.
 */
export function searchPack(pack: CityPack, query: string, limit: number): SearchHit[] {
  const q = foldText(query);
  if (!q) return [];
  const words = q.split(' ');
  const scored: { hit: SearchHit; score: number }[] = [];
  for (const e of packIndex(pack)) {
    const labelWords = e.folded.split(' ');
    let score = 0;
    let ok = true;
    for (const w of words) {
      if (labelWords.some((lw) => lw === w)) score += 0;
      else if (labelWords.some((lw) => lw.startsWith(w))) score += 1;
      else if (w.length >= 3 && e.folded.includes(w)) score += 3;
      else {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (!e.folded.startsWith(q) && !labelWords.slice(1).some((lw) => lw.startsWith(words[0]!))) score += 1;
    scored.push({ hit: e.hit, score: score * 10 + (KIND_ORDER[e.hit.kind] ?? 5) + Math.min(5, e.folded.length / 20) });
  }
  scored.sort((a, b) => a.score - b.score || a.hit.label.localeCompare(b.hit.label, 'pl'));
  return scored.slice(0, limit).map((s) => s.hit);
}
