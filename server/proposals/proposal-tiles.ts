/**
 * Proposals as Mapbox Vector Tiles. Close in (zoom ≥ POINT_ZOOM) a tile carries every proposal
 * in it, point or area, as long as there are at most MAX_POINTS; further out, or when there are
 * more, it carries counts per cell of a grid over the tile (from the store's kept cell counts),
 * placed at the mean position of what they count, with the count of each status, so a map can
 * size and colour them. Layers: "proposals" (one feature per proposal) and "clusters".
 */
import { tileBounds } from '../geo/web-mercator-tiles.ts';
import { CELL_LEVEL, type ProposalStatus, type ProposalStore, type TileCell, type TileQuery } from '../store/store.ts';
import { EXTENT, type DrawnCluster, type TileDrawing } from './tile-draw.ts';

export { EXTENT };
/** Tile units around the tile whose features are included too, so symbols at the edge are not cut. */
const BUFFER = 256;
/** From this zoom on, proposals are drawn one by one (when a tile holds few enough). */
export const POINT_ZOOM = 15;
/** Most proposals one tile carries one by one; a tile with more is drawn as clusters. */
export const MAX_POINTS = 4000;
/** A clustered tile is a GRID × GRID grid of cells (where the stored cells are fine enough). */
const GRID_BITS = 5;

const STATUSES: ProposalStatus[] = ['proposed', 'accepted', 'planted', 'rejected', 'withdrawn'];

type TileStore = Pick<ProposalStore, 'tilePoints' | 'tileCells' | 'tileMvt'>;

/** What the tile at z/x/y shows, read from the store; tile-draw.ts makes it into bytes (in the tile worker). */
export async function proposalTile(store: TileStore, q: TileQuery, z: number, x: number, y: number): Promise<TileDrawing> {
  const [w, s, e, n] = tileBounds(z, x, y);
  if (z >= POINT_ZOOM) {
    // Count first, from the kept cell counts (a few rows): a tile with too many proposals is
    // drawn as clusters without reading thousands of them.
    const crowded = z <= CELL_LEVEL && (await countIn(store, q, z, x, y)) > MAX_POINTS;
    if (!crowded && store.tileMvt) {
      const bytes = await store.tileMvt({ ...q, z, x, y, extent: EXTENT, buffer: BUFFER, limit: MAX_POINTS });
      if (bytes) return { mvt: bytes };
    }
    if (!crowded) {
      const padX = ((e - w) * BUFFER) / EXTENT;
      const padY = ((n - s) * BUFFER) / EXTENT;
      const points = await store.tilePoints({ ...q, bbox: [w - padX, s - padY, e + padX, n + padY], limit: MAX_POINTS });
      // Past the cells' own zoom a tile is smaller than a cell: draw what it holds, one by one.
      if (points.length <= MAX_POINTS || z > CELL_LEVEL) {
        const proposals = points.slice(0, MAX_POINTS).map((p) => ({
          geometry: p.geometry,
          tags: { id: p.id, kind: p.kind, status: p.status, count: p.count, supports: p.supports },
        }));
        return { z, x, y, proposals };
      }
    }
  }
  // Groups of cells: as many as fit GRID across the tile, never finer than the stored cells.
  const shift = Math.max(0, CELL_LEVEL - (z + GRID_BITS));
  const groupLevel = CELL_LEVEL - shift;
  const perTile = 2 ** (groupLevel - z); // groups across one tile (≥ 1 when z ≤ CELL_LEVEL)
  // One group of buffer on each side, so clusters at the edge are drawn in both tiles.
  const g0 = [Math.floor(x * perTile) - 1, Math.floor(y * perTile) - 1];
  const g1 = [Math.ceil((x + 1) * perTile), Math.ceil((y + 1) * perTile)];
  const cells = await store.tileCells({
    ...q,
    shift,
    cells: [g0[0]! * 2 ** shift, g0[1]! * 2 ** shift, (g1[0]! + 1) * 2 ** shift - 1, (g1[1]! + 1) * 2 ** shift - 1],
  });
  return { z, x, y, clusters: clusters(cells) };
}

/** Proposals whose representative point lies in the tile or its buffer, from the cell counts. */
async function countIn(store: TileStore, q: TileQuery, z: number, x: number, y: number): Promise<number> {
  const perTile = 2 ** (CELL_LEVEL - z);
  const pad = Math.ceil((perTile * BUFFER) / EXTENT);
  const cells = await store.tileCells({ ...q, shift: CELL_LEVEL, cells: [x * perTile - pad, y * perTile - pad, (x + 1) * perTile - 1 + pad, (y + 1) * perTile - 1 + pad] });
  return cells.reduce((sum, c) => sum + Number(c.n), 0);
}

/** One cluster per group: the total, the mean position, the count per status and the dominant one. */
function clusters(cells: TileCell[]): DrawnCluster[] {
  const groups = new Map<string, { n: number; sumLon: number; sumLat: number; byStatus: Record<ProposalStatus, number> }>();
  for (const c of cells) {
    const key = `${c.gx}/${c.gy}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { n: 0, sumLon: 0, sumLat: 0, byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ProposalStatus, number> }));
    g.n += Number(c.n);
    g.sumLon += Number(c.sumLon);
    g.sumLat += Number(c.sumLat);
    g.byStatus[c.status] += Number(c.n);
  }
  return [...groups.values()].map((g) => ({
    n: g.n,
    lon: g.sumLon / g.n,
    lat: g.sumLat / g.n,
    byStatus: g.byStatus,
    status: STATUSES.reduce((best, s) => (g.byStatus[s] > g.byStatus[best] ? s : best), STATUSES[0]!),
  }));
}
