import { area as turfArea, bbox as turfBbox, booleanPointInPolygon, feature, featureCollection, intersect, union } from '@turf/turf';
import type { Feature, Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { AreaSummary, CoverageInArea, RouteInArea, UndertakingInArea } from '../api-types.ts';
import { clippedLengthKm } from './clip-line-length.ts';
import { intersectionAreaHa } from './intersect-area.ts';

export interface SummaryLayer {
  id: string;
  title: string;
  kind: 'route' | 'area' | 'point' | 'mixed';
  role: 'strategy' | 'context';
  features: Feature<Geometry, { id: string; name: string; undertaking?: string; figures?: { label: string; value: number; unit: string }[] }>[];
}

export interface SummaryInput {
  layers: SummaryLayer[];
}

export type AreaFigures = Omit<AreaSummary, 'targets'>;

type BBox4 = [number, number, number, number];

/**
 * What the strategy's layers hold inside an area: km of each route layer (clipped at the
 * edge), every strategy feature touching it (ha of overlap, km inside, or a count for
 * points), and the share of the area each area layer covers. Context layers never count.
 *
 * @example
 * summarizeArea({ layers }, districtPolygon).routes[0].km // km of bike route inside the district
 */
export function summarizeArea(input: SummaryInput, area: Polygon | MultiPolygon): AreaFigures {
  const areaKm2 = turfArea(area) / 1e6;
  const [aw, as, ae, an] = turfBbox(area);
  const routes: RouteInArea[] = [];
  const undertakings: UndertakingInArea[] = [];
  const coverage: CoverageInArea[] = [];

  for (const layer of input.layers) {
    if (layer.role !== 'strategy') continue;
    const polygons: Feature<Polygon | MultiPolygon>[] = [];
    const routeRows: RouteInArea['features'] = [];
    for (const f of layer.features) {
      const box = turfBbox(f) as BBox4;
      const touches = box[0] <= ae && box[2] >= aw && box[1] <= an && box[3] >= as;
      const g = f.geometry;
      const base = { featureId: f.properties.id, layer: layer.id, name: f.properties.name, undertaking: f.properties.undertaking ?? null, bbox: box };
      if (g.type === 'LineString' || g.type === 'MultiLineString') {
        const km = touches ? clippedLengthKm(g as LineString | MultiLineString, area) : 0;
        if (km > 0) {
          undertakings.push({ ...base, geometry: 'route', km });
          routeRows.push({ id: f.properties.id, name: f.properties.name, km, declaredKm: f.properties.figures?.find((x) => x.unit === 'km')?.value ?? null });
        }
      } else if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
        polygons.push(f as Feature<Polygon | MultiPolygon>);
        const ha = touches ? intersectionAreaHa(g, area) : 0;
        if (ha > 0) undertakings.push({ ...base, geometry: 'area', areaHa: ha });
      } else if (g.type === 'Point') {
        if (touches && booleanPointInPolygon(g as Point, area)) undertakings.push({ ...base, geometry: 'point', count: 1 });
      }
    }
    if (layer.kind === 'route') {
      routes.push({ layer: layer.id, layerTitle: layer.title, km: routeRows.reduce((s, r) => s + r.km, 0), features: routeRows });
    }
    if ((layer.kind === 'area' || layer.kind === 'mixed') && polygons.length > 0) {
      const areaHa = coveredHa(polygons, area);
      coverage.push({ layer: layer.id, layerTitle: layer.title, areaHa, share: areaKm2 > 0 ? areaHa / (areaKm2 * 100) : 0 });
    }
  }
  return { areaKm2, routes, undertakings, coverage };
}

/** Hectares of `area` covered by the union of a layer's polygons (overlaps counted once). */
function coveredHa(polygons: Feature<Polygon | MultiPolygon>[], area: Polygon | MultiPolygon): number {
  const merged = polygons.length === 1 ? polygons[0]! : union(featureCollection(polygons));
  if (!merged) return 0;
  const inside = intersect(featureCollection([merged, feature(area)]));
  return inside ? turfArea(inside) / 1e4 : 0;
}
