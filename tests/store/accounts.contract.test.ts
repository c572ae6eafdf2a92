/** The AccountStore contract, held against every store (see contract-fixtures.ts). */
import { describe, expect, it } from 'vitest';
import { DuplicateError } from '../../server/store/store.ts';
import { STORE_KINDS, useStore, T0 } from './contract-fixtures.ts';

describe.each(STORE_KINDS)('AccountStore: residents, users, sessions — %s', (kind) => {
  const store = useStore(kind);

  it('keeps residents by token hash', async () => {
    expect(await store().residentByTokenHash('hash-1')).toEqual({ id: 'r-1', nickname: 'Ala', createdAt: T0, city: null, expiresAt: null, email: null, emailConfirmedAt: null });
    expect(await store().residentByTokenHash('nope')).toBeNull();
  });

  it('keeps users: unique login whatever its case, disable, new password, listing by login', async () => {
    await store().createUser({ id: 'u-1', login: 'Zofia', role: 'planner', passwordHash: 'h1', disabled: false, createdAt: T0 });
    await store().createUser({ id: 'u-2', login: 'adam', role: 'admin', passwordHash: 'h2', disabled: false, createdAt: T0 });
    await expect(store().createUser({ id: 'u-3', login: 'zofia', role: 'admin', passwordHash: 'h3', disabled: false, createdAt: T0 })).rejects.toBeInstanceOf(DuplicateError);
    expect((await store().userByLogin('ZOFIA'))?.id).toBe('u-1');
    expect(await store().setUserDisabled('u-1', true)).toBe(true);
    expect(await store().setUserDisabled('u-none', true)).toBe(false);
    expect(await store().setUserPassword('u-2', 'h2b')).toBe(true);
    expect(await store().userById('u-1')).toMatchObject({ login: 'Zofia', role: 'planner', disabled: true });
    expect((await store().userById('u-2'))?.passwordHash).toBe('h2b');
    expect((await store().listUsers()).map((u) => u.login)).toEqual(['adam', 'Zofia']);
  });

  it('keeps sessions until they expire, and deletes one or all of a user', async () => {
    await store().createSession({ idHash: 's-1', userId: 'u-2', csrfToken: 'c1', createdAt: T0, expiresAt: '2026-11-23T12:00:00.000Z' });
    await store().createSession({ idHash: 's-2', userId: 'u-2', csrfToken: 'c2', createdAt: T0, expiresAt: '2026-11-23T12:00:00.000Z' });
    await store().createSession({ idHash: 's-3', userId: 'u-2', csrfToken: 'c3', createdAt: T0, expiresAt: '2026-11-23T12:00:00.000Z' });
    expect(await store().sessionByIdHash('s-1', '2026-11-23T11:00:00.000Z')).toEqual({ idHash: 's-1', userId: 'u-2', csrfToken: 'c1', createdAt: T0, expiresAt: '2026-11-23T12:00:00.000Z' });
    expect(await store().sessionByIdHash('s-1', '2026-11-23T12:00:01.000Z')).toBeNull();
    await store().deleteSession('s-1');
    expect(await store().sessionByIdHash('s-1', T0)).toBeNull();
    await store().deleteUserSessions('u-2');
    expect(await store().sessionByIdHash('s-2', T0)).toBeNull();
    expect(await store().sessionByIdHash('s-3', T0)).toBeNull();
  });

  it('expires residents\' tokens, scopes them to the first town they write in, and revokes them all at once', async () => {
    await store().createResident({ id: 'r-exp', nickname: 'Ewa', tokenHash: 'hash-exp', createdAt: T0, city: 'gród', expiresAt: '2026-11-24T10:00:00.000Z' });
    expect(await store().residentByTokenHash('hash-exp', '2026-11-24T09:59:59.000Z')).toMatchObject({ id: 'r-exp', city: 'gród', expiresAt: '2026-11-24T10:00:00.000Z' });
    expect(await store().residentByTokenHash('hash-exp', '2026-11-24T10:00:00.000Z')).toBeNull();
    await store().createResident({ id: 'r-free', nickname: 'Iga', tokenHash: 'hash-free', createdAt: T0 });
    const [a, b] = await Promise.all([store().bindResidentCity('r-free', 'gród'), store().bindResidentCity('r-free', 'kalisz')]);
    expect(a).toBe(b); // one town wins, both see it
    expect(await store().bindResidentCity('r-free', 'inne')).toBe(a);
    expect(await store().bindResidentCity('r-exp', 'kalisz')).toBe('gród');
    expect(await store().revokeResidentTokens('r-free')).toBe(true);
    expect(await store().residentByTokenHash('hash-free')).toBeNull();
    expect(await store().revokeResidentTokens('r-free')).toBe(false);
  });

  it('backs off and locks sign-ins per login whatever its case, and lifts the lock', async () => {
    expect(await store().loginState('Marta')).toEqual({ failures: 0, lastFailureMs: 0, locked: false });
    expect(await store().loginFailed('Marta', 1000, 3)).toEqual({ failures: 1, lastFailureMs: 1000, locked: false });
    expect(await store().loginFailed('marta', 2000, 3)).toEqual({ failures: 2, lastFailureMs: 2000, locked: false });
    expect(await store().loginFailed('MARTA', 3000, 3)).toEqual({ failures: 3, lastFailureMs: 3000, locked: true });
    expect(await store().loginState('marta')).toEqual({ failures: 3, lastFailureMs: 3000, locked: true });
    expect(await store().unlockLogin('Marta')).toBe(true);
    expect(await store().loginState('marta')).toEqual({ failures: 0, lastFailureMs: 0, locked: false });
    expect(await store().unlockLogin('marta')).toBe(false);
    await store().loginFailed('jan', 1000, 10);
    await store().loginSucceeded('JAN');
    expect((await store().loginState('jan')).failures).toBe(0);
  });

  it('confirms an e-mail address once per link, before it expires', async () => {
    await store().createResident({ id: 'r-mail', nickname: 'Maja', tokenHash: 'hash-mail', createdAt: T0 });
    await store().createEmailConfirmation({ tokenHash: 'c-1', residentId: 'r-mail', email: 'maja@example.org', createdAt: T0, expiresAt: '2026-11-24T10:00:00.000Z' });
    await store().createEmailConfirmation({ tokenHash: 'c-old', residentId: 'r-mail', email: 'maja@example.org', createdAt: T0, expiresAt: '2026-11-23T10:30:00.000Z' });
    expect(await store().confirmEmail('c-old', '2026-11-23T11:00:00.000Z')).toBeNull();
    expect(await store().confirmEmail('c-1', '2026-11-23T11:00:00.000Z')).toMatchObject({ id: 'r-mail', email: 'maja@example.org', emailConfirmedAt: '2026-11-23T11:00:00.000Z' });
    expect(await store().confirmEmail('c-1', '2026-11-23T11:00:00.000Z')).toBeNull();
    expect(await store().residentByTokenHash('hash-mail')).toMatchObject({ emailConfirmedAt: '2026-11-23T11:00:00.000Z' });
  });

  it('cleans up old rate-limit windows, expired sessions and expired confirmation links', async () => {
    await store().rateLimitHit('old-key', 5, 60_000, 1_000);
    await store().rateLimitHit('new-key', 5, 60_000, 9_000_000);
    await store().createUser({ id: 'u-clean', login: 'sprzatacz', role: 'planner', passwordHash: 'h', disabled: false, createdAt: T0 });
    await store().createSession({ idHash: 's-old', userId: 'u-clean', csrfToken: 'c', createdAt: T0, expiresAt: '2026-11-23T10:30:00.000Z' });
    await store().createSession({ idHash: 's-new', userId: 'u-clean', csrfToken: 'c', createdAt: T0, expiresAt: '2026-11-25T10:30:00.000Z' });
    await store().createEmailConfirmation({ tokenHash: 'c-stale', residentId: 'r-1', email: 'a@example.org', createdAt: T0, expiresAt: '2026-11-23T10:30:00.000Z' });
    const r = await store().cleanup('2026-11-24T00:00:00.000Z', 5_000_000);
    expect(r.rateLimits).toBeGreaterThanOrEqual(1);
    expect(r.sessions).toBeGreaterThanOrEqual(1);
    expect(r.confirmations).toBeGreaterThanOrEqual(1);
    expect(await store().sessionByIdHash('s-new', '2026-11-24T00:00:00.000Z')).not.toBeNull();
    // The new window survived: its fifth hit is still within the limit, the sixth is not.
    for (let i = 0; i < 4; i++) await store().rateLimitHit('new-key', 5, 60_000, 9_000_001);
    expect((await store().rateLimitHit('new-key', 5, 60_000, 9_000_002)).allowed).toBe(false);
    // The old one is gone: a fresh window.
    expect(await store().rateLimitHit('old-key', 1, 60_000_000, 1_001)).toEqual({ allowed: true, retryAfterS: 0 });
  });
});
