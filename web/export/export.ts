/**
 * Export entry points, loaded on demand (dynamic import) so they never weigh on the first load:
 * the viewer's map as a PNG, a story chapter as a PNG (panel + map, as projected), and the
 * whole story as a PDF handout with a text layer. The story's images are shots of an
 * off-screen twin map (the caller's `capture`), so the live map is never touched.
 */
import type { MapShot } from '../map/capture-map.ts';
import type { CityDetail } from '../../server/api-types.ts';
import { attributionsFor } from '../../styles/attribution.ts';
import { t } from '../i18n/index.ts';
import { slug } from './download.ts';
import { composeMapImage, type Decorations } from './compose-image.ts';
import { canvasBlob, download } from './download.ts';
import type { PdfFonts, StoryPdfPage } from './pdf-writer.ts';
import { composeStorySlide, type PageText, type SlideColours, type SlideLink } from './story-page.ts';
import regularFontUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf?url';
import boldFontUrl from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf?url';

export { slug } from './download.ts';
export { qrMatrix } from './qr.ts';
export { PDF_MAP_CSS } from './story-page.ts';

/** Takes the map's picture at a scale (the map view's `capture`). */
export type Capture = (scale: number) => Promise<MapShot>;

/** The viewer's current view as a PNG at screen size: title, legend of the shown strategy layers, scale bar, north arrow, attribution. */
export async function exportViewPng(d: CityDetail, visible: ReadonlySet<string>, capture: Capture): Promise<void> {
  const legend = d.layers.filter((l) => l.role === 'strategy' && visible.has(l.id)).map((l) => ({ label: l.legend.label ?? l.title, color: l.legend.color, kind: l.kind }));
  const shot = await capture(1);
  // What the map credited when taken, the basemap's tiles included; the pack's list when the shot does not say.
  const attribution = (shot.attributions ?? attributionsFor(d.attribution, d.layers, visible)).join(' · ');
  const decorations = { title: `${d.name} — ${d.strategy.title}`, subtitle: d.strategy.period, legend, legendTitle: t('story.legend'), attribution, north: t('export.north') };
  download(await canvasBlob(composeMapImage(shot, decorations), 'image/png'), `${slug(d.name)}-widok.png`);
}

/** Saves a story chapter as projected: its panel (`panelWidth` CSS px) beside the shot of its map. */
export async function exportChapterPng(shot: MapShot, panelWidth: number, text: PageText, decorations: Omit<Decorations, 'title' | 'subtitle'>, colours: SlideColours, link: SlideLink | null, filename: string): Promise<void> {
  const image = composeStorySlide(shot, panelWidth, text, decorations, colours, link);
  download(await canvasBlob(image, 'image/png'), filename);
}

/** One chapter of the PDF: its text, and the decorations of its map. */
export interface StoryPdfChapter {
  text: PageText;
  decorations: Omit<Decorations, 'title' | 'subtitle'>;
  link?: SlideLink | null;
}

export interface StoryPdfSource {
  total: number;
  title: string;
  lang: string;
  /** Puts chapter n (1-based) on the off-screen map, waits until it is drawn, and tells its text. */
  chapter(n: number): Promise<StoryPdfChapter>;
  /** The off-screen map's picture. */
  capture: Capture;
  /** Scale of the shots (pixels per CSS pixel). */
  scale: number;
  progress?(n: number): void;
}

/** The fonts of the PDF's text layer (DejaVu Sans, bundled: the export works offline). */
async function loadFonts(): Promise<PdfFonts> {
  const get = async (url: string) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const [regular, bold] = await Promise.all([get(regularFontUrl), get(boldFontUrl)]);
  return { regular, bold };
}

/**
 * Builds the PDF, one page per chapter, and saves it; stops (without saving) when `signal` is
 * aborted. Resolves with the page count and size in bytes, or null when stopped.
 */
export async function exportStoryPdf(source: StoryPdfSource, filename: string, signal: AbortSignal): Promise<{ pages: number; bytes: number } | null> {
  const fonts = loadFonts();
  // pdf-lib and fontkit (about 0.5 MB gzipped) only when a PDF is made, not for an image.
  const writer = import('./pdf-writer.ts');
  writer.catch(() => undefined);
  // A failed font fetch is reported when the fonts are needed, not as an unhandled rejection meanwhile.
  fonts.catch(() => undefined);
  const pages: StoryPdfPage[] = [];
  for (let n = 1; n <= source.total; n++) {
    if (signal.aborted) return null;
    source.progress?.(n);
    const { text, decorations, link } = await source.chapter(n);
    if (signal.aborted) return null;
    // The legend goes into the page's text column, as text: the map keeps scale bar, north arrow and attribution.
    const map = composeMapImage(await source.capture(source.scale), { ...decorations, legend: [], title: '' });
    const jpeg = new Uint8Array(await (await canvasBlob(map, 'image/jpeg', 0.82)).arrayBuffer());
    pages.push({ ...text, map: { jpeg, width: map.width, height: map.height }, link: link ?? null, legend: { title: decorations.legendTitle, items: decorations.legend } });
  }
  const { writeStoryPdf } = await writer;
  const bytes = await writeStoryPdf(pages, { title: source.title, lang: source.lang }, await fonts);
  if (signal.aborted) return null;
  download(new Blob([bytes as BlobPart], { type: 'application/pdf' }), filename);
  return { pages: pages.length, bytes: bytes.length };
}
