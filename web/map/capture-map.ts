/**
 * Reads the map's WebGL canvas at a chosen pixel ratio. Without preserveDrawingBuffer the
 * buffer is only valid right after a frame, so the copy is taken inside a `render` event
 * (one extra frame, nothing kept between exports).
 */
import type { Map as MlMap } from 'maplibre-gl';

/** What the composed image needs from the map besides its pixels. */
export interface MapShot {
  canvas: HTMLCanvasElement;
  /** Size of the map in CSS pixels. */
  width: number;
  height: number;
  /** Pixels of `canvas` per CSS pixel. */
  scale: number;
  /** Metres per CSS pixel at the centre of the map. */
  metresPerPixel: number;
  bearing: number;
  /** What the map credited when it was taken (pack, shown layers, basemap): a download carries the same. */
  attributions?: string[];
}

const EARTH_CIRCUMFERENCE_M = 40_075_016.686;

/**
 * Metres per CSS pixel at a latitude and zoom (web Mercator, 512-px tiles as MapLibre uses).
 * @example metresPerPixel(0, 0) // 78271.5…
 */
export function metresPerPixel(lat: number, zoom: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom);
}

function once(map: MlMap, event: 'idle' | 'render'): Promise<void> {
  return new Promise((resolve) => map.once(event, () => resolve()));
}

/** Copies the map at `scale` pixels per CSS pixel (1 = screen size, 2 = twice as sharp). */
export async function captureMap(map: MlMap, scale: number): Promise<MapShot> {
  const container = map.getContainer();
  const width = container.clientWidth;
  const height = container.clientHeight;
  const before = map.getPixelRatio();
  if (before !== scale) map.setPixelRatio(scale);
  try {
    const out = document.createElement('canvas');
    out.width = Math.round(width * scale);
    out.height = Math.round(height * scale);
    const copy = () => out.getContext('2d')!.drawImage(map.getCanvas(), 0, 0, out.width, out.height);
    // A map that keeps its drawing buffer (an off-screen twin) is copied once idle; any other
    // right after a frame, while its buffer is valid.
    const kept = (map.painter?.context.gl.getContextAttributes() as WebGLContextAttributes | null)?.preserveDrawingBuffer === true;
    if (kept && before === scale && map.loaded() && !map.isMoving()) {
      copy();
    } else {
      const idle = once(map, 'idle');
      map.triggerRepaint();
      await idle;
      if (kept) copy();
      else {
        const drawn = new Promise<void>((resolve) =>
          map.once('render', () => {
            copy();
            resolve();
          }),
        );
        map.triggerRepaint();
        await drawn;
      }
    }
    const c = map.getCenter();
    return { canvas: out, width, height, scale, metresPerPixel: metresPerPixel(c.lat, map.getZoom()), bearing: map.getBearing() };
  } finally {
    if (before !== scale) map.setPixelRatio(before);
  }
}
