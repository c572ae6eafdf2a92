/**
 * Who the browser is, for writes: a resident's anonymous token (kept in localStorage, sent as
 * `Authorization: Bearer`), or a planner's cookie session whose CSRF token lives only in
 * memory (re-read from GET /api/me on load). Proposals this browser created are remembered
 * with the resident token so the author can withdraw them.
 */
import type { Me } from '../../server/api-types.ts';

export interface ResidentSession {
  id: string;
  nickname: string;
  token: string;
  /** Ids of proposals this resident created from this browser. */
  mine: string[];
}

const KEY = 'kp.resident';

function readStored(): ResidentSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<ResidentSession>;
    if (typeof v.token !== 'string' || typeof v.id !== 'string' || typeof v.nickname !== 'string') return null;
    return { id: v.id, nickname: v.nickname, token: v.token, mine: Array.isArray(v.mine) ? v.mine.filter((x): x is string => typeof x === 'string') : [] };
  } catch {
    return null;
  }
}

function writeStored(r: ResidentSession | null): void {
  try {
    if (r) localStorage.setItem(KEY, JSON.stringify(r));
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode or storage full: the session lasts as long as the page.
  }
}

export class Session {
  #resident: ResidentSession | null = readStored();
  /** A signed-in planner or admin (cookie session); null otherwise. */
  #user: Me | null = null;
  #listeners = new Set<() => void>();

  get resident(): ResidentSession | null {
    return this.#resident;
  }

  get user(): Me | null {
    return this.#user;
  }

  get isPlanner(): boolean {
    return this.#user?.role === 'planner' || this.#user?.role === 'admin';
  }

  /** Headers for an API call: the planner's CSRF token, else the resident's Bearer token. */
  headers(): Record<string, string> {
    if (this.#user?.csrfToken) return { 'x-csrf-token': this.#user.csrfToken };
    if (this.#resident) return { authorization: `Bearer ${this.#resident.token}` };
    return {};
  }

  setResident(r: { id: string; nickname: string; token: string } | null): void {
    this.#resident = r ? { ...r, mine: [] } : null;
    writeStored(this.#resident);
    this.#notify();
  }

  /** Sets the planner/admin signed in with a cookie (or null after logout). */
  setUser(me: Me | null): void {
    this.#user = me && me.kind === 'user' ? me : null;
    this.#notify();
  }

  rememberMine(id: string): void {
    if (!this.#resident) return;
    this.#resident = { ...this.#resident, mine: [...this.#resident.mine.slice(-999), id] };
    writeStored(this.#resident);
  }

  isMine(id: string): boolean {
    return !this.#user && Boolean(this.#resident?.mine.includes(id));
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }
}
