/**
 * The story handout as a PDF (pdf-lib): one A4 landscape page per chapter with a real text
 * layer — kicker, title, figures, text and footer set in DejaVu Sans (embedded as a subset, so
 * Polish letters are searchable, selectable and extractable) — beside the chapter's map as a
 * JPEG. The closing page carries the story's link as text, as a link and as a vector QR code.
 * Document title, language and one bookmark per chapter. Pure: bytes in, bytes out; the
 * fonts are passed in (fetched in the browser, read from disk in tests).
 */
import { PDFDocument, PDFHexString, PDFName, PDFString, rgb, type PDFFont, type PDFPage, type PDFRef } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import type { PageText } from './story-page.ts';
import type { LegendItem } from './compose-image.ts';
import { MAP_BOX_PT, PAGE_PT } from './story-page.ts';

export interface PdfFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

export interface StoryPdfPage extends PageText {
  /** The chapter's decorated map (JPEG), drawn into MAP_BOX_PT. */
  map: { jpeg: Uint8Array; width: number; height: number } | null;
  /** The story's link (closing chapter): as text, a link and a QR code (dark modules, row by row). */
  link?: { url: string; qr: boolean[][] } | null;
  /** The map's legend, set in the column as text beside vector swatches (it covers nothing of the map). */
  legend?: { title: string; items: LegendItem[] } | null;
}

export interface StoryPdfMeta {
  title: string;
  subject?: string;
  /** BCP 47 language of the text (screen readers pick the voice by it). */
  lang: string;
}

const INK = rgb(0.07, 0.07, 0.07);
const MUTED = rgb(0.29, 0.33, 0.38);
const ACCENT = rgb(0.04, 0.11, 0.18);
const RULE = rgb(0.4, 0.4, 0.4);

