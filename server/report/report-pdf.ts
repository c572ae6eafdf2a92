/**
 * The yearly report as a printable A4 PDF with real text (pdf-lib, DejaVu Sans embedded and
 * subset, so Polish letters are text a reader can search and copy): a title page with the
 * goals' shares and the contents, a map of the town (what was planned, what was built by the
 * report's date), a section per goal with each undertaking's status, figures reached against
 * the targets and the year's updates, then a page per district with its own map, its targets
 * (the proposals' funnel), the undertakings that touch it and the year's work there.
 * CPU-heavy (fonts, paths): the server runs it in a worker thread (report-service.ts).
 */
import { wrapWords } from './wrap-words.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { FigureIndicator, ProgressStatus } from '../progress/progress-types.ts';
import type { YearReport } from './year-report.ts';
import type { ReportMapData } from './report-map-data.ts';
import { accuracyNote, drawLegend, drawMap, type MapContent } from './report-map.ts';

// DejaVu Sans from the npm package the story PDF also embeds (its licence ships with it).
const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

export const STATUS_PL: Record<ProgressStatus, string> = {
  planned: 'planowane',
  in_preparation: 'w przygotowaniu',
  in_progress: 'w realizacji',
  done: 'zrealizowane',
  suspended: 'wstrzymane',
  dropped: 'zaniechane',
};

