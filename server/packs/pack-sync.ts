/**
 * Keeps this server's packs in step with the layers admins imported through any server. The
 * imported layers live in the store (LayerStore); each request that serves pack data first asks
 * the store for one number, the highest layer version, and only when it moved are the changed
 * towns' packs rebuilt from their folders with the imported layers in place of those files.
 * So a layer confirmed through one server is served by every server from the next request,
 * with no sticky sessions and no restart.
 */
import type { MiddlewareHandler } from 'hono';
import { loadPack, type CityPack } from './load-packs.ts';
import { PackErrors } from './pack-error.ts';
import { StoreUnavailableError, type LayerStore } from '../store/store.ts';

/** How long pack data is served without asking a store that was just found unreachable (a connect may take seconds to fail). */
const OUTAGE_QUIET_MS = 2000;

export class PackSync {
  /** The store's layer version these packs reflect. */
  private loaded = 0;
  /** Per town: imported layer → version and GeoJSON text, as applied to its pack. */
  private readonly applied = new Map<string, Map<string, { version: number; text: string }>>();
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private warned = '';
  /** After the store could not be reached, requests do not wait on it again until then (ms). */
  private quietUntil = 0;

  constructor(
    private readonly packs: Map<string, CityPack>,
    private readonly store: LayerStore,
    private readonly log: (message: string) => void = (m) => console.error(m),
  ) {}

  get version(): number {
    return this.loaded;
  }

  /** The imported layers' texts a town's pack is built with now (layer id → GeoJSON text). */
  layerTexts(city: string): Map<string, string> {
    return new Map([...(this.applied.get(city) ?? [])].map(([layer, x]) => [layer, x.text]));
  }

  /**
   * Brings the packs up to what the store holds. A call joins no check that began before it
   * (it waits for the next one), so it sees every import committed before it was made; many
   * concurrent calls share one read. A store that cannot be reached leaves the packs as they are.
   */
  refresh(): Promise<void> {
    if (!this.current) {
      this.current = this.check().finally(() => (this.current = null));
      return this.current;
    }
    this.next ??= this.current.then(() => {
      this.next = null;
      return this.refresh();
    });
    return this.next;
  }

  /** Takes a layer this server just stored at `version`, with the pack already built from it. */
  adopt(city: string, layer: string, text: string, version: number, pack: CityPack): void {
    const layers = this.applied.get(city) ?? new Map<string, { version: number; text: string }>();
    layers.set(layer, { version, text });
    this.applied.set(city, layers);
    this.packs.set(city, pack);
    // Only when nothing else was imported in between; otherwise the next check catches up.
    if (version === this.loaded + 1) this.loaded = version;
  }

  /**
   * Middleware: the request sees every import committed before it — unless `skip` says its
   * route reads no pack layer (then it costs no store round trip).
   */
  middleware(skip: (method: string, pathname: string) => boolean = () => false): MiddlewareHandler {
    return async (c, next) => {
      if (!skip(c.req.method, c.req.path)) await this.refresh();
      await next();
    };
  }

  private async check(): Promise<void> {
    if (Date.now() < this.quietUntil) return;
    try {
      const version = await this.store.importedLayersVersion();
      if (version === this.loaded) return;
      const byCity = new Map<string, Map<string, number>>();
      for (const l of await this.store.importedLayers()) {
        if (!byCity.has(l.city)) byCity.set(l.city, new Map());
        byCity.get(l.city)!.set(l.layer, l.version);
      }
      for (const [city, want] of byCity) {
        const pack = this.packs.get(city);
        const have = this.applied.get(city) ?? new Map();
        if (!pack || [...want].every(([layer, v]) => have.get(layer)?.version === v)) continue;
        const layers = new Map<string, { version: number; text: string }>();
        for (const layer of want.keys()) {
          const stored = await this.store.importedLayerText(city, layer);
          if (stored) layers.set(layer, stored);
        }
        try {
          this.packs.set(city, await loadPack(pack.raw.dir, new Map([...layers].map(([l, x]) => [l, x.text]))));
        } catch (e) {
          if (!(e instanceof PackErrors)) throw e;
          // The pack folder changed under the imported layers: keep serving what loaded, say why once.
          this.log(`Imported layers of ${city} no longer load with its pack, serving the pack as it was: ${e.errors[0]?.message ?? ''}`);
        }
        this.applied.set(city, layers);
      }
      this.loaded = Math.max(version, ...[...byCity.values()].flatMap((m) => [...m.values()]));
    } catch (e) {
      // The packs keep serving during a database outage; any other failure is logged once per kind.
      if (e instanceof StoreUnavailableError) {
        this.quietUntil = Date.now() + OUTAGE_QUIET_MS;
        return;
      }
      const message = e instanceof Error ? e.message : String(e);
      if (message !== this.warned) this.log(`Cannot check imported layers: ${message}`);
      this.warned = message;
    }
  }
}
