/**
 * OGC API items for a whole layer (`/ogc/krasnik/collections/<largest>/items?limit=10000`)
 * from our server (one Node process, started as `npm start` does), beside nginx (one worker)
 * serving the same bytes as a static file. autocannon on loopback, same connections and
 * duration for both, no compression on either side (autocannon sends no Accept-Encoding,
 * nginx has gzip off). Runs alternate ours/nginx for several rounds after a warm-up and
 * report medians, because a small shared machine drifts from minute to minute.
 *   apt-get install nginx-light   # once
 *   npx tsx bench/ogc-vs-nginx.ts [seconds=10] [connections=10] [rounds=3]
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { startServer, tempDir } from '../tests/helpers/server-process.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);
const rounds = Number(process.argv[4] ?? 3);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

interface Run {
  rps: number;
  p99: number;
  non2xx: number;
  bytesPerResponse: number;
}

async function load(url: string, duration = seconds): Promise<Run> {
  const r = await autocannon({ url, connections, duration });
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${url}: ${r.errors} errors, ${r.non2xx} non-2xx answers`);
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, bytesPerResponse: Math.round(r.throughput.average / r.requests.average) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const server = await startServer({ LOG_LEVEL: 'error' });
  const nginxDir = tempDir('kp-nginx-');
  try {
    const cols = (await (await fetch(`${server.url}/ogc/krasnik/collections`)).json()) as { collections: { id: string }[] };
    let largest = { id: '', size: 0 };
    for (const c of cols.collections) {
      const size = (await (await fetch(`${server.url}/ogc/krasnik/collections/${c.id}/items?limit=10000`)).arrayBuffer()).byteLength;
      if (size > largest.size) largest = { id: c.id, size };
    }
    const ours = `${server.url}/ogc/krasnik/collections/${largest.id}/items?limit=10000`;
    // The same bytes nginx will serve (only the timeStamp differs from one response to the next).
    writeFileSync(path.join(nginxDir, 'layer.geojson'), Buffer.from(await (await fetch(ours)).arrayBuffer()));
    const port = await freePort();
    // A plain static-file nginx: sendfile, and connections kept alive as long as Node keeps them.
    writeFileSync(
      path.join(nginxDir, 'nginx.conf'),
      `daemon off; worker_processes 1; pid ${nginxDir}/nginx.pid; error_log stderr error;
events { worker_connections 1024; }
http { access_log off; types { application/geo+json geojson; } gzip off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path ${nginxDir}; proxy_temp_path ${nginxDir}; fastcgi_temp_path ${nginxDir}; uwsgi_temp_path ${nginxDir}; scgi_temp_path ${nginxDir};
  server { listen 127.0.0.1:${port}; root ${nginxDir}; } }`,
    );
    const nginx = spawn('nginx', ['-c', path.join(nginxDir, 'nginx.conf'), '-p', nginxDir], { stdio: 'inherit' });
    await new Promise((r) => setTimeout(r, 500));
    try {
      const static_ = `http://127.0.0.1:${port}/layer.geojson`;
      if ((await fetch(static_)).status !== 200) throw new Error('nginx did not serve the file');
      await load(ours, 3); // warm-up: JIT, page cache
      await load(static_, 3);
      const a: Run[] = [];
      const b: Run[] = [];
      console.log(`layer "${largest.id}": ${largest.size} bytes per response; ${connections} connections, ${seconds} s per run, ${rounds} rounds; no gzip on either side`);
      for (let i = 0; i < rounds; i++) {
        a.push(await load(ours));
        b.push(await load(static_));
        console.log(`  round ${i + 1}: ours ${a[i]!.rps.toFixed(0)} req/s (p99 ${a[i]!.p99} ms), nginx ${b[i]!.rps.toFixed(0)} req/s (p99 ${b[i]!.p99} ms), ratio ${(a[i]!.rps / b[i]!.rps).toFixed(2)}`);
      }
      const [ra, rb] = [median(a.map((r) => r.rps)), median(b.map((r) => r.rps))];
      console.log(`ours  /ogc/krasnik/collections/${largest.id}/items?limit=10000: median ${ra.toFixed(0)} req/s, p99 ${median(a.map((r) => r.p99))} ms, ${a[0]!.bytesPerResponse} B/response`);
      console.log(`nginx static file: median ${rb.toFixed(0)} req/s, p99 ${median(b.map((r) => r.p99))} ms, ${b[0]!.bytesPerResponse} B/response`);
      console.log(`ratio ours / nginx (medians): ${(ra / rb).toFixed(2)} (target ≥ 0.8)`);
    } finally {
      nginx.kill('SIGTERM');
    }
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
