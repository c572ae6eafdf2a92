/**
 * A throwaway PostgreSQL + PostGIS cluster on loopback for the tests: initdb into a temporary
 * folder, start on a free port, stop and delete at the end. Debian's binaries are used
 * (/usr/lib/postgresql/<version>/bin); as root (CI) they run as the `postgres` user, since
 * initdb refuses root. Missing binaries are a failure with the apt-get line, never a skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const INSTALL = 'install them with: apt-get install postgresql postgresql-15-postgis-3 (Debian 12), or run .ci/run';

export interface Cluster {
  /** Superuser URL of the `postgres` database (for CREATE DATABASE). */
  adminUrl: string;
  port: number;
  dir: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error(`PostgreSQL server binaries (initdb, pg_ctl) not found under ${root}; ${INSTALL}`);
  const v = versions[0]!;
  if (!existsSync(`/usr/share/postgresql/${v}/extension/postgis.control`)) throw new Error(`PostGIS for PostgreSQL ${v} is not installed; ${INSTALL.replace('15', v)}`);
  return path.join(root, v, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

/** Starts a new cluster; `fsync` stays on, so durability tests mean what they say. */
export async function startCluster(): Promise<Cluster> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'kp-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = path.join(dir, 'data');
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'kp', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const pgCtl = path.join(bin, 'pg_ctl');
  const start = () => run(pgCtl, ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`]);
  const stop = () => run(pgCtl, ['-D', data, '-w', '-m', 'fast', 'stop']);
  start();
  const adminUrl = `postgres://kp@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    port,
    dir,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let n = 0;
/** A new empty database with PostGIS in the cluster; its URL. */
export async function createDatabase(adminUrl: string, prefix = 'kp'): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${++n}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const d = new pg.Client({ connectionString: url });
  await d.connect();
  try {
    await d.query('CREATE EXTENSION postgis');
  } finally {
    await d.end();
  }
  return url;
}
