/**
 * One app store: the city, visible layers, the selected feature, the open district, the
 * map view and the mode. A tiny subscribe API; the URL hash mirrors it (see url-codec.ts).
 */
import type { ChoroplethMetric, MapView, Tab } from './url-codec.ts';

export type Mode = 'browse' | 'draw';

export interface AppState {
  city: string | null;
  /** Visible layer ids. */
  visible: ReadonlySet<string>;
  feature: string | null;
  district: string | null;
  view: MapView | null;
  tab: Tab;
  mode: Mode;
  choropleth: ChoroplethMetric | null;
  /** The open story chapter (1-based) while presenting, null in the normal viewer. */
  story: number | null;
}

export type Listener = (state: AppState, previous: AppState) => void;

export class Store {
  #state: AppState;
  #listeners = new Set<Listener>();

  constructor(initial: AppState) {
    this.#state = initial;
  }

  get state(): AppState {
    return this.#state;
  }

  /** Merges a patch and notifies listeners when something changed. */
  set(patch: Partial<AppState>): void {
    const previous = this.#state;
    const next = { ...previous, ...patch };
    const changed = (Object.keys(patch) as (keyof AppState)[]).some((k) => previous[k] !== next[k]);
    if (!changed) return;
    this.#state = next;
    for (const l of this.#listeners) l(next, previous);
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export const initialState = (): AppState => ({
  city: null,
  visible: new Set(),
  feature: null,
  district: null,
  view: null,
  tab: 'layers',
  mode: 'browse',
  choropleth: null,
  story: null,
});
