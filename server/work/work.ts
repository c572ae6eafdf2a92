/**
 * The server's worker pools and how routes use them: geometry on user input (drawn areas,
 * proposal checks) in one pool, imports in another (so a long import never delays a map
 * query), each job over its budget refused with a clear error instead of stalling the server.
 */
import type { Config } from '../config.ts';
import { apiError } from '../http/api-error.ts';
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
  return { running: new Set(), geometry, imports, config, close: async () => void (await Promise.all([geometry.close(), imports.close()])) };
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
    apiError(429, 'one-at-a-time', 'Another heavy request of yours (a drawn area, a proposal area, an import) is still running; wait for its answer, then try again.', { retryAfterS: 1, params: { max: 1 } }, { 'retry-after': '1' });
  }
  work.running.add(client);
  try {
    return await runOn<T>(work[pool], task, arg, o);
  } finally {
    work.running.delete(client);
  }
}

async function runOn<T>(pool: WorkerPool, task: TaskName, arg: unknown, o: Parameters<WorkerPool['run']>[2]): Promise<T> {
  try {
    return await pool.run<T>(task, arg, o);
  } catch (e) {
    if (e instanceof OverBudgetError) {
      if (e.budget === 'time') {
        apiError(503, 'over-budget', `The server stopped this job after ${e.limit / 1000} s. Try a smaller or simpler area (or file); if the server is busy, try again in a minute.`, { params: { budget: 'time', maxMs: e.limit } }, { 'retry-after': '60' });
      }
      apiError(413, 'over-budget', `This job needs more than the ${e.limit} MiB of memory the server gives one job. Use a smaller or simpler area (or split the file).`, { params: { budget: 'memory', maxMb: e.limit } });
    }
    if (e instanceof BusyError) {
      apiError(503, 'busy', 'The server is busy with other heavy requests; try again in a few seconds.', { params: { queued: e.queued } }, { 'retry-after': '5' });
    }
    throw e;
  }
}
