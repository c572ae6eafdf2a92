/**
 * The story's link as a QR code (uqr): the matrix of dark modules, and the same as one SVG
 * path for the projector panel. Medium error correction: a projected code is read from afar.
 */
import { encode } from 'uqr';

/** Dark modules, row by row, without the quiet zone (the drawing adds four modules around). */
export function qrMatrix(text: string): boolean[][] {
  return encode(text, { ecc: 'M', border: 0 }).data;
}

/** The dark modules as one SVG path in module units, offset by the four-module quiet zone. */
export function qrPath(qr: boolean[][]): string {
  let d = '';
  qr.forEach((row, r) => {
    for (let c = 0; c < row.length; ) {
      if (!row[c]) {
        c++;
        continue;
      }
      let e = c;
      while (e < row.length && row[e]) e++;
      d += `M${c + 4} ${r + 4}h${e - c}v1h${c - e}z`;
      c = e;
    }
  });
  return d;
}
