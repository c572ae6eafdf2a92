/**
 * One contract for the Store interface, held against both implementations: the embedded
 * SQLite store and PostgreSQL + PostGIS (a fresh database in the run's throwaway cluster).
 * Runs in the "postgres" vitest project, which starts the cluster.
 */
import { distance, pointOnFeature } from '@turf/turf';
import type { Geometry, Point, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateError, type ActorRef, type NewProposal, type SpacingRule, type Store } from '../../server/store/store.ts';
import { openTestStore, type StoreKind } from '../helpers/test-store.ts';

const planner: ActorRef = { kind: 'user', id: 'u-planner', name: 'Planistka' };
const T0 = '2026-11-23T10:00:00.000Z';

/** Distance between representative points, as the service's rule does for the SQLite store. */
const spacing = (minM: number): SpacingRule => ({
  minM,
  distanceM: (a: Geometry, b: Geometry) => {
    const pa = a.type === 'Point' ? a : pointOnFeature(a).geometry;
    const pb = b.type === 'Point' ? b : pointOnFeature(b).geometry;
    return distance(pa as Point, pb as Point, { units: 'meters' });
  },
});

let n = 0;
function proposal({ at, ...over }: Partial<NewProposal> & { at?: [number, number] } = {}): NewProposal {
  const [lon, lat] = at ?? [22.2 + ++n * 0.001, 50.9];
  const geometry = over.geometry ?? ({ type: 'Point', coordinates: [lon, lat] } as Point);
  return {
    id: `p-${++n}`,
    city: 'gród',
    kind: 'tree',
    geometry,
    bbox: [lon, lat, lon, lat],
    lon,
    lat,
    district: null,
    species: 'tilia-cordata',
    count: 1,
    note: 'przy szkole',
    author: { kind: 'resident', id: 'r-1', name: 'Ala' },
    createdAt: T0,
    ...over,
  };
}

// Two districts split at lon 22.25: west and east.
const WEST: Polygon = { type: 'Polygon', coordinates: [[[22.1, 50.8], [22.25, 50.8], [22.25, 51.0], [22.1, 51.0], [22.1, 50.8]]] };
const EAST: Polygon = { type: 'Polygon', coordinates: [[[22.25, 50.8], [22.4, 50.8], [22.4, 51.0], [22.25, 51.0], [22.25, 50.8]]] };

