/**
 * Feature collections as OGC API – Features serves them, typed for GIS clients:
 * one geometry type per collection (a pack layer holding areas and points is served as
 * `<layer>-polygons` and `<layer>-points`; proposals as `proposals-points` and
 * `proposals-polygons`), flat scalar properties (see flat-properties.ts) and a schema that
 * holds even when a collection is empty. Pack data is serialised once per CRS; proposals
 * are queried from the store with every filter in SQL.
 */
import { bbox as turfBbox } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import type { CityPack } from '../packs/index-pack.ts';
import type { LayerEntry } from '../packs/schema.ts';
import { proposalFeature } from '../proposals/present.ts';
import { FilterTooCostlyError, type ProposalWhere } from '../store/proposal-where.ts';
import type { ProgressStore, ProposalStore } from '../store/store.ts';
import type { ProgressSource } from '../queries/progress-source.ts';
import { progressCollections } from './progress-collections.ts';
import { evaluate, necessaryBox } from './cql2/bind.ts';
import { OgcParameterError } from './items-query.ts';
import { convertGeometry, type Crs } from './crs.ts';
import { licenseOf, type BBox4, type Collection, type Dynamic, type GeometryType, type Interval, type License, type Page } from './collection-types.ts';
import { BASE_FIELDS, fixedColumns, flatten, schemaOf, type Field, type FlatProps } from './flat-properties.ts';
import { PROPOSAL_FIELDS, proposalWhere } from './proposal-filter.ts';

export type { BBox4, Collection, Dynamic, GeometryType, Interval, ItemsQuery, License, Page } from './collection-types.ts';
export { licenseOf } from './collection-types.ts';

const FAMILY = { Point: 'points', MultiPoint: 'points', LineString: 'lines', MultiLineString: 'lines', Polygon: 'polygons', MultiPolygon: 'polygons' } as const;
type Family = (typeof FAMILY)[keyof typeof FAMILY];
const SINGLE: Record<Family, GeometryType> = { points: 'Point', lines: 'LineString', polygons: 'Polygon' };
const MULTI: Record<Family, GeometryType> = { points: 'MultiPoint', lines: 'MultiLineString', polygons: 'MultiPolygon' };
const KIND_FAMILY: Record<string, Family> = { route: 'lines', area: 'polygons', point: 'points' };
const FAMILY_TITLE: Record<Family, string> = { points: 'punkty', lines: 'linie', polygons: 'obszary' };

/** Promotes a single geometry to its multi type (when the collection mixes the two). */
function promote(g: Geometry, to: GeometryType): Geometry {
  if (g.type === to) return g;
  return { type: to, coordinates: [(g as { coordinates: unknown }).coordinates] } as Geometry;
}

const joined = (features: string[]): Buffer => Buffer.from(features.join(','));
const featureJson = (id: string, geometry: Geometry | null, props: FlatProps) => JSON.stringify({ type: 'Feature', id, geometry, properties: props });

interface FixedFeature {
  id: string;
  geometry: Geometry;
  props: FlatProps;
  box: BBox4;
}

interface FixedMeta {
  id: string;
  title: string;
  description: string;
  geometryType: GeometryType;
  fields: Field[];
  attribution: string;
  license: License | null;
  loadedAt: Date;
}

