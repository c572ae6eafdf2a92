/**
 * The projector look for the map, applied to the running map as paint/layout overrides
 * (no setStyle: other layers added at run time, such as proposals, stay untouched) and
 * undone by the returned function. Values come from styles/themes/projector.json.
 *
 * Layer colours stay the pack's: its legend colours are the Okabe–Ito palette, which stays
 * distinguishable with the common colour-vision deficiencies; the projector adds contrast
 * (dark casings and strokes, thicker lines, larger labels) rather than new hues.
 */
import type { Map as MlMap } from 'maplibre-gl';
import { META_LAYER, META_PART } from '../../styles/build-style.ts';
import projector from '../../styles/themes/projector.json';

type Kind = 'paint' | 'layout';
interface Saved {
  layer: string;
  kind: Kind;
  name: string;
  value: unknown;
}

/**
 * Multiplies what a width or size expression outputs. A zoom curve may only be the
 * top-level expression, so its stops are scaled instead of the whole.
 * @example scaleOutput(['interpolate', ['linear'], ['zoom'], 12, 2, 16, 10], 2) // [..., 12, 4, 16, 20]
 */
export function scaleOutput(value: unknown, k: number): unknown {
  if (typeof value === 'number') return value * k;
  if (!Array.isArray(value)) return value;
  const [op] = value;
  if (op === 'interpolate' || op === 'interpolate-hcl' || op === 'interpolate-lab') {
    return value.map((v, i) => (i >= 3 && i % 2 === 0 ? scaleOutput(v, k) : v));
  }
  if (op === 'step') return value.map((v, i) => (i === 2 || (i >= 4 && i % 2 === 0) ? scaleOutput(v, k) : v));
  return ['*', value, k];
}

/** Applies the projector look; returns the function that restores the previous one. */
export function applyProjectorLook(map: MlMap): () => void {
  const saved: Saved[] = [];
  const m = projector.map;
  const set = (layer: string, kind: Kind, name: string, value: unknown) => {
    if (value === undefined) return;
    const before = kind === 'paint' ? map.getPaintProperty(layer, name as never) : map.getLayoutProperty(layer, name as never);
    saved.push({ layer, kind, name, value: before });
    if (kind === 'paint') map.setPaintProperty(layer, name as never, value as never);
    else map.setLayoutProperty(layer, name as never, value as never);
  };
  const style = map.getStyle();
  for (const l of style.layers) {
    const part = (l.metadata as Record<string, string> | undefined)?.[META_PART];
    const paint = (l as { paint?: Record<string, unknown> }).paint ?? {};
    const layout = (l as { layout?: Record<string, unknown> }).layout ?? {};
    if (l.id === 'background') set(l.id, 'paint', 'background-color', m.outside);
    if (l.id === 'boundary-fill') set(l.id, 'paint', 'fill-color', m.boundaryFill);
    if (l.id === 'boundary-line') {
      set(l.id, 'paint', 'line-color', m.boundaryLine);
      set(l.id, 'paint', 'line-width', 3);
    }
    if (l.id === 'districts-line') {
      set(l.id, 'paint', 'line-color', m.districtLine);
      set(l.id, 'paint', 'line-width', 2);
    }
    if (l.id === 'districts-selected') {
      set(l.id, 'paint', 'line-width', 6);
      set(l.id, 'paint', 'line-opacity', 1);
    }
    if (l.type === 'symbol' && layout['text-size'] !== undefined) {
      set(l.id, 'layout', 'text-size', scaleOutput(layout['text-size'], m.textScale));
      set(l.id, 'paint', 'text-halo-width', 2.5);
      if (l.id === 'districts-label') set(l.id, 'paint', 'text-color', m.districtLabel);
      else if (part === 'label' && paint['text-color'] !== undefined) set(l.id, 'paint', 'text-color', m.text);
    }
    if (part === 'strategy' || part === 'selected') {
      if (l.type === 'line' && paint['line-width'] !== undefined) set(l.id, 'paint', 'line-width', scaleOutput(paint['line-width'], m.lineScale));
      if (l.type === 'line' && paint['line-gap-width'] !== undefined) set(l.id, 'paint', 'line-gap-width', scaleOutput(paint['line-gap-width'], m.lineScale));
      if (l.type === 'fill') set(l.id, 'paint', 'fill-opacity', m.areaOpacity);
      if (l.type === 'circle' && part === 'strategy') {
        set(l.id, 'paint', 'circle-radius', scaleOutput(paint['circle-radius'], 1.5));
        set(l.id, 'paint', 'circle-stroke-color', m.text);
        set(l.id, 'paint', 'circle-stroke-width', 2);
      }
      if (l.type === 'circle' && part === 'selected') set(l.id, 'paint', 'circle-radius', scaleOutput(paint['circle-radius'], 1.5));
      // Route casings turn dark so light colours (yellow, sky blue) stand out on the pale town.
      if (l.type === 'line' && l.id.endsWith('--casing')) set(l.id, 'paint', 'line-color', m.text);
    }
  }
  return () => {
    for (const s of saved.reverse()) {
      if (!map.getLayer(s.layer)) continue;
      if (s.kind === 'paint') map.setPaintProperty(s.layer, s.name as never, s.value as never);
      else map.setLayoutProperty(s.layer, s.name as never, s.value as never);
    }
  };
}

/** Id prefix of the layers the story adds to outline highlighted context features. */
export const CONTEXT_HIGHLIGHT_PREFIX = 'story-context-highlight--';

/**
 * Outlines highlighted features of the chapter's context layers (a landmark, a river), as the
 * style outlines a highlighted strategy feature: the style has selection layers for strategy
 * layers only. The outline layers are added to the running map (on top, with no `kp:layer`
 * metadata, so they are never taken for a pack layer) and replaced on every call; `ids` empty
 * removes them.
 */
export function highlightContext(map: MlMap, ids: readonly string[], layers: readonly string[], colour: string): void {
  const style = map.getStyle();
  for (const l of style.layers) if (l.id.startsWith(CONTEXT_HIGHLIGHT_PREFIX)) map.removeLayer(l.id);
  if (ids.length === 0) return;
  const sources = new Set<string>();
  for (const l of style.layers) {
    const md = l.metadata as Record<string, string> | undefined;
    if (md?.[META_PART] === 'context' && layers.includes(md[META_LAYER] ?? '') && 'source' in l && typeof l.source === 'string') sources.add(l.source);
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
