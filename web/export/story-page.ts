/**
 * A chapter outside the screen: the page geometry of the PDF handout (its text is set by
 * pdf-writer.ts as real text), and the chapter image (PNG) drawn on a 2D canvas like the
 * projector shows it — the panel with kicker, title, text, figures (and on the closing
 * chapter the story's QR code and link) beside the decorated map, which is a shot of the
 * off-screen twin centred on the chapter, never the live map.
 */
import type { MapShot } from '../map/capture-map.ts';
import { composeMapImage, type Decorations } from './compose-image.ts';

/** A figure as a page (and the story panel) shows it. */
export interface ShownFigure {
  value: string;
  label: string;
  /** A long label: the figure takes a whole row of the panel. */
  wide?: boolean;
}

export interface PageText {
  kicker: string;
  title: string;
  text: string[];
  figures: ShownFigure[];
  footer: string;
}

/** A4 landscape, in points. */
export const PAGE_PT = { width: 842, height: 595 };
/** Where the map goes on a PDF page, in points (from the bottom left). */
export const MAP_BOX_PT = { x: 330, y: 40, width: 476, height: 455 };
/** The off-screen map for a PDF page: the map box at 96 dpi in CSS pixels, captured at 1.4× (about 135 dpi on paper). */
export const PDF_MAP_CSS = { width: Math.round((MAP_BOX_PT.width * 4) / 3), height: Math.round((MAP_BOX_PT.height * 4) / 3), scale: 1.4 };

const FONT = '"Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif';

export interface SlideColours {
  panel: string;
  text: string;
  muted: string;
  accent: string;
}

/** The story's link on the closing chapter: the QR code's dark modules and the link as text. */
export interface SlideLink {
  url: string;
  qr: boolean[][];
}

/**
 * The chapter image: a panel `panelWidth` CSS px wide on the left (as on the projector) and the
 * shot of the map beside it, decorated (legend, scale bar, north arrow, attribution). The
 * image is (panelWidth + shot.width) × shot.height CSS px at the shot's scale.
 */
export function composeStorySlide(shot: MapShot, panelWidth: number, page: PageText, decorations: Omit<Decorations, 'title' | 'subtitle'>, colours: SlideColours, link?: SlideLink | null): HTMLCanvasElement {
  const s = shot.scale;
  const W = panelWidth + shot.width;
  const H = shot.height;
  const c = document.createElement('canvas');
  c.width = Math.round(W * s);
  c.height = Math.round(H * s);
  const ctx = c.getContext('2d')!;
  ctx.scale(s, s);
  ctx.drawImage(composeMapImage(shot, { ...decorations, title: '' }), panelWidth, 0, shot.width, H);
  ctx.fillStyle = colours.panel;
  ctx.fillRect(0, 0, panelWidth, H);

  // The panel's text at the projector's sizes (in vw of the whole image), smaller until it fits.
  const vw = W / 100;
  const pad = { x: 2.6 * vw, y: 1.8 * vw };
  const width = panelWidth - 2 * pad.x;
  let k = 1;
  while (k > 0.5 && layoutPanel(ctx, page, link ?? null, width, vw * k, colours, null) > H - 2 * pad.y) k -= 0.05;
  ctx.save();
  ctx.translate(pad.x, pad.y);
  layoutPanel(ctx, page, link ?? null, width, vw * k, colours, ctx);
  ctx.restore();
  ctx.fillStyle = colours.muted;
  ctx.font = `${Math.max(10, 0.85 * vw)}px ${FONT}`;
  ctx.textBaseline = 'bottom';
  ctx.fillText(page.footer, pad.x, H - 0.8 * vw, width);
  return c;
}

/** Lays out (and with `draw`, draws) the panel's text from y = 0; returns its height. */
function layoutPanel(ctx: CanvasRenderingContext2D, page: PageText, link: SlideLink | null, width: number, vw: number, col: SlideColours, draw: CanvasRenderingContext2D | null): number {
  let y = 0;
  ctx.textBaseline = 'top';
  const block = (text: string, px: number, weight: string, colour: string, lead: number) => {
    ctx.font = `${weight} ${px}px ${FONT}`;
    for (const line of wrapLines(ctx, text, width)) {
      if (draw) {
        draw.fillStyle = colour;
        draw.fillText(line, 0, y);
      }
      y += px * lead;
    }
  };
  block(page.kicker.toUpperCase(), 1.5 * vw, '700', col.accent, 1.3);
  y += 0.4 * vw;
  block(page.title, 3.1 * vw, '800', col.text, 1.1);
  y += 0.8 * vw;
  for (const p of page.text) {
    block(p, 1.55 * vw, '400', col.text, 1.28);
    y += 0.9 * vw;
  }
  for (const f of page.figures) {
    if (draw) {
      draw.fillStyle = col.accent;
      draw.fillRect(0, y, Math.min(width, 14 * vw), Math.max(2, 0.2 * vw));
    }
    y += 0.5 * vw;
    block(f.value, 2.6 * vw, '800', col.accent, 1.1);
    block(f.label, 1.35 * vw, '400', col.muted, 1.25);
    y += 0.8 * vw;
  }
  if (link) {
    y += 0.6 * vw;
    const size = Math.min(width, 12 * vw);
    if (draw) drawQrCanvas(draw, link.qr, 0, y, size);
    y += size + 0.6 * vw;
    block(link.url, 1.2 * vw, '600', col.accent, 1.25);
  }
  return y;
}

/** The QR code on white with its four-module quiet zone, in a `size` square. */
export function drawQrCanvas(ctx: CanvasRenderingContext2D, qr: boolean[][], x: number, y: number, size: number): void {
  const n = qr.length;
  // Whole device pixels per module, on the pixel grid: no blurred module edges for a camera to misread.
  const k = ctx.getTransform().a || 1;
  const cell = Math.max(1, Math.floor((size * k) / (n + 8))) / k;
  const x0 = Math.round(x * k) / k;
  const y0 = Math.round(y * k) / k;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x0, y0, cell * (n + 8), cell * (n + 8));
  ctx.fillStyle = '#000000';
  qr.forEach((row, r) => row.forEach((dark, c) => dark && ctx.fillRect(x0 + (4 + c) * cell, y0 + (4 + r) * cell, cell, cell)));
}

/** `text` broken at spaces into lines no wider than `width` (a longer word, such as a link, at any character). */
function wrapLines(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (s: string) => ctx.measureText(s).width <= width;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (fits(next)) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (!fits(rest) && rest.length > 1) {
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
