/**
 * Glyph PBFs from a bundled open font (Noto Sans, OFL, npm @fontsource/noto-sans), made at
 * build time: MapLibre fetches `/glyphs/<version>/{fontstack}/{range}.pbf` as static files
 * (server/http/glyphs.ts), so labels look the same on every machine and nothing is
 * rasterised in the page. The version is a hash of the font files and this generator, so the
 * files can be cached for a year.
 *
 * PBF layout (MapLibre's glyphs.proto):
 *   glyphs { repeated fontstack stacks = 1 }
 *   fontstack { string name = 1; string range = 2; repeated glyph glyphs = 3 }
 *   glyph { uint32 id = 1; bytes bitmap = 2; uint32 width = 3; uint32 height = 4;
 *           sint32 left = 5; sint32 top = 6; uint32 advance = 7 }
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import opentype, { type Font } from 'opentype.js';
import { PbfWriter } from 'pbf';
import type { Plugin } from 'vite';
import { FONT_SIZE, sdfGlyph, type SdfGlyph } from './glyph-sdf.ts';

/** The fontstacks the style names (styles/build-style.ts FONT_REGULAR, FONT_BOLD) and their font files. */
export const FONTSTACKS: Record<string, { weight: number }> = {
  'Noto Sans Regular': { weight: 400 },
  'Noto Sans Bold': { weight: 700 },
};
/** fontsource ships the font split by script; these two hold Latin and Polish (Latin Extended-A) and punctuation. */
const SUBSETS = ['latin', 'latin-ext'];
/**
 * The ranges our text uses: Basic Latin + Latin-1, Latin Extended-A (Polish), General
 * Punctuation (– „ ” …). Any other range is answered with an empty PBF by the server.
 */
export const RANGES = [0, 256, 8192];

const require = createRequire(import.meta.url);

function fontFiles(weight: number): string[] {
  const dir = path.join(path.dirname(require.resolve('@fontsource/noto-sans/package.json')), 'files');
  return SUBSETS.map((s) => path.join(dir, `noto-sans-${s}-${weight}-normal.woff`));
}

/** Encodes one fontstack's range as a glyph PBF (a glyph with no outline has no bitmap field, as MapLibre expects). */
export function encodeGlyphPbf(fontstack: string, range: string, glyphs: readonly SdfGlyph[]): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeMessage(
    1,
    (_: null, w: PbfWriter) => {
      w.writeStringField(1, fontstack);
      w.writeStringField(2, range);
      for (const g of glyphs) {
        w.writeMessage(
          3,
          (glyph: SdfGlyph, gw: PbfWriter) => {
            gw.writeVarintField(1, glyph.id);
            if (glyph.bitmap.length > 0) gw.writeBytesField(2, glyph.bitmap);
            gw.writeVarintField(3, glyph.width);
            gw.writeVarintField(4, glyph.height);
            gw.writeSVarintField(5, glyph.left);
            gw.writeSVarintField(6, glyph.top);
            gw.writeVarintField(7, glyph.advance);
          },
          g,
        );
      }
    },
    null,
  );
  return pbf.finish();
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** Every glyph PBF of every fontstack: "Noto Sans Regular/0-255.pbf" → bytes (the RANGES). */
export function buildGlyphs(): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [stack, { weight }] of Object.entries(FONTSTACKS)) {
    const fonts: Font[] = fontFiles(weight).map((f) => opentype.parse(toArrayBuffer(readFileSync(f))));
    const byRange = new Map<number, SdfGlyph[]>();
    for (const cp of RANGES.flatMap((start) => Array.from({ length: 256 }, (_, i) => start + i))) {
      if (cp < 32) continue;
      const ch = String.fromCodePoint(cp);
      const font = fonts.find((f) => f.charToGlyphIndex(ch) > 0);
      if (!font) continue;
      const glyph = font.glyphs.get(font.charToGlyphIndex(ch));
      const scale = FONT_SIZE / font.unitsPerEm;
      const g = sdfGlyph(cp, glyph.getPath(0, 0, FONT_SIZE).commands, (glyph.advanceWidth ?? 0) * scale);
      const start = cp - (cp % 256);
      (byRange.get(start) ?? byRange.set(start, []).get(start)!).push(g);
    }
    for (const [start, glyphs] of byRange) {
      const range = `${start}-${start + 255}`;
      out.set(`${stack}/${range}.pbf`, encodeGlyphPbf(stack, range, glyphs));
    }
  }
  return out;
}

/** A hash of what the glyphs are made from: the font files and this generator's code. */
export function glyphsVersion(): string {
  const h = createHash('sha256');
  for (const { weight } of Object.values(FONTSTACKS)) for (const f of fontFiles(weight)) h.update(readFileSync(f));
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const f of ['glyphs.ts', 'glyph-sdf.ts']) h.update(readFileSync(path.join(here, f)));
  return h.digest('hex').slice(0, 10);
}

/** The glyphs of this version, made once and kept in node_modules/.cache (a few seconds of work per build saved). */
function cachedGlyphs(version: string): Map<string, Uint8Array> {
  const dir = path.join(path.dirname(require.resolve('@fontsource/noto-sans/package.json')), '..', '..', '.cache', 'kp-glyphs', version);
  const names = Object.keys(FONTSTACKS).flatMap((stack) => RANGES.map((start) => `${stack}/${start}-${start + 255}.pbf`));
  if (names.every((n) => existsSync(path.join(dir, n)))) return new Map(names.map((n) => [n, new Uint8Array(readFileSync(path.join(dir, n)))]));
  const glyphs = buildGlyphs();
  for (const [name, bytes] of glyphs) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
  }
  return glyphs;
}

/**
 * Vite plugin: defines `__KP_GLYPHS_URL__` for the viewer's style and emits the glyph PBFs
 * into the build (`glyphs/<version>/…`); in `npm run dev` serves them from memory.
 */
export function glyphs(): Plugin {
  const version = glyphsVersion();
  const base = `/glyphs/${version}/`;
  let built: Map<string, Uint8Array> | null = null;
  const all = () => (built ??= cachedGlyphs(version));
  return {
    name: 'kp-glyphs',
    config: () => ({ define: { __KP_GLYPHS_URL__: JSON.stringify(`${base}{fontstack}/{range}.pbf`) } }),
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = decodeURIComponent((req.url ?? '').split('?')[0]!);
        if (!url.startsWith(base)) return next();
        const bytes = all().get(url.slice(base.length)) ?? encodeGlyphPbf('', '', []);
        res.setHeader('content-type', 'application/x-protobuf');
        res.end(Buffer.from(bytes));
      });
    },
    generateBundle() {
      for (const [name, bytes] of all()) this.emitFile({ type: 'asset', fileName: `glyphs/${version}/${name}`, source: bytes });
    },
  };
}
