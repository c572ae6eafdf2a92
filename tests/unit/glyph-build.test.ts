/**
 * The glyph build (scripts/build/glyphs.ts): SDF glyphs from the bundled Noto Sans outlines,
 * with the metrics and PBF layout MapLibre reads.
 */
import { describe, expect, it } from 'vitest';
import { PbfReader } from 'pbf';
import { encodeGlyphPbf } from '../../scripts/build/glyphs.ts';
import { BUFFER, sdfGlyph } from '../../scripts/build/glyph-sdf.ts';

/** A 10×10 px square with a 4×4 hole (outer clockwise, inner counter-clockwise, y down). */
const squareWithHole = [
  { type: 'M' as const, x: 0, y: -10 },
  { type: 'L' as const, x: 10, y: -10 },
  { type: 'L' as const, x: 10, y: 0 },
  { type: 'L' as const, x: 0, y: 0 },
  { type: 'Z' as const },
  { type: 'M' as const, x: 3, y: -7 },
  { type: 'L' as const, x: 3, y: -3 },
  { type: 'L' as const, x: 7, y: -3 },
  { type: 'L' as const, x: 7, y: -7 },
  { type: 'Z' as const },
];

describe('glyph SDF', () => {
  const g = sdfGlyph(79, squareWithHole, 12.4);
  const at = (x: number, yUp: number) => g.bitmap[(BUFFER + (10 - yUp)) * (g.width + 2 * BUFFER) + BUFFER + x]!;

  it('has the box, bearings and advance MapLibre expects', () => {
    expect([g.width, g.height, g.left, g.advance]).toEqual([10, 10, 0, 12]);
    expect(g.top).toBe(10 - 27);
    expect(g.bitmap.length).toBe(16 * 16);
  });

  it('is above the edge value (192) inside the outline, below it in the hole and outside', () => {
    expect(at(1, 8)).toBeGreaterThan(192); // in the ring
    expect(at(5, 5)).toBeLessThan(192); // in the hole
    expect(g.bitmap[0]).toBeLessThan(at(0, 10)); // outside, in the buffer corner: lower than on the edge
    expect(g.bitmap[0]).toBeLessThan(192);
  });

  it('gives an outline-less glyph (a space) no bitmap', () => {
    const space = sdfGlyph(32, [], 6.2);
    expect(space.bitmap.length).toBe(0);
    expect(space.advance).toBe(6);
  });
});

describe('glyph PBF', () => {
  it('writes fontstack, range and glyphs, and leaves out the bitmap of an empty glyph', () => {
    const bytes = encodeGlyphPbf('Noto Sans Regular', '0-255', [sdfGlyph(32, [], 6), sdfGlyph(79, squareWithHole, 12)]);
    const read = new PbfReader(bytes);
    const stack = { name: '', range: '', glyphs: [] as Record<number, unknown>[] };
    read.readFields(
      (tag, s: typeof stack, pbf) => {
        if (tag !== 1) return;
        pbf.readMessage(
          (t, st: typeof stack, p) => {
            if (t === 1) st.name = p.readString();
            else if (t === 2) st.range = p.readString();
            else if (t === 3) {
              const glyph: Record<number, unknown> = {};
              p.readMessage((gt, gl: Record<number, unknown>, gp) => {
                gl[gt] = gt === 2 ? gp.readBytes().length : gt === 5 || gt === 6 ? gp.readSVarint() : gp.readVarint();
              }, glyph);
              st.glyphs.push(glyph);
            }
          },
          s,
        );
      },
      stack,
    );
    expect(stack.name).toBe('Noto Sans Regular');
    expect(stack.range).toBe('0-255');
    expect(stack.glyphs[0]).toEqual({ 1: 32, 3: 0, 4: 0, 5: 0, 6: -27, 7: 6 });
    expect(stack.glyphs[1]).toMatchObject({ 1: 79, 2: 256, 3: 10, 4: 10, 5: 0, 6: -17, 7: 12 });
  });
});
