// A read-only connection to the SQLite file, in a worker thread, so that a long read (a count
// over a large bbox at a million proposals) never holds the server's event loop. Plain
// JavaScript so that it runs the same under tsx, vitest and a built server.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();

parentPort.on('message', ({ id, sql, args, mode }) => {
  try {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      if (statements.size > 200) statements.clear();
      statements.set(sql, st);
    }
    const value = mode === 'pluck' ? st.pluck().get(...args) : st.pluck(false).all(...args);
    parentPort.postMessage({ id, ok: true, value });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: String(err && err.message ? err.message : err) });
  }
});