/** A PDF text string in UTF-16BE hex, so Polish letters survive: <FEFF…>. */
export function pdfText(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** Lines of `text` no wider than `width` at `size`, broken at spaces (a word longer than a line, such as a URL, at any character). */
export function wrapText(text: string, font: Pick<PDFFont, 'widthOfTextAtSize'>, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (fits(next)) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (!fits(rest)) {
      let k = rest.length - 1;
      while (k > 1 && !fits(rest.slice(0, k))) k--;
      lines.push(rest.slice(0, k));
      rest = rest.slice(k);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** Builds the PDF. */
export async function writeStoryPdf(pages: StoryPdfPage[], meta: StoryPdfMeta, fontBytes: PdfFonts): Promise<Uint8Array> {
  if (!pages.length) throw new Error('a PDF needs at least one page');
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const fonts: Fonts = {
    regular: await doc.embedFont(fontBytes.regular, { subset: true }),
    bold: await doc.embedFont(fontBytes.bold, { subset: true }),
  };
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.subject) doc.setSubject(meta.subject);
  doc.setLanguage(meta.lang);
  doc.setProducer('Plan na mapie');
  doc.setCreator('Plan na mapie');
  const refs: PDFRef[] = [];
  for (const p of pages) {
    const page = doc.addPage([PAGE_PT.width, PAGE_PT.height]);
    refs.push(page.ref);
    await drawPage(doc, page, p, fonts);
  }
  addOutline(doc, refs, pages.map((p, i) => `${i + 1}. ${p.title}`));
  // Without object streams: readable by older PDF readers and assistive tools (a few kB more).
  return doc.save({ useObjectStreams: false });
}

async function drawPage(doc: PDFDocument, page: PDFPage, p: StoryPdfPage, fonts: Fonts): Promise<void> {
  const { width: W, height: H } = PAGE_PT;
  const M = 36;
  page.drawRectangle({ x: 0, y: H - 6, width: W, height: 6, color: ACCENT });
  page.drawText(p.kicker.toUpperCase(), { x: M, y: H - 32, size: 10, font: fonts.bold, color: MUTED });
  // The title across the page, on two lines at most (smaller when it is long).
  let titleSize = 26;
  let titleLines = wrapText(p.title, fonts.bold, titleSize, W - 2 * M);
  while (titleLines.length > 2 && titleSize > 14) titleLines = wrapText(p.title, fonts.bold, --titleSize, W - 2 * M);
  let y = H - 36 - titleSize;
  for (const l of titleLines) {
    page.drawText(l, { x: M, y, size: titleSize, font: fonts.bold, color: INK });
    y -= titleSize * 1.15;
  }

  // Right: the map.
  const box = MAP_BOX_PT;
  if (p.map) {
    const img = await doc.embedJpg(p.map.jpeg);
    const k = Math.min(box.width / p.map.width, box.height / p.map.height);
    const w = p.map.width * k;
    const h = p.map.height * k;
    page.drawImage(img, { x: box.x + (box.width - w) / 2, y: box.y + (box.height - h) / 2, width: w, height: h });
    page.drawRectangle({ x: box.x, y: box.y, width: box.width, height: box.height, borderColor: RULE, borderWidth: 0.75 });
  }

  // Left: figures, text and (closing page) the link, made smaller until they fit the column.
  const colW = box.x - M - 18;
  const top = box.y + box.height;
  const bottom = box.y;
  let scale = 1;
  while (scale > 0.55 && columnHeight(p, fonts, colW, scale) > top - bottom) scale -= 0.05;
  drawColumn(page, p, fonts, M, top, colW, scale);

  page.drawText(p.footer, { x: M, y: 18, size: 8, font: fonts.regular, color: MUTED, maxWidth: W - 2 * M });
}

/** Sizes of the column's text at a scale. */
function sizes(scale: number) {
  return { value: 22 * scale, label: 10 * scale, text: 11.5 * scale, lead: 1.3, qr: 118 * scale, link: 9 * scale };
}

function columnHeight(p: StoryPdfPage, fonts: Fonts, width: number, scale: number): number {
  return layoutColumn(p, fonts, width, scale, () => undefined);
}

function drawColumn(page: PDFPage, p: StoryPdfPage, fonts: Fonts, x: number, top: number, width: number, scale: number): void {
  layoutColumn(p, fonts, width, scale, (op) => {
    if (op.kind === 'text') page.drawText(op.text, { x: x + (op.dx ?? 0), y: top - op.y, size: op.size, font: op.bold ? fonts.bold : fonts.regular, color: op.colour });
    else if (op.kind === 'swatch') drawSwatch(page, op.item, x, top - op.y, op.size);
    else if (op.kind === 'qr') drawQr(page, op.qr, x, top - op.y - op.size, op.size);
    else page.node.addAnnot(linkAnnotation(page, op.url, x, top - op.y - op.height, op.width, op.height));
  });
}

type ColumnOp =
  | { kind: 'text'; text: string; y: number; size: number; bold: boolean; colour: ReturnType<typeof rgb>; dx?: number }
  | { kind: 'swatch'; item: LegendItem; y: number; size: number }
  | { kind: 'qr'; qr: boolean[][]; y: number; size: number }
  | { kind: 'link'; url: string; y: number; width: number; height: number };

/** Lays the column out from its top (y grows downwards), calling `emit` per piece; returns its height. */
function layoutColumn(p: StoryPdfPage, fonts: Fonts, width: number, scale: number, emit: (op: ColumnOp) => void): number {
  const s = sizes(scale);
  let y = 0;
  const lines = (text: string, size: number, bold: boolean, colour: ReturnType<typeof rgb>, dx = 0) => {
    for (const l of wrapText(text, bold ? fonts.bold : fonts.regular, size, width - dx)) {
      y += size;
      emit({ kind: 'text', text: l, y, size, bold, colour, dx });
      y += size * (s.lead - 1);
    }
  };
  for (const f of p.figures) {
    lines(f.value, s.value, true, ACCENT);
    lines(f.label, s.label, false, MUTED);
    y += 8 * scale;
  }
  if (p.figures.length) y += 4 * scale;
  for (const para of p.text) {
    lines(para, s.text, false, INK);
    y += 6 * scale;
  }
  if (p.legend?.items.length) {
    y += 6 * scale;
    lines(p.legend.title.toUpperCase(), s.label, true, MUTED);
    y += 2 * scale;
    for (const item of p.legend.items) {
      emit({ kind: 'swatch', item, y: y + s.label * 0.95, size: s.label });
      lines(item.label, s.label, false, INK, s.label * 2.6);
      y += 2 * scale;
    }
  }
  if (p.link) {
    y += 4 * scale;
    const at = y;
    emit({ kind: 'qr', qr: p.link.qr, y, size: s.qr });
    y += s.qr + 6 * scale;
    lines(p.link.url, s.link, false, ACCENT);
    emit({ kind: 'link', url: p.link.url, y: at, width: Math.max(s.qr, Math.min(width, fonts.regular.widthOfTextAtSize(p.link.url, s.link))), height: y - at });
  }
  return y;
}

/** A legend swatch whose baseline-centre row is at `y` (PDF coordinates), `size` tall. */
function drawSwatch(page: PDFPage, item: LegendItem, x: number, y: number, size: number): void {
  const colour = hexColour(item.color);
  const w = size * 2;
  const h = size;
  const y0 = y - size * 0.15;
  const ink = rgb(0.07, 0.07, 0.07);
  switch (item.kind) {
    case 'route':
      page.drawRectangle({ x, y: y0 + h / 2 - h * 0.18, width: w, height: h * 0.36, color: colour });
      break;
    case 'point':
    case 'cluster':
      page.drawCircle({ x: x + w / 2, y: y0 + h / 2, size: h / 2, color: colour, borderColor: ink, borderWidth: 0.6 });
      break;
    case 'highlight':
      page.drawRectangle({ x: x + 1, y: y0 + 1, width: w - 2, height: h - 2, borderColor: colour, borderWidth: 2 });
      break;
    case 'district':
      page.drawRectangle({ x: x + 1, y: y0 + 1, width: w - 2, height: h - 2, borderColor: colour, borderWidth: 2, borderDashArray: [3, 1.5] });
      break;
    default:
      page.drawRectangle({ x, y: y0, width: w, height: h, color: colour, borderColor: ink, borderWidth: 0.6 });
  }
}

/** "#rrggbb" (or "#rgb") as a pdf-lib colour; anything else as grey. */
function hexColour(css: string): ReturnType<typeof rgb> {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim());
  if (!m) return rgb(0.5, 0.5, 0.5);
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return rgb(parseInt(h.slice(0, 2), 16) / 255, parseInt(h.slice(2, 4), 16) / 255, parseInt(h.slice(4, 6), 16) / 255);
}

/** The QR code as filled squares (vector: sharp at any zoom), with its quiet zone on white. */
function drawQr(page: PDFPage, qr: boolean[][], x: number, y: number, size: number): void {
  const n = qr.length;
  const cell = size / (n + 8);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  qr.forEach((row, r) => {
    // Runs of dark modules in a row as one rectangle each.
    for (let c = 0; c < n; ) {
      if (!row[c]) {
        c++;
        continue;
      }
      let e = c;
      while (e < n && row[e]) e++;
      page.drawRectangle({ x: x + (4 + c) * cell, y: y + size - (4 + r + 1) * cell, width: (e - c) * cell + 0.01, height: cell + 0.01, color: rgb(0, 0, 0) });
      c = e;
    }
  });
}

function linkAnnotation(page: PDFPage, url: string, x: number, y: number, width: number, height: number): PDFRef {
  const ctx = page.doc.context;
  return ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: [x, y, x + width, y + height],
      Border: [0, 0, 0],
      A: { Type: 'Action', S: 'URI', URI: PDFString.of(url) },
    }),
  );
}

/** One bookmark per page (pdf-lib has no outline API: the objects are written directly). */
function addOutline(doc: PDFDocument, pages: PDFRef[], titles: string[]): void {
  const ctx = doc.context;
  const root = ctx.nextRef();
  const items = pages.map(() => ctx.nextRef());
  items.forEach((ref, i) => {
    const dict = ctx.obj({ Title: PDFHexString.fromText(titles[i]!), Parent: root, Dest: [pages[i]!, 'Fit'] });
    if (i > 0) dict.set(PDFName.of('Prev'), items[i - 1]!);
    if (i < items.length - 1) dict.set(PDFName.of('Next'), items[i + 1]!);
    ctx.assign(ref, dict);
  });
  ctx.assign(root, ctx.obj({ Type: 'Outlines', First: items[0]!, Last: items.at(-1)!, Count: items.length }));
  doc.catalog.set(PDFName.of('Outlines'), root);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
