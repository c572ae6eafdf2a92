/** The AccountStore contract, held against every store (see contract-fixtures.ts). */
import { describe, expect, it } from 'vitest';
import { DuplicateError } from '../../server/store/store.ts';
import { STORE_KINDS, useStore, T0 } from './contract-fixtures.ts';

describe.each(STORE_KINDS)('AccountStore: residents, users, sessions — %s', (kind) => {
  const store = useStore(kind);

  it('keeps residents by token hash', async () => {
    expect(await store().residentByTokenHash('hash-1')).toEqual({ id: 'r-1', nickname: 'Ala', createdAt: T0 });
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
});
