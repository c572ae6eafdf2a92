/** The FollowStore contract, held against every store (see contract-fixtures.ts). */
import { describe, expect, it } from 'vitest';
import type { UndertakingFollow } from '../../server/store/store.ts';
import { STORE_KINDS, useStore } from './contract-fixtures.ts';

const follow = (over: Partial<UndertakingFollow> = {}): UndertakingFollow => ({
  city: 'gród',
  follower: 'resident:r-1',
  undertaking: 'trasy',
  followedAt: '2026-01-01T10:00:00.000Z',
  seenAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

describe.each(STORE_KINDS)('FollowStore — %s', (kind) => {
  const store = useStore(kind);

  it('keeps a follow once (following again keeps the first), per follower and town', async () => {
    const f = follow();
    expect(await store().follow(f, 10)).toEqual({ ok: true, follow: f, created: true });
    const again = await store().follow(follow({ followedAt: '2026-02-01T10:00:00.000Z', seenAt: '2026-02-01T10:00:00.000Z' }), 10);
    expect(again).toEqual({ ok: true, follow: f, created: false });
    await store().follow(follow({ undertaking: 'park', followedAt: '2026-01-02T10:00:00.000Z', seenAt: '2026-01-02T10:00:00.000Z' }), 10);
    await store().follow(follow({ follower: 'resident:r-2', undertaking: 'park' }), 10);
    await store().follow(follow({ city: 'inne' }), 10);
    expect((await store().listFollows('gród', 'resident:r-1')).map((x) => x.undertaking)).toEqual(['trasy', 'park']);
    expect((await store().listFollows('gród', 'resident:r-2')).map((x) => x.undertaking)).toEqual(['park']);
    expect(await store().listFollows('gród', 'resident:nobody')).toEqual([]);
  });

  it('refuses a follow past the cap, and unfollows only the follower\'s own row', async () => {
    const who = 'resident:cap';
    for (const u of ['a', 'b']) expect((await store().follow(follow({ follower: who, undertaking: u }), 2)).ok).toBe(true);
    expect(await store().follow(follow({ follower: who, undertaking: 'c' }), 2)).toEqual({ ok: false, reason: 'too-many-follows' });
    // Following one already followed is not a new follow: still fine at the cap.
    expect((await store().follow(follow({ follower: who, undertaking: 'a' }), 2)).ok).toBe(true);
    await store().follow(follow({ follower: 'resident:other', undertaking: 'a' }), 2);
    expect(await store().unfollow('gród', who, 'a')).toBe(true);
    expect(await store().unfollow('gród', who, 'a')).toBe(false);
    expect((await store().listFollows('gród', who)).map((x) => x.undertaking)).toEqual(['b']);
    expect((await store().listFollows('gród', 'resident:other')).map((x) => x.undertaking)).toEqual(['a']);
  });

  it('marks the follower\'s follows seen, never moving a look back in time, and no one else\'s', async () => {
    const who = 'resident:seen';
    await store().follow(follow({ follower: who, undertaking: 'x' }), 10);
    await store().follow(follow({ follower: 'resident:other-seen', undertaking: 'x' }), 10);
    await store().markFollowsSeen('gród', who, '2026-03-01T00:00:00.000Z');
    expect((await store().listFollows('gród', who))[0]!.seenAt).toBe('2026-03-01T00:00:00.000Z');
    await store().markFollowsSeen('gród', who, '2026-02-01T00:00:00.000Z');
    expect((await store().listFollows('gród', who))[0]!.seenAt).toBe('2026-03-01T00:00:00.000Z');
    expect((await store().listFollows('gród', 'resident:other-seen'))[0]!.seenAt).toBe('2026-01-01T10:00:00.000Z');
  });
});
