/**
 * The undertakings this person follows (issue 17): loaded for the open town once someone is
 * signed in (a resident's nickname session, or a planner's), toggled from an undertaking's
 * panel (following first asks a resident without a session for a nickname, as a proposal does),
 * and what is new in them since the last look — kept for this visit while the server is told
 * the person has now looked.
 */
import { followApi } from '../api/progress-client.ts';
import { errorMessage } from '../api/client.ts';
import type { Session } from './session.ts';
import { Slice } from './store.ts';

export interface FollowsState {
  city: string | null;
  /** Ids of the undertakings followed. */
  following: string[];
  /** Per followed undertaking: updates recorded since the last look (as loaded at the start of this visit). */
  newSince: Record<string, number>;
  /** Per followed undertaking: the last look before this visit (updates recorded after it are new). */
  seenAt: Record<string, string>;
  /** The undertaking being toggled. */
  busy: string | null;
  error: string | null;
  /** Nobody is signed in: following asks for a nickname first. */
  needsNickname: boolean;
}

export const initialFollows = (): FollowsState => ({ city: null, following: [], newSince: {}, seenAt: {}, busy: null, error: null, needsNickname: true });

export class Follows extends Slice<FollowsState> {
  private seenSent = false;

  constructor(
    private readonly session: Session,
    private readonly signUp: (nickname: string) => Promise<{ id: string; nickname: string; token: string }>,
  ) {
    super(initialFollows());
    session.subscribe((s, prev) => {
      if (s.resident?.id === prev.resident?.id && s.user?.id === prev.user?.id) return;
      // A nickname taken to follow: the toggle under way records the follow itself.
      if (this.state.busy) return this.set({ needsNickname: this.signedOut });
      this.set({ needsNickname: this.signedOut });
      if (this.state.city) void this.load(this.state.city);
    });
  }

  private get signedOut(): boolean {
    return !this.session.resident && !this.session.user;
  }

  async load(city: string): Promise<void> {
    this.seenSent = false;
    this.reset({ ...initialFollows(), city, needsNickname: this.signedOut });
    if (this.signedOut) return;
    try {
      const r = await followApi.list(city, this.session.headers());
      if (this.state.city !== city) return;
      this.set({
        following: r.follows.map((f) => f.undertaking),
        newSince: Object.fromEntries(r.follows.map((f) => [f.undertaking, f.newSince])),
        seenAt: Object.fromEntries(r.follows.map((f) => [f.undertaking, f.seenAt])),
      });
    } catch (e) {
      if (this.state.city === city) this.set({ error: errorMessage(e) });
    }
  }

  /** "What's new" was shown: the server counts from now on (this visit keeps the counts it showed). */
  seen(): void {
    const city = this.state.city;
    if (!city || this.seenSent || this.signedOut || this.state.following.length === 0) return;
    this.seenSent = true;
    void followApi.seen(city, this.session.headers()).catch(() => (this.seenSent = false));
  }

  async toggle(undertaking: string, on: boolean, nickname?: string): Promise<void> {
    const city = this.state.city;
    if (!city || this.state.busy) return;
    this.set({ busy: undertaking, error: null });
    try {
      if (this.signedOut) this.session.setResident(await this.signUp((nickname ?? '').trim()));
      await followApi.set(city, undertaking, on, this.session.headers());
      const following = on ? [...new Set([...this.state.following, undertaking])] : this.state.following.filter((x) => x !== undertaking);
      this.set({ following, busy: null, needsNickname: false });
    } catch (e) {
      this.set({ busy: null, error: errorMessage(e) });
    }
  }
}
