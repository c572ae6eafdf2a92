/**
 * The areas of a pack's context layers that proposals may not touch. Polygons (a reservoir)
 * are taken as drawn; lines (a river, a road, a railway) are widened by half a typical width
 * for their category, since a proposal "on the river" is one within its banks, not on the
 * centre line. Points (landmarks) forbid nothing.
 */
import { buffer } from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { CityPack } from '../packs/index-pack.ts';

export type ForbiddenArea = Feature<Polygon | MultiPolygon, { id: string; name: string; category: string }>;

/** Half-widths in metres: a mid-sized river's bed, a main road's carriageway with verges, a double track. */
export const HALF_WIDTH_M: Record<string, number> = { river: 15, 'road-main': 10, road: 5, railway: 6 };

interface ContextFeature {
  geometry: Geometry;
  properties: { id: string; name: string; category?: string | undefined } & Record<string, unknown>;
}

export function forbiddenAreas(features: readonly ContextFeature[]): ForbiddenArea[] {
  const out: ForbiddenArea[] = [];
  for (const f of features) {
    const category = f.properties.category;
    if (!category) continue;
    const properties = { id: f.properties.id, name: f.properties.name, category };
    const g = f.geometry;
    if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
      out.push({ type: 'Feature', geometry: g, properties });
    } else if ((g.type === 'LineString' || g.type === 'MultiLineString') && HALF_WIDTH_M[category]) {
      const widened = buffer({ type: 'Feature', geometry: g, properties: {} }, HALF_WIDTH_M[category], { units: 'meters' });
      if (widened) out.push({ type: 'Feature', geometry: widened.geometry as Polygon | MultiPolygon, properties });
    }
  }
  return out;
}

/** Forbidden areas per pack, gathered (and lines widened) once. */
const forbiddenCache = new WeakMap<CityPack, ForbiddenArea[]>();
export function forbiddenOf(pack: CityPack): ForbiddenArea[] {
  let f = forbiddenCache.get(pack);
  if (!f) {
    // Only categories some kind forbids: widening every street of a town would cost seconds for nothing.
    const forbidden = new Set((pack.raw.manifest.proposals?.kinds ?? []).flatMap((k) => k.rules.forbiddenContext as string[]));
    f = forbiddenAreas(
      [...pack.layers.values()]
        .filter((l) => l.entry.role === 'context')
        .flatMap((l) => l.features as Parameters<typeof forbiddenAreas>[0])
        .filter((x) => forbidden.has(x.properties.category ?? '')),
    );
    forbiddenCache.set(pack, f);
  }
  return f;
}

