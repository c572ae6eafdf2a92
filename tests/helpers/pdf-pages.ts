/**
 * Reading a PDF as a reader would, with poppler-utils (scripts/test-all.sh installs them):
 * page count (pdfinfo), each page's text (pdftotext) and a page rendered to pixels (pdftoppm,
 * as a binary PPM: RGB bytes after a short header, so no PNG decoder is needed).
 */
import { execFileSync } from 'node:child_process';

export function pdfPageCount(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}

/** The text of every page (pdftotext ends each page with a form feed), whitespace folded. */
export function pdfPageTexts(file: string): string[] {
  const pages = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).split('\f');
  return pages.slice(0, pdfPageCount(file)).map((p) => p.replace(/\s+/g, ' ').trim());
}

/** Page `n`'s lines as laid out on the page (pdftotext -layout keeps a title and its page number on one line). */
export function pdfPageLines(file: string, n: number): string[] {
  return execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' }).split('\n');
}

export interface Raster {
  width: number;
  height: number;
  /** RGB, 3 bytes a pixel, row by row from the top. */
  rgb: Buffer;
}

/** Page `n` (1-based) rendered at `dpi` (72 dpi: one pixel per point). */
export function renderPage(file: string, n: number, dpi = 72): Raster {
  const ppm = execFileSync('pdftoppm', ['-f', String(n), '-l', String(n), '-r', String(dpi), file], { maxBuffer: 64 * 1024 * 1024 });
  // "P6\n<width> <height>\n255\n" then the pixels.
  const head = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'))!;
  return { width: Number(head[1]), height: Number(head[2]), rgb: ppm.subarray(head[0].length) };
}

/** The box of pixels exactly `colour` (the map frame's ground), as [x0, y0, x1, y1], or null. */
export function boxOfColour(r: Raster, colour: [number, number, number]): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const i = (y * r.width + x) * 3;
      if (r.rgb[i] !== colour[0] || r.rgb[i + 1] !== colour[1] || r.rgb[i + 2] !== colour[2]) continue;
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    }
  }
  return box;
}

/** Pixels within `box` whose colour is within `tolerance` (per channel) of `colour`. */
export function countColour(r: Raster, colour: [number, number, number], box: [number, number, number, number], tolerance = 12): number {
  let n = 0;
  for (let y = box[1]; y <= box[3]; y++) {
    for (let x = box[0]; x <= box[2]; x++) {
      const i = (y * r.width + x) * 3;
      if (Math.abs(r.rgb[i]! - colour[0]) <= tolerance && Math.abs(r.rgb[i + 1]! - colour[1]) <= tolerance && Math.abs(r.rgb[i + 2]! - colour[2]) <= tolerance) n++;
    }
  }
  return n;
}
