/**
 * Proposals created per second through the HTTP API (autocannon on loopback, several
 * connections, the real server process with its SQLite store, synchronous=FULL), beside
 * the store's raw insert rate in the same run.
 *   npx tsx bench/proposals-throughput.ts [seconds=10] [connections=16]
 */
import path from 'node:path';
import autocannon from 'autocannon';
import { distanceBetweenM } from '../server/geo/distance-between-m.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import { startServer, tempDir } from '../tests/helpers/server-process.ts';
import { miniPacksDir, residentTokens, treeProposals } from './write-load.ts';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 16);

// Spots on a 0.00005° grid (≈3.5 × 5.6 m, more than the 3 m rule) across the fixture town, skipping its pond.
function spot(k: number): [number, number] {
  const cols = 390;
  for (;;) {
    const lon = 22.0005 + (k % cols) * 0.00005;
    const lat = 50.9005 + Math.floor(k / cols) * 0.00005;
    if (!(lon > 22.0008 && lon < 22.0042 && lat > 50.9083 && lat < 50.9097)) return [lon, lat];
    k += 1_000_000; // move far away from the pond rows (never reached in practice)
  }
}

async function rawInsertRate(n: number) {
  const dir = tempDir('kp-bench-raw-');
  const store = openSqliteStore(path.join(dir, 'raw.sqlite'));
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const [lon, lat] = spot(i);
    const r = await store.createProposal(
      { id: `raw-${i}`, city: 'mini', kind: 'tree', geometry: { type: 'Point', coordinates: [lon, lat] }, bbox: [lon, lat, lon, lat], lon, lat, district: 'zachod', species: 'tilia-cordata', count: 1, note: '', author: { kind: 'resident', id: 'r', name: 'r' }, createdAt: new Date().toISOString() },
      { minM: 3, distanceM: distanceBetweenM },
    );
    if (!r.ok) throw new Error(`raw insert ${i} refused`);
  }
  const ms = performance.now() - start;
  await store.close();
  return { n, ms, perS: n / (ms / 1000) };
}

async function main() {
  const server = await startServer({ PACKS_DIR: miniPacksDir(), RATE_LIMIT_WRITES: '100000000', RATE_LIMIT_SIGNUPS: '100000000', LOG_LEVEL: 'error' });
  try {
    const tokens = await residentTokens(server.url, connections);
    const result = await autocannon({
      url: `${server.url}/api/cities/mini/proposals`,
      connections,
      duration: seconds,
      requests: treeProposals(tokens, spot),
    });
    const created = result['2xx'];
    const check = (await (await fetch(`${server.url}/api/cities/mini/proposals?limit=1`)).json()) as { numberMatched: number };
    const raw = await rawInsertRate(5000);
    console.log(`HTTP: ${created} proposals created (201) in ${result.duration.toFixed(1)} s over ${connections} connections; non-2xx: ${result.non2xx}, errors: ${result.errors}`);
    console.log(`HTTP: ${(created / result.duration).toFixed(0)} durable proposals/s; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    const inFlight = check.numberMatched - created;
    console.log(`stored after the run: ${check.numberMatched} = ${created} acknowledged + ${inFlight} in flight when autocannon stopped (≤ ${connections} connections: ${inFlight >= 0 && inFlight <= connections ? 'ok' : 'NOT ok'})`);
    console.log(`store raw insert, one writer awaiting each (same rules, no HTTP; one fsync per proposal): ${raw.perS.toFixed(0)} proposals/s (${raw.n} in ${raw.ms.toFixed(0)} ms)`);
    console.log(`ratio HTTP / raw: ${(created / result.duration / raw.perS).toFixed(2)}; target ≥ 1000 proposals/s over HTTP: ${created / result.duration >= 1000 ? 'met' : 'NOT met'}`);
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