/** A collection over fixed features (pack data): filters evaluated here, bytes kept per CRS. */
function fixedCollection(meta: FixedMeta, features: FixedFeature[]): Collection {
  const byId = new Map(features.map((f, i) => [f.id, i]));
  const extent = features.length ? (turfBbox({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', properties: {}, geometry: f.geometry })) }) as BBox4) : null;
  const json = new Map<string, string[]>();
  const jsonIn = (crs: Crs) => {
    let out = json.get(crs.uri);
    if (!out) {
      out = features.map((f) => featureJson(f.id, crs.epsg === null ? f.geometry : convertGeometry(f.geometry, crs.fromLonLat, crs.digits), f.props));
      json.set(crs.uri, out);
    }
    return out;
  };
  // Whole pages repeat (clients ask for the same layer again and again): keep their bytes.
  const pages = new Map<string, Page>();
  return {
    ...meta,
    queryables: meta.fields,
    temporalProperty: null,
    async dynamic() {
      return { extent, temporal: null, lastModified: meta.loadedAt };
    },
    async page({ bbox, limit, offset, filter, crs }) {
      const all = jsonIn(crs);
      if (!bbox && !filter) {
        const key = `${crs.uri} ${offset}:${limit}`;
        let page = pages.get(key);
        if (!page) {
          const slice = all.slice(offset, offset + limit);
          page = { json: joined(slice), numberReturned: slice.length, numberMatched: all.length };
          if (pages.size < 64) pages.set(key, page);
        }
        return page;
      }
      const hits: string[] = [];
      features.forEach((f, i) => {
        const b = f.box;
        if (bbox && !(b[0] <= bbox[2] && b[2] >= bbox[0] && b[1] <= bbox[3] && b[3] >= bbox[1])) return;
        if (filter && evaluate(filter, f.props, f.geometry) !== true) return;
        hits.push(all[i]!);
      });
      const slice = hits.slice(offset, offset + limit);
      return { json: joined(slice), numberReturned: slice.length, numberMatched: hits.length };
    },
    async item(id, crs) {
      const i = byId.get(id);
      return i === undefined ? null : jsonIn(crs)[i]!;
    },
  };
}

const attributionOf = (fallback: string, ...holders: unknown[]) => {
  for (const h of holders) {
    const a = (h as { attribution?: unknown } | undefined)?.attribution;
    if (typeof a === 'string' && a) return a;
  }
  return fallback;
};

/** A pack layer as one collection per geometry family it holds (or its kind says, when empty). */
function layerCollections(pack: CityPack, entry: LayerEntry, features: Feature[], loadedAt: Date): Collection[] {
  const families = new Map<Family, Feature[]>();
  for (const f of features) {
    const fam = FAMILY[f.geometry!.type as keyof typeof FAMILY];
    if (!families.has(fam)) families.set(fam, []);
    families.get(fam)!.push(f);
  }
  if (families.size === 0 && KIND_FAMILY[entry.kind]) families.set(KIND_FAMILY[entry.kind]!, []);
  const split = families.size > 1 || entry.kind === 'mixed';
  const manifest = pack.raw.manifest;
  return [...families].map(([fam, fs]) => {
    const multi = fs.some((f) => f.geometry!.type.startsWith('Multi'));
    const geometryType = multi ? MULTI[fam] : SINGLE[fam];
    const flat = fs.map((f) => flatten(f.properties as Record<string, unknown>));
    const fields = schemaOf(BASE_FIELDS[entry.role], flat);
    const id = split ? `${entry.id}-${fam}` : entry.id;
    const title = split ? `${entry.title} — ${FAMILY_TITLE[fam]}` : entry.title;
    return fixedCollection(
      {
        id,
        title,
        description: `${entry.description || `${entry.title} (${manifest.name})`}${split ? ` The layer's ${fam} (the pack's layer "${entry.id}" mixes geometry types; GIS formats hold one).` : ''}`,
        geometryType,
        fields,
        attribution: attributionOf(manifest.attribution, entry, manifest),
        license: licenseOf(entry, manifest),
        loadedAt,
      },
      fs.map((f, i) => ({ id: String(f.properties!.id), geometry: promote(f.geometry!, geometryType), props: fixedColumns(fields, flat[i]!), box: turfBbox(f) as BBox4 })),
    );
  });
}

function plainCollection(pack: CityPack, meta: Pick<FixedMeta, 'id' | 'title' | 'description'>, features: Feature[], extra: Field[], loadedAt: Date): Collection {
  const fam = FAMILY[features[0]?.geometry?.type as keyof typeof FAMILY] ?? 'polygons';
  const geometryType = features.some((f) => f.geometry!.type.startsWith('Multi')) ? MULTI[fam] : SINGLE[fam];
  const flat = features.map((f) => flatten(f.properties as Record<string, unknown>));
  const base: Field[] = [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }, ...extra];
  const fields = schemaOf(base, flat);
  return fixedCollection(
    { ...meta, geometryType, fields, attribution: pack.raw.manifest.attribution, license: licenseOf(pack.raw.manifest), loadedAt },
    features.map((f, i) => ({ id: String(f.id), geometry: promote(f.geometry!, geometryType), props: fixedColumns(fields, flat[i]!), box: turfBbox(f) as BBox4 })),
  );
}

const cache = new WeakMap<CityPack, Collection[]>();

/** The pack's collections (built once per pack), then the live proposals collections. */
export function collectionsOf(pack: CityPack, store: ProposalStore & ProgressStore, progress?: ProgressSource): Collection[] {
  let fixed = cache.get(pack);
  if (!fixed) {
    const loadedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const name = pack.raw.manifest.name;
    fixed = [...pack.layers.values()].flatMap((l) => layerCollections(pack, l.entry, l.features as Feature[], loadedAt));
    const districts = pack.districts.map((d) => ({ ...d.feature, id: d.info.id, properties: { ...d.feature.properties, areaKm2: d.info.areaKm2 } }) as Feature);
    fixed.push(plainCollection(pack, { id: 'districts', title: 'Dzielnice', description: `Districts of ${name} with their geodesic area (km²)` }, districts, [{ name: 'areaKm2', type: 'number' }], loadedAt));
    fixed.push(plainCollection(pack, { id: 'boundary', title: 'Granica miasta', description: `Boundary of ${name}` }, [{ ...pack.raw.boundary, id: pack.raw.boundary.properties.id } as Feature], [], loadedAt));
    cache.set(pack, fixed);
  }
  const kinds = pack.raw.manifest.proposals?.kinds;
  const progressed = progress ? progressCollections(pack, store, progress) : [];
  if (!kinds) return [...fixed, ...progressed];
  const geometries = new Set(kinds.flatMap((k) => k.geometries));
  return [...fixed, ...(['Point', 'Polygon'] as const).filter((g) => geometries.has(g)).map((g) => proposalsCollection(pack, store, g)), ...progressed];
}

/** The proposals' extent and time span are one scan of a town's proposals: asked at most this often. */
const STATS_TTL_MS = 30_000;

/** Proposals of one geometry type are live data: each page is one store query, filters in SQL. */
function proposalsCollection(pack: CityPack, store: ProposalStore, type: 'Point' | 'Polygon'): Collection {
  const fields = PROPOSAL_FIELDS.map(({ column: _c, ...f }) => f);
  const ofType: ProposalWhere = { op: 'geometryType', types: [type] };
  let stats: { at: number; value: Promise<Dynamic> } | null = null;
  const present = (p: Parameters<typeof proposalFeature>[0], crs: Crs) => {
    const f = proposalFeature(p, pack.raw);
    const geometry = crs.epsg === null ? f.geometry : convertGeometry(f.geometry, crs.fromLonLat, crs.digits);
    return featureJson(p.id, geometry, fixedColumns(fields, f.properties as unknown as FlatProps));
  };
  const manifest = pack.raw.manifest;
  return {
    id: type === 'Point' ? 'proposals-points' : 'proposals-polygons',
    title: type === 'Point' ? 'Propozycje mieszkańców — punkty' : 'Propozycje mieszkańców — obszary',
    description: `Residents' proposals in ${manifest.name} drawn as ${type === 'Point' ? 'points' : 'areas'} (all statuses; withdrawn ones included with their status)`,
    geometryType: type,
    fields,
    queryables: fields.filter((f) => PROPOSAL_FIELDS.find((x) => x.name === f.name)?.column),
    temporalProperty: 'createdAt',
    attribution: `${manifest.attribution}; proposals: residents of ${manifest.name}`,
    license: licenseOf(manifest),
    dynamic() {
      if (!stats || Date.now() - stats.at > STATS_TTL_MS) {
        const value = store.proposalStats(pack.id, ofType).then((s) => ({
          extent: s.bbox,
          temporal: s.firstCreated ? ([s.firstCreated, null] as Interval) : null,
          lastModified: s.lastUpdated ? new Date(s.lastUpdated) : null,
        }));
        value.catch(() => (stats = null));
        stats = { at: Date.now(), value };
      }
      return stats.value;
    },
    async page({ bbox, limit, offset, filter, datetime, crs }) {
      const args: ProposalWhere[] = [ofType];
      if (datetime) {
        if (datetime[0]) args.push({ op: 'cmp', cmp: '>=', col: 'created_at', value: new Date(datetime[0]).toISOString() });
        if (datetime[1]) args.push({ op: 'cmp', cmp: '<=', col: 'created_at', value: new Date(datetime[1]).toISOString() });
      }
      if (filter) args.push(proposalWhere(filter));
      // A box every match must touch narrows the store's spatial index search (R*Tree / GiST) first.
      const need = filter ? necessaryBox(filter) : null;
      const box: BBox4 | null = bbox && need ? [Math.max(bbox[0], need[0]), Math.max(bbox[1], need[1]), Math.min(bbox[2], need[2]), Math.min(bbox[3], need[3])] : (bbox ?? need);
      let r;
      try {
        r = await store.listProposals({ city: pack.id, limit, offset, sort: 'created', ...(box ? { bbox: box } : {}), where: { op: 'and', args } });
      } catch (e) {
        if (e instanceof FilterTooCostlyError) {
          throw new OgcParameterError(`filter: ${e.message}; add a bbox or put S_INTERSECTS in an AND with other conditions, so fewer proposals are tested.`, { parameter: 'filter', rule: 'too-costly', maxGeometryTests: e.maxTests });
        }
        throw e;
      }
      return { json: joined(r.proposals.map((p) => present(p, crs))), numberReturned: r.proposals.length, numberMatched: r.total };
    },
    async item(id, crs) {
      const p = /^[\w-]{1,64}$/.test(id) ? await store.getProposal(pack.id, id) : null;
      return p && p.geometry.type === type ? present(p, crs) : null;
    },
  };
}

