/**
 * Served proposal tiles kept in memory: the encoded tile, its gzip copy and ETag, by tile and
 * filter. An entry is good while the store has answered no write to a proposal since it was
 * read (the store's change counter); where other servers may write to the same database
 * (PostgreSQL) it is also good for at most `maxAgeMs`. Requests for a tile being made wait for
 * it instead of reading it again. Least recently used entries go first past `maxBytes`.
 */
import type { ServedTile } from './tile-draw.ts';

export type { ServedTile };

interface Entry {
  tile: Promise<ServedTile>;
  version: number;
  at: number;
  size: number;
}

export class TileCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly version: () => number,
    private readonly maxAgeMs = Infinity,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** The tile under `key`, made by `make` unless a good copy is kept (or being made). */
  get(key: string, make: () => Promise<ServedTile>): Promise<ServedTile> {
    const now = Date.now();
    const hit = this.entries.get(key);
    const version = this.version();
    if (hit && hit.version === version && now - hit.at < this.maxAgeMs) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.tile;
    }
    if (hit) this.drop(key, hit);
    const entry: Entry = { version, at: now, size: 0, tile: make() };
    this.entries.set(key, entry);
    entry.tile.then(
      (t) => {
        if (this.entries.get(key) !== entry) return;
        entry.size = t.bytes.length + (t.gzip?.length ?? 0) + key.length + 64;
        this.bytes += entry.size;
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.tile;
  }

  private drop(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.size;
  }

  private evict(): void {
    for (const [key, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(key, e);
    }
  }
}
