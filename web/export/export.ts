/**
 * Export entry points, loaded on demand (dynamic import) so they never weigh on the first load:
 * the current view as a PNG (screen size or 2×) and the whole story as a PDF handout.
 */
import type { MapShot } from '../map/capture-map.ts';
import { composeMapImage, type Decorations } from './compose-image.ts';
import { canvasBlob, download } from './download.ts';
import { writePdf, type PdfPage } from './pdf-writer.ts';
import { PAGE_PX, composeStoryPage, type PageText } from './story-page.ts';

export { slug } from './download.ts';

/** Takes the map's picture at a scale (the map view's `capture`). */
export type Capture = (scale: number) => Promise<MapShot>;

/** Saves the map as it is now, decorated, at `scale` × its CSS size. */
export async function exportMapPng(capture: Capture, decorations: Decorations, scale: 1 | 2, filename: string): Promise<void> {
  const shot = await capture(scale);
  const image = composeMapImage(shot, decorations);
  download(await canvasBlob(image, 'image/png'), filename);
}

export interface StoryPageSource {
  total: number;
  title: string;
  /** Shows chapter `n` (1-based) without animation and resolves when the map is drawn. */
  show(n: number): Promise<{ text: PageText; decorations: Omit<Decorations, 'title' | 'subtitle'>; cropLeft: number }>;
  progress?(n: number): void;
}

/** Builds the PDF, one page per chapter, and saves it. */
export async function exportStoryPdf(capture: Capture, source: StoryPageSource, filename: string): Promise<void> {
  const pages: PdfPage[] = [];
  for (let n = 1; n <= source.total; n++) {
    source.progress?.(n);
    const { text, decorations, cropLeft } = await source.show(n);
    const canvas = composeStoryPage(await capture(1), cropLeft, text, decorations);
    const jpeg = new Uint8Array(await (await canvasBlob(canvas, 'image/jpeg', 0.86)).arrayBuffer());
    pages.push({ jpeg, width: PAGE_PX.width, height: PAGE_PX.height, title: `${n}. ${text.title}` });
  }
  download(new Blob([writePdf(pages, source.title) as BlobPart], { type: 'application/pdf' }), filename);
}
