/**
 * Outlines highlighted features of a story chapter's context layers (a landmark, a river), as
 * the style outlines a highlighted strategy feature: the style has selection layers for
 * strategy layers only. The outline layers are added to the running map (on top, with no
 * `kp:layer` metadata, so they are never taken for a pack layer) and replaced on every call;
 * `ids` empty removes them.
 */
import type { Map as MlMap } from 'maplibre-gl';
import { META_LAYER, META_PART } from '../../styles/build-style.ts';

/** Id prefix of the layers that outline highlighted context features. */
export const CONTEXT_HIGHLIGHT_PREFIX = 'story-context-highlight--';

export function highlightContext(map: MlMap, ids: readonly string[], layers: readonly string[], colour: string): void {
  // Layer ids and each layer's metadata, without getStyle() (which copies every source's data).
  const order = map.getLayersOrder();
  for (const id of order) if (id.startsWith(CONTEXT_HIGHLIGHT_PREFIX)) map.removeLayer(id);
  if (ids.length === 0) return;
  const sources = new Set<string>();
  for (const id of order) {
    const l = map.getLayer(id);
    const md = l?.metadata as Record<string, string> | undefined;
    if (l && md?.[META_PART] === 'context' && layers.includes(md[META_LAYER] ?? '') && typeof l.source === 'string') sources.add(l.source);
  }
  const match = ['in', ['get', 'id'], ['literal', [...ids]]];
  for (const source of sources) {
    map.addLayer({
      id: `${CONTEXT_HIGHLIGHT_PREFIX}${source}--line`,
      type: 'line',
      source,
      filter: ['all', ['!=', ['geometry-type'], 'Point'], match] as never,
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': colour, 'line-width': 6 },
    });
    map.addLayer({
      id: `${CONTEXT_HIGHLIGHT_PREFIX}${source}--circle`,
      type: 'circle',
      source,
      filter: ['all', ['==', ['geometry-type'], 'Point'], match] as never,
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 16, 'circle-stroke-color': colour, 'circle-stroke-width': 5 },
    });
  }
}
