/**
 * What the report's maps draw, taken from a loaded pack once (the pack does not change while
 * it is loaded): the town's boundary and districts, the context layers (water, rivers, roads,
 * railway…) in their legend colours, the places of the strategy's undertakings (drawn as the
 * plan), which undertakings' places touch which district, and what the maps must credit: the
 * pack's attribution plus each drawn layer's licence attribution, and how exact the drawn
 * geometry is. Plain data, so it can be posted to the worker that prints the PDF.
 */
import { booleanIntersects } from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { attributionsFor } from '../../styles/attribution.ts';
import type { CityPack } from '../packs/index-pack.ts';
import type { Accuracy } from '../packs/schema.ts';
import { bboxOfGeometries, type BBox } from './map-frame.ts';

export interface ReportMapData {
  bbox: BBox;
  boundary: Polygon | MultiPolygon;
  districts: { id: string; name: string; accuracy: Accuracy; geometry: Polygon | MultiPolygon; bbox: BBox }[];
  /** Context layers, drawn under everything in their legend colour. */
  context: { id: string; title: string; colour: string; geometries: Geometry[] }[];
  /** The undertakings' places as the strategy plans them. */
  planned: { undertaking: string; geometry: Geometry }[];
  /** The pack's attribution and every drawn layer's licence attribution. */
  attribution: string[];
  /** The least exact accuracy of the district outlines and of the planned places (null: the undertakings have no places). */
  accuracy: { districts: Accuracy; places: Accuracy | null };
}

const RANK: Record<Accuracy, number> = { surveyed: 0, approximate: 1, schematic: 2 };
const worst = (xs: Accuracy[]): Accuracy => xs.reduce<Accuracy>((w, a) => (RANK[a] > RANK[w] ? a : w), 'surveyed');

const cache = new WeakMap<CityPack, ReportMapData>();
const touching = new WeakMap<CityPack, Map<string, Set<string>>>();

export function reportMapData(pack: CityPack): ReportMapData {
  const hit = cache.get(pack);
  if (hit) return hit;
  const drawn = [...pack.layers.values()].filter((l) => l.features.length > 0);
  const context = drawn
    .filter((l) => l.entry.role === 'context')
    .map((l) => ({ id: l.entry.id, title: l.entry.title, colour: l.entry.legend.color, geometries: l.features.map((f) => f.geometry as Geometry) }));
  const planned: ReportMapData['planned'] = [];
  const placeAccuracy: Accuracy[] = [];
  for (const l of drawn) {
    if (l.entry.role !== 'strategy') continue;
    for (const f of l.features) {
      const p = f.properties as { undertaking?: string; accuracy: Accuracy };
      const undertaking = p.undertaking ?? l.entry.undertaking;
      if (!undertaking) continue;
      planned.push({ undertaking, geometry: f.geometry as Geometry });
      placeAccuracy.push(p.accuracy);
    }
  }
  const boundary = pack.raw.boundary.geometry;
  const data: ReportMapData = {
    bbox: bboxOfGeometries([boundary, ...pack.districts.map((d) => d.feature.geometry)]) ?? (pack.raw.manifest.bounds as BBox),
    boundary,
    districts: pack.districts.map((d) => ({ id: d.info.id, name: d.info.name, accuracy: d.info.accuracy, geometry: d.feature.geometry, bbox: d.info.bbox })),
    context,
    planned,
    attribution: attributionsFor(pack.raw.manifest.attribution, [...pack.layers.values()].map((l) => l.entry), new Set(drawn.map((l) => l.entry.id))),
    accuracy: { districts: worst(pack.districts.map((d) => d.info.accuracy)), places: placeAccuracy.length ? worst(placeAccuracy) : null },
  };
  cache.set(pack, data);
  return data;
}

/** District id → the undertakings whose planned places meet it (computed once per pack). */
export function undertakingsByDistrict(pack: CityPack): Map<string, Set<string>> {
  const hit = touching.get(pack);
  if (hit) return hit;
  const out = new Map<string, Set<string>>();
  const { planned } = reportMapData(pack);
  for (const d of pack.districts) {
    const here = new Set<string>();
    const area: Feature = { type: 'Feature', properties: {}, geometry: d.feature.geometry };
    for (const p of planned) {
      if (here.has(p.undertaking)) continue;
      if (booleanIntersects({ type: 'Feature', properties: {}, geometry: p.geometry }, area)) here.add(p.undertaking);
    }
    out.set(d.info.id, here);
  }
  touching.set(pack, out);
  return out;
}
