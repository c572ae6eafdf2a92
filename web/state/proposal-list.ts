/**
 * The proposals list: the text alternative to the map for proposals. Pages through the list
 * API (GET /api/cities/:city/proposals with kind, status, district, sort and `mine`), never the
 * map's data, so it stays the same however the map draws proposals and stays fast with a
 * million of them. Also "my proposals": the planner's decisions on them that the author has not
 * seen yet (what the author last saw is kept per browser, in localStorage).
 */
import type { ProposalFeatureProps } from '../../server/api-types.ts';
import { errorMessage, type ProposalApi, type ProposalQuery } from '../api/client.ts';
import { Slice } from './store.ts';
import type { ProposalFeature } from './proposal-kinds.ts';

export type ListSort = 'supports' | 'newest' | 'created';
type Status = ProposalFeatureProps['status'];

export interface ProposalListState {
  city: string | null;
  kind: string | null;
  /** null: every status but withdrawn. */
  status: Status | null;
  district: string | null;
  sort: ListSort;
  mine: boolean;
  items: ProposalFeature[];
  total: number;
  loading: boolean;
  error: string | null;
  /** My proposals whose status changed since I last looked (the planner's decisions). */
  decisions: ProposalFeature[];
}

/** Proposals one page of the list shows (more on request). */
export const LIST_PAGE = 20;
const LIVE_AND_DECIDED: Status[] = ['proposed', 'accepted', 'planted', 'rejected'];

export const initialList = (): ProposalListState => ({
  city: null,
  kind: null,
  status: null,
  district: null,
  sort: 'supports',
  mine: false,
  items: [],
  total: 0,
  loading: false,
  error: null,
  decisions: [],
});

const seenKey = (city: string, resident: string) => `kp.seen.${city}.${resident}`;

/** The status of each of my proposals when I last saw it. */
function readSeen(city: string, resident: string): Record<string, Status> {
  try {
    const v = JSON.parse(localStorage.getItem(seenKey(city, resident)) ?? '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, Status>) : {};
  } catch {
    return {};
  }
}

export class ProposalList {
  readonly slice = new Slice<ProposalListState>(initialList());
  private request = 0;

  constructor(
    private readonly api: ProposalApi,
    /** The resident signed in on this browser (their id), or null. */
    private readonly residentId: () => string | null,
  ) {}

  get s(): ProposalListState {
    return this.slice.state;
  }

  /** A new town: filters back to their defaults, the first page loaded, my unseen decisions found. */
  async init(city: string): Promise<void> {
    this.slice.reset({ ...initialList(), city });
    await Promise.all([this.load(), this.loadDecisions()]);
  }

  query(): ProposalQuery {
    const s = this.s;
    return {
      status: s.status ? [s.status] : LIVE_AND_DECIDED,
      ...(s.kind ? { kind: s.kind } : {}),
      district: s.district,
      sort: s.sort,
      ...(s.mine ? { mine: true, status: s.status ? [s.status] : [...LIVE_AND_DECIDED, 'withdrawn'] } : {}),
    };
  }

  setFilter(patch: Partial<Pick<ProposalListState, 'kind' | 'status' | 'district' | 'sort' | 'mine'>>): void {
    this.slice.set(patch);
    void this.load();
  }

  /** The first page for the current filters (`more`: the next page appended); answers for older filters are dropped. */
  async load(more = false): Promise<void> {
    const city = this.s.city;
    if (!city) return;
    if (this.s.mine && !this.residentId()) {
      this.slice.set({ items: [], total: 0, loading: false, error: null });
      return;
    }
    const n = ++this.request;
    const offset = more ? this.s.items.length : 0;
    this.slice.set({ loading: true, error: null });
    try {
      const r = await this.api.list(city, { ...this.query(), limit: LIST_PAGE, offset });
      if (n !== this.request) return;
      this.slice.set({ items: more ? [...this.s.items, ...r.features] : r.features, total: r.numberMatched, loading: false });
    } catch (err) {
      if (n === this.request) this.slice.set({ loading: false, error: errorMessage(err) });
    }
  }

  /** A proposal changed elsewhere (supported, reviewed): the list shows its new figures; one it does not hold yet (just made) comes in with the page read again, in its place. */
  patch(f: ProposalFeature): void {
    if (!this.s.items.some((x) => x.properties.id === f.properties.id)) {
      if (this.s.city) void this.load();
      return;
    }
    this.slice.set({ items: this.s.items.map((x) => (x.properties.id === f.properties.id ? f : x)) });
  }

  /**
   * My proposals decided since I last looked: any whose status is not the one I last saw (a
   * proposal I never saw decided counts from "proposed", the status it was made with).
   */
  async loadDecisions(): Promise<void> {
    const city = this.s.city;
    const me = this.residentId();
    if (!city || !me) return;
    try {
      const r = await this.api.list(city, { mine: true, sort: 'newest', status: ['accepted', 'planted', 'rejected', 'proposed'], limit: 100 });
      if (this.s.city !== city) return;
      const seen = readSeen(city, me);
      this.slice.set({ decisions: r.features.filter((f) => f.properties.status !== (seen[f.properties.id] ?? 'proposed')) });
    } catch {
      // The list itself says when the server cannot be reached.
    }
  }

  /** The author has read these decisions: they are not announced again. */
  markSeen(features: ProposalFeature[] = this.s.decisions): void {
    const city = this.s.city;
    const me = this.residentId();
    if (!city || !me) return;
    const seen = readSeen(city, me);
    for (const f of features) seen[f.properties.id] = f.properties.status;
    try {
      localStorage.setItem(seenKey(city, me), JSON.stringify(seen));
    } catch {
      // Private mode: decisions are shown again next time, which is harmless.
    }
    const ids = new Set(features.map((f) => f.properties.id));
    if (this.s.decisions.some((d) => ids.has(d.properties.id))) this.slice.set({ decisions: this.s.decisions.filter((d) => !ids.has(d.properties.id)) });
  }
}
