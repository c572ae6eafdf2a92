/**
 * A map drawn into a PDF page as vector paths (pdf-lib): context layers in their legend
 * colours, district outlines, the undertakings' places as planned (grey) and what was built by
 * the report's date (dark green, the viewer's colour), district names as real text, a scale
 * bar, a north arrow, and under the frame a legend, the attribution the data's licences ask for
 * and a note on how exact the geometry is. Geometry is projected with map-frame.ts.
 */
import { bboxClip, pointOnFeature } from '@turf/turf';
import type { Geometry } from 'geojson';
import { clip, endPath, LineCapStyle, LineJoinStyle, popGraphicsState, pushGraphicsState, rectangle, rgb, setLineJoin, type Color, type PDFFont, type PDFPage } from 'pdf-lib';
import { fitFrame, growBox, pointsOf, scaleBar, shapeOf, svgPath, type BBox, type MapFrame } from './map-frame.ts';
import type { ReportMapData } from './report-map-data.ts';

/** The viewer's colour for work done (web/map/progress-layer.ts). */
export const BUILT_HEX = '#0f5132';
export const PLANNED_HEX = '#8c8c8c';
/** The frame's edge: a colour used nowhere else on the page, so the frame can be found in a rendering. */
export const FRAME_HEX = '#8c9199';
const INK = rgb(0.12, 0.14, 0.16);
const MUTED = rgb(0.35, 0.38, 0.42);
const WHITE = rgb(1, 1, 1);

export function hexColour(hex: string): Color {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(hex);
  if (!m) return MUTED;
  return rgb(parseInt(m[1]!, 16) / 255, parseInt(m[2]!, 16) / 255, parseInt(m[3]!, 16) / 255);
}

const ACCURACY_PL = { surveyed: 'z pomiaru', approximate: 'przybliżone', schematic: 'schematyczne' } as const;

export interface MapBox {
  /** PDF coordinates of the frame's bottom-left corner, and its size, in points. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MapContent {
  data: ReportMapData;
  /** The work done by the report's date. */
  built: { geometry: Geometry }[];
  /** The date the built work is shown for (YYYY-MM-DD). */
  at: string;
  /** The district the map is about (others are muted), or null for the whole town. */
  focus: string | null;
}

