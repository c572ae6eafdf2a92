/** The ProposalStore contract, held against every store (see contract-fixtures.ts). */
import { readFileSync } from 'node:fs';
import { distance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { ProposalFilter, ProposalStore } from '../../server/store/store.ts';
import { CELL_ZOOM, splitBbox, type Bbox } from '../../server/proposals/bbox-cells.ts';
import { tileBounds } from '../../server/geo/web-mercator-tiles.ts';
import { STORE_KINDS, useStore, planner, T0, spacing, proposal } from './contract-fixtures.ts';

describe.each(STORE_KINDS)('ProposalStore: proposals, history, supports, counts — %s', (kind) => {
  const store = useStore(kind);

  it('creates a proposal with its "created" event and reads it back exactly', async () => {
    const p = proposal({ at: [22.123456789012345, 50.987654321098765], note: '<b>Ala</b> 🌳 \'; DROP TABLE proposals; --' });
    const r = await store().createProposal(p, spacing(3));
    expect(r.ok).toBe(true);
    const number = r.ok ? r.proposal.number : 0;
    expect(number).toBeGreaterThan(0);
    const back = await store().getProposal('gród', p.id);
    expect(back).toEqual({ ...p, number, status: 'proposed', reason: null, supports: 0, supportsConfirmed: 0, updatedAt: T0 });
    expect(await store().getProposal('inne-miasto', p.id)).toBeNull();
    expect(await store().proposalHistory(p.id)).toEqual([{ at: T0, actor: p.author, action: 'created', fromStatus: null, toStatus: 'proposed', reason: null, changes: null }]);
  });

  it('gives every proposal a public number once, in creation order, found again by number in its own town only', async () => {
    const city = 'numery';
    const made: { id: string; number: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await store().createProposal(proposal({ city, at: [22.5 + i * 0.01, 50.7] }), spacing(3));
      if (!r.ok) throw new Error('refused');
      made.push({ id: r.proposal.id, number: r.proposal.number });
    }
    expect(made[1]!.number).toBeGreaterThan(made[0]!.number);
    expect(made[2]!.number).toBeGreaterThan(made[1]!.number);
    for (const m of made) {
      expect((await store().getProposal(city, m.id))!.number).toBe(m.number);
      expect((await store().proposalByNumber(city, m.number))!.id).toBe(m.id);
      expect(await store().proposalByNumber('gród', m.number)).toBeNull();
    }
    expect(await store().proposalByNumber(city, made[2]!.number + 1000)).toBeNull();
    // A refused proposal takes no proposal's number; a withdrawn one keeps its own and the next is higher.
    const refused = await store().createProposal(proposal({ city, at: [22.5, 50.7] }), spacing(3));
    expect(refused.ok).toBe(false);
    await store().changeStatus(city, made[2]!.id, { to: 'withdrawn', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'withdrawn' });
    const next = await store().createProposal(proposal({ city, at: [22.6, 50.7] }), spacing(3));
    expect(next.ok && next.proposal.number).toBeGreaterThan(made[2]!.number);
    expect((await store().proposalByNumber(city, made[2]!.number))!.status).toBe('withdrawn');
    // Many at once (other writers, other towns): all different, each read back as written.
    const many = await Promise.all(Array.from({ length: 10 }, (_, i) => store().createProposal(proposal({ city: i % 2 ? city : 'gród', at: [22.7 + i * 0.01, 50.7] }), spacing(3))));
    const numbers = many.map((r) => (r.ok ? r.proposal.number : -1));
    expect(new Set(numbers).size).toBe(10);
    for (const [i, r] of many.entries()) if (r.ok) expect((await store().proposalByNumber(i % 2 ? city : 'gród', r.proposal.number))!.id).toBe(r.proposal.id);
    const listed = await store().listProposals({ city, limit: 100, offset: 0, sort: 'created' });
    expect(listed.proposals.map((p) => p.number)).toEqual([...listed.proposals.map((p) => p.number)].sort((a, b) => a - b));
  });

  it('keeps a polygon proposal and its bbox', async () => {
    const ring = [[22.3, 50.95], [22.301, 50.95], [22.301, 50.951], [22.3, 50.951], [22.3, 50.95]];
    const p = proposal({ geometry: { type: 'Polygon', coordinates: [ring] }, bbox: [22.3, 50.95, 22.301, 50.951], lon: 22.3005, lat: 50.9505, count: 9, kind: 'park' });
    expect((await store().createProposal(p, spacing(0))).ok).toBe(true);
    const back = (await store().getProposal('gród', p.id))!;
    expect(back.geometry).toEqual(p.geometry);
    expect(back.bbox).toEqual([22.3, 50.95, 22.301, 50.951]);
  });

  it('refuses a proposal closer than the spacing to a live one of the same kind, naming the nearest and the distance', async () => {
    const a = proposal({ at: [22.2, 50.85] });
    expect((await store().createProposal(a, spacing(3))).ok).toBe(true);
    const b = proposal({ at: [22.20002, 50.85] }); // ~1.4 m east
    const r = await store().createProposal(b, spacing(3));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.nearest.id).toBe(a.id);
    expect(r.distanceM).toBeCloseTo(distance([22.2, 50.85], [22.20002, 50.85], { units: 'meters' }), 1);
    expect(await store().getProposal('gród', b.id)).toBeNull();
    // Another kind, a larger distance, or a withdrawn neighbour do not count.
    expect((await store().createProposal({ ...b, kind: 'rain-garden' }, spacing(3))).ok).toBe(true);
    expect((await store().createProposal(proposal({ at: [22.20005, 50.85] }), spacing(3))).ok).toBe(true);
    await store().changeStatus('gród', a.id, { to: 'withdrawn', from: ['proposed'], reason: null, actor: a.author, at: T0, action: 'withdrawn' });
    expect((await store().createProposal(proposal({ at: [22.19999, 50.85] }), spacing(3))).ok).toBe(true);
  });

  it('lets only one of many concurrent proposals at the same spot in', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => store().createProposal(proposal({ at: [22.21 + i * 1e-7, 50.86] }), spacing(3))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // Astride a line of the lock grid (0.002°): still one.
    const astride = await Promise.all(Array.from({ length: 12 }, (_, i) => store().createProposal(proposal({ at: [22.214 + (i % 2 ? 1 : -1) * 1e-5 * (i + 1) / 12, 50.862] }), spacing(3))));
    expect(astride.filter((r) => r.ok)).toHaveLength(1);
    // A wide rule (30 m: locks coarse cells) and a narrow one (3 m: fine cells) within 2 m of each other: still one.
    const mixed = await Promise.all(Array.from({ length: 12 }, (_, i) => store().createProposal(proposal({ at: [22.2162 + (i % 3) * 1e-5, 50.8621 + (i % 4) * 5e-6] }), spacing(i % 2 ? 30 : 3))));
    expect(mixed.filter((r) => r.ok)).toHaveLength(1);
  });

  it('keeps exact counts per district, map cell and day when many proposals in one district are written at once', async () => {
    const city = 'naraz';
    const made = await Promise.all(
      Array.from({ length: 24 }, (_, i) => store().createProposal(proposal({ city, at: [22.4 + (i % 6) * 0.0001, 50.9 + Math.floor(i / 6) * 0.0001], district: 'west', count: 2 }), spacing(3))),
    );
    expect(made.every((r) => r.ok)).toBe(true);
    const ids = made.map((r) => (r.ok ? r.proposal.id : ''));
    await Promise.all(ids.slice(0, 10).map((id) => store().changeStatus(city, id, { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' })));
    expect(await store().districtCounts(city)).toEqual([{ kind: 'tree', district: 'west', proposed: 48, accepted: 20, planted: 0 }]);
    expect(await store().districtCountsOn(city, '2999-12-31')).toEqual(await store().districtCounts(city));
    expect((await store().proposalCounts(city)).sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { kind: 'tree', status: 'accepted', n: 10 },
      { kind: 'tree', status: 'proposed', n: 14 },
    ]);
  });

  it('lists with filters (district, status, kind, bbox), paging, both orders and a total', async () => {
    const city = 'lista';
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = proposal({ city, at: [22.1 + i * 0.01, 50.9], district: i < 3 ? 'west' : 'east', kind: i % 2 ? 'park' : 'tree', author: planner });
      ids.push(p.id);
      await store().createProposal(p, spacing(3));
    }
    await store().changeStatus(city, ids[1]!, { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' });
    await store().addSupport(city, ids[4]!, 'r-1', T0);
    await store().addSupport(city, ids[4]!, 'r-2', T0);
    await store().addSupport(city, ids[2]!, 'r-1', T0);
    const list = (f: Partial<Parameters<ProposalStore['listProposals']>[0]>) => store().listProposals({ city, limit: 100, offset: 0, sort: 'created', ...f });
    const all = await list({});
    expect(all.total).toBe(6);
    expect(all.proposals.map((p) => p.id)).toEqual(ids);
    expect((await list({ district: 'west' })).proposals.map((p) => p.id)).toEqual(ids.slice(0, 3));
    expect((await list({ status: ['accepted'] })).proposals.map((p) => p.id)).toEqual([ids[1]]);
    expect((await list({ status: ['proposed', 'accepted'], kind: 'park' })).proposals.map((p) => p.id)).toEqual([ids[1], ids[3], ids[5]]);
    // Totals from the kept counts (town, kind, status, district) equal the rows listed.
    expect((await list({ district: 'west' })).total).toBe(3);
    expect((await list({ district: 'east', kind: 'park', status: ['proposed'] })).total).toBe(2);
    expect((await list({ status: ['accepted'] })).total).toBe(1);
    expect((await list({ kind: 'tree', limit: 1 })).total).toBe(3);
    expect((await list({ district: 'nowhere' })).total).toBe(0);
    expect((await list({ bbox: [22.115, 50.8, 22.135, 51] })).proposals.map((p) => p.id)).toEqual([ids[2], ids[3]]);
    const page = await list({ limit: 2, offset: 2 });
    expect(page).toMatchObject({ total: 6 });
    expect(page.proposals.map((p) => p.id)).toEqual([ids[2], ids[3]]);
    expect((await list({ sort: 'supports', limit: 3 })).proposals.map((p) => p.id)).toEqual([ids[4], ids[2], ids[0]]);
    // Keyset steps (exports): after a given proposal, with the other filters still applied.
    expect((await list({ after: ids[1], limit: 2, withTotal: false })).proposals.map((p) => p.id)).toEqual([ids[2], ids[3]]);
    expect((await list({ after: ids[3], kind: 'park' })).proposals.map((p) => p.id)).toEqual([ids[5]]);
    expect((await list({ after: ids[5] })).proposals).toEqual([]);
  });

  it('counts and pages a bbox from its inner cells and its edges exactly as a walk of every match would', async () => {
    const city = 'kratka';
    // Cells x 294500…294510, y 175680…175690 at zoom 19 (in Kraśnik), their corners exact.
    const corner = (cx: number, cy: number) => { const [w, , , n] = tileBounds(CELL_ZOOM, cx, cy); return [w, n] as [number, number]; };
    const [w0, n0] = corner(294500, 175680);
    const [e0, s0] = corner(294510, 175690);
    const made: { id: string; bbox: Bbox; kind: string; status: string }[] = [];
    const add = async (over: Parameters<typeof proposal>[0]) => {
      const p = proposal({ city, ...over });
      const r = await store().createProposal(p, spacing(0));
      if (!r.ok) throw new Error('refused');
      made.push({ id: p.id, bbox: p.bbox, kind: p.kind, status: 'proposed' });
      return p.id;
    };
    // A point on every cell corner of the grid and one inside each cell, one kind in three a park.
    for (let cx = 294498; cx <= 294512; cx++) {
      for (let cy = 175678; cy <= 175692; cy++) {
        const [lon, lat] = corner(cx, cy);
        await add({ at: [lon, lat], kind: (cx + cy) % 3 ? 'tree' : 'park' });
        const [lon2, lat2] = corner(cx + 0.5, cy + 0.5);
        await add({ at: [lon2, lat2] });
      }
    }
    // Areas whose position lies outside a bbox while their box reaches into it, or holds it all.
    const area = (b: Bbox, at: [number, number]) => {
      const ring = [[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]];
      return add({ geometry: { type: 'Polygon', coordinates: [ring] }, bbox: b, lon: at[0], lat: at[1], kind: 'park' });
    };
    await area([w0 - 0.001, s0 + 0.0001, w0 + 0.0003, s0 + 0.0002], [w0 - 0.0009, s0 + 0.00015]);
    await area([w0 - 0.01, s0 - 0.01, e0 + 0.01, n0 + 0.01], [w0 - 0.009, s0 - 0.009]);
    await area([e0 - 0.00001, n0 - 0.0001, e0 + 0.002, n0 + 0.001], [e0 + 0.0019, n0 + 0.0009]);
    // Decided ones, and another town's proposals on the same ground.
    for (const id of made.slice(0, 40).map((m) => m.id)) {
      await store().changeStatus(city, id, { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' });
      made.find((m) => m.id === id)!.status = 'accepted';
    }
    for (let i = 0; i < 20; i++) await store().createProposal(proposal({ city: 'obok', at: [w0 + i * 0.0001, s0 + 0.0003] }), spacing(0));

    const meets = (a: Bbox, b: Bbox) => a[2] >= b[0] && a[0] <= b[2] && a[3] >= b[1] && a[1] <= b[3];
    const bboxes: Bbox[] = [
      [w0, s0, e0, n0], // on cell borders
      [w0 - 0.00013, s0 + 0.00007, e0 + 0.00021, n0 - 0.00011], // across cells
      [w0 + 0.0001, s0 + 0.0001, w0 + 0.0002, s0 + 0.0002], // smaller than a cell
      [w0 - 0.02, s0 - 0.02, e0 + 0.02, n0 + 0.02], // everything
    ];
    expect(splitBbox(bboxes[0]!).inner).toEqual([294500, 175680, 294509, 175689]);
    expect(splitBbox(bboxes[2]!).inner).toBeNull();
    for (const bbox of bboxes) {
      for (const f of [{}, { kind: 'park' }, { status: ['accepted' as const] }, { kind: 'tree', status: ['proposed' as const, 'accepted' as const] }] as Partial<ProposalFilter>[]) {
        const expected = made.filter((m) => meets(m.bbox, bbox) && (!f.kind || m.kind === f.kind) && (!f.status || f.status.includes(m.status as 'proposed'))).map((m) => m.id);
        const label = `${bbox.join(',')} ${JSON.stringify(f)}`;
        const first = await store().listProposals({ city, bbox, limit: 10, offset: 0, sort: 'created', ...f });
        expect(first.total, label).toBe(expected.length);
        expect(first.proposals.map((p) => p.id), label).toEqual(expected.slice(0, 10));
        const deep = await store().listProposals({ city, bbox, limit: 7, offset: 30, sort: 'created', withTotal: false, ...f });
        expect(deep.proposals.map((p) => p.id), label).toEqual(expected.slice(30, 37));
        const newest = await store().listProposals({ city, bbox, limit: 5, offset: 0, sort: 'newest', withTotal: false, ...f });
        expect(newest.proposals.map((p) => p.id), label).toEqual(expected.slice(-5).reverse());
      }
    }
    // The whole town (no bbox), where a page is found by walking the proposals in order.
    for (const f of [{}, { kind: 'park' }, { status: ['proposed' as const] }] as Partial<ProposalFilter>[]) {
      const expected = made.filter((m) => (!f.kind || m.kind === f.kind) && (!f.status || f.status.includes(m.status as 'proposed'))).map((m) => m.id);
      const first = await store().listProposals({ city, limit: 10, offset: 0, sort: 'created', ...f });
      expect(first.total).toBe(expected.length);
      expect(first.proposals.map((p) => p.id)).toEqual(expected.slice(0, 10));
      const deep = await store().listProposals({ city, limit: 5, offset: 50, sort: 'newest', withTotal: false, ...f });
      expect(deep.proposals.map((p) => p.id)).toEqual(expected.reverse().slice(50, 55));
    }
  });

  it('changes status only from the allowed states, with history; not-found and conflict say so', async () => {
    const p = proposal();
    await store().createProposal(p, spacing(3));
    const ok = await store().changeStatus('gród', p.id, { to: 'rejected', from: ['proposed'], reason: 'za blisko drogi', actor: planner, at: '2026-11-23T11:00:00.000Z', action: 'rejected' });
    expect(ok).toMatchObject({ ok: true, proposal: { status: 'rejected', reason: 'za blisko drogi', updatedAt: '2026-11-23T11:00:00.000Z' } });
    expect(await store().changeStatus('gród', p.id, { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' })).toEqual({ ok: false, reason: 'conflict', current: 'rejected' });
    expect(await store().changeStatus('gród', 'p-none', { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' })).toEqual({ ok: false, reason: 'not-found' });
    expect((await store().proposalHistory(p.id)).map((e) => [e.action, e.fromStatus, e.toStatus, e.reason, e.actor.name])).toEqual([
      ['created', null, 'proposed', null, 'Ala'],
      ['rejected', 'proposed', 'rejected', 'za blisko drogi', 'Planistka'],
    ]);
  });

  it('edits count and species with the changes in history, and does nothing for no change', async () => {
    const p = proposal({ count: 3 });
    await store().createProposal(p, spacing(3));
    const r = await store().editProposal('gród', p.id, { count: 5, species: 'acer-platanoides' }, planner, '2026-11-23T12:00:00.000Z');
    expect(r).toMatchObject({ ok: true, proposal: { count: 5, species: 'acer-platanoides' } });
    expect((await store().editProposal('gród', p.id, { count: 5 }, planner, T0)).ok).toBe(true);
    const h = await store().proposalHistory(p.id);
    expect(h).toHaveLength(2);
    expect(h[1]).toMatchObject({ action: 'edited', changes: { count: [3, 5], species: ['tilia-cordata', 'acer-platanoides'] } });
    expect(await store().editProposal('gród', 'p-none', { count: 2 }, planner, T0)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('counts supports once per resident, removes them, and says which a resident supports', async () => {
    const p = proposal({ author: planner });
    await store().createProposal(p, spacing(3));
    expect(await store().addSupport('gród', p.id, 'r-1', T0)).toEqual({ found: true, added: true, supports: 1 });
    expect(await store().addSupport('gród', p.id, 'r-1', T0)).toEqual({ found: true, added: false, supports: 1 });
    expect(await store().addSupport('gród', p.id, 'r-2', T0)).toEqual({ found: true, added: true, supports: 2 });
    expect(await store().addSupport('gród', 'p-none', 'r-2', T0)).toEqual({ found: false, added: false, supports: 0 });
    expect([...(await store().supportedBy('gród', 'r-1', [p.id, 'p-none']))]).toEqual([p.id]);
    expect(await store().removeSupport('gród', p.id, 'r-1')).toEqual({ found: true, removed: true, supports: 1 });
    expect(await store().removeSupport('gród', p.id, 'r-1')).toEqual({ found: true, removed: false, supports: 1 });
    expect((await store().supportedBy('gród', 'r-1', [p.id])).size).toBe(0);
    expect((await store().supportedBy('gród', 'r-1', [])).size).toBe(0);
  });

  it('keeps exact support counts under concurrent supports', async () => {
    const p = proposal();
    await store().createProposal(p, spacing(3));
    const residents = Array.from({ length: 30 }, (_, i) => `r-c${i}`);
    for (const id of residents) await store().createResident({ id, nickname: id, tokenHash: `h-${id}`, createdAt: T0 });
    await Promise.all(residents.flatMap((id) => [store().addSupport('gród', p.id, id, T0), store().addSupport('gród', p.id, id, T0)]));
    expect((await store().getProposal('gród', p.id))!.supports).toBe(30);
  });

  it('stores the district it is given (decided once, by the service) and keeps counts per kind, district and stage', async () => {
    const city = 'dzielnice';
    const mk = (at: [number, number], district: string, count: number, kind = 'tree') => proposal({ city, at, district, count, kind });
    const a = mk([22.2, 50.9], 'west', 4);
    const b = mk([22.3, 50.9], 'east', 2);
    const c = mk([22.31, 50.9], 'east', 1);
    // Given 'west' though it lies among the east ones: the store keeps the service's answer.
    const d = mk([22.32, 50.9], 'west', 5);
    for (const p of [a, b, c, d]) {
      const r = await store().createProposal(p, spacing(3));
      expect(r.ok && r.proposal.district).toBe(p.district);
      expect((await store().getProposal(city, p.id))!.district).toBe(p.district);
    }
    await store().changeStatus(city, d.id, { to: 'withdrawn', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'withdrawn' });
    await store().changeStatus(city, b.id, { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' });
    await store().changeStatus(city, c.id, { to: 'accepted', from: ['proposed'], reason: null, actor: planner, at: T0, action: 'accepted' });
    await store().changeStatus(city, c.id, { to: 'planted', from: ['accepted'], reason: null, actor: planner, at: T0, action: 'planted' });
    await store().editProposal(city, a.id, { count: 6 }, planner, T0);
    await store().createProposal(mk([22.21, 50.9], 'west', 7, 'park'), spacing(3));
    await store().createProposal(proposal({ city: 'elsewhere', at: [22.2, 50.9], district: 'west', count: 9, kind: 'tree' }), spacing(3));
    expect(await store().districtCounts(city)).toEqual([
      { kind: 'park', district: 'west', proposed: 7, accepted: 0, planted: 0 },
      { kind: 'tree', district: 'east', proposed: 3, accepted: 3, planted: 1 },
      { kind: 'tree', district: 'west', proposed: 6, accepted: 0, planted: 0 },
    ]);
    // The kept counts equal a fresh count of the proposals themselves.
    const { proposals } = await store().listProposals({ city, limit: 100, offset: 0, sort: 'created' });
    const live = proposals.filter((p) => p.status !== 'withdrawn' && p.status !== 'rejected');
    expect(live.reduce((n, p) => n + p.count, 0)).toBe(7 + 3 + 6);
  });

  it('keeps the district counts equal to a fresh grouped count of the proposals through creates, decisions, count edits and withdrawals', async () => {
    const city = 'przeliczenie';
    // Deterministic mix: two kinds, three districts, counts 1–5; then each proposal takes one path.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const made: { id: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const p = proposal({ city, at: [22.6 + i * 0.001, 50.6], district: ['north', 'south', 'centre'][next(3)]!, count: 1 + next(5), kind: next(4) === 0 ? 'park' : 'tree' });
      expect((await store().createProposal(p, spacing(3))).ok).toBe(true);
      made.push(p);
    }
    const move = (id: string, from: 'proposed' | 'accepted', to: 'accepted' | 'planted' | 'rejected' | 'withdrawn') =>
      store().changeStatus(city, id, { to, from: [from], reason: to === 'rejected' ? 'za blisko' : null, actor: planner, at: T0, action: to });
    // The counts as the store keeps them against the proposals themselves, counted afresh.
    const check = async (when: string) => {
      const { proposals } = await store().listProposals({ city, limit: 100, offset: 0, sort: 'created' });
      const fresh = new Map<string, { kind: string; district: string; proposed: number; accepted: number; planted: number }>();
      for (const p of proposals) {
        const key = `${p.kind}/${p.district}`;
        const row = fresh.get(key) ?? { kind: p.kind, district: p.district!, proposed: 0, accepted: 0, planted: 0 };
        if (['proposed', 'accepted', 'planted'].includes(p.status)) row.proposed += p.count;
        if (['accepted', 'planted'].includes(p.status)) row.accepted += p.count;
        if (p.status === 'planted') row.planted += p.count;
        fresh.set(key, row);
      }
      const nonzero = <R extends { proposed: number; accepted: number; planted: number }>(rows: R[]) => rows.filter((r) => r.proposed || r.accepted || r.planted);
      const order = (a: { kind: string; district: string }, b: { kind: string; district: string }) => `${a.kind}/${a.district}`.localeCompare(`${b.kind}/${b.district}`);
      expect(nonzero(await store().districtCounts(city)).sort(order), when).toEqual(nonzero([...fresh.values()]).sort(order));
    };
    await check('after the creates');
    for (const [i, p] of made.entries()) {
      const path = i % 6;
      if (path === 1) await move(p.id, 'proposed', 'accepted');
      if (path === 2) (await move(p.id, 'proposed', 'accepted'), await move(p.id, 'accepted', 'planted'));
      if (path === 3) await move(p.id, 'proposed', 'rejected');
      if (path === 4) await move(p.id, 'proposed', 'withdrawn');
      if (path === 5) await store().editProposal(city, p.id, { count: 1 + ((i * 7) % 9) }, planner, T0);
    }
    await check('after the decisions and edits');
    // Edits after a decision, and a planted proposal's count corrected, count where it now stands.
    for (const [i, p] of made.entries()) if (i % 6 === 2 || i % 6 === 1) await store().editProposal(city, p.id, { count: 10 + i }, planner, T0);
    await check('after edits of decided proposals');
  });

  it('gives the district counts as they stood at the end of a past day, from the history (count edits too), equal to the kept counts today', async () => {
    const city = 'historia';
    const at = (day: string, time = '12:00:00.000') => `${day}T${time}Z`;
    const a = proposal({ city, at: [22.4, 50.9], district: 'west', count: 4, createdAt: at('2025-03-01') });
    const b = proposal({ city, at: [22.41, 50.9], district: 'east', count: 2, createdAt: at('2026-04-09') });
    const c = proposal({ city, at: [22.42, 50.9], district: 'east', count: 3, createdAt: at('2026-04-09'), kind: 'park' });
    for (const p of [a, b, c]) expect((await store().createProposal(p, spacing(3))).ok).toBe(true);
    const move = (id: string, from: 'proposed' | 'accepted', to: 'accepted' | 'planted' | 'withdrawn', when: string) =>
      store().changeStatus(city, id, { to, from: [from], reason: null, actor: planner, at: when, action: to });
    await move(a.id, 'proposed', 'accepted', at('2025-06-01'));
    // Planted late on day D (2026-04-10); edited to 6 trees after.
    await move(a.id, 'accepted', 'planted', at('2026-04-10', '23:59:59.000'));
    await store().editProposal(city, a.id, { count: 6 }, planner, at('2026-05-01'));
    await move(b.id, 'proposed', 'withdrawn', at('2026-04-10'));
    const on = async (day: string) => (await store().districtCountsOn(city, day)).filter((r) => r.proposed || r.accepted || r.planted);
    expect(await on('2025-02-28')).toEqual([]);
    expect(await on('2025-03-01')).toEqual([{ kind: 'tree', district: 'west', proposed: 4, accepted: 0, planted: 0 }]);
    // The day before D: accepted, not planted; on D: planted (the 4 trees it had then).
    expect(await on('2026-04-09')).toEqual([
      { kind: 'park', district: 'east', proposed: 3, accepted: 0, planted: 0 },
      { kind: 'tree', district: 'east', proposed: 2, accepted: 0, planted: 0 },
      { kind: 'tree', district: 'west', proposed: 4, accepted: 4, planted: 0 },
    ]);
    expect(await on('2026-04-10')).toEqual([
      { kind: 'park', district: 'east', proposed: 3, accepted: 0, planted: 0 },
      { kind: 'tree', district: 'west', proposed: 4, accepted: 4, planted: 4 },
    ]);
    expect((await on('2026-05-01')).find((r) => r.district === 'west')).toEqual({ kind: 'tree', district: 'west', proposed: 6, accepted: 6, planted: 6 });
    // Far enough ahead, the history adds up to the kept counts, row for row.
    expect(await store().districtCountsOn(city, '2999-12-31')).toEqual(await store().districtCounts(city));
    // Another town's proposals never count here.
    expect(await store().districtCountsOn('nowhere', '2999-12-31')).toEqual([]);

    // A store that held this history before the table existed gets the same answers from its
    // migration's backfill (rerun here on the events written above).
    const snapshot = await Promise.all(['2025-03-01', '2026-04-09', '2026-04-10', '2026-05-01'].map((d) => store().districtCountsOn(city, d)));
    const sql = readFileSync(new URL(`../../server/store/${kind === 'postgres' ? 'postgres' : 'sqlite'}/migrations/025_district_counts_daily.sql`, import.meta.url), 'utf8');
    const backfill = sql.slice(sql.indexOf('-- <backfill>'), sql.indexOf('-- </backfill>'));
    const s = store() as unknown as { db?: { exec(sql: string): void }; pool?: { query(sql: string): Promise<unknown> } };
    if (s.db) s.db.exec(`DELETE FROM district_counts_daily; DELETE FROM district_counts_monthly; ${backfill}`);
    else await s.pool!.query(`DELETE FROM district_counts_daily; DELETE FROM district_counts_monthly; ${backfill}`);
    expect(await Promise.all(['2025-03-01', '2026-04-09', '2026-04-10', '2026-05-01'].map((d) => store().districtCountsOn(city, d)))).toEqual(snapshot);
  });

  it('refuses supports on a proposal that is not live or by its own author, and counts confirmed supports and bursts apart', async () => {
    const own = proposal();
    await store().createProposal(own, spacing(3));
    expect(await store().addSupport('gród', own.id, 'r-1', T0)).toEqual({ found: true, added: false, supports: 0, refused: 'own' });
    await store().changeStatus('gród', own.id, { to: 'withdrawn', from: ['proposed'], reason: null, actor: own.author, at: T0, action: 'withdrawn' });
    expect(await store().addSupport('gród', own.id, 'r-2', T0)).toEqual({ found: true, added: false, supports: 0, refused: 'not-live' });
    const p = proposal({ author: planner });
    await store().createProposal(p, spacing(3));
    const ids = Array.from({ length: 7 }, (_, i) => `r-b${i}`);
    for (const id of ids) await store().createResident({ id, nickname: id, tokenHash: `h-${id}`, createdAt: T0 });
    // Five from one network within two minutes, one from it an hour later, one confirmed from elsewhere.
    for (let i = 0; i < 5; i++) await store().addSupport('gród', p.id, ids[i]!, `2026-11-23T10:0${i}:30.000Z`, { network: '203.0.113.0/24', confirmed: false });
    await store().addSupport('gród', p.id, ids[5]!, '2026-11-23T11:30:00.000Z', { network: '203.0.113.0/24', confirmed: false });
    await store().addSupport('gród', p.id, ids[6]!, '2026-11-23T10:02:00.000Z', { network: '198.51.100.0/24', confirmed: true });
    expect(await store().getProposal('gród', p.id)).toMatchObject({ supports: 7, supportsConfirmed: 1 });
    expect(await store().supportBreakdown(p.id, 5, 10 * 60_000)).toEqual({
      confirmed: 1,
      unconfirmed: 6,
      bursts: [{ network: '203.0.113.0/24', count: 5, from: '2026-11-23T10:00:30.000Z', to: '2026-11-23T10:04:30.000Z' }],
    });
    await store().removeSupport('gród', p.id, ids[6]!);
    expect(await store().getProposal('gród', p.id)).toMatchObject({ supports: 6, supportsConfirmed: 0 });
  });
});
