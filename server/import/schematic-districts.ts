/**
 * A schematic district tiling for a town that has no official district boundaries: a Voronoi
 * partition of the town boundary around one seed point per named district (the seeds, and why
 * each sits where it does, live in data/<city>/district-seeds.json). Cells are cut to the
 * boundary, so they tile it exactly; each is marked accuracy "schematic".
 */
import { bbox, booleanPointInPolygon, featureCollection, intersect, point, voronoi } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { z } from 'zod';
import { LonLat } from '../packs/schema.ts';

export const SeedFile = z
  .object({
    document: z.string().min(1),
    section: z.string().min(1),
    seeds: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
            name: z.string().min(1),
            at: LonLat,
            description: z.string().min(1),
            note: z.string().min(1),
            url: z.string().url().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type SeedFile = z.infer<typeof SeedFile>;

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * Throws an Error naming the seed when one lies outside the boundary (move it, or the
 * boundary is wrong) or gets no cell.
 *
 * @example
 * const districts = schematicDistricts(boundaryFeature, seedFile); // FeatureCollection-ready features
 */
export function schematicDistricts(boundary: Feature<Polygon | MultiPolygon>, seedFile: SeedFile) {
  const { document, section, seeds } = seedFile;
  for (const s of seeds) {
    if (!booleanPointInPolygon(s.at, boundary)) throw new Error(`seed "${s.id}" ${JSON.stringify(s.at)} lies outside the boundary; move it in district-seeds.json`);
  }
  const [w, s, e, n] = bbox(boundary);
  const pad = 0.05;
  const cells = voronoi(featureCollection(seeds.map((x) => point(x.at))), { bbox: [w - pad, s - pad, e + pad, n + pad] });
  return seeds.map((seed, i) => {
    const cell = cells.features[i];
    const clipped = cell ? intersect(featureCollection([cell as Feature<Polygon>, boundary])) : null;
    if (!clipped) throw new Error(`seed "${seed.id}" has an empty cell`);
    return {
      type: 'Feature' as const,
      geometry: roundGeometry(clipped.geometry),
      properties: {
        id: seed.id,
        name: seed.name,
        description: seed.description,
        accuracy: 'schematic' as const,
        source: { document, section, note: seed.note, ...(seed.url ? { url: seed.url } : {}) },
      },
    };
  });
}

function roundGeometry(g: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const ring = (r: Position[]) => {
    const out: Position[] = [];
    for (const p of r) {
      const q = [round(p[0]!), round(p[1]!)];
      const prev = out[out.length - 1];
      if (!prev || prev[0] !== q[0] || prev[1] !== q[1]) out.push(q);
    }
    return out;
  };
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(ring) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

/** JSON with each [lon, lat] pair on one line, like the hand-written pack files. */
export function formatPackJson(json: unknown): string {
  return JSON.stringify(json, null, 2).replace(/\[\s+(-?[\d.e-]+),\s+(-?[\d.e-]+)\s+\]/g, '[$1, $2]') + '\n';
}