/** "2,1" — numbers as Polish text (decimal comma, no grouping below 10 000). */
export function plNum(v: number): string {
  const digits = Number.isInteger(v) ? 0 : 2;
  return new Intl.NumberFormat('pl-PL', { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(v).replace(/\u00a0/g, ' ');
}
const plPct = (s: number | null) => (s === null ? 'brak danych' : `${plNum(Math.round(s * 1000) / 10)}%`);

/** "Długość tras: 2,1 z 8,26 km (25,4%)" — the same words the viewer shows. */
export function figureLine(f: FigureIndicator): string {
  const reached = f.reached === null ? '—' : plNum(f.reached);
  const source = f.from === 'proposals' ? ', z posadzonych propozycji' : '';
  if (f.per === 'district' && f.computedTarget) {
    // The strategy states the target per district; the town's total is our sum, and says so.
    const c = f.computedTarget;
    return `${f.label}: cel strategii ${plNum(f.target)} ${f.unit} w każdej dzielnicy; w całym mieście ${reached} z ${plNum(c.value)} ${f.unit} (${plPct(f.share)}${source}; suma obliczona: ${c.basis}, strategia jej nie podaje)`;
  }
  const target = f.targetMax !== undefined ? `${plNum(f.target)}–${plNum(f.targetMax)}` : plNum(f.target);
  return `${f.label}: ${reached} z ${target} ${f.unit} (${plPct(f.share)}${source})`;
}

const plDate = (iso: string) => iso.split('-').reverse().join('.');

class Writer {
  page!: PDFPage;
  y = 0;
  pages = 0;
  readonly contents: { title: string; page: number }[] = [];
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
    private readonly footer: string,
  ) {}

  newPage() {
    this.page = this.doc.addPage(A4);
    this.pages++;
    this.y = A4[1] - MARGIN;
    this.page.drawText(`${this.footer} — s. ${this.pages}`, { x: MARGIN, y: 28, size: 8, font: this.font, color: rgb(0.35, 0.38, 0.42) });
  }

  /** Wraps text to the page width; starts a new page when the text would run off it. */
  text(s: string, opts: { size?: number; bold?: boolean; indent?: number; gap?: number; colour?: [number, number, number] } = {}) {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.bold : this.font;
    const width = A4[0] - 2 * MARGIN - (opts.indent ?? 0);
    const lines: string[] = [];
    for (const para of s.split('\n')) lines.push(...wrapWords(para, font, size, width));
    for (const l of lines) {
      if (this.y - size < MARGIN) this.newPage();
      this.y -= size * 1.35;
      this.page.drawText(l, { x: MARGIN + (opts.indent ?? 0), y: this.y, size, font, color: rgb(...(opts.colour ?? [0.12, 0.14, 0.16])) });
    }
    this.y -= opts.gap ?? 2;
  }

  /** Starts a section on a new page and lists it in the contents. */
  section(title: string) {
    this.newPage();
    this.contents.push({ title, page: this.pages });
  }

  /** A map of `height` points across the text column, with its legend, attribution and accuracy note under it. */
  map(content: MapContent, height: number) {
    const width = A4[0] - 2 * MARGIN;
    this.y -= 4;
    drawMap(this.page, this.font, this.bold, { x: MARGIN, y: this.y - height, width, height }, content);
    this.y = drawLegend(this.page, this.font, content, MARGIN, this.y - height - 2, width);
    this.text(`Źródła: ${content.data.attribution.join(' · ')}`, { size: 7, colour: [0.35, 0.38, 0.42], gap: 0 });
    this.text(accuracyNote(content.data), { size: 7, colour: [0.35, 0.38, 0.42], gap: 8 });
  }

  bar(share: number | null, indent: number) {
    if (this.y - 10 < MARGIN) this.newPage();
    const w = 160;
    this.y -= 8;
    this.page.drawRectangle({ x: MARGIN + indent, y: this.y, width: w, height: 5, color: rgb(0.92, 0.93, 0.95) });
    if (share) this.page.drawRectangle({ x: MARGIN + indent, y: this.y, width: w * Math.min(1, share), height: 5, color: rgb(0.1, 0.5, 0.22) });
    this.y -= 4;
  }
}

export interface ReportPdf {
  bytes: Uint8Array;
  pages: number;
  /** Each section and the page it starts on (the title page lists them too). */
  contents: { title: string; page: number }[];
}

export async function reportPdf(r: YearReport, map: ReportMapData): Promise<ReportPdf> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(fontFile('DejaVuSans.ttf')), { subset: true });
  const bold = await doc.embedFont(readFileSync(fontFile('DejaVuSans-Bold.ttf')), { subset: true });
  const title = `Raport z realizacji strategii za rok ${r.year} — ${r.town}`;
  doc.setTitle(title);
  doc.setLanguage('pl-PL');
  doc.setProducer('Plan na mapie');
  doc.setCreationDate(new Date(`${r.at}T12:00:00Z`));
  const w = new Writer(doc, font, bold, `${r.town} · raport ${r.year}`);

  w.newPage();
  w.text(title, { size: 18, bold: true, gap: 6 });
  w.text(r.strategy, { size: 12, gap: 4 });
  w.text(`Stan na ${r.at}. Przygotował: ${r.office}. Aktualizacji w roku ${r.year}: ${r.updateCount}.`, { size: 10, gap: 10 });
  w.text('Wartości docelowe pochodzą ze strategii; wartości osiągnięte podaje urząd w aktualizacjach postępu (drzewa: liczone z posadzonych propozycji). Pomiar narysowanej geometrii podano osobno.', { size: 9, gap: 12, colour: [0.35, 0.38, 0.42] });
  w.text('Cele — udział osiągnięty (średnia przedsięwzięć z danymi)', { size: 12, bold: true, gap: 4 });
  for (const g of r.goals) {
    w.text(`${g.code}. ${g.name}: ${plPct(g.share)}${g.sharesCounted ? ` (z ${g.sharesCounted} ${g.sharesCounted === 1 ? 'przedsięwzięcia' : 'przedsięwzięć'})` : ''}`, { size: 10, indent: 8 });
    w.bar(g.share, 8);
  }
  const titlePage = w.page;
  const contentsY = w.y - 14;

  const mapOf = (focus: string | null): MapContent => ({ data: map, built: r.built, at: r.at, focus });
  w.section(`Mapa miasta: co zrobiono do ${plDate(r.at)}`);
  w.text(`Mapa miasta: co zrobiono do ${plDate(r.at)}`, { size: 15, bold: true, gap: 2 });
  const plan = map.planned.length ? 'Na szaro miejsca przedsięwzięć według strategii' : 'Przedsięwzięcia strategii nie mają wyznaczonych miejsc';
  w.text(`${plan}; na ciemnozielono prace wykonane do ${plDate(r.at)} (z aktualizacji postępu).`, { size: 9, colour: [0.35, 0.38, 0.42], gap: 2 });
  w.map(mapOf(null), 430);
  w.text('Dzielnice w skrócie', { size: 12, bold: true, gap: 2 });
  for (const d of r.districts) {
    const targets = d.targets.map((t) => `${t.label.toLowerCase()} posadzone: ${plNum(t.planted)} z ${plNum(t.target)}`);
    w.text(`${d.name} — ${[...targets, `przedsięwzięć: ${d.undertakings.length}`, `prac w roku ${r.year}: ${d.updates.length}`].join('; ')}`, { size: 9, indent: 8 });
  }

  for (const g of r.goals) {
    w.section(`Cel ${g.code}. ${g.name}`);
    w.text(`Cel ${g.code}. ${g.name}`, { size: 15, bold: true, gap: 8 });
    for (const u of g.undertakings) {
      w.text(u.name, { size: 11, bold: true, gap: 1 });
      w.text(`Status: ${STATUS_PL[u.status]}${u.asOf ? ` (stan na ${u.asOf})` : ' (brak aktualizacji)'}`, { size: 9, indent: 8 });
      for (const f of u.figures) {
        w.text(figureLine(f), { size: 9, indent: 8 });
        w.bar(f.share, 8);
      }
      if (u.measured?.lengthKm !== undefined) w.text(`Narysowany wykonany odcinek: ${plNum(u.measured.lengthKm)} km (pomiar z mapy).`, { size: 8, indent: 8, colour: [0.35, 0.38, 0.42] });
      if (u.measured?.areaHa !== undefined) w.text(`Narysowany wykonany obszar: ${plNum(u.measured.areaHa)} ha (pomiar z mapy).`, { size: 8, indent: 8, colour: [0.35, 0.38, 0.42] });
      if (u.yearUpdates.length) {
        w.text(`Aktualizacje w roku ${r.year}:`, { size: 9, indent: 8 });
        for (const up of u.yearUpdates) {
          const values = Object.entries(up.values).map(([k, v]) => `${u.figures.find((f) => f.id === k)?.label ?? k}: ${plNum(v)}`).join('; ');
          w.text(`• ${up.asOf} — ${STATUS_PL[up.status]}${values ? ` — ${values}` : ''}${up.note ? ` — ${up.note}` : ''}${up.corrects ? ' (korekta)' : ''}`, { size: 9, indent: 16 });
        }
      }
      w.y -= 6;
    }
  }

  for (const d of r.districts) {
    w.section(`Dzielnica: ${d.name}`);
    w.text(`Dzielnica: ${d.name}`, { size: 15, bold: true, gap: 2 });
    w.map(mapOf(d.id), 300);
    for (const t of d.targets) {
      w.text(`${t.label}: posadzone ${plNum(t.planted)} z ${plNum(t.target)} ${t.unit} (${plPct(t.target ? t.planted / t.target : null)})`, { size: 10, bold: true, gap: 0 });
      w.bar(t.target ? t.planted / t.target : null, 0);
      w.text(`Z propozycji mieszkańców: zgłoszone ${plNum(t.proposed)}, w tym przyjęte ${plNum(t.accepted)}, w tym posadzone ${plNum(t.planted)} (cel dzielnicy: ${plNum(t.target)}).`, { size: 9, gap: 6 });
    }
    w.text('Przedsięwzięcia w dzielnicy', { size: 11, bold: true, gap: 1 });
    if (!d.undertakings.length) w.text('Żadne przedsięwzięcie nie ma tu wyznaczonego miejsca.', { size: 9, indent: 8, colour: [0.35, 0.38, 0.42] });
    for (const u of d.undertakings) {
      w.text(`• ${u.name} — ${STATUS_PL[u.status]}, ${u.share === null ? 'brak danych o postępie' : `osiągnięto ${plPct(u.share)}`}${u.builtHere ? ' (wykonane prace w tej dzielnicy)' : ''}`, { size: 9, indent: 8 });
    }
    w.y -= 4;
    w.text(`Prace w roku ${r.year}`, { size: 11, bold: true, gap: 1 });
    if (!d.updates.length) w.text(`W roku ${r.year} nie zapisano tu prac z narysowaną geometrią.`, { size: 9, indent: 8, colour: [0.35, 0.38, 0.42] });
    for (const up of d.updates) {
      w.text(`• ${up.undertakingName}: ${up.asOf} — ${STATUS_PL[up.status]}${up.note ? ` — ${up.note}` : ''}`, { size: 9, indent: 8 });
    }
  }

  // The contents on the title page, now that every section's page is known.
  let y = contentsY;
  titlePage.drawText('Spis treści', { x: MARGIN, y, size: 12, font: bold, color: rgb(0.12, 0.14, 0.16) });
  for (const c of w.contents) {
    y -= 13;
    const label = c.title.length > 90 ? `${c.title.slice(0, 89)}…` : c.title;
    const pageNo = `s. ${c.page}`;
    titlePage.drawText(label, { x: MARGIN + 8, y, size: 9, font, color: rgb(0.12, 0.14, 0.16) });
    titlePage.drawText(pageNo, { x: A4[0] - MARGIN - font.widthOfTextAtSize(pageNo, 9), y, size: 9, font, color: rgb(0.12, 0.14, 0.16) });
  }
  return { bytes: await doc.save(), pages: w.pages, contents: w.contents };
}
