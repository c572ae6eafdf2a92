/**
 * The server's worker pools and how routes use them: geometry on user input (drawn areas,
 * proposal checks) in one pool, imports in another (so a long import never delays a map
 * query), each job over its budget refused with a clear error instead of stalling the server.
 */
import type { Config } from '../config.ts';
import { refuse } from '../http/api-error.ts';
import type { CityPack } from '../packs/index-pack.ts';
import { forbiddenOf } from '../proposals/forbidden-areas.ts';
import { BusyError, OverBudgetError, WorkerPool } from './pool.ts';
import type { TaskName, TownContext } from './worker-tasks.ts';

export type WorkConfig = Pick<Config, 'WORKERS' | 'WORKER_TIME_MS' | 'IMPORT_TIME_MS' | 'WORKER_MEMORY_MB'>;

export const WORK_DEFAULTS: WorkConfig = { WORKERS: 2, WORKER_TIME_MS: 10_000, IMPORT_TIME_MS: 120_000, WORKER_MEMORY_MB: 512 };

export interface Work {
  /** Clients with a job running (one heavy request per client at a time). */
  running: Set<string>;
  geometry: WorkerPool;
  imports: WorkerPool;
  /** The yearly report's PDF (fonts, maps): one worker, so a report never takes the geometry workers. */
  reports: WorkerPool;
  /** Proposal tiles encoded (and gzipped) off the event loop: one worker, a queue as deep as many maps panning. */
  tiles: WorkerPool;
  config: WorkConfig;
  close(): Promise<void>;
}

let shared: Work | null = null;

/** One set of pools per process (apps made in tests share it, so workers start once). */
export function sharedWork(partial: Partial<WorkConfig> = {}): Work {
  shared ??= createWork(partial);
  return shared;
}

export function createWork(partial: Partial<WorkConfig> = {}): Work {
  const config = { ...WORK_DEFAULTS, ...partial };
  // Geometry on user input is small by its caps: a quarter of the heap budget is plenty.
  const geometry = new WorkerPool({ size: config.WORKERS, memoryMb: Math.max(64, Math.round(config.WORKER_MEMORY_MB / 4)), maxQueue: config.WORKERS * 8, name: 'geometry' });
  const imports = new WorkerPool({ size: 1, memoryMb: config.WORKER_MEMORY_MB, maxQueue: 2, name: 'import' });
  const reports = new WorkerPool({ size: 1, memoryMb: Math.max(128, Math.round(config.WORKER_MEMORY_MB / 2)), maxQueue: 4, name: 'report' });
  const tiles = new WorkerPool({ size: 1, memoryMb: Math.max(128, Math.round(config.WORKER_MEMORY_MB / 2)), maxQueue: 512, name: 'tiles', entry: new URL('../proposals/tile-worker.mjs', import.meta.url) });
  return { running: new Set(), geometry, imports, reports, tiles, config, close: async () => void (await Promise.all([geometry.close(), imports.close(), reports.close(), tiles.close()])) };
}

const keys = new WeakMap<CityPack, string>();
let n = 0;

/** A town's context for the workers, named by key; sent to each worker once per loaded pack. */
export function townContext(pack: CityPack): { key: string; value: () => TownContext } {
  let key = keys.get(pack);
  if (!key) {
    key = `${pack.id}#${++n}`;
    keys.set(pack, key);
  }
  return {
    key,
    value: () => ({
      summaryInput: pack.summaryInput,
      districts: pack.districts.map((d) => ({ id: d.info.id, name: d.info.name, areaKm2: d.info.areaKm2, geometry: d.feature.geometry })),
      boundary: pack.raw.boundary as TownContext['boundary'],
      townName: pack.raw.manifest.name,
      forbidden: forbiddenOf(pack),
    }),
  };
}

/**
 * Runs a job for `client` and turns the pool's refusals into API errors a person can act on.
 * A client with a job still running gets 429 at once: one heavy request per client at a time.
 */
export async function runJob<T>(work: Work, client: string, pool: 'geometry' | 'imports', task: TaskName, arg: unknown, o: Parameters<WorkerPool['run']>[2]): Promise<T> {
  if (work.running.has(client)) {
    refuse(429, 'one-at-a-time', { rule: 'job', max: 1 }, { retryAfterS: 1 }, { 'retry-after': '1' });
  }
  work.running.add(client);
  try {
    return await runOn<T>(work[pool], task, arg, o);
  } finally {
    work.running.delete(client);
  }
}

/** Runs a job on a pool and turns its refusals (over budget, busy) into API errors. */
export async function runOn<T>(pool: WorkerPool, task: Parameters<WorkerPool['run']>[0], arg: unknown, o: Parameters<WorkerPool['run']>[2]): Promise<T> {
  try {
    return await pool.run<T>(task, arg, o);
  } catch (e) {
    if (e instanceof OverBudgetError) {
      if (e.budget === 'time') {
        refuse(503, 'over-budget', { rule: 'time', budget: 'time', maxMs: e.limit, maxS: e.limit / 1000 }, {}, { 'retry-after': '60' });
      }
      refuse(413, 'over-budget', { rule: 'memory', budget: 'memory', maxMb: e.limit });
    }
    if (e instanceof BusyError) {
      refuse(503, 'busy', { rule: 'jobs', queued: e.queued }, {}, { 'retry-after': '5' });
    }
    throw e;
  }
}
