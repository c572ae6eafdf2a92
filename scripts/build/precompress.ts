/**
 * Vite plugin: after the build, writes a brotli (.br) and a gzip (.gz) copy beside every
 * compressible file of the output (JS, CSS, HTML, JSON, SVG, glyph PBFs), so the server
 * sends them by content negotiation without compressing on each request (server/app.ts).
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(m?js|css|html|json|svg|pbf|txt|webmanifest)$/;
/** Below this size the headers outweigh the saving. */
const MIN_BYTES = 512;

function* filesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* filesUnder(p);
    else yield p;
  }
}

/** Writes FILE.br and FILE.gz for each compressible file under `dir`; returns how many files were compressed. */
export function precompressDir(dir: string): number {
  let n = 0;
  for (const file of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const raw = readFileSync(file);
    if (raw.length < MIN_BYTES) continue;
    writeFileSync(`${file}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
    writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
    n++;
  }
  return n;
}

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'kp-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const n = precompressDir(outDir);
      this.info?.(`precompressed ${n} files (br, gz)`);
    },
  };
}
