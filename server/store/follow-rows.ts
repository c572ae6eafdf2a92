/** Rows of undertaking_follows as both stores read them. */
import type { UndertakingFollow } from './store.ts';

export type FollowRow = { city: string; follower: string; undertaking: string; followed_at: string; seen_at: string };

export const toFollow = (r: FollowRow): UndertakingFollow => ({ city: r.city, follower: r.follower, undertaking: r.undertaking, followedAt: r.followed_at, seenAt: r.seen_at });
