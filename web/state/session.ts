/**
 * Who the browser is, for writes: a resident's anonymous token (kept in localStorage, sent as
 * `Authorization: Bearer`), or a planner's cookie session whose CSRF token lives only in
 * memory (re-read from GET /api/me on load). Proposals this browser created are remembered
 * with the resident token so the author can withdraw them.
 */
import type { Me } from '../../server/api-types.ts';
import { Slice } from './store.ts';

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

export interface SessionState {
  resident: ResidentSession | null;
  /** A signed-in planner or admin (cookie session); null otherwise. */
  user: Me | null;
}

/** The session slice: who writes. Survives a town switch. */
export class Session extends Slice<SessionState> {
  constructor() {
    super({ resident: readStored(), user: null });
  }

  get resident(): ResidentSession | null {
    return this.state.resident;
  }

  get user(): Me | null {
    return this.state.user;
  }

  get isPlanner(): boolean {
    const role = this.state.user?.role;
    return role === 'planner' || role === 'admin';
  }

  /** Headers for an API call: the planner's CSRF token, else the resident's Bearer token. */
  headers(): Record<string, string> {
    const { user, resident } = this.state;
    if (user?.csrfToken) return { 'x-csrf-token': user.csrfToken };
    if (resident) return { authorization: `Bearer ${resident.token}` };
    return {};
  }

  setResident(r: { id: string; nickname: string; token: string } | null): void {
    const resident = r ? { ...r, mine: [] } : null;
    writeStored(resident);
    this.set({ resident });
  }

  /** Sets the planner/admin signed in with a cookie (or null after logout). */
  setUser(me: Me | null): void {
    this.set({ user: me && me.kind === 'user' ? me : null });
  }

  rememberMine(id: string): void {
    const r = this.state.resident;
    if (!r) return;
    const resident = { ...r, mine: [...r.mine.slice(-999), id] };
    writeStored(resident);
    this.set({ resident });
  }

  isMine(id: string): boolean {
    return !this.state.user && Boolean(this.state.resident?.mine.includes(id));
  }
}
