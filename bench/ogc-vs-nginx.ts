/**
 * OGC API items for a whole layer (`/items?limit=10000`) from our server, beside nginx
 * serving the same bytes as a static file, in the same run (autocannon on loopback, no
 * compression on either side, one nginx worker against one Node process).
 *   apt-get install nginx-light   # once
 *   npx tsx bench/ogc-vs-nginx.ts [seconds=10] [connections=10]
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { startServer, tempDir } from '../tests/helpers/server-process.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function load(url: string) {
  const r = await autocannon({ url, connections, duration: seconds });
  return { rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx, bytes: r.throughput.average };
}

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
    writeFileSync(path.join(nginxDir, 'layer.geojson'), Buffer.from(await (await fetch(ours)).arrayBuffer()));
    const port = await freePort();
    writeFileSync(
      path.join(nginxDir, 'nginx.conf'),
      `daemon off; worker_processes 1; pid ${nginxDir}/nginx.pid; error_log stderr error;
events { worker_connections 1024; }
http { access_log off; types { application/geo+json geojson; } gzip off;
  client_body_temp_path ${nginxDir}; proxy_temp_path ${nginxDir}; fastcgi_temp_path ${nginxDir}; uwsgi_temp_path ${nginxDir}; scgi_temp_path ${nginxDir};
  server { listen 127.0.0.1:${port}; root ${nginxDir}; } }`,
    );
    const nginx = spawn('nginx', ['-c', path.join(nginxDir, 'nginx.conf'), '-p', nginxDir], { stdio: 'inherit' });
    await new Promise((r) => setTimeout(r, 500));
    try {
      const static_ = `http://127.0.0.1:${port}/layer.geojson`;
      if ((await fetch(static_)).status !== 200) throw new Error('nginx did not serve the file');
      const a = await load(ours);
      const b = await load(static_);
      console.log(`layer "${largest.id}": ${largest.size} bytes per response, ${connections} connections, ${seconds} s each, no gzip`);
      console.log(`ours  /ogc/krasnik/collections/${largest.id}/items?limit=10000: ${a.rps.toFixed(0)} req/s, p99 ${a.p99} ms, non-2xx ${a.non2xx}`);
      console.log(`nginx static file:                                   ${b.rps.toFixed(0)} req/s, p99 ${b.p99} ms, non-2xx ${b.non2xx}`);
      console.log(`ratio ours / nginx: ${(a.rps / b.rps).toFixed(2)} (target ≥ 0.8)`);
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