/** Draws the map in `box`; returns the frame used (for tests and for the caller's layout). */
export function drawMap(page: PDFPage, font: PDFFont, bold: PDFFont, box: MapBox, c: MapContent): MapFrame {
  const focus = c.focus ? c.data.districts.find((d) => d.id === c.focus) : undefined;
  const want: BBox = focus ? growBox(focus.bbox, 0.08) : growBox(c.data.bbox, 0.02);
  const frame = fitFrame(want, box.width, box.height, 6);
  const top = box.y + box.height;
  const path = (g: Geometry) => svgPath(g, frame);
  const meets = (g: Geometry) => boxesMeet(g, frame.shown);
  const svg = (d: string, o: Parameters<PDFPage['drawSvgPath']>[1]) => {
    if (d) page.drawSvgPath(d, { x: box.x, y: top, ...o });
  };

  page.drawRectangle({ x: box.x, y: box.y, width: box.width, height: box.height, color: rgb(0.985, 0.985, 0.975) });
  page.pushOperators(pushGraphicsState(), rectangle(box.x, box.y, box.width, box.height), clip(), endPath(), setLineJoin(LineJoinStyle.Round));

  // The town on a light ground, then the context layers.
  svg(path(c.data.boundary), { color: WHITE, borderColor: rgb(0.5, 0.52, 0.56), borderWidth: 1.2, borderDashArray: [4, 2] });
  for (const l of c.data.context) {
    const colour = hexColour(l.colour);
    const gs = l.geometries.filter(meets);
    const areas = gs.filter((g) => shapeOf(g) === 'area').map(path).join('');
    const lines = gs.filter((g) => shapeOf(g) === 'line').map(path).join('');
    svg(areas, { color: colour, opacity: 0.7, borderColor: colour, borderWidth: 0.4 });
    svg(lines, { borderColor: colour, borderWidth: l.id.includes('river') ? 1 : 0.7, borderLineCap: LineCapStyle.Round });
    for (const g of gs) for (const [x, y] of pointsOf(g, frame)) page.drawCircle({ x: box.x + x, y: top - y, size: 1.6, color: colour });
  }

  // Districts: the focused one stands out, the others are veiled.
  for (const d of c.data.districts) {
    if (focus && d.id !== focus.id) svg(path(d.geometry), { color: rgb(0.9, 0.9, 0.89), opacity: 0.6 });
  }
  svg(c.data.districts.map((d) => path(d.geometry)).join(''), { borderColor: rgb(0.3, 0.32, 0.35), borderWidth: 0.8 });

  // The plan in grey, the work done over it in dark green.
  const planned = c.data.planned.map((p) => p.geometry).filter(meets);
  drawLayer(page, box, frame, planned, hexColour(PLANNED_HEX), { areaOpacity: 0.35, lineWidth: 2, casing: false });
  drawLayer(page, box, frame, c.built.map((b) => b.geometry).filter(meets), hexColour(BUILT_HEX), { areaOpacity: 0.4, lineWidth: 3.2, casing: true });
  if (focus) svg(path(focus.geometry), { borderColor: INK, borderWidth: 2.2 });

  // District names as text on a light box (a reader can search for them).
  for (const d of c.data.districts) {
    // A neighbour is named inside the part of it the frame shows.
    const inFrame = bboxClip({ type: 'Feature', properties: {}, geometry: d.geometry }, growBox(frame.shown, -0.04));
    if (!inFrame.geometry.coordinates.length) continue;
    const [lon, lat] = pointOnFeature(inFrame).geometry.coordinates as [number, number];
    const [x, y] = frame.project(lon, lat);
    const size = focus ? (d.id === focus.id ? 10 : 7.5) : 8.5;
    const f = focus && d.id === focus.id ? bold : font;
    const w = f.widthOfTextAtSize(d.name, size);
    const px = Math.min(Math.max(box.x + x - w / 2, box.x + 4), box.x + box.width - w - 4);
    const py = top - y - size / 2;
    if (py < box.y + 2 || py > top - size - 2) continue;
    page.drawRectangle({ x: px - 2, y: py - 2, width: w + 4, height: size + 3, color: WHITE, opacity: 0.8 });
    page.drawText(d.name, { x: px, y: py, size, font: f, color: focus && d.id !== focus.id ? MUTED : INK });
  }
  page.pushOperators(popGraphicsState());

  page.drawRectangle({ x: box.x, y: box.y, width: box.width, height: box.height, borderColor: hexColour(FRAME_HEX), borderWidth: 1.2 });
  drawNorthArrow(page, bold, box.x + box.width - 20, top - 14);
  drawScaleBar(page, font, frame, box.x + 8, box.y + 8);
  // What the viewer says on its map, said on this one too: the geometry is not surveyed.
  const stamp = stampOf(c.data);
  if (stamp) {
    const w = font.widthOfTextAtSize(stamp, 7);
    page.drawRectangle({ x: box.x + box.width - w - 11, y: box.y + 5, width: w + 6, height: 11, color: WHITE, opacity: 0.85 });
    page.drawText(stamp, { x: box.x + box.width - w - 8, y: box.y + 8, size: 7, font, color: MUTED });
  }
  return frame;
}

function drawLayer(page: PDFPage, box: MapBox, frame: MapFrame, gs: Geometry[], colour: Color, o: { areaOpacity: number; lineWidth: number; casing: boolean }) {
  const top = box.y + box.height;
  const areas = gs.filter((g) => shapeOf(g) === 'area').map((g) => svgPath(g, frame)).join('');
  const lines = gs.filter((g) => shapeOf(g) === 'line' || shapeOf(g) === 'mixed').map((g) => svgPath(g, frame)).join('');
  if (areas) page.drawSvgPath(areas, { x: box.x, y: top, color: colour, opacity: o.areaOpacity, borderColor: colour, borderWidth: 1.2 });
  if (lines && o.casing) page.drawSvgPath(lines, { x: box.x, y: top, borderColor: WHITE, borderWidth: o.lineWidth + 2, borderLineCap: LineCapStyle.Round });
  if (lines) page.drawSvgPath(lines, { x: box.x, y: top, borderColor: colour, borderWidth: o.lineWidth, borderLineCap: LineCapStyle.Round });
  for (const g of gs) {
    for (const [x, y] of pointsOf(g, frame)) page.drawCircle({ x: box.x + x, y: top - y, size: 3, color: WHITE, borderColor: colour, borderWidth: 1.8 });
  }
}

function drawNorthArrow(page: PDFPage, bold: PDFFont, cx: number, cy: number) {
  page.drawCircle({ x: cx, y: cy - 4, size: 11, color: WHITE, opacity: 0.85 });
  // North is up: the projection keeps meridians vertical.
  page.drawSvgPath('M0 -9L5 5L0 2L-5 5Z', { x: cx, y: cy - 6, color: INK });
  page.drawText('N', { x: cx - bold.widthOfTextAtSize('N', 7) / 2, y: cy + 3.5, size: 7, font: bold, color: INK });
}

