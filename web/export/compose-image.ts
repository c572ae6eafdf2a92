/**
 * Composes a map shot into an image that reads like a plan: title band, legend, scale bar,
 * north arrow (turned with the map's bearing) and attribution, drawn in the browser on a
 * 2D canvas. Everything is laid out in CSS pixels and scaled with the shot.
 */
import type { MapShot } from '../map/capture-map.ts';

export interface LegendItem {
  label: string;
  color: string;
  /** A layer's kind, or a story mark: a highlighted feature's outline, the district's dashed outline, a proposals cluster. */
  kind: 'route' | 'area' | 'point' | 'mixed' | 'highlight' | 'district' | 'cluster';
}

export interface Decorations {
  title: string;
  subtitle?: string;
  legend: LegendItem[];
  legendTitle: string;
  attribution: string;
  /** Letter on the north arrow. */
  north: string;
}

const FONT = '"Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif';
const INK = '#111111';
const PAPER = 'rgba(255,255,255,0.94)';

/**
 * A scale bar length that is a round number (1, 2 or 5 × 10ⁿ metres) no longer than `maxPx`.
 * @example niceScale(2, 150) // { metres: 200, px: 100, label: '200 m' }
 */
export function niceScale(metresPerPixel: number, maxPx: number): { metres: number; px: number; label: string } {
  const maxM = metresPerPixel * maxPx;
  const pow = 10 ** Math.floor(Math.log10(maxM));
  const metres = [5, 2, 1].map((k) => k * pow).find((m) => m <= maxM) ?? pow;
  const label = metres >= 1000 ? `${String(metres / 1000).replace('.', ',')} km` : `${metres} m`;
  return { metres, px: metres / metresPerPixel, label };
}

/** The shot with the decorations drawn on it, at the shot's pixel size. */
export function composeMapImage(shot: MapShot, d: Decorations): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = shot.canvas.width;
  canvas.height = shot.canvas.height;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(shot.canvas, 0, 0);
  ctx.scale(shot.scale, shot.scale);
  const W = shot.width;
  const H = shot.height;
  const unit = Math.max(1, Math.min(W / 1280, H / 800));

  // Title band.
  const titlePx = Math.round(26 * unit);
  const subPx = Math.round(15 * unit);
  const bandH = d.title ? Math.round((d.subtitle ? 74 : 52) * unit) : 0;
  if (d.title) titleBand(ctx, d, W, bandH, titlePx, subPx, unit);
  northArrow(ctx, W - 46 * unit, bandH + 46 * unit, 28 * unit, shot.bearing, d.north);
  legend(ctx, d, 14 * unit, H - 14 * unit, unit);
  scaleBar(ctx, shot.metresPerPixel, W - 14 * unit, H - 40 * unit, unit);
  attribution(ctx, d.attribution, W - 14 * unit, H - 8 * unit, unit, W - 28 * unit);
  return canvas;
}

/** A part of a shot, in CSS pixels (e.g. the map right of the story panel); same scale and bearing. */
export function cropShot(shot: MapShot, x: number, y: number, width: number, height: number): MapShot {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * shot.scale);
  canvas.height = Math.round(height * shot.scale);
  canvas.getContext('2d')!.drawImage(shot.canvas, -Math.round(x * shot.scale), -Math.round(y * shot.scale));
  return { ...shot, canvas, width, height };
}

/** The largest centred part of the shot right of `left` with the given width/height ratio. */
export function cropToAspect(shot: MapShot, left: number, aspect: number): MapShot {
  const l = Math.max(0, Math.min(left, shot.width - 100));
  const w0 = shot.width - l;
  const w = Math.min(w0, shot.height * aspect);
  const h = w / aspect;
  return cropShot(shot, l + (w0 - w) / 2, (shot.height - h) / 2, w, h);
}

function titleBand(ctx: CanvasRenderingContext2D, d: Decorations, W: number, bandH: number, titlePx: number, subPx: number, unit: number): void {
  ctx.fillStyle = PAPER;
  ctx.fillRect(0, 0, W, bandH);
  ctx.fillStyle = INK;
  ctx.textBaseline = 'top';
  ctx.font = `bold ${titlePx}px ${FONT}`;
  ctx.fillText(fit(ctx, d.title, W - 140 * unit), 18 * unit, 12 * unit);
  if (d.subtitle) {
    ctx.font = `${subPx}px ${FONT}`;
    ctx.fillStyle = '#333333';
    ctx.fillText(fit(ctx, d.subtitle, W - 140 * unit), 18 * unit, 12 * unit + titlePx + 8 * unit);
  }
}

function fit(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(`${s}…`).width > maxWidth) s = s.slice(0, -1);
  return `${s}…`;
}

