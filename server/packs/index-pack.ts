/**
 * Turns a validated pack into what the routes serve: the catalogue, pre-encoded layer
 * bodies with ETags, measured district areas and the spatial indexes, all built once.
 */
import { area, bbox as turfBbox, featureCollection, length, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { CityDetail, CityMapData, DistrictInfo, LayerCatalogueEntry } from '../api-types.ts';
import { buildDistrictIndex, type DistrictIndex } from '../geo/build-district-index.ts';
import type { SummaryInput } from '../geo/summarize-area.ts';
import { encodeBody, encodeText, type EncodedBody } from './encoded-body.ts';
import { firstViewGlyphs } from './first-view-glyphs.ts';
import type { Accuracy, LayerEntry } from './schema.ts';
import type { AreaFeature, PackFeature, RawPack } from './types.ts';

type BBox4 = [number, number, number, number];

export interface PackLayer {
  entry: LayerEntry;
  features: PackFeature[];
  body: EncodedBody;
  catalogue: LayerCatalogueEntry;
}

export interface PackDistrict {
  info: DistrictInfo;
  feature: AreaFeature<RawPack['districts'][number]['properties']>;
}

export interface CityPack {
  id: string;
  raw: RawPack;
  layers: Map<string, PackLayer>;
  districts: PackDistrict[];
  districtById: Map<string, PackDistrict>;
  districtIndex: DistrictIndex;
  summaryInput: SummaryInput;
  detail: EncodedBody;
  boundaryBody: EncodedBody;
  districtsBody: EncodedBody;
  /** GET /api/cities/:city/map-data: the boundary, districts and every layer in one body (the viewer's first map, one request). */
  mapDataBody: EncodedBody;
  boundaryAreaKm2: number;
  /** story.json as served by GET /api/cities/:city/story; null when the pack has none. */
  storyBody: EncodedBody | null;
}

const ACCURACY_RANK: Record<Accuracy, number> = { surveyed: 0, approximate: 1, schematic: 2 };

export function indexPack(raw: RawPack): CityPack {
  const layers = new Map<string, PackLayer>();
  const featureIndex: CityDetail['featureIndex'] = {};
  const lineKm: CityDetail['lineKm'] = {};
  const collections: CityMapData['layers'] = {};

  for (const { entry, features } of raw.layers) {
    // Top-level ids let MapLibre address features (feature-state, promoteId not needed).
    const collection: FeatureCollection = featureCollection(features.map((f) => ({ ...f, id: f.properties.id }) as Feature));
    // A downloaded layer file carries its licence and attribution with it (GeoJSON foreign members, RFC 7946 §6.1).
    if (entry.license) Object.assign(collection, { attribution: entry.license.attribution, license: entry.license });
    const catalogue = catalogueEntry(entry, features);
    layers.set(entry.id, { entry, features, body: encodeBody(collection), catalogue });
    collections[entry.id] = collection as CityMapData['layers'][string];
    if (entry.role === 'strategy') {
      for (const f of features) featureIndex[f.properties.id] = { layer: entry.id, bbox: turfBbox(f) as BBox4 };
    }
    if (entry.kind === 'route' || entry.kind === 'mixed') {
      for (const f of features) {
        const t = f.geometry.type;
        if (t === 'LineString' || t === 'MultiLineString') lineKm[f.properties.id] = length(f as Feature<Geometry>, { units: 'kilometers' });
      }
    }
  }

  const districts: PackDistrict[] = raw.districts.map((feature) => {
    const p = feature.properties;
    return {
      feature,
      info: {
        id: p.id,
        name: p.name,
        areaKm2: area(feature) / 1e6,
        population: p.population ?? null,
        accuracy: p.accuracy,
        source: p.source,
        bbox: turfBbox(feature) as BBox4,
      },
    };
  });

  // What GET /map-data sends, as objects: the first view's glyphs are worked out from them.
  const mapData: CityMapData = {
    boundary: featureCollection([{ ...raw.boundary, id: raw.boundary.properties.id }]),
    districts: featureCollection(districts.map((d) => ({ ...d.feature, id: d.info.id, properties: { ...d.feature.properties, areaKm2: d.info.areaKm2, ...labelAt(d.feature) } }))) as CityMapData['districts'],
    layers: collections,
  };
  const m = raw.manifest;
  const catalogue = [...layers.values()].map((l) => l.catalogue);
  const detail: CityDetail = {
    id: m.id,
    name: m.name,
    strategy: m.strategy,
    centre: m.centre,
    bounds: m.bounds,
    view: m.view,
    attribution: m.attribution,
    sources: m.sources,
    targets: m.targets,
    facts: m.facts,
    goals: raw.goals,
    undertakings: raw.undertakings,
    layers: catalogue,
    districts: districts.map((d) => ({ id: d.info.id, name: d.info.name })),
    featureIndex,
    lineKm,
    firstViewGlyphs: firstViewGlyphs({ layers: catalogue, lineKm, view: m.view }, mapData),
    hasStory: Boolean(raw.story),
  };

  const boundaryBody = encodeBody(mapData.boundary);
  const districtsBody = encodeBody(mapData.districts);
  return {
    id: m.id,
    raw,
    layers,
    districts,
    districtById: new Map(districts.map((d) => [d.info.id, d])),
    districtIndex: buildDistrictIndex(districts.map((d) => ({ id: d.info.id, geometry: d.feature.geometry }))),
    summaryInput: {
      layers: [...layers.values()].map(({ entry, features }) => ({
        id: entry.id,
        title: entry.title,
        kind: entry.kind,
        role: entry.role,
        features: features as SummaryInput['layers'][number]['features'],
      })),
    },
    detail: encodeBody(detail),
    boundaryBody,
    districtsBody,
    mapDataBody: mapDataOf(boundaryBody, districtsBody, layers),
    boundaryAreaKm2: area(raw.boundary) / 1e6,
    storyBody: raw.story ? encodeBody(raw.story) : null,
  };
}

/** The CityMapData body, put together from the bodies already serialised (the same bytes as the separate routes). */
function mapDataOf(boundary: EncodedBody, districts: EncodedBody, layers: ReadonlyMap<string, PackLayer>): EncodedBody {
  const layerText = [...layers].map(([id, l]) => `${JSON.stringify(id)}:${l.body.text}`).join(',');
  return encodeText(`{"boundary":${boundary.text},"districts":${districts.text},"layers":{${layerText}}}`);
}

/** Where a district's name is drawn: a point inside it, found here once so the viewer needs no geometry code for it at start. */
function labelAt(feature: Feature<Geometry>): { labelLon: number; labelLat: number } {
  const [lon, lat] = pointOnFeature(feature).geometry.coordinates as [number, number];
  return { labelLon: lon, labelLat: lat };
}

function catalogueEntry(entry: LayerEntry, features: PackFeature[]): LayerCatalogueEntry {
  const { file: _file, ...rest } = entry;
  const accuracy = features.reduce<Accuracy>(
    (worst, f) => (ACCURACY_RANK[f.properties.accuracy] > ACCURACY_RANK[worst] ? f.properties.accuracy : worst),
    'surveyed',
  );
  const out: LayerCatalogueEntry = {
    ...rest,
    featureCount: features.length,
    bbox: features.length ? (turfBbox(featureCollection(features as Feature<Geometry>[])) as BBox4) : null,
    accuracy,
  };
  if (entry.kind === 'route') {
    out.measuredKm = features.reduce((s, f) => s + length(f as Feature<Geometry>, { units: 'kilometers' }), 0);
    out.declaredKm = features.reduce((s, f) => s + declaredKm(f), 0);
  }
  return out;
}

/** The strategy's declared length of a route feature (its figure in km), 0 when none. */
export function declaredKm(f: PackFeature): number {
  const figures = 'figures' in f.properties ? f.properties.figures : [];
  return figures.find((x) => x.unit === 'km')?.value ?? 0;
}