function drawScaleBar(page: PDFPage, font: PDFFont, frame: MapFrame, x: number, y: number) {
  const s = scaleBar(frame.metresPerPt, Math.min(110, frame.width / 3));
  const labelW = font.widthOfTextAtSize(s.label, 7);
  page.drawRectangle({ x: x - 3, y: y - 3, width: s.pt + labelW + 12, height: 13, color: WHITE, opacity: 0.85 });
  page.drawRectangle({ x, y, width: s.pt / 2, height: 3, color: INK });
  page.drawRectangle({ x: x + s.pt / 2, y, width: s.pt / 2, height: 3, color: WHITE, borderColor: INK, borderWidth: 0.6 });
  page.drawText(s.label, { x: x + s.pt + 4, y: y - 0.5, size: 7, font, color: INK });
}

/** The legend entries of a map: the base, the plan, the work done, each context layer drawn. */
export function legendEntries(c: MapContent): { label: string; colour: string; shape: 'area' | 'line' | 'outline' | 'point' }[] {
  const [y, m, d] = c.at.split('-');
  return [
    { label: c.focus ? 'Granica dzielnicy (wyróżniona)' : 'Granice dzielnic', colour: '#4d5258', shape: 'outline' },
    ...(c.data.planned.length ? [{ label: 'Plan: miejsca przedsięwzięć', colour: PLANNED_HEX, shape: 'line' as const }] : []),
    { label: `Wykonane do ${d}.${m}.${y}`, colour: BUILT_HEX, shape: 'line' },
    ...c.data.context.map((l) => ({ label: l.title, colour: l.colour, shape: contextShape(l.geometries) })),
  ];
}

/** The short note inside the frame, or null for surveyed geometry. */
export function stampOf(data: ReportMapData): string | null {
  const a: (string | null)[] = [data.accuracy.districts, data.accuracy.places];
  if (a.includes('schematic')) return 'Położenie schematyczne — nie z pomiarów';
  if (a.includes('approximate')) return 'Położenie przybliżone — nie z pomiarów';
  return null;
}

function contextShape(gs: Geometry[]): 'area' | 'line' | 'point' {
  if (gs.some((g) => shapeOf(g) === 'area')) return 'area';
  return gs.every((g) => shapeOf(g) === 'point') ? 'point' : 'line';
}

/** "Granice dzielnic schematyczne, miejsca przedsięwzięć przybliżone — …": what the viewer says about the same geometry. */
export function accuracyNote(data: ReportMapData): string {
  const { districts, places } = data.accuracy;
  const placesText = places === null ? 'przedsięwzięcia strategii nie mają wyznaczonych miejsc' : `miejsca przedsięwzięć ${ACCURACY_PL[places]}${places === 'surveyed' ? '' : ' (narysowane według opisów w strategii, bez pomiaru geodezyjnego)'}`;
  if (districts === 'surveyed' && (places === 'surveyed' || places === null)) return `Granice dzielnic z pomiarów; ${placesText}.`;
  return `Mapa orientacyjna: granice dzielnic ${ACCURACY_PL[districts]}, ${placesText}.`;
}

/** Draws the legend in rows from (x, y) downwards within `width`; returns the y under it. */
export function drawLegend(page: PDFPage, font: PDFFont, c: MapContent, x: number, y: number, width: number): number {
  const size = 8;
  let cx = x;
  let cy = y - 10;
  for (const e of legendEntries(c)) {
    const w = 16 + font.widthOfTextAtSize(e.label, size) + 12;
    if (cx + w > x + width && cx > x) {
      cx = x;
      cy -= 13;
    }
    const colour = hexColour(e.colour);
    if (e.shape === 'area') page.drawRectangle({ x: cx, y: cy, width: 12, height: 7, color: colour, opacity: 0.7 });
    else if (e.shape === 'outline') page.drawRectangle({ x: cx, y: cy, width: 12, height: 7, borderColor: colour, borderWidth: 0.9 });
    else if (e.shape === 'point') page.drawCircle({ x: cx + 6, y: cy + 3.5, size: 2.2, color: colour });
    else page.drawLine({ start: { x: cx, y: cy + 3.5 }, end: { x: cx + 12, y: cy + 3.5 }, thickness: e.colour === BUILT_HEX ? 3.2 : 2, color: colour });
    page.drawText(e.label, { x: cx + 16, y: cy, size, font, color: INK });
    cx += w;
  }
  return cy - 4;
}

function boxesMeet(g: Geometry, b: BBox): boolean {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (p: number[]) => {
    if (p[0]! < minX) minX = p[0]!;
    if (p[0]! > maxX) maxX = p[0]!;
    if (p[1]! < minY) minY = p[1]!;
    if (p[1]! > maxY) maxY = p[1]!;
  };
  const walk = (x: unknown): void => {
    if (Array.isArray(x) && typeof x[0] === 'number') visit(x as number[]);
    else if (Array.isArray(x)) x.forEach(walk);
  };
  if (g.type === 'GeometryCollection') return g.geometries.some((x) => boxesMeet(x, b));
  walk(g.coordinates);
  return minX <= b[2] && maxX >= b[0] && minY <= b[3] && maxY >= b[1];
}
