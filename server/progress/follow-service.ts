/**
 * Following an undertaking: a resident (by the nickname session they already have) or a staff
 * account keeps a list of undertakings whose updates they want first in "what's new", with a
 * count of the updates recorded since they last looked. Each follower reads and changes only
 * their own follows.
 */
import type { Actor } from '../auth/actor.ts';
import { refuse } from '../http/api-error.ts';
import type { CityPack } from '../packs/index-pack.ts';
import type { FollowStore, ProgressStore } from '../store/store.ts';
import { effectiveUpdates } from './replay.ts';
import { cityUpdates, undertakingOr404 } from './progress-service.ts';
import type { FollowsResponse, FollowOut } from './progress-types.ts';

/** Undertakings one follower may follow in a town (more than any strategy has). */
export const MAX_FOLLOWS = 200;

/** The follower key of a signed-in actor: "resident:<id>" or "user:<id>". */
export function followerOf(actor: Actor): string {
  if (actor.kind === 'anonymous') refuse(401, 'not-signed-in', { rule: 'resident' });
  return `${actor.kind}:${actor.id}`;
}

export async function followsResponse(store: FollowStore & ProgressStore, pack: CityPack, actor: Actor): Promise<FollowsResponse> {
  const follows = await store.listFollows(pack.id, followerOf(actor));
  const known = follows.filter((f) => pack.raw.undertakings.some((u) => u.id === f.undertaking));
  const updates = known.length ? effectiveUpdates(await cityUpdates(store, pack.id)) : [];
  const out: FollowOut[] = known.map((f) => ({
    undertaking: f.undertaking,
    name: pack.raw.undertakings.find((u) => u.id === f.undertaking)!.name,
    followedAt: f.followedAt,
    seenAt: f.seenAt,
    newSince: updates.filter((u) => u.undertaking === f.undertaking && u.createdAt > f.seenAt).length,
  }));
  return { city: pack.id, follows: out, newSince: out.reduce((s, f) => s + f.newSince, 0) };
}

export async function follow(store: FollowStore, pack: CityPack, actor: Actor, id: string, now = new Date()): Promise<{ created: boolean }> {
  const follower = followerOf(actor);
  const u = undertakingOr404(pack, id);
  const at = now.toISOString();
  const r = await store.follow({ city: pack.id, follower, undertaking: u.id, followedAt: at, seenAt: at }, MAX_FOLLOWS);
  if (!r.ok) refuse(409, 'too-many-follows', { max: MAX_FOLLOWS, town: pack.raw.manifest.name });
  return { created: r.created };
}

export async function unfollow(store: FollowStore, pack: CityPack, actor: Actor, id: string): Promise<{ removed: boolean }> {
  const follower = followerOf(actor);
  const u = undertakingOr404(pack, id);
  return { removed: await store.unfollow(pack.id, follower, u.id) };
}
