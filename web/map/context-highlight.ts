/**
 * Outlines highlighted features of a story chapter's context layers (a landmark, a river), as
 * the style outlines a highlighted strategy feature: the style has selection layers for
 * strategy layers only. The outline layers are added to the running map (on top, with no
 * `kp:layer` metadata, so they are never taken for a pack layer) and replaced on every call;
 * `ids` empty removes them.
 */
import type { Map as MlMap } from 'maplibre-gl';
import { LAYER_PROP, TOWN_SOURCE, partIs } from '../../styles/build-style.ts';

/** Id prefix of the layers that outline highlighted context features. */
export const CONTEXT_HIGHLIGHT_PREFIX = 'story-context-highlight--';

export function highlightContext(map: MlMap, ids: readonly string[], layers: readonly string[], colour: string): void {
  const order = map.getLayersOrder();
  for (const id of order) if (id.startsWith(CONTEXT_HIGHLIGHT_PREFIX)) map.removeLayer(id);
  if (ids.length === 0) return;
  // The town's features are in one source; only context features of the chapter's layers are outlined.
  const sources = map.getSource(TOWN_SOURCE) ? [TOWN_SOURCE] : [];
  const match = ['all', partIs('context'), ['in', ['get', 'id'], ['literal', [...ids]]], ['in', ['get', LAYER_PROP], ['literal', [...layers]]]];
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
