/**
 * Static files: the build writes brotli and gzip copies (scripts/build/precompress.ts) and the
 * server picks one by Accept-Encoding, with Vary, keeping the year-long immutable cache of
 * hashed assets; the HTML shell is revalidated on every load.
 */
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { precompressDir } from '../../scripts/build/precompress.ts';
import { testApp } from '../helpers/test-app.ts';

const JS = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `słowo-${i}`))};\n`;
const HTML = `<!doctype html><html><head><title>viewer</title></head><body>${'<p>Plan na mapie</p>'.repeat(60)}</body></html>`;

describe('precompressed static files', () => {
  let app: ReturnType<typeof createApp>;
  let web = '';
  beforeAll(async () => {
    web = mkdtempSync(path.join(tmpdir(), 'kp-web-'));
    mkdirSync(path.join(web, 'assets'));
    writeFileSync(path.join(web, 'index.html'), HTML);
    writeFileSync(path.join(web, 'assets', 'app-abc123.js'), JS);
    writeFileSync(path.join(web, 'assets', 'tiny-abc123.js'), 'x()');
    expect(precompressDir(web)).toBe(2);
    app = createApp((await testApp()).deps, { webDir: web });
  });

  const get = (url: string, encoding?: string) => app.request(`http://localhost${url}`, { headers: encoding === undefined ? {} : { 'accept-encoding': encoding } });

  it('writes .br and .gz beside each compressible file, skipping tiny ones', () => {
    expect(existsSync(path.join(web, 'assets', 'app-abc123.js.br'))).toBe(true);
    expect(existsSync(path.join(web, 'assets', 'app-abc123.js.gz'))).toBe(true);
    expect(existsSync(path.join(web, 'assets', 'tiny-abc123.js.br'))).toBe(false);
  });

  it('sends brotli to a browser that accepts it, with the immutable cache and Vary', async () => {
    const res = await get('/assets/app-abc123.js', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBeLessThan(Buffer.byteLength(JS) / 3);
    expect(brotliDecompressSync(body).toString('utf8')).toBe(JS);
  });

  it('sends gzip when brotli is not accepted', async () => {
    const res = await get('/assets/app-abc123.js', 'gzip');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')).toBe(JS);
  });

  it('sends the file as it is without Accept-Encoding, still varying on it', async () => {
    const res = await get('/assets/app-abc123.js');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(await res.text()).toBe(JS);
  });

  it('serves the HTML shell compressed and never cached without revalidation', async () => {
    for (const url of ['/', '/index.html', '/some/deep/link']) {
      const res = await get(url, 'br');
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-encoding'), url).toBe('br');
      expect(res.headers.get('cache-control'), url).toBe('no-cache');
      expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString('utf8'), url).toBe(HTML);
    }
  });
});
