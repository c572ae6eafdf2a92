/** The RateLimitStore contract, held against every store (see contract-fixtures.ts). */
import { describe, expect, it } from 'vitest';
import { STORE_KINDS, useStore } from './contract-fixtures.ts';

describe.each(STORE_KINDS)('RateLimitStore — %s', (kind) => {
  const store = useStore(kind);

  it('counts rate-limit hits in a fixed window and tells when to come back', async () => {
    const hit = (now: number) => store().rateLimitHit('ip:1', 3, 60_000, now);
    expect(await hit(1_000)).toEqual({ allowed: true, retryAfterS: 0 });
    expect(await hit(2_000)).toEqual({ allowed: true, retryAfterS: 0 });
    expect(await hit(3_000)).toEqual({ allowed: true, retryAfterS: 0 });
    expect(await hit(4_000)).toEqual({ allowed: false, retryAfterS: 57 });
    expect(await hit(60_500)).toEqual({ allowed: false, retryAfterS: 1 });
    expect(await hit(61_000)).toEqual({ allowed: true, retryAfterS: 0 });
    expect(await store().rateLimitHit('ip:2', 3, 60_000, 4_000)).toEqual({ allowed: true, retryAfterS: 0 });
  });
});
