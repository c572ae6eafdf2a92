/**
 * Offline labels: MapLibre asks for glyph PBFs ("fontstack/range"); this custom protocol
 * renders each 256-code-point range in the page's own sans-serif font with TinySDF and
 * encodes the same PBF a glyph server would send. No network, no font files to ship.
 *
 * PBF layout (MapLibre's glyphs.proto):
 *   glyphs { repeated fontstack stacks = 1 }
 *   fontstack { string name = 1; string range = 2; repeated glyph glyphs = 3 }
 *   glyph { uint32 id = 1; bytes bitmap = 2; uint32 width = 3; uint32 height = 4;
 *           sint32 left = 5; sint32 top = 6; uint32 advance = 7 }
 * width/height are the glyph box without the 3-pixel buffer; the bitmap is (width+6)×(height+6).
 */
import TinySDF from '@mapbox/tiny-sdf';
import { PbfWriter } from 'pbf';

export const GLYPH_PROTOCOL = 'kpglyphs';
export const GLYPHS_URL = `${GLYPH_PROTOCOL}://{fontstack}/{range}`;

const FONT_SIZE = 24;
const BUFFER = 3;

export interface RenderedGlyph {
  id: number;
  bitmap: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

/** Parses "kpglyphs://Noto Sans Bold/256-511" (the fontstack may be URL-encoded, the range may end in .pbf). */
export function parseGlyphUrl(url: string): { fontstack: string; start: number; end: number } {
  const rest = url.slice(`${GLYPH_PROTOCOL}://`.length);
  const slash = rest.lastIndexOf('/');
  const fontstack = decodeURIComponent(rest.slice(0, slash));
  const m = /^(\d+)-(\d+)/.exec(rest.slice(slash + 1));
  if (!m) throw new Error(`glyph range is required in "${url}"`);
  return { fontstack, start: Number(m[1]), end: Number(m[2]) };
}

/** Encodes one fontstack's glyphs as a glyph PBF. */
export function encodeGlyphPbf(fontstack: string, range: string, glyphs: readonly RenderedGlyph[]): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeMessage(1, (_: null, w: PbfWriter) => {
    w.writeStringField(1, fontstack);
    w.writeStringField(2, range);
    for (const g of glyphs) {
      w.writeMessage(3, (glyph: RenderedGlyph, gw: PbfWriter) => {
        gw.writeVarintField(1, glyph.id);
        gw.writeBytesField(2, glyph.bitmap);
        gw.writeVarintField(3, glyph.width);
        gw.writeVarintField(4, glyph.height);
        gw.writeSVarintField(5, glyph.left);
        gw.writeSVarintField(6, glyph.top);
        gw.writeVarintField(7, glyph.advance);
      }, g);
    }
  }, null);
  return pbf.finish();
}

function pageFontFamily(): string {
  const family = typeof document !== 'undefined' ? getComputedStyle(document.body).fontFamily : '';
  return family || 'sans-serif';
}

const sdfByWeight = new Map<string, TinySDF>();
function sdfFor(bold: boolean): TinySDF {
  const weight = bold ? 'bold' : 'normal';
  let sdf = sdfByWeight.get(weight);
  if (!sdf) {
    sdf = new TinySDF({ fontSize: FONT_SIZE, buffer: BUFFER, radius: 8, cutoff: 0.25, fontFamily: pageFontFamily(), fontWeight: weight });
    sdfByWeight.set(weight, sdf);
  }
  return sdf;
}

/** Renders code points start…end (inclusive) in the page font; bold when the fontstack says Bold. */
export function renderGlyphRange(fontstack: string, start: number, end: number): RenderedGlyph[] {
  const sdf = sdfFor(/bold/i.test(fontstack));
  const out: RenderedGlyph[] = [];
  for (let id = start; id <= end; id++) {
    // Control characters and lone surrogates have no glyph.
    if (id < 32 || (id >= 0x7f && id < 0xa0) || (id >= 0xd800 && id <= 0xdfff)) continue;
    const g = sdf.draw(String.fromCodePoint(id));
    out.push({
      id,
      bitmap: new Uint8Array(g.data.buffer, g.data.byteOffset, g.data.byteLength),
      width: g.glyphWidth,
      height: g.glyphHeight,
      // MapLibre's own local glyphs use the same offsets (glyph-manager: left + 0.5, top − 27).
      left: Math.round(g.glyphLeft + 0.5),
      top: g.glyphTop - 27,
      advance: Math.round(g.glyphAdvance),
    });
  }
  return out;
}

const cache = new Map<string, ArrayBuffer>();

function rangePbf(fontstack: string, start: number, end: number): ArrayBuffer {
  const key = `${fontstack}/${start}-${end}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const t0 = performance.now();
  const bytes = encodeGlyphPbf(fontstack, `${start}-${end}`, renderGlyphRange(fontstack, start, end));
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  cache.set(key, data);
  performance.measure(`kp-glyphs ${key}`, { start: t0, end: performance.now() });
  return data;
}

/** The protocol handler: "kpglyphs://{fontstack}/{range}" → glyph PBF bytes. */
export async function loadGlyphs(url: string): Promise<{ data: ArrayBuffer }> {
  const { fontstack, start, end } = parseGlyphUrl(url);
  return { data: rangePbf(fontstack, start, end) };
}

/**
 * Renders the ranges every Polish label needs (Basic Latin + Latin-1, Latin Extended-A)
 * ahead of time, while MapLibre's workers start, so labels do not wait for them.
 */
export function prewarmGlyphs(fontstacks: readonly string[]): void {
  const jobs = fontstacks.flatMap((f) => [[f, 0, 255], [f, 256, 511]] as const);
  const next = () => {
    const job = jobs.shift();
    if (!job) return;
    rangePbf(job[0], job[1], job[2]);
    setTimeout(next, 0);
  };
  setTimeout(next, 0);
}

interface ProtocolHost {
  addProtocol(name: string, load: (params: { url: string }, abort: AbortController) => Promise<{ data: ArrayBuffer }>): void;
}

/** Registers the glyph protocol on a MapLibre module (call once, before creating the map). */
export function registerLocalGlyphs(maplibre: ProtocolHost): void {
  maplibre.addProtocol(GLYPH_PROTOCOL, (params) => loadGlyphs(params.url));
}
