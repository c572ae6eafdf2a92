/**
 * The story PDF's text layer: the writer embeds DejaVu Sans (subset) and sets titles, text,
 * figures and the closing link as real text. Checked with poppler's pdftotext/pdfinfo (a
 * reader independent of the writer): page count, Polish letters extractable, bookmarks,
 * language; and the small helpers of the story's exports.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { pdfText, wrapText, writeStoryPdf, type StoryPdfPage } from '../../web/export/pdf-writer.ts';
import { qrMatrix, qrPath } from '../../web/export/qr.ts';
import { showsProposals, storyLink, twinCamera } from '../../web/story/story-logic.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const font = (f: string) => new Uint8Array(readFileSync(path.join(ROOT, 'node_modules/dejavu-fonts-ttf/ttf', f)));
const fonts = { regular: font('DejaVuSans.ttf'), bold: font('DejaVuSans-Bold.ttf') };
// A 1×1 JPEG: enough for the image's place on the page.
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');
const dir = mkdtempSync(path.join(tmpdir(), 'kp-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdftotext(file: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, file, '-'], { encoding: 'utf8' });
}

const page = (n: number, extra: Partial<StoryPdfPage> = {}): StoryPdfPage => ({
  kicker: 'Dzielnica',
  title: `Rozdział ${n}: Kraśnik Fabryczny — zieleń, łąki i źródła`,
  text: ['Gdzie posadzić drzewa, zdecydujemy razem z mieszkańcami: żółw, gęślą jaźń, ĄĘŁŃÓŚŹŻ.'],
  figures: [{ value: '8,26 km', label: 'tras pieszo-rowerowych' }, { value: '1 / 1000', label: 'drzew posadzonych, zgłoszono 43' }],
  footer: `Kraśnik · Kraśnik 2030 · Rozdział ${n} z 3`,
  map: { jpeg: new Uint8Array(JPEG), width: 1, height: 1 },
  ...extra,
});

describe('story PDF', () => {
  it('has one page per chapter and a text layer with Polish letters, the closing link and bookmarks', async () => {
    const url = 'http://127.0.0.1:8080/#krasnik/story/1';
    const legend = { title: 'Legenda', items: [{ label: 'granica dzielnicy', color: '#5e3c99', kind: 'district' as const }, { label: 'Strefy nasadzeń drzew', color: '#009e73', kind: 'area' as const }] };
    const pages = [page(1, { legend }), page(2, { map: null }), page(3, { kicker: 'Na koniec', title: 'Dziękujemy', figures: [], link: { url, qr: qrMatrix(url) } })];
    const bytes = await writeStoryPdf(pages, { title: 'Kraśnik — Kraśnik 2030', lang: 'pl' }, fonts);
    const file = path.join(dir, 'story.pdf');
    writeFileSync(file, bytes);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/^Pages:\s+3$/m);
    expect(info).toMatch(/^Title:\s+Kraśnik — Kraśnik 2030$/m);
    const all = pdftotext(file).replace(/\s+/g, ' ');
    for (const p of pages) expect(all).toContain(p.title);
    expect(all).toContain('żółw, gęślą jaźń, ĄĘŁŃÓŚŹŻ.');
    expect(all).toContain('8,26 km');
    expect(all).toContain('drzew posadzonych, zgłoszono 43');
    expect(all).toContain('DZIELNICA');
    expect(pdftotext(file, 1)).toContain('granica dzielnicy');
    expect(pdftotext(file, 1)).toContain('Strefy nasadzeń drzew');
    // Each chapter on its own page; the link only on the last.
    expect(pdftotext(file, 2).replace(/\s+/g, ' ')).toContain('Rozdział 2: Kraśnik Fabryczny');
    expect(pdftotext(file, 2)).not.toContain('Rozdział 1:');
    expect(pdftotext(file, 3).replace(/\s+/g, '')).toContain(url);
    expect(pdftotext(file, 1)).not.toContain(url);
    // The font is embedded (a subset, so the file stays small) and the outline names every chapter.
    const fontsList = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    // (pdf-lib names its subsets without the "ABCDEF+" tag, so pdffonts says "sub no"; the size below shows the subset.)
    expect(fontsList).toMatch(/DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes\s+\S+\s+yes/);
    expect(bytes.length).toBeLessThan(60_000);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(3);
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toContain(pdfText('1. Rozdział 1: Kraśnik Fabryczny — zieleń, łąki i źródła'));
    expect(raw).toMatch(/\/Lang \(pl\)/);
    expect(raw).toMatch(/\/URI \(http:\/\/127\.0\.0\.1:8080\/#krasnik\/story\/1\)/);
    await expect(writeStoryPdf([], { title: 'x', lang: 'pl' }, fonts)).rejects.toThrow(/at least one page/);
  });

  it('wraps text at spaces, and a long link at any character', () => {
    const mono = { widthOfTextAtSize: (s: string, size: number) => s.length * size };
    expect(wrapText('aa bb cc', mono, 1, 5)).toEqual(['aa bb', 'cc']);
    expect(wrapText('abcdefghij', mono, 1, 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('story export helpers', () => {
  it('links to the story from the page address, without the test flag and with the rest of the query', () => {
    expect(storyLink('http://h:1/?test#krasnik/story/17', 'krasnik')).toBe('http://h:1/#krasnik/story/1');
    expect(storyLink('https://plan.example/app/?lang=en#kalisz/story/3', 'kalisz')).toBe('https://plan.example/app/?lang=en#kalisz/story/1');
  });

  it('draws proposals on district chapters only', () => {
    expect(showsProposals({ kind: 'district' })).toBe(true);
    expect(showsProposals({ kind: 'goal' })).toBe(false);
    expect(showsProposals({ kind: 'closing' })).toBe(false);
  });

  it('frames the same ground on a twin map of another size', () => {
    const cam = { center: [22, 51] as [number, number], zoom: 14 };
    const none = { top: 0, right: 0, bottom: 0, left: 0 };
    // Half as wide and half as tall: one zoom level out.
    expect(twinCamera(cam, { width: 1000, height: 800 }, none, { width: 500, height: 400 }, none).zoom).toBeCloseTo(13, 6);
    // The live map's panel padding is left out of what the chapter shows.
    expect(twinCamera(cam, { width: 1280, height: 800 }, { top: 30, right: 30, bottom: 30, left: 542 }, { width: 768, height: 800 }, { top: 30, right: 30, bottom: 30, left: 30 }).zoom).toBeCloseTo(14, 1);
  });

  it('encodes the link as a QR code with a path of its dark modules', () => {
    const qr = qrMatrix('http://127.0.0.1:8080/#krasnik/story/1');
    expect(qr.length).toBeGreaterThanOrEqual(21);
    expect(qr.every((row) => row.length === qr.length)).toBe(true);
    // The finder pattern's top-left corner is dark; the quiet zone shifts the path by 4 modules.
    expect(qr[0]![0]).toBe(true);
    expect(qrPath(qr).startsWith('M4 4h7v1h-7z')).toBe(true);
  });
});
