/**
 * Switches the basemap under the map's own layers: a raster source (XYZ, WMS, WMTS) slid in
 * right above the background, or a MapLibre style merged under them (setStyle). Counts the
 * basemap's tile failures: when more fail than load (at least three), it calls `onFail`, and
 * the map view falls back to the own style with a notice instead of leaving a blank map.
 */
import type { Map as MlMap, MapSourceDataEvent, RasterSourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { BasemapOption } from '../../server/basemaps/basemaps.ts';

const LAYER = 'basemap';
/** The own style's town fill: opaque alone, a light tint over a basemap (so the basemap reads). */
const TOWN_FILL = 'boundary-fill';
const FAILURES_BEFORE_FALLBACK = 3;

export class BasemapSwitch {
  private current: BasemapOption | null = null;
  private failed = 0;
  private loaded = 0;

  constructor(
    private readonly map: MlMap,
    /** The id of the basemap's source in the own style (build-style's BASEMAP_SOURCE, passed in, so this module loaded on first use shares no chunk with the style's). */
    private readonly source: string,
    private readonly ownStyle: () => StyleSpecification | null,
    private readonly onFail: (b: BasemapOption) => void,
    private readonly onRestyled: () => void,
  ) {
    map.on('sourcedata', (e: MapSourceDataEvent) => {
      if (e.sourceId === this.source && e.tile) this.loaded++;
    });
  }

  /** The basemap is already drawn (the server's start basemap, built into the style). */
  adopt(b: BasemapOption): void {
    this.current = b;
  }

  /** Whether a map error is a tile of the current basemap failing (and counts it). */
  owns(e: object): boolean {
    if ((e as { sourceId?: string }).sourceId !== this.source) return false;
    const b = this.current;
    if (!b) return true;
    this.failed++;
    if (this.failed >= FAILURES_BEFORE_FALLBACK && this.failed > this.loaded) {
      this.failed = 0;
      this.onFail(b);
    }
    return true;
  }

  show(next: BasemapOption | null): void {
    const map = this.map;
    const was = this.current;
    if (was?.id === next?.id && (next === null || map.getSource(this.source) || next.type === 'style')) return;
    this.failed = 0;
    this.loaded = 0;
    this.current = next;
    if (was?.type === 'style' || next?.type === 'style') {
      this.restyle(next);
      return;
    }
    if (map.getLayer(LAYER)) map.removeLayer(LAYER);
    if (map.getSource(this.source)) map.removeSource(this.source);
    if (next?.type === 'raster') {
      const source: RasterSourceSpecification = { type: 'raster', tiles: next.tiles, tileSize: next.tileSize, maxzoom: next.maxzoom, attribution: next.attribution };
      map.addSource(this.source, source);
      // Right above the background: under the town, the strategy and everything else.
      const above = map.getStyle().layers.find((l) => l.type !== 'background')?.id;
      map.addLayer({ id: LAYER, type: 'raster', source: this.source }, above);
    }
    this.tintTown(next !== null);
  }

  private tintTown(over: boolean): void {
    if (this.map.getLayer(TOWN_FILL)) this.map.setPaintProperty(TOWN_FILL, 'fill-opacity', over ? 0.25 : 1);
  }

  /** To or from a style basemap: the own style is rebuilt, the other style's layers under it. */
  private restyle(next: BasemapOption | null): void {
    const ours = this.ownStyle();
    if (!ours) return;
    const own = { ...ours, layers: ours.layers.filter((l) => l.id !== LAYER), sources: Object.fromEntries(Object.entries(ours.sources).filter(([id]) => id !== this.source)) };
    this.map.once('style.load', () => {
      this.onRestyled();
      if (next?.type === 'raster') {
        this.current = null;
        this.show(next);
      }
    });
    if (next?.type === 'style') {
      this.map.setStyle(next.url, {
        transformStyle: (_previous, other) => ({
          ...other!,
          glyphs: own.glyphs,
          sources: { ...other!.sources, ...own.sources },
          layers: [...other!.layers, ...own.layers.filter((l) => l.type !== 'background' && l.id !== TOWN_FILL)],
        }),
      });
    } else {
      this.map.setStyle(own as StyleSpecification, { diff: false });
    }
  }
}
