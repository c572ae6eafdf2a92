/**
 * Reads that can take long at scale (a page of proposals with its total, over a large bbox or a
 * whole town of a million) run on read-only connections in worker threads; WAL lets them read
 * while the main connection writes, and they see every write that has been acknowledged.
 * An in-memory database (tests) cannot be shared with a thread: there the reads run in place.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface Reader {
  all<T>(sql: string, args: unknown[]): Promise<T[]>;
  pluck<T>(sql: string, args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'read-worker.mjs');

/** Runs the reads on the main connection (the in-memory case). */
export function inPlaceReader(db: Database.Database): Reader {
  return {
    all: async <T>(sql: string, args: unknown[]) => db.prepare(sql).all(...args) as T[],
    pluck: async <T>(sql: string, args: unknown[]) => db.prepare(sql).pluck().get(...args) as T,
    close: async () => undefined,
  };
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** `size` worker threads, each with its own read-only connection; a read goes to the least busy. */
export function threadReader(file: string, size = 2): Reader {
  let next = 0;
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(WORKER, { workerData: { file } });
    const pending = new Map<number, Pending>();
    w.on('message', (m: { id: number; ok: boolean; value?: unknown; message?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) p?.resolve(m.value);
      else p?.reject(new Error(m.message));
    });
    w.on('error', (err) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    w.unref();
    return { w, pending };
  });
  const run = (sql: string, args: unknown[], mode: 'all' | 'pluck') =>
    new Promise((resolve, reject) => {
      const slot = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = ++next;
      slot.pending.set(id, { resolve, reject });
      slot.w.postMessage({ id, sql, args, mode });
    });
  return {
    all: <T>(sql: string, args: unknown[]) => run(sql, args, 'all') as Promise<T[]>,
    pluck: <T>(sql: string, args: unknown[]) => run(sql, args, 'pluck') as Promise<T>,
    close: async () => {
      await Promise.all(workers.map(({ w }) => w.terminate()));
    },
  };
}
