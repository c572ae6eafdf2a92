/**
 * Answers read from proposals, kept until the store answers a write to a proposal (its change
 * counter, as the tile cache does) and, where other servers may write to the same database
 * (PostgreSQL), for at most `maxAgeMs`. Concurrent requests for an answer being read share
 * that read. A failed read is not kept. At most `maxEntries`, least recently used first out.
 */
interface Entry<T> {
  value: Promise<T>;
  version: number;
  at: number;
}

export class KeptReads<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly version: () => number,
    private readonly maxAgeMs: number,
    private readonly maxEntries = 256,
  ) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const version = this.version();
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && hit.version === version && now - hit.at < this.maxAgeMs) {
      this.entries.set(key, hit);
      return hit.value;
    }
    const entry: Entry<T> = { value: read(), version, at: now };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
    }
    return entry.value;
  }
}
