/**
 * What the abuse suite needs around an attack: the real server's /healthz latency sampled
 * while the attack runs (the largest one is the figure), the server's resident memory read
 * from /proc, and requests that come from a chosen client address through one trusted proxy.
 */
import { spawn } from 'node:child_process';
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

/**
 * Asks /healthz again and again, one request at a time, from a process of its own (so the test
 * process's own work — building payloads, reading big answers — never shows up as server
 * latency); prints each latency in ms, one a line, until its stdin closes.
 */
const SAMPLER = `
const url = process.argv[1];
let running = true;
process.stdin.on('end', () => (running = false));
process.stdin.resume();
(async () => {
  while (running) {
    const t0 = performance.now();
    const r = await fetch(url + '/healthz');
    await r.arrayBuffer();
    process.stdout.write((r.status === 200 ? (performance.now() - t0).toFixed(2) : 'status ' + r.status) + '\\n');
  }
})();
`;

/** Samples /healthz (from another process) while `attack` runs, and the server's memory. */
export async function during<T>(url: string, pid: number, attack: () => Promise<T>): Promise<Measured<T>> {
  const child = spawn(process.execPath, ['-e', SAMPLER, url], { stdio: ['pipe', 'pipe', 'inherit'] });
  const latencies: number[] = [];
  let bad = '';
  let maxRssMb = rssMb(pid);
  let buffered = '';
  let firstSample: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (firstSample = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const l of lines) {
      if (l.startsWith('status')) bad = l;
      else latencies.push(Number(l));
      maxRssMb = Math.max(maxRssMb, rssMb(pid));
    }
    if (latencies.length >= 3) firstSample();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await started; // the sampler is running before the attack begins
  let result: T;
  try {
    result = await attack();
  } finally {
    child.stdin!.end();
    await exited;
  }
  if (bad) throw new Error(`/healthz answered ${bad}`);
  return { result, maxHealthMs: Math.max(...latencies), healthSamples: latencies.length, maxRssMb };
}

/** The machine's own scheduling noise: the largest /healthz latency of `n` requests with no attack running. */
export async function idleNoise(url: string, pid: number, n = 40): Promise<number> {
  let count = 0;
  const m = await during(url, pid, async () => {
    // Stop once the sampler has taken n requests (counted by asking the same way, in this process).
    while (count < n) {
      await (await fetch(`${url}/healthz`)).arrayBuffer();
      count++;
    }
  });
  return m.maxHealthMs;
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
  // .dbf: one character field NAZWA of width 7 holding the point's number (varied enough that
  // the archive stays within the zip bomb ratio the importer allows).
  const width = 7;
  const headerLen = 32 + 32 + 1;
  const dbf = Buffer.alloc(headerLen + n * (width + 1) + 1);
  dbf.writeUInt8(3, 0);
  dbf.writeUInt32LE(n, 4);
  dbf.writeUInt16LE(headerLen, 8);
  dbf.writeUInt16LE(width + 1, 10);
  dbf.write('NAZWA', 32, 'ascii');
  dbf.write('C', 43, 'ascii');
  dbf.writeUInt8(width, 48);
  dbf.writeUInt8(0x0d, 64);
  for (let i = 0; i < n; i++) {
    const o = headerLen + i * (width + 1);
    dbf.writeUInt8(0x20, o);
    dbf.write(String((i * 2654435761) % 9_999_999).padStart(width, '0'), o + 1, 'ascii');
  }
  dbf.writeUInt8(0x1a, dbf.length - 1);
  return zip([
    { name: 'punkty.shp', data: shp },
    { name: 'punkty.shx', data: shx },
    { name: 'punkty.dbf', data: dbf },
  ]);
}
