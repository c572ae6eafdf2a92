/**
 * The town's basemaps for the map's switcher (GET /api/cities/:city/basemaps). Without a list
 * (offline, an old server) the own style is the only one, as it always is the fallback.
 */
import type { BasemapListBody } from '../../server/routes/basemaps.ts';
import { request } from '../api/client.ts';
import { Slice } from './store.ts';

export class Basemaps extends Slice<BasemapListBody & { city: string | null }> {
  constructor() {
    super({ city: null, basemaps: [], initial: 'own' });
  }

  /** Loads a town's list; a later town's load wins over an earlier one still on its way. */
  async load(city: string): Promise<void> {
    this.set({ city, basemaps: [], initial: 'own' });
    try {
      const list = await request<BasemapListBody>(`/api/cities/${encodeURIComponent(city)}/basemaps`);
      if (this.state.city === city) this.set({ basemaps: list.basemaps, initial: list.initial });
    } catch {
      // No list: the own style alone, as offline.
    }
  }
}
