/**
 * Signed distance fields of glyph outlines, in pure TypeScript (no canvas): the outline is
 * flattened into segments and each pixel gets its distance to the nearest one, negative inside
 * (non-zero winding). Same size, buffer, radius and cutoff as MapLibre's own glyphs (24 px,
 * 3 px buffer, radius 8, cutoff 0.25), so labels have the metrics MapLibre expects.
 */
import type { PathCommand } from 'opentype.js';

export const FONT_SIZE = 24;
export const BUFFER = 3;
const RADIUS = 8;
const CUTOFF = 0.25;

export interface SdfGlyph {
  id: number;
  /** (width + 6) × (height + 6) bytes; empty for a glyph with no outline (a space). */
  bitmap: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

type Seg = [number, number, number, number];

/** Outline commands (y down, baseline at 0) → closed polygons as line segments. */
export function flatten(commands: readonly PathCommand[]): Seg[] {
  const segs: Seg[] = [];
  let x = 0;
  let y = 0;
  let sx = 0;
  let sy = 0;
  const lineTo = (nx: number, ny: number) => {
    if (nx !== x || ny !== y) segs.push([x, y, nx, ny]);
    x = nx;
    y = ny;
  };
  for (const c of commands) {
    if (c.type === 'M') {
      if (x !== sx || y !== sy) lineTo(sx, sy);
      x = sx = c.x!;
      y = sy = c.y!;
    } else if (c.type === 'L') lineTo(c.x!, c.y!);
    else if (c.type === 'Q') {
      const [x0, y0] = [x, y];
      for (let i = 1; i <= 8; i++) {
        const t = i / 8;
        const u = 1 - t;
        lineTo(u * u * x0 + 2 * u * t * c.x1! + t * t * c.x!, u * u * y0 + 2 * u * t * c.y1! + t * t * c.y!);
      }
    } else if (c.type === 'C') {
      const [x0, y0] = [x, y];
      for (let i = 1; i <= 12; i++) {
        const t = i / 12;
        const u = 1 - t;
        lineTo(
          u * u * u * x0 + 3 * u * u * t * c.x1! + 3 * u * t * t * c.x2! + t * t * t * c.x!,
          u * u * u * y0 + 3 * u * u * t * c.y1! + 3 * u * t * t * c.y2! + t * t * t * c.y!,
        );
      }
    } else if (c.type === 'Z') lineTo(sx, sy);
  }
  if (x !== sx || y !== sy) lineTo(sx, sy);
  return segs;
}

function distanceToSegment(px: number, py: number, [ax, ay, bx, by]: Seg): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return Math.sqrt(qx * qx + qy * qy);
}

/** Non-zero winding per pixel of one row (pixel centres at x0 + i + 0.5), from the crossings of the row's centre line. */
function insideRow(py: number, x0: number, w: number, segs: readonly Seg[], out: Uint8Array): void {
  const crossings: [number, number][] = [];
  for (const [ax, ay, bx, by] of segs) {
    if ((ay <= py && by > py) || (by <= py && ay > py)) crossings.push([ax + ((py - ay) / (by - ay)) * (bx - ax), by > ay ? 1 : -1]);
  }
  crossings.sort((p, q) => p[0] - q[0]);
  out.fill(0);
  let wind = 0;
  let k = 0;
  for (let i = 0; i < w; i++) {
    const px = x0 + i + 0.5;
    while (k < crossings.length && crossings[k]![0] <= px) wind += crossings[k++]![1];
    out[i] = wind !== 0 ? 1 : 0;
  }
}

/** The SDF glyph for code point `id` from its outline (font-size px, y down) and advance in px. */
export function sdfGlyph(id: number, commands: readonly PathCommand[], advancePx: number): SdfGlyph {
  const segs = flatten(commands);
  const advance = Math.round(advancePx);
  if (segs.length === 0) return { id, bitmap: new Uint8Array(0), width: 0, height: 0, left: 0, top: -27, advance };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [ax, ay, bx, by] of segs) {
    x0 = Math.min(x0, ax, bx);
    x1 = Math.max(x1, ax, bx);
    y0 = Math.min(y0, ay, by);
    y1 = Math.max(y1, ay, by);
  }
  const left = Math.floor(x0);
  const topY = Math.floor(y0);
  const width = Math.ceil(x1) - left;
  const height = Math.ceil(y1) - topY;
  const w = width + 2 * BUFFER;
  const h = height + 2 * BUFFER;
  // Only distances below `reach` change a pixel's value (farther ones clamp to 0 or 255),
  // so each segment updates the pixels within `reach` of it, not the whole box.
  const reach = RADIUS * (1 - CUTOFF) + 1;
  const ox = left - BUFFER;
  const oy = topY - BUFFER;
  const dist = new Float32Array(w * h).fill(reach);
  for (const s of segs) {
    const i0 = Math.max(0, Math.floor(Math.min(s[0], s[2]) - reach - ox));
    const i1 = Math.min(w - 1, Math.ceil(Math.max(s[0], s[2]) + reach - ox));
    const j0 = Math.max(0, Math.floor(Math.min(s[1], s[3]) - reach - oy));
    const j1 = Math.min(h - 1, Math.ceil(Math.max(s[1], s[3]) + reach - oy));
    for (let j = j0; j <= j1; j++) {
      const py = oy + j + 0.5;
      for (let i = i0; i <= i1; i++) {
        const d = distanceToSegment(ox + i + 0.5, py, s);
        if (d < dist[j * w + i]!) dist[j * w + i] = d;
      }
    }
  }
  const bitmap = new Uint8Array(w * h);
  const inside = new Uint8Array(w);
  for (let j = 0; j < h; j++) {
    insideRow(oy + j + 0.5, ox, w, segs, inside);
    for (let i = 0; i < w; i++) {
      const d = inside[i] ? -dist[j * w + i]! : dist[j * w + i]!;
      bitmap[j * w + i] = Math.max(0, Math.min(255, Math.round(255 - 255 * (d / RADIUS + CUTOFF))));
    }
  }
  // `top` as MapLibre's glyphs have it: the glyph's top above the baseline, less the 24 px font's ascent offset.
  return { id, bitmap, width, height, left, top: -topY - 27, advance };
}
