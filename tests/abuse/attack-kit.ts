/**
 * What the abuse suite needs around an attack: the real server's /healthz latency sampled
 * while the attack runs (the largest one is the figure), the server's resident memory read
 * from /proc, and requests that come from a chosen client address through one trusted proxy.
 */
import { readFileSync } from 'node:fs';

export interface Measured<T> {
  result: T;
  /** Largest /healthz latency seen while the attack ran, in ms. */
  maxHealthMs: number;
  healthSamples: number;
  /** Largest resident set size of the server process seen meanwhile, in MiB. */
  maxRssMb: number;
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Runs `attack` while /healthz is asked again and again (one at a time), and the server's memory read. */
export async function during<T>(url: string, pid: number, attack: () => Promise<T>): Promise<Measured<T>> {
  let running = true;
  let maxHealthMs = 0;
  let healthSamples = 0;
  let maxRssMb = rssMb(pid);
  const sampler = (async () => {
    while (running || healthSamples < 3) {
      const t0 = performance.now();
      const r = await fetch(`${url}/healthz`);
      await r.arrayBuffer();
      const dt = performance.now() - t0;
      if (r.status !== 200) throw new Error(`/healthz answered ${r.status}`);
      maxHealthMs = Math.max(maxHealthMs, dt);
      healthSamples++;
      maxRssMb = Math.max(maxRssMb, rssMb(pid));
    }
  })();
  let result: T;
  try {
    result = await attack();
  } finally {
    running = false;
    await sampler;
  }
  return { result, maxHealthMs, healthSamples, maxRssMb };
}

/** Headers of a request a trusted proxy forwards for client `ip`; `spoofed` is what the client itself wrote. */
export function via(ip: string, spoofed?: string, headers: Record<string, string> = {}): Record<string, string> {
  return { ...headers, 'x-forwarded-for': spoofed ? `${spoofed}, ${ip}` : ip };
}

export const json = (body: unknown, headers: Record<string, string> = {}, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** A star: `n` vertices alternating between two radii around (lon, lat) — simple, but spiky. */
export function star(n: number, lon: number, lat: number, r1: number, r2: number, decimals = 6): number[][] {
  const ring = Array.from({ length: n }, (_, i) => {
    const r = i % 2 ? r2 : r1;
    const a = (2 * Math.PI * i) / n;
    return [+(lon + r * Math.cos(a)).toFixed(decimals), +(lat + r * 0.6 * Math.sin(a)).toFixed(decimals)];
  });
  return [...ring, ring[0]!];
}

/** A zipped point Shapefile of `n` points, written straight into buffers (no per-point objects). */
export function pointShapefile(n: number, zip: (entries: { name: string; data: Uint8Array }[]) => Buffer): Buffer {
  const shp = Buffer.alloc(100 + n * 28);
  const shx = Buffer.alloc(100 + n * 8);
  for (const [buf, len] of [[shp, shp.length], [shx, shx.length]] as const) {
    buf.writeInt32BE(9994, 0);
    buf.writeInt32BE(len / 2, 24);
    buf.writeInt32LE(1000, 28);
    buf.writeInt32LE(1, 32);
    [22.0, 50.9, 22.02, 50.91].forEach((v, i) => buf.writeDoubleLE(v, 36 + 8 * i));
  }
  for (let i = 0; i < n; i++) {
    const o = 100 + i * 28;
    shp.writeInt32BE(i + 1, o);
    shp.writeInt32BE(10, o + 4);
    shp.writeInt32LE(1, o + 8);
    shp.writeDoubleLE(22.0 + (i % 1000) * 2e-5, o + 12);
    shp.writeDoubleLE(50.9 + Math.floor(i / 1000) * 3e-6, o + 20);
    shx.writeInt32BE((100 + i * 28) / 2, 100 + i * 8);
    shx.writeInt32BE(10, 104 + i * 8);
  }
  // .dbf: one character field NAZWA of width 1, every record "p".
  const headerLen = 32 + 32 + 1;
  const dbf = Buffer.alloc(headerLen + n * 2 + 1);
  dbf.writeUInt8(3, 0);
  dbf.writeUInt32LE(n, 4);
  dbf.writeUInt16LE(headerLen, 8);
  dbf.writeUInt16LE(2, 10);
  dbf.write('NAZWA', 32, 'ascii');
  dbf.write('C', 43, 'ascii');
  dbf.writeUInt8(1, 48);
  dbf.writeUInt8(0x0d, 64);
  for (let i = 0; i < n; i++) {
    dbf.writeUInt8(0x20, headerLen + i * 2);
    dbf.writeUInt8(0x70, headerLen + i * 2 + 1);
  }
  dbf.writeUInt8(0x1a, dbf.length - 1);
  return zip([
    { name: 'punkty.shp', data: shp },
    { name: 'punkty.shx', data: shx },
    { name: 'punkty.dbf', data: dbf },
  ]);
}
