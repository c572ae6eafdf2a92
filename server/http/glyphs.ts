/**
 * The label glyphs made at build time (scripts/build/glyphs.ts), as static files:
 * GET /glyphs/<version>/<fontstack>/<start>-<end>.pbf, brotli or gzip by Accept-Encoding,
 * cached for a year (the version changes with the font). A range the build did not make
 * (a script our text does not use) is an empty glyph set, so MapLibre just skips those
 * characters, as with any glyph server. A font we do not have (a vector basemap's) gets
 * Noto Sans in its weight; an unknown version is a 404.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { PbfWriter } from 'pbf';
import { refuse } from './api-error.ts';

const VERSION = /^[0-9a-f]{6,64}$/;
const FONTSTACK = /^[\p{L}\p{N} ,._-]{1,200}$/u;
const REGULAR = 'Noto Sans Regular';
const BOLD = 'Noto Sans Bold';
const RANGE = /^(\d{1,5})-(\d{1,5})\.pbf$/;
const ENCODINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

function emptyRange(fontstack: string, range: string): Uint8Array<ArrayBuffer> {
  const pbf = new PbfWriter();
  pbf.writeMessage(1, (_: null, w: PbfWriter) => {
    w.writeStringField(1, fontstack);
    w.writeStringField(2, range);
  }, null);
  return new Uint8Array(pbf.finish());
}

export function glyphRoutes(webDir: string) {
  const app = new Hono();
  app.get('/:version/:fontstack/:range', async (c) => {
    const { version, fontstack, range } = c.req.param();
    const m = RANGE.exec(range);
    const start = Number(m?.[1]);
    if (!m || start % 256 !== 0 || Number(m[2]) !== start + 255 || start > 65280) {
      refuse(400, 'bad-glyph-range', { field: 'range', value: range.slice(0, 40) });
    }
    const root = path.join(webDir, 'glyphs', version);
    if (!VERSION.test(version) || !existsSync(root)) {
      refuse(404, 'not-found', { rule: 'glyphs', field: 'version', value: version.slice(0, 40) });
    }
    if (!FONTSTACK.test(fontstack)) {
      refuse(400, 'bad-fontstack', { field: 'fontstack', max: 200 });
    }
    const own = !fontstack.includes(',') && !fontstack.includes('.') && existsSync(path.join(root, fontstack));
    const dir = path.join(root, own ? fontstack : /bold|black|heavy|semibold/i.test(fontstack) ? BOLD : REGULAR);
    const headers: Record<string, string> = {
      'content-type': 'application/x-protobuf',
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
    };
    const file = path.join(dir, range);
    if (!existsSync(file)) return c.body(emptyRange(fontstack, range.replace(/\.pbf$/, '')), 200, headers);
    const accepted = new Set((c.req.header('accept-encoding') ?? '').split(',').map((e) => e.trim().split(';')[0]));
    for (const [encoding, ext] of ENCODINGS) {
      if (accepted.has(encoding) && existsSync(file + ext)) return c.body(await readFile(file + ext), 200, { ...headers, 'content-encoding': encoding });
    }
    return c.body(await readFile(file), 200, headers);
  });
  return app;
}
