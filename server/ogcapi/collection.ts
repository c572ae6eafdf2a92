/**
 * A feature collection as OGC API – Features serves it: the pack's layers, districts and
 * boundary (features serialised once, with their bounding boxes), and the live proposals.
 */
import { bbox as turfBbox } from '@turf/turf';
import type { Feature } from 'geojson';
import type { CityPack } from '../packs/index-pack.ts';
import { proposalFeature } from '../proposals/present.ts';
import type { ProposalStore } from '../store/store.ts';

export type BBox4 = [number, number, number, number];

export interface ItemsQuery {
  bbox: BBox4 | null;
  limit: number;
  offset: number;
}

export interface Page {
  json: Buffer;
  numberReturned: number;
  numberMatched: number;
}

const joined = (features: string[]): Page['json'] => Buffer.from(features.join(','));

export interface Collection {
  id: string;
  title: string;
  description: string;
  /** Extent in CRS84; null when empty or unknown. */
  extent: BBox4 | null;
  /** One page: the features' JSON joined by commas, as bytes (so a page is neither re-serialised nor re-encoded), with counts. */
  page(q: ItemsQuery): Promise<Page>;
  item(id: string): Promise<string | null>;
}

interface Serialised {
  json: string[];
  boxes: Float64Array;
  byId: Map<string, number>;
}

function serialise(features: Feature[]): Serialised {
  const boxes = new Float64Array(features.length * 4);
  const byId = new Map<string, number>();
  const json = features.map((f, i) => {
    boxes.set(turfBbox(f), i * 4);
    byId.set(String(f.id), i);
    return JSON.stringify(f);
  });
  return { json, boxes, byId };
}

/** A collection over fixed features (pack data): bbox filter on precomputed boxes, then a slice. */
function fixedCollection(meta: Omit<Collection, 'page' | 'item'>, features: Feature[]): Collection {
  const s = serialise(features);
  // Pages without a bbox repeat (clients ask for the same layer again and again): keep their bytes.
  const pages = new Map<string, Page>();
  return {
    ...meta,
    async page({ bbox, limit, offset }) {
      if (!bbox) {
        const key = `${offset}:${limit}`;
        let page = pages.get(key);
        if (!page) {
          const slice = s.json.slice(offset, offset + limit);
          page = { json: joined(slice), numberReturned: slice.length, numberMatched: s.json.length };
          if (pages.size < 64) pages.set(key, page);
        }
        return page;
      }
      const hits: string[] = [];
      for (let i = 0; i < s.json.length; i++) {
        const b = i * 4;
        if (s.boxes[b]! <= bbox[2] && s.boxes[b + 2]! >= bbox[0] && s.boxes[b + 1]! <= bbox[3] && s.boxes[b + 3]! >= bbox[1]) hits.push(s.json[i]!);
      }
      const slice = hits.slice(offset, offset + limit);
      return { json: joined(slice), numberReturned: slice.length, numberMatched: hits.length };
    },
    async item(id) {
      const i = s.byId.get(id);
      return i === undefined ? null : s.json[i]!;
    },
  };
}

const cache = new WeakMap<CityPack, Collection[]>();

/** The pack's collections (built once per pack), then the live proposals collection. */
export function collectionsOf(pack: CityPack, store: ProposalStore): Collection[] {
  let fixed = cache.get(pack);
  if (!fixed) {
    fixed = [...pack.layers.values()].map((l) =>
      fixedCollection(
        { id: l.entry.id, title: l.entry.title, description: l.entry.description || `${l.entry.title} (${pack.raw.manifest.name})`, extent: l.catalogue.bbox },
        l.features.map((f) => ({ ...f, id: f.properties.id }) as Feature),
      ),
    );
    const districts = pack.districts.map((d) => ({ ...d.feature, id: d.info.id, properties: { ...d.feature.properties, areaKm2: d.info.areaKm2 } }) as Feature);
    fixed.push(fixedCollection({ id: 'districts', title: 'Dzielnice', description: `Districts of ${pack.raw.manifest.name} with their geodesic area (km²)`, extent: turfBbox(pack.raw.boundary) as BBox4 }, districts));
    fixed.push(fixedCollection({ id: 'boundary', title: 'Granica miasta', description: `Boundary of ${pack.raw.manifest.name}`, extent: turfBbox(pack.raw.boundary) as BBox4 }, [{ ...pack.raw.boundary, id: pack.raw.boundary.properties.id } as Feature]));
    cache.set(pack, fixed);
  }
  if (!pack.raw.manifest.proposals) return fixed;
  return [...fixed, proposalsCollection(pack, store)];
}

/** Proposals are live data: each page is a store query (bbox filtered in the store's spatial index). */
function proposalsCollection(pack: CityPack, store: ProposalStore): Collection {
  return {
    id: 'proposals',
    title: 'Propozycje mieszkańców',
    description: `Residents' proposals in ${pack.raw.manifest.name} (all statuses; withdrawn ones included with their status)`,
    extent: turfBbox(pack.raw.boundary) as BBox4,
    async page({ bbox, limit, offset }) {
      const r = await store.listProposals({ city: pack.id, limit, offset, sort: 'created', ...(bbox ? { bbox } : {}) });
      return { json: joined(r.proposals.map((p) => JSON.stringify(proposalFeature(p, pack.raw)))), numberReturned: r.proposals.length, numberMatched: r.total };
    },
    async item(id) {
      const p = /^[\w-]{1,64}$/.test(id) ? await store.getProposal(pack.id, id) : null;
      return p ? JSON.stringify(proposalFeature(p, pack.raw)) : null;
    },
  };
}
