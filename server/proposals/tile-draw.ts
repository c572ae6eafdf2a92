/**
 * What a proposal tile looks like, made into the bytes that are sent: Mapbox Vector Tile
 * encoding (vt-pbf), a gzip copy and the ETag. Pure and free of the server: it runs in the tile
 * worker (tile-worker.ts), so encoding thousands of proposals never holds the event loop.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Geometry, Position } from 'geojson';
import { toTileUnits } from '../geo/web-mercator-tiles.ts';
import type { ProposalStatus } from '../store/store.ts';

export const EXTENT = 4096;
/** The tile worker's task name (tile-tasks.ts). */
export const TILE_TASK = 'drawTile';

type Tags = Record<string, string | number | boolean>;
interface VtFeature {
  type: 1 | 2 | 3;
  geometry: number[][] | number[][][];
  tags: Tags;
}

/** A proposal drawn one by one: its geometry (GeoJSON, or its text as stored) and its tags. */
export interface DrawnProposal {
  geometry: Geometry | string;
  tags: { id: string; kind: string; status: ProposalStatus; count: number; supports: number };
}

/** A cluster: its mean position, total, dominant status and the count of each status. */
export interface DrawnCluster {
  lon: number;
  lat: number;
  n: number;
  status: ProposalStatus;
  byStatus: Record<ProposalStatus, number>;
}

/** A tile to make: encoded already (by the database), or proposals or clusters to encode. */
export type TileDrawing =
  | { mvt: Uint8Array }
  | { z: number; x: number; y: number; proposals: DrawnProposal[] }
  | { z: number; x: number; y: number; clusters: DrawnCluster[] };

/** A tile as served: its bytes, the gzip copy when it is worth sending (null for small tiles), its ETag. */
export interface ServedTile {
  bytes: Uint8Array;
  gzip: Uint8Array | null;
  etag: string;
}

/** Tiles smaller than this go as they are: gzip would save nothing worth the work. */
const GZIP_FROM = 512;

export function drawTile(d: TileDrawing): ServedTile {
  return served('mvt' in d ? d.mvt : encodeTile(d));
}

function encodeTile(d: Exclude<TileDrawing, { mvt: Uint8Array }>): Uint8Array {
  const { z, x, y } = d;
  if ('proposals' in d) {
    const features = d.proposals.map((p): VtFeature => {
      const g = typeof p.geometry === 'string' ? (JSON.parse(p.geometry) as Geometry) : p.geometry;
      return { type: g.type === 'Point' ? 1 : 3, geometry: encode(g, z, x, y), tags: p.tags };
    });
    return pbf({ proposals: features });
  }
  const features = d.clusters.map(
    (c): VtFeature => ({
      type: 1,
      geometry: [toTileUnits(c.lon, c.lat, z, x, y, EXTENT)],
      tags: { cluster: true, count: c.n, status: c.status, ...c.byStatus },
    }),
  );
  return pbf({ clusters: features });
}

function served(bytes: Uint8Array): ServedTile {
  return {
    bytes,
    gzip: bytes.length > GZIP_FROM ? new Uint8Array(gzipSync(bytes)) : null,
    etag: `"${createHash('sha1').update(bytes).digest('base64url')}"`,
  };
}

/** A geometry in tile units: points as [[x, y]], polygons as their rings. */
function encode(g: Geometry, z: number, x: number, y: number): number[][] | number[][][] {
  const at = (p: Position) => toTileUnits(p[0]!, p[1]!, z, x, y, EXTENT);
  if (g.type === 'Point') return [at(g.coordinates)];
  if (g.type === 'Polygon') return g.coordinates.map((ring) => ring.map(at));
  if (g.type === 'MultiPolygon') return g.coordinates.flatMap((poly) => poly.map((ring) => ring.map(at)));
  throw new Error(`no tile encoding for ${g.type}`);
}

function pbf(layers: Record<string, VtFeature[]>): Uint8Array {
  const tiles = Object.fromEntries(Object.entries(layers).map(([name, features]) => [name, { features }]));
  return fromGeojsonVt(tiles as unknown as Parameters<typeof fromGeojsonVt>[0], { version: 2, extent: EXTENT });
}
