/**
 * One handout page of the story (A4 landscape, drawn at 2× of 842×595 pt): the chapter's
 * kind and title, its big figures and text on the left, the decorated map on the right.
 */
import type { MapShot } from '../map/capture-map.ts';
import { composeMapImage, cropToAspect, type Decorations } from './compose-image.ts';

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

export const PAGE_PX = { width: 1684, height: 1190 };
const FONT = '"Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif';
const INK = '#111111';
const ACCENT = '#0b1d2e';

/** `cropLeft`: CSS pixels of the shot hidden under the story panel, left out of the page. */
export function composeStoryPage(shot: MapShot, cropLeft: number, page: PageText, decorations: Omit<Decorations, 'title' | 'subtitle'>): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = PAGE_PX.width;
  c.height = PAGE_PX.height;
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, c.width, c.height);
  const M = 64;

  // Header: kicker and title across the page.
  ctx.fillStyle = ACCENT;
  ctx.fillRect(0, 0, c.width, 12);
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#4a5560';
  ctx.font = `bold 26px ${FONT}`;
  ctx.fillText(page.kicker.toUpperCase(), M, 48);
  ctx.fillStyle = INK;
  ctx.font = `bold 60px ${FONT}`;
  ctx.fillText(page.title, M, 84, c.width - 2 * M);

  // Right: the map.
  const mapX = 640;
  const mapY = 190;
  const mapW = c.width - mapX - M;
  const mapH = c.height - mapY - 90;
  // Crop first, decorate after, so the legend, scale bar and north arrow are never cut off.
  const map = composeMapImage(cropToAspect(shot, cropLeft, mapW / mapH), { ...decorations, title: '' });
  ctx.drawImage(map, mapX, mapY, mapW, mapH);
  ctx.strokeStyle = '#666666';
  ctx.lineWidth = 2;
  ctx.strokeRect(mapX, mapY, mapW, mapH);

  // Left: figures, then text.
  let y = mapY;
  const colW = mapX - M - 40;
  for (const f of page.figures) {
    ctx.fillStyle = ACCENT;
    ctx.font = `bold 54px ${FONT}`;
    ctx.fillText(f.value, M, y, colW);
    y += 62;
    ctx.fillStyle = '#333333';
    ctx.font = `24px ${FONT}`;
    y = wrap(ctx, f.label, M, y, colW, 30) + 22;
  }
  if (page.figures.length) y += 10;
  ctx.fillStyle = INK;
  ctx.font = `26px ${FONT}`;
  for (const p of page.text) y = wrap(ctx, p, M, y, colW, 36) + 16;

  // Footer.
  ctx.fillStyle = '#555555';
  ctx.font = `20px ${FONT}`;
  ctx.fillText(page.footer, M, c.height - 60, c.width - 2 * M);
  return c;
}

/** Draws `text` wrapped at word boundaries; returns the y below the last line. */
function wrap(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, width: number, lineHeight: number): number {
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      ctx.fillText(line, x, y);
      y += lineHeight;
      line = word;
    } else {
      line = next;
    }
  }
  if (line) {
    ctx.fillText(line, x, y);
    y += lineHeight;
  }
  return y;
}
