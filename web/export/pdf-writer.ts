/**
 * A minimal PDF 1.4 writer: one page per JPEG image (DCTDecode, embedded as is), with the
 * document title and a bookmark per page. Enough for a story handout; no library, works
 * offline. Page text is drawn into the images (standard PDF fonts lack Polish letters), the
 * bookmarks carry the chapter titles as text.
 */

export interface PdfPage {
  /** JPEG bytes of the whole page. */
  jpeg: Uint8Array;
  /** Pixel size of the JPEG. */
  width: number;
  height: number;
  /** Bookmark text. */
  title: string;
}

/** A4 landscape in points. */
const PAGE_W = 842;
const PAGE_H = 595;

/** A PDF text string in UTF-16BE hex, so Polish letters survive: <FEFF…>. */
export function pdfText(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** Builds the PDF file: catalogue, pages, images, outline, info, cross-reference table. */
export function writePdf(pages: PdfPage[], title: string): Uint8Array {
  if (!pages.length) throw new Error('a PDF needs at least one page');
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Uint8Array | string) => {
    const bytes = typeof b === 'string' ? enc.encode(b) : b;
    chunks.push(bytes);
    length += bytes.length;
  };
  // Object numbers: 1 catalogue, 2 pages, 3 outlines, 4 info, then per page: page, content, image, bookmark.
  const per = 4;
  const first = 5;
  const pageObj = (i: number) => first + i * per;
  const total = first + pages.length * per - 1;
  const obj = (n: number, body: string | Uint8Array[], dict?: string) => {
    offsets[n] = length;
    if (typeof body === 'string') {
      push(`${n} 0 obj\n${body}\nendobj\n`);
    } else {
      push(`${n} 0 obj\n${dict}\nstream\n`);
      for (const b of body) push(b);
      push('\nendstream\nendobj\n');
    }
  };

  push('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n');
  obj(1, '<< /Type /Catalog /Pages 2 0 R /Outlines 3 0 R /PageMode /UseOutlines >>');
  obj(2, `<< /Type /Pages /Kids [${pages.map((_, i) => `${pageObj(i)} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  obj(3, `<< /Type /Outlines /First ${pageObj(0) + 3} 0 R /Last ${pageObj(pages.length - 1) + 3} 0 R /Count ${pages.length} >>`);
  obj(4, `<< /Title ${pdfText(title)} /Producer (Plan na mapie) >>`);
  pages.forEach((p, i) => {
    const n = pageObj(i);
    // Fit the image into the page, centred, keeping its proportions.
    const k = Math.min(PAGE_W / p.width, PAGE_H / p.height);
    const w = +(p.width * k).toFixed(2);
    const h = +(p.height * k).toFixed(2);
    const x = +((PAGE_W - w) / 2).toFixed(2);
    const y = +((PAGE_H - h) / 2).toFixed(2);
    const content = `q ${w} 0 0 ${h} ${x} ${y} cm /Im0 Do Q`;
    obj(n, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /XObject << /Im0 ${n + 2} 0 R >> >> /Contents ${n + 1} 0 R >>`);
    obj(n + 1, [enc.encode(content)], `<< /Length ${enc.encode(content).length} >>`);
    obj(n + 2, [p.jpeg], `<< /Type /XObject /Subtype /Image /Width ${p.width} /Height ${p.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${p.jpeg.length} >>`);
    const prev = i > 0 ? ` /Prev ${pageObj(i - 1) + 3} 0 R` : '';
    const next = i < pages.length - 1 ? ` /Next ${pageObj(i + 1) + 3} 0 R` : '';
    obj(n + 3, `<< /Title ${pdfText(p.title)} /Parent 3 0 R${prev}${next} /Dest [${n} 0 R /Fit] >>`);
  });

  const xref = length;
  let table = `xref\n0 ${total + 1}\n0000000000 65535 f \n`;
  for (let n = 1; n <= total; n++) table += `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  push(table);
  push(`trailer\n<< /Size ${total + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`);

  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