describe.each<StoreKind>(['sqlite', 'postgres'])('Store contract: %s', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(kind);
    await store.createResident({ id: 'r-1', nickname: 'Ala', tokenHash: 'hash-1', createdAt: T0 });
    await store.createResident({ id: 'r-2', nickname: 'Ola', tokenHash: 'hash-2', createdAt: T0 });
  }, 60_000);
  afterAll(async () => store?.close());

  it('keeps residents by token hash', async () => {
    expect(await store.residentByTokenHash('hash-1')).toEqual({ id: 'r-1', nickname: 'Ala', createdAt: T0, city: null, expiresAt: null, email: null, emailConfirmedAt: null });
    expect(await store.residentByTokenHash('nope')).toBeNull();
  });

  it('keeps users: unique login whatever its case, disable, new password, listing by login', async () => {
    await store.createUser({ id: 'u-1', login: 'Zofia', role: 'planner', passwordHash: 'h1', disabled: false, createdAt: T0 });
    await store.createUser({ id: 'u-2', login: 'adam', role: 'admin', passwordHash: 'h2', disabled: false, createdAt: T0 });
    await expect(store.createUser({ id: 'u-3', login: 'zofia', role: 'admin', passwordHash: 'h3', disabled: false, createdAt: T0 })).rejects.toBeInstanceOf(DuplicateError);
    expect((await store.userByLogin('ZOFIA'))?.id).toBe('u-1');
    expect(await store.setUserDisabled('u-1', true)).toBe(true);
    expect(await store.setUserDisabled('u-none', true)).toBe(false);
    expect(await store.setUserPassword('u-2', 'h2b')).toBe(true);
    expect(await store.userById('u-1')).toMatchObject({ login: 'Zofia', role: 'planner', disabled: true });
    expect((await store.userById('u-2'))?.passwordHash).toBe('h2b');
    expect((await store.listUsers()).map((u) => u.login)).toEqual(['adam', 'Zofia']);
  });

  it('keeps sessions until they expire, and deletes one or all of a user', async () => {
    await store.createSession({ idHash: 's-1', userId: 'u-2', csrfToken: 'c1', createdAt: T0, expiresAt: '2026-11-23T12:00:00.000Z' });
    await store.createSession({ idHash: 's-2', userId: 'u-2', csrfToken: 'c2', createdAt: T0, expiresAt: '2026-11-23T12:00:00.000Z' });
    await store.createSession({ idHash: 's-3', userId: 'u-2', csrfToken: 'c3', createdAt: T0, expiresAt: '2026-11-23T12:00:00.000Z' });
    expect(await store.sessionByIdHash('s-1', '2026-11-23T11:00:00.000Z')).toEqual({ idHash: 's-1', userId: 'u-2', csrfToken: 'c1', createdAt: T0, expiresAt: '2026-11-23T12:00:00.000Z' });
    expect(await store.sessionByIdHash('s-1', '2026-11-23T12:00:01.000Z')).toBeNull();
    await store.deleteSession('s-1');
    expect(await store.sessionByIdHash('s-1', T0)).toBeNull();
    await store.deleteUserSessions('u-2');
    expect(await store.sessionByIdHash('s-2', T0)).toBeNull();
    expect(await store.sessionByIdHash('s-3', T0)).toBeNull();
  });

  it('creates a proposal with its "created" event and reads it back exactly', async () => {
    const p = proposal({ at: [22.123456789012345, 50.987654321098765], note: '<b>Ala</b> 🌳 \'; DROP TABLE proposals; --' });
    const r = await store.createProposal(p, spacing(3));
    expect(r.ok).toBe(true);
    const back = await store.getProposal('gród', p.id);
    expect(back).toEqual({ ...p, status: 'proposed', reason: null, supports: 0, supportsConfirmed: 0, updatedAt: T0 });
    expect(await store.getProposal('inne-miasto', p.id)).toBeNull();
    expect(await store.proposalHistory(p.id)).toEqual([{ at: T0, actor: p.author, action: 'created', fromStatus: null, toStatus: 'proposed', reason: null, changes: null }]);
  });

  it('keeps a polygon proposal and its bbox', async () => {
    const ring = [[22.3, 50.95], [22.301, 50.95], [22.301, 50.951], [22.3, 50.951], [22.3, 50.95]];
    const p = proposal({ geometry: { type: 'Polygon', coordinates: [ring] }, bbox: [22.3, 50.95, 22.301, 50.951], lon: 22.3005, lat: 50.9505, count: 9, kind: 'park' });
    expect((await store.createProposal(p, spacing(0))).ok).toBe(true);
    const back = (await store.getProposal('gród', p.id))!;
    expect(back.geometry).toEqual(p.geometry);
    expect(back.bbox).toEqual([22.3, 50.95, 22.301, 50.951]);
  });

  it('refuses a proposal closer than the spacing to a live one of the same kind, naming the nearest and the distance', async () => {
    const a = proposal({ at: [22.2, 50.85] });
    expect((await store.createProposal(a, spacing(3))).ok).toBe(true);
    const b = proposal({ at: [22.20002, 50.85] }); // ~1.4 m east
    const r = await store.createProposal(b, spacing(3));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.nearest.id).toBe(a.id);
    expect(r.distanceM).toBeCloseTo(distance([22.2, 50.85], [22.20002, 50.85], { units: 'meters' }), 1);
    expect(await store.getProposal('gród', b.id)).toBeNull();
    // Another kind, a larger distance, or a withdrawn neighbour do not count.
    expect((await store.createProposal({ ...b, kind: 'rain-garden' }, spacing(3))).ok).toBe(true);
    expect((await store.createProposal(proposal({ at: [22.20005, 50.85] }), spacing(3))).ok).toBe(true);
    await store.changeStatus('gród', a.id, { to: 'withdrawn', from: ['proposed'], reason: null, actor: a.author, at: T0, action: 'withdrawn' });
    expect((await store.createProposal(proposal({ at: [22.19999, 50.85] }), spacing(3))).ok).toBe(true);
  });

  it('lets only one of many concurrent proposals at the same spot in', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store.createProposal(proposal({ at: [22.21 + i * 1e-7, 50.86] }), spacing(3))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // Astride a line of the lock grid (0.002°): still one.
    const astride = await Promise.all(Array.from({ length: 12 }, (_, i) => store.createProposal(proposal({ at: [22.214 + (i % 2 ? 1 : -1) * 1e-5 * (i + 1) / 12, 50.862] }), spacing(3))));
    expect(astride.filter((r) => r.ok)).toHaveLength(1);
  });

  it('lists with filters (district, status, kind, bbox), paging, both orders and a total', async () => {
    const city = 'lista';
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = proposal({ city, at: [22.1 + i * 0.01, 50.9], district: i < 3 ? 'west' : 'east', kind: i % 2 ? 'park' : 'tree', author: planner });
      ids.push(p.id);
      await store.createProposal(p, spacing(3));
    }
    await store.changeStatus(city, ids[1]!, { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' });
    await store.addSupport(city, ids[4]!, 'r-1', T0);
    await store.addSupport(city, ids[4]!, 'r-2', T0);
    await store.addSupport(city, ids[2]!, 'r-1', T0);
    const list = (f: Partial<Parameters<Store['listProposals']>[0]>) => store.listProposals({ city, limit: 100, offset: 0, sort: 'created', ...f });
    const all = await list({});
    expect(all.total).toBe(6);
    expect(all.proposals.map((p) => p.id)).toEqual(ids);
    expect((await list({ district: 'west' })).proposals.map((p) => p.id)).toEqual(ids.slice(0, 3));
    expect((await list({ status: ['accepted'] })).proposals.map((p) => p.id)).toEqual([ids[1]]);
    expect((await list({ status: ['proposed', 'accepted'], kind: 'park' })).proposals.map((p) => p.id)).toEqual([ids[1], ids[3], ids[5]]);
    expect((await list({ bbox: [22.115, 50.8, 22.135, 51] })).proposals.map((p) => p.id)).toEqual([ids[2], ids[3]]);
    const page = await list({ limit: 2, offset: 2 });
    expect(page).toMatchObject({ total: 6 });
    expect(page.proposals.map((p) => p.id)).toEqual([ids[2], ids[3]]);
    expect((await list({ sort: 'supports', limit: 3 })).proposals.map((p) => p.id)).toEqual([ids[4], ids[2], ids[0]]);
  });

  it('changes status only from the allowed states, with history; not-found and conflict say so', async () => {
    const p = proposal();
    await store.createProposal(p, spacing(3));
    const ok = await store.changeStatus('gród', p.id, { to: 'rejected', from: ['proposed'], reason: 'za blisko drogi', actor: planner, at: '2026-11-23T11:00:00.000Z', action: 'rejected' });
    expect(ok).toMatchObject({ ok: true, proposal: { status: 'rejected', reason: 'za blisko drogi', updatedAt: '2026-11-23T11:00:00.000Z' } });
    expect(await store.changeStatus('gród', p.id, { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' })).toEqual({ ok: false, reason: 'conflict', current: 'rejected' });
    expect(await store.changeStatus('gród', 'p-none', { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' })).toEqual({ ok: false, reason: 'not-found' });
    expect((await store.proposalHistory(p.id)).map((e) => [e.action, e.fromStatus, e.toStatus, e.reason, e.actor.name])).toEqual([
      ['created', null, 'proposed', null, 'Ala'],
      ['rejected', 'proposed', 'rejected', 'za blisko drogi', 'Planistka'],
    ]);
  });

  it('edits count and species with the changes in history, and does nothing for no change', async () => {
    const p = proposal({ count: 3 });
    await store.createProposal(p, spacing(3));
    const r = await store.editProposal('gród', p.id, { count: 5, species: 'acer-platanoides' }, planner, '2026-11-23T12:00:00.000Z');
    expect(r).toMatchObject({ ok: true, proposal: { count: 5, species: 'acer-platanoides' } });
    expect((await store.editProposal('gród', p.id, { count: 5 }, planner, T0)).ok).toBe(true);
    const h = await store.proposalHistory(p.id);
    expect(h).toHaveLength(2);
    expect(h[1]).toMatchObject({ action: 'edited', changes: { count: [3, 5], species: ['tilia-cordata', 'acer-platanoides'] } });
    expect(await store.editProposal('gród', 'p-none', { count: 2 }, planner, T0)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('counts supports once per resident, removes them, and says which a resident supports', async () => {
    const p = proposal({ author: planner });
    await store.createProposal(p, spacing(3));
    expect(await store.addSupport('gród', p.id, 'r-1', T0)).toEqual({ found: true, added: true, supports: 1 });
    expect(await store.addSupport('gród', p.id, 'r-1', T0)).toEqual({ found: true, added: false, supports: 1 });
    expect(await store.addSupport('gród', p.id, 'r-2', T0)).toEqual({ found: true, added: true, supports: 2 });
    expect(await store.addSupport('gród', 'p-none', 'r-2', T0)).toEqual({ found: false, added: false, supports: 0 });
    expect([...(await store.supportedBy('gród', 'r-1', [p.id, 'p-none']))]).toEqual([p.id]);
    expect(await store.removeSupport('gród', p.id, 'r-1')).toEqual({ found: true, removed: true, supports: 1 });
    expect(await store.removeSupport('gród', p.id, 'r-1')).toEqual({ found: true, removed: false, supports: 1 });
    expect((await store.supportedBy('gród', 'r-1', [p.id])).size).toBe(0);
    expect((await store.supportedBy('gród', 'r-1', [])).size).toBe(0);
  });

  it('expires residents\' tokens, scopes them to the first town they write in, and revokes them all at once', async () => {
    await store.createResident({ id: 'r-exp', nickname: 'Ewa', tokenHash: 'hash-exp', createdAt: T0, city: 'gród', expiresAt: '2026-11-24T10:00:00.000Z' });
    expect(await store.residentByTokenHash('hash-exp', '2026-11-24T09:59:59.000Z')).toMatchObject({ id: 'r-exp', city: 'gród', expiresAt: '2026-11-24T10:00:00.000Z' });
    expect(await store.residentByTokenHash('hash-exp', '2026-11-24T10:00:00.000Z')).toBeNull();
    await store.createResident({ id: 'r-free', nickname: 'Iga', tokenHash: 'hash-free', createdAt: T0 });
    const [a, b] = await Promise.all([store.bindResidentCity('r-free', 'gród'), store.bindResidentCity('r-free', 'kalisz')]);
    expect(a).toBe(b); // one town wins, both see it
    expect(await store.bindResidentCity('r-free', 'inne')).toBe(a);
    expect(await store.bindResidentCity('r-exp', 'kalisz')).toBe('gród');
    expect(await store.revokeResidentTokens('r-free')).toBe(true);
    expect(await store.residentByTokenHash('hash-free')).toBeNull();
    expect(await store.revokeResidentTokens('r-free')).toBe(false);
  });

  it('refuses supports on a proposal that is not live or by its own author, and counts confirmed supports and bursts apart', async () => {
    const own = proposal();
    await store.createProposal(own, spacing(3));
    expect(await store.addSupport('gród', own.id, 'r-1', T0)).toEqual({ found: true, added: false, supports: 0, refused: 'own' });
    await store.changeStatus('gród', own.id, { to: 'withdrawn', from: ['proposed'], reason: null, actor: own.author, at: T0, action: 'withdrawn' });
    expect(await store.addSupport('gród', own.id, 'r-2', T0)).toEqual({ found: true, added: false, supports: 0, refused: 'not-live' });
    const p = proposal({ author: planner });
    await store.createProposal(p, spacing(3));
    const ids = Array.from({ length: 7 }, (_, i) => `r-b${i}`);
    for (const id of ids) await store.createResident({ id, nickname: id, tokenHash: `h-${id}`, createdAt: T0 });
    // Five from one network within two minutes, one from it an hour later, one confirmed from elsewhere.
    for (let i = 0; i < 5; i++) await store.addSupport('gród', p.id, ids[i]!, `2026-11-23T10:0${i}:30.000Z`, { network: '203.0.113.0/24', confirmed: false });
    await store.addSupport('gród', p.id, ids[5]!, '2026-11-23T11:30:00.000Z', { network: '203.0.113.0/24', confirmed: false });
    await store.addSupport('gród', p.id, ids[6]!, '2026-11-23T10:02:00.000Z', { network: '198.51.100.0/24', confirmed: true });
    expect(await store.getProposal('gród', p.id)).toMatchObject({ supports: 7, supportsConfirmed: 1 });
    expect(await store.supportBreakdown(p.id, 5, 10 * 60_000)).toEqual({
      confirmed: 1,
      unconfirmed: 6,
      bursts: [{ network: '203.0.113.0/24', count: 5, from: '2026-11-23T10:00:30.000Z', to: '2026-11-23T10:04:30.000Z' }],
    });
    await store.removeSupport('gród', p.id, ids[6]!);
    expect(await store.getProposal('gród', p.id)).toMatchObject({ supports: 6, supportsConfirmed: 0 });
  });

  it('backs off and locks sign-ins per login whatever its case, and lifts the lock', async () => {
    expect(await store.loginState('Marta')).toEqual({ failures: 0, lastFailureMs: 0, locked: false });
    expect(await store.loginFailed('Marta', 1000, 3)).toEqual({ failures: 1, lastFailureMs: 1000, locked: false });
    expect(await store.loginFailed('marta', 2000, 3)).toEqual({ failures: 2, lastFailureMs: 2000, locked: false });
    expect(await store.loginFailed('MARTA', 3000, 3)).toEqual({ failures: 3, lastFailureMs: 3000, locked: true });
    expect(await store.loginState('marta')).toEqual({ failures: 3, lastFailureMs: 3000, locked: true });
    expect(await store.unlockLogin('Marta')).toBe(true);
    expect(await store.loginState('marta')).toEqual({ failures: 0, lastFailureMs: 0, locked: false });
    expect(await store.unlockLogin('marta')).toBe(false);
    await store.loginFailed('jan', 1000, 10);
    await store.loginSucceeded('JAN');
    expect((await store.loginState('jan')).failures).toBe(0);
  });

  it('confirms an e-mail address once per link, before it expires', async () => {
    await store.createResident({ id: 'r-mail', nickname: 'Maja', tokenHash: 'hash-mail', createdAt: T0 });
    await store.createEmailConfirmation({ tokenHash: 'c-1', residentId: 'r-mail', email: 'maja@example.org', createdAt: T0, expiresAt: '2026-11-24T10:00:00.000Z' });
    await store.createEmailConfirmation({ tokenHash: 'c-old', residentId: 'r-mail', email: 'maja@example.org', createdAt: T0, expiresAt: '2026-11-23T10:30:00.000Z' });
    expect(await store.confirmEmail('c-old', '2026-11-23T11:00:00.000Z')).toBeNull();
    expect(await store.confirmEmail('c-1', '2026-11-23T11:00:00.000Z')).toMatchObject({ id: 'r-mail', email: 'maja@example.org', emailConfirmedAt: '2026-11-23T11:00:00.000Z' });
    expect(await store.confirmEmail('c-1', '2026-11-23T11:00:00.000Z')).toBeNull();
    expect(await store.residentByTokenHash('hash-mail')).toMatchObject({ emailConfirmedAt: '2026-11-23T11:00:00.000Z' });
  });

  it('cleans up old rate-limit windows, expired sessions and expired confirmation links', async () => {
    await store.rateLimitHit('old-key', 5, 60_000, 1_000);
    await store.rateLimitHit('new-key', 5, 60_000, 9_000_000);
    await store.createUser({ id: 'u-clean', login: 'sprzatacz', role: 'planner', passwordHash: 'h', disabled: false, createdAt: T0 });
    await store.createSession({ idHash: 's-old', userId: 'u-clean', csrfToken: 'c', createdAt: T0, expiresAt: '2026-11-23T10:30:00.000Z' });
    await store.createSession({ idHash: 's-new', userId: 'u-clean', csrfToken: 'c', createdAt: T0, expiresAt: '2026-11-25T10:30:00.000Z' });
    await store.createEmailConfirmation({ tokenHash: 'c-stale', residentId: 'r-1', email: 'a@example.org', createdAt: T0, expiresAt: '2026-11-23T10:30:00.000Z' });
    const r = await store.cleanup('2026-11-24T00:00:00.000Z', 5_000_000);
    expect(r.rateLimits).toBeGreaterThanOrEqual(1);
    expect(r.sessions).toBeGreaterThanOrEqual(1);
    expect(r.confirmations).toBeGreaterThanOrEqual(1);
    expect(await store.sessionByIdHash('s-new', '2026-11-24T00:00:00.000Z')).not.toBeNull();
    // The new window survived: its fifth hit is still within the limit, the sixth is not.
    for (let i = 0; i < 4; i++) await store.rateLimitHit('new-key', 5, 60_000, 9_000_001);
    expect((await store.rateLimitHit('new-key', 5, 60_000, 9_000_002)).allowed).toBe(false);
    // The old one is gone: a fresh window.
    expect(await store.rateLimitHit('old-key', 1, 60_000_000, 1_001)).toEqual({ allowed: true, retryAfterS: 0 });
  });

  it('keeps exact support counts under concurrent supports', async () => {
    const p = proposal();
    await store.createProposal(p, spacing(3));
    const residents = Array.from({ length: 30 }, (_, i) => `r-c${i}`);
    for (const id of residents) await store.createResident({ id, nickname: id, tokenHash: `h-${id}`, createdAt: T0 });
    await Promise.all(residents.flatMap((id) => [store.addSupport('gród', p.id, id, T0), store.addSupport('gród', p.id, id, T0)]));
    expect((await store.getProposal('gród', p.id))!.supports).toBe(30);
  });

  it('assigns the district from the synced districts (or keeps the one given) and counts per district and stage', async () => {
    const city = 'dzielnice';
    await store.syncDistricts(city, [{ id: 'west', geometry: WEST }, { id: 'east', geometry: EAST }]);
    // The service computes the district for SQLite; PostGIS finds the same one itself.
    const mk = (at: [number, number], district: string, count: number) => proposal({ city, at, district, count, kind: 'tree' });
    const a = mk([22.2, 50.9], 'west', 4);
    const b = mk([22.3, 50.9], 'east', 2);
    const c = mk([22.31, 50.9], 'east', 1);
    for (const p of [a, b, c]) {
      const r = await store.createProposal(p, spacing(3));
      expect(r.ok && r.proposal.district).toBe(p.district);
    }
    if (kind === 'postgres') {
      // Not the service's answer but the database's: a wrong hint is corrected.
      const d = mk([22.32, 50.9], 'west', 1);
      const r = await store.createProposal(d, spacing(3));
      expect(r.ok && r.proposal.district).toBe('east');
      expect((await store.getProposal(city, d.id))!.district).toBe('east');
      await store.changeStatus(city, d.id, { to: 'withdrawn', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'withdrawn' });
    }
    await store.changeStatus(city, b.id, { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' });
    await store.changeStatus(city, c.id, { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' });
    await store.changeStatus(city, c.id, { to: 'planted', from: ['accepted'], reason: null, actor: planner, at: T0, action: 'planted' });
    await store.createProposal({ ...mk([22.21, 50.9], 'west', 7), kind: 'park' }, spacing(3));
    const counts = (await store.countsByDistrict(city, 'tree')).sort((x, y) => x.district.localeCompare(y.district));
    expect(counts).toEqual([
      { district: 'east', proposed: 3, accepted: 3, planted: 1 },
      { district: 'west', proposed: 4, accepted: 0, planted: 0 },
    ]);
  });

  it('keeps an audit trail, newest first', async () => {
    await store.audit({ at: T0, actor: planner, action: 'user.create', target: 'u-9', details: { role: 'planner' } });
    await store.audit({ at: '2026-11-23T10:00:01.000Z', actor: planner, action: 'user.disable', target: 'u-9' });
    const [last, before] = await store.listAudit(2);
    expect(last).toEqual({ at: '2026-11-23T10:00:01.000Z', actor: { kind: 'user', id: 'u-planner', name: '' }, action: 'user.disable', target: 'u-9', details: undefined });
    expect(before).toMatchObject({ action: 'user.create', details: { role: 'planner' } });
  });

  it('counts rate-limit hits in a fixed window and tells when to come back', async () => {
    const hit = (now: number) => store.rateLimitHit('ip:1', 3, 60_000, now);
    expect(await hit(1_000)).toEqual({ allowed: true, retryAfterS: 0 });
    expect(await hit(2_000)).toEqual({ allowed: true, retryAfterS: 0 });
    expect(await hit(3_000)).toEqual({ allowed: true, retryAfterS: 0 });
    expect(await hit(4_000)).toEqual({ allowed: false, retryAfterS: 57 });
    expect(await hit(60_500)).toEqual({ allowed: false, retryAfterS: 1 });
    expect(await hit(61_000)).toEqual({ allowed: true, retryAfterS: 0 });
    expect(await store.rateLimitHit('ip:2', 3, 60_000, 4_000)).toEqual({ allowed: true, retryAfterS: 0 });
  });
});
