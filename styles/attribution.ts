/**
 * Which attributions a map must show: the pack's own line, plus the attribution each drawn
 * layer's licence asks for ("© OpenStreetMap contributors (ODbL)" while an OSM-derived layer
 * is on the map). Pure: used by the style (per-source attribution, which MapLibre shows only
 * while a layer of that source is visible) and by image exports (the layers visible then).
 */
import type { LayerLicense } from '../server/packs/schema.ts';

export interface AttributedLayer {
  id: string;
  license?: LayerLicense;
}

/** The attribution a layer's licence asks for, or undefined for the project's own drawings. */
export function layerAttribution(layer: AttributedLayer): string | undefined {
  return layer.license?.attribution;
}

/**
 * The pack's attribution followed by each distinct licence attribution of the visible layers.
 *
 * @example
 * attributionsFor('Treść: Program Rozwoju Kalisza', layers, new Set(['context-streets']))
 * // ['Treść: Program Rozwoju Kalisza', '© OpenStreetMap contributors (ODbL)']
 */
export function attributionsFor(packAttribution: string, layers: readonly AttributedLayer[], visible: ReadonlySet<string>): string[] {
  const out = [packAttribution];
  for (const l of layers) {
    const a = visible.has(l.id) ? layerAttribution(l) : undefined;
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}
