/**
 * A small pool of worker threads for geometry on user input and for imports, so the event
 * loop keeps answering while they run. Every job has a time budget and every worker a heap
 * budget (resourceLimits): a job over either is stopped, its worker replaced, and the caller
 * gets OverBudgetError (the route answers 503 or 413), never a stalled or crashed server.
 * A full queue answers BusyError (503 with Retry-After) at once.
 */
import { Worker } from 'node:worker_threads';
import type { TaskMessage, TaskName, TownContext } from './worker-tasks.ts';

export class OverBudgetError extends Error {
  constructor(
    readonly budget: 'time' | 'memory',
    readonly limit: number,
  ) {
    super(budget === 'time' ? `the job ran longer than ${limit} ms` : `the job needed more than ${limit} MiB of memory`);
    this.name = 'OverBudgetError';
  }
}

export class BusyError extends Error {
  constructor(readonly queued: number) {
    super(`${queued} jobs are waiting for a worker`);
    this.name = 'BusyError';
  }
}

export interface PoolOptions {
  size: number;
  memoryMb: number;
  /** Jobs allowed to wait for a free worker; more are refused with BusyError. */
  maxQueue: number;
  name: string;
  /** The worker's entry module (default: worker-entry.mjs, the geometry, import and report tasks). */
  entry?: URL;
}

interface Job {
  task: TaskName | string;
  ctx: { key: string; value: () => TownContext } | null;
  arg: unknown;
  transfer: ArrayBuffer[];
  timeMs: number;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  contexts: Set<string>;
  busy: boolean;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
let nextId = 1;

export class WorkerPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private closed = false;

  constructor(private readonly opts: PoolOptions) {}

  run<T>(task: TaskName | (string & {}), arg: unknown, o: { ctx?: { key: string; value: () => TownContext }; timeMs: number; transfer?: ArrayBuffer[] }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) return reject(new Error('the worker pool is closed'));
      const job: Job = { task, ctx: o.ctx ?? null, arg, transfer: o.transfer ?? [], timeMs: o.timeMs, resolve: resolve as (v: unknown) => void, reject };
      const free = this.freeSlot();
      if (free) return void this.start(free, job);
      if (this.queue.length >= this.opts.maxQueue) return reject(new BusyError(this.queue.length));
      this.queue.push(job);
    });
  }

  /** Starts the workers now, so the first request does not wait for one to load. */
  warm(): void {
    while (this.slots.length < this.opts.size) this.slots.push(this.spawn());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new Error('the worker pool is closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }

  private freeSlot(): Slot | undefined {
    const idle = this.slots.find((s) => !s.busy);
    if (idle) return idle;
    if (this.slots.length < this.opts.size) {
      const s = this.spawn();
      this.slots.push(s);
      return s;
    }
    return undefined;
  }

  private spawn(): Slot {
    const worker = new Worker(this.opts.entry ?? ENTRY, {
      // The entry registers tsx itself; the parent's own loader flags are not passed on.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.opts.memoryMb, maxYoungGenerationSizeMb: 32 },
      name: this.opts.name,
    });
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: { ready?: boolean }) => {
        if (m.ready) {
          worker.off('message', onMessage);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`worker exited with ${code} while starting`)));
    });
    ready.catch(() => undefined);
    return { worker, ready, contexts: new Set(), busy: false };
  }

  private async start(slot: Slot, job: Job) {
    slot.busy = true;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (replace: boolean) => {
      settled = true;
      clearTimeout(timer);
      slot.worker.off('message', onMessage);
      slot.worker.off('error', onError);
      slot.worker.off('exit', onExit);
      if (replace) {
        void slot.worker.terminate();
        this.slots = this.slots.filter((s) => s !== slot);
      } else slot.busy = false;
      this.next();
    };
    const id = nextId++;
    const onMessage = (m: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (m.id !== id || settled) return;
      finish(false);
      if (m.ok) job.resolve(m.value);
      else job.reject(new Error(m.error));
    };
    const onError = (err: Error & { code?: string }) => {
      if (settled) return;
      finish(true);
      job.reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new OverBudgetError('memory', this.opts.memoryMb) : err);
    };
    const onExit = () => {
      if (settled) return;
      finish(true);
      job.reject(new OverBudgetError('memory', this.opts.memoryMb));
    };
    slot.worker.on('message', onMessage);
    slot.worker.on('error', onError);
    slot.worker.on('exit', onExit);
    try {
      await slot.ready;
    } catch (e) {
      if (!settled) {
        finish(true);
        job.reject(e);
      }
      return;
    }
    if (settled) return;
    // The budget counts from when the worker could start, not while it was loading.
    timer = setTimeout(() => {
      if (settled) return;
      finish(true);
      job.reject(new OverBudgetError('time', job.timeMs));
    }, job.timeMs);
    const msg: TaskMessage = { id, task: job.task as TaskName, ctxKey: job.ctx?.key ?? null, arg: job.arg };
    if (job.ctx && !slot.contexts.has(job.ctx.key)) {
      msg.ctx = job.ctx.value();
      slot.contexts.add(job.ctx.key);
    }
    slot.worker.postMessage(msg, job.transfer);
  }

  private next() {
    while (this.queue.length) {
      const free = this.freeSlot();
      if (!free) return;
      this.start(free, this.queue.shift()!);
    }
  }
}
