/**
 * Cuts a WGS84 geometry to an area (the town boundary): lines are split where they cross the
 * edge and the pieces inside kept, polygons intersected, points kept when inside. Pure
 * geometry with turf; says what it did so the import report can name it.
 */
import { booleanPointInPolygon, booleanWithin, featureCollection, intersect, length, lineSplit, lineString, along, feature } from '@turf/turf';
import type { Feature, Geometry, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { line, type ImportLine } from '../http/import-line-messages.ts';

export type Clipped =
  | { inside: 'all'; geometry: Geometry }
  | { inside: 'part'; geometry: Geometry; note: ImportLine }
  | { inside: 'none' };

/**
 * @example
 * clipToArea({ type: 'LineString', coordinates: [[0, 0], [2, 0]] }, unitSquare)
 * // { inside: 'part', geometry: LineString [[0,0],[1,0]], note: { code: 'clipped', params: { rule: 'line', percent: 50 } } }
 */
export function clipToArea(g: Geometry, area: Feature<Polygon | MultiPolygon>): Clipped {
  switch (g.type) {
    case 'Point':
      return booleanPointInPolygon(g, area) ? { inside: 'all', geometry: g } : { inside: 'none' };
    case 'LineString':
    case 'MultiLineString':
      return clipLines(g, area);
    case 'Polygon':
    case 'MultiPolygon':
      return clipPolygon(g, area);
    default:
      return { inside: 'all', geometry: g };
  }
}

function clipLines(g: LineString | MultiLineString, area: Feature<Polygon | MultiPolygon>): Clipped {
  if (booleanWithin(g, area)) return { inside: 'all', geometry: g };
  const parts = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
  const edges = boundaryLines(area);
  const kept: Position[][] = [];
  let before = 0;
  let after = 0;
  for (const part of parts) {
    const line = lineString(part);
    before += length(line);
    let pieces = [line];
    for (const edge of edges) {
      pieces = pieces.flatMap((p) => {
        const split = lineSplit(p, edge).features;
        return split.length ? split : [p];
      });
    }
    for (const piece of pieces) {
      const len = length(piece);
      if (len === 0) continue;
      // A piece between two crossings is wholly in or out: test its middle.
      if (booleanPointInPolygon(along(piece, len / 2), area)) {
        kept.push(piece.geometry.coordinates);
        after += len;
      }
    }
  }
  if (kept.length === 0) return { inside: 'none' };
  const geometry: Geometry = kept.length === 1 ? { type: 'LineString', coordinates: kept[0]! } : { type: 'MultiLineString', coordinates: kept };
  return { inside: 'part', geometry, note: line('clipped', { rule: 'line', percent: Math.round((after / before) * 100) }) };
}

function clipPolygon(g: Polygon | MultiPolygon, area: Feature<Polygon | MultiPolygon>): Clipped {
  if (booleanWithin(g, area)) return { inside: 'all', geometry: g };
  const cut = intersect(featureCollection([feature(g), area]));
  if (!cut) return { inside: 'none' };
  return { inside: 'part', geometry: cut.geometry, note: line('clipped', { rule: 'polygon' }) };
}

/** The area's rings as lines, to split along. */
function boundaryLines(area: Feature<Polygon | MultiPolygon>): Feature<LineString>[] {
  const polygons = area.geometry.type === 'Polygon' ? [area.geometry.coordinates] : area.geometry.coordinates;
  return polygons.flatMap((rings) => rings.map((r) => lineString(r)));
}
