/**
 * The tile worker's task: a tile's drawing (tile-draw.ts) made into the bytes sent, with its
 * gzip copy and ETag. Speaks the worker pool's messages (server/work/pool.ts).
 */
import { parentPort } from 'node:worker_threads';
import { drawTile, TILE_TASK, type TileDrawing } from './tile-draw.ts';

/**
 * Tests only: a shared flag each drawing waits on before it starts ([0] = 1 lets them go; the
 * worker sets [1] = 1 once it holds one), as a long encoding would keep the worker busy.
 */
let hold: Int32Array | null = null;

parentPort?.on('message', (m: { id: number; task: string; arg: unknown }) => {
  try {
    if (m.task === 'holdTiles') {
      hold = m.arg as Int32Array;
      return void parentPort!.postMessage({ id: m.id, ok: true, value: null });
    }
    if (m.task !== TILE_TASK) throw new Error(`the tile worker has no task ${m.task}`);
    if (hold) {
      Atomics.store(hold, 1, 1);
      Atomics.notify(hold, 1);
      while (Atomics.load(hold, 0) === 0) Atomics.wait(hold, 0, 0);
    }
    parentPort!.postMessage({ id: m.id, ok: true, value: drawTile(m.arg as TileDrawing) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort?.postMessage({ ready: true });