function northArrow(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, bearing: number, letter: string): void {
  ctx.save();
  ctx.translate(x, y);
  ctx.fillStyle = PAPER;
  ctx.strokeStyle = INK;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.arc(0, 0, r, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  // North is turned against the map's bearing.
  ctx.rotate((-bearing * Math.PI) / 180);
  ctx.fillStyle = INK;
  ctx.beginPath();
  ctx.moveTo(0, -r * 0.8);
  ctx.lineTo(r * 0.32, r * 0.25);
  ctx.lineTo(0, r * 0.05);
  ctx.lineTo(-r * 0.32, r * 0.25);
  ctx.closePath();
  ctx.fill();
  ctx.font = `bold ${Math.round(r * 0.5)}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(letter, 0, r * 0.58);
  ctx.restore();
}

function legend(ctx: CanvasRenderingContext2D, d: Decorations, left: number, bottom: number, unit: number): void {
  if (!d.legend.length) return;
  const px = Math.round(15 * unit);
  const row = Math.round(24 * unit);
  ctx.font = `${px}px ${FONT}`;
  const width = Math.max(...d.legend.map((l) => ctx.measureText(l.label).width), ctx.measureText(d.legendTitle).width) + 56 * unit;
  const height = row * (d.legend.length + 1) + 14 * unit;
  const top = bottom - height;
  ctx.fillStyle = PAPER;
  ctx.strokeStyle = '#555555';
  ctx.lineWidth = 1;
  ctx.fillRect(left, top, width, height);
  ctx.strokeRect(left, top, width, height);
  ctx.fillStyle = INK;
  ctx.textBaseline = 'middle';
  ctx.font = `bold ${px}px ${FONT}`;
  ctx.fillText(d.legendTitle, left + 12 * unit, top + 7 * unit + row / 2);
  ctx.font = `${px}px ${FONT}`;
  d.legend.forEach((item, i) => {
    const cy = top + 7 * unit + row * (i + 1.5);
    const sx = left + 12 * unit;
    ctx.fillStyle = item.color;
    ctx.strokeStyle = INK;
    if (item.kind === 'route') {
      ctx.fillRect(sx, cy - 3 * unit, 26 * unit, 6 * unit);
    } else if (item.kind === 'highlight' || item.kind === 'district') {
      ctx.save();
      ctx.strokeStyle = item.color;
      ctx.lineWidth = 4 * unit;
      if (item.kind === 'district') ctx.setLineDash([6 * unit, 3 * unit]);
      ctx.strokeRect(sx + 2 * unit, cy - 6 * unit, 22 * unit, 12 * unit);
      ctx.restore();
    } else if (item.kind === 'point' || item.kind === 'cluster') {
      ctx.beginPath();
      ctx.arc(sx + 13 * unit, cy, 7 * unit, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
    } else {
      ctx.fillRect(sx, cy - 8 * unit, 26 * unit, 16 * unit);
      ctx.strokeRect(sx, cy - 8 * unit, 26 * unit, 16 * unit);
    }
    ctx.fillStyle = INK;
    ctx.fillText(item.label, sx + 36 * unit, cy);
  });
}

function scaleBar(ctx: CanvasRenderingContext2D, mpp: number, right: number, bottom: number, unit: number): void {
  const s = niceScale(mpp, 160 * unit);
  const px = Math.round(14 * unit);
  const x0 = right - s.px;
  ctx.fillStyle = PAPER;
  ctx.fillRect(x0 - 10 * unit, bottom - 30 * unit, s.px + 20 * unit, 36 * unit);
  ctx.strokeStyle = INK;
  ctx.lineWidth = 2 * unit;
  ctx.beginPath();
  ctx.moveTo(x0, bottom - 8 * unit);
  ctx.lineTo(x0, bottom);
  ctx.lineTo(right, bottom);
  ctx.lineTo(right, bottom - 8 * unit);
  ctx.stroke();
  ctx.fillStyle = INK;
  ctx.font = `${px}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(s.label, x0 + s.px / 2, bottom - 6 * unit);
  ctx.textAlign = 'start';
}

function attribution(ctx: CanvasRenderingContext2D, text: string, right: number, bottom: number, unit: number, maxWidth: number): void {
  const px = Math.round(11 * unit);
  ctx.font = `${px}px ${FONT}`;
  const label = fit(ctx, `© ${text} · MapLibre`, maxWidth);
  const w = ctx.measureText(label).width;
  ctx.fillStyle = PAPER;
  ctx.fillRect(right - w - 8 * unit, bottom - px - 4 * unit, w + 8 * unit, px + 6 * unit);
  ctx.fillStyle = '#222222';
  ctx.textBaseline = 'bottom';
  ctx.fillText(label, right - w - 4 * unit, bottom);
}
