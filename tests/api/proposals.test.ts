import { describe, expect, it } from 'vitest';
import type { DistrictSummary, ProposalCollection, ProposalDetail, ProposalSetup, QueryResult } from '../../server/api-types.ts';
import { loadPack } from '../../server/packs/load-packs.ts';
import { anonymous, resident, staff, tree, type Caller } from '../helpers/people.ts';
import { copyPack, editJson } from '../helpers/temp-pack.ts';
import { TEST_CONFIG, fromAddress, postJson, testApp } from '../helpers/test-app.ts';

// Fixture "mini": town 22.00–22.02°E × 50.90–50.91°N; zachod west of 22.01, wschod east; a pond at 22.001–22.004 × 50.9085–50.9095.
const M = 1 / 111_200; // one metre of latitude in degrees

async function setup() {
  const t = await testApp();
  const ala = await resident(t.request, 'Ala');
  const planner = await staff(t.request, t.store, 'planner');
  const admin = await staff(t.request, t.store, 'admin');
  const create = (who: Caller, body: unknown) => t.request('/api/cities/mini/proposals', postJson(body, who.headers));
  return { ...t, ala, planner, admin, create };
}

const countAll = async (store: Awaited<ReturnType<typeof testApp>>['store']) => (await store.listProposals({ city: 'mini', limit: 1, offset: 0, sort: 'created' })).total;

describe('proposing a tree', () => {
  it('stores a point proposal with the district computed by the server and a history entry', async () => {
    const t = await setup();
    const res = await t.create(t.ala, { ...tree(22.005, 50.905), note: 'Przy szkole', district: undefined });
    expect(res.status).toBe(201);
    const p = (await res.json()) as ProposalDetail;
    expect(res.headers.get('location')).toBe(`/api/cities/mini/proposals/${p.id}`);
    expect(p.properties).toMatchObject({ status: 'proposed', district: 'zachod', count: 1, species: 'quercus-robur', speciesPl: 'dąb szypułkowy', author: 'Ala', supports: 0, note: 'Przy szkole' });
    expect(p.history).toEqual([expect.objectContaining({ action: 'created', actor: 'Ala', toStatus: 'proposed' })]);
    const again = await t.request(`/api/cities/mini/proposals/${p.id}`);
    expect(((await again.json()) as ProposalDetail).properties.id).toBe(p.id);
  });

  it('never trusts a district sent by the client', async () => {
    const t = await setup();
    const res = await t.create(t.ala, { ...tree(22.015, 50.905), district: 'zachod' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/district|Unrecognized key/i);
  });

  it('accepts a row of trees as a polygon with a count up to one per 10 m²', async () => {
    const t = await setup();
    // ≈ 21 m × 22 m ≈ 470 m² → at most 47 trees.
    const ring = [[22.012, 50.902], [22.0123, 50.902], [22.0123, 50.9022], [22.012, 50.9022], [22.012, 50.902]];
    const ok = await t.create(t.ala, { ...tree(0, 0), geometry: { type: 'Polygon', coordinates: [ring] }, count: 40 });
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as ProposalDetail).properties.district).toBe('wschod');
    const ring2 = ring.map(([x, y]) => [x! + 0.001, y!]);
    const tooMany = await t.create(t.ala, { ...tree(0, 0), geometry: { type: 'Polygon', coordinates: [ring2] }, count: 60 });
    expect(tooMany.status).toBe(422);
    const err = (await tooMany.json()).error;
    expect(err.code).toBe('count-too-high');
    expect(err.message).toMatch(/at most 4\d \(one per 10 m²\); you asked for 60/);
  });

  it('refuses a point outside the town, in water, with a count other than 1, or with an unknown species', async () => {
    const t = await setup();
    const before = await countAll(t.store);
    const outside = await t.create(t.ala, tree(22.03, 50.905));
    expect(outside.status).toBe(422);
    expect((await outside.json()).error).toMatchObject({ code: 'outside-town', message: 'The point must lie entirely inside the boundary of Miniów.' });
    const water = await t.create(t.ala, tree(22.002, 50.909));
    expect(water.status).toBe(422);
    expect((await water.json()).error).toMatchObject({ code: 'in-forbidden-area', details: { rule: 'in-forbidden-area', feature: { id: 'pond', name: 'Staw', category: 'water' } } });
    const two = await t.create(t.ala, tree(22.006, 50.905, { count: 2 }));
    expect(two.status).toBe(422);
    expect((await two.json()).error.code).toBe('count-not-one');
    const species = await t.create(t.ala, tree(22.006, 50.905, { species: 'eucalyptus' }));
    expect(species.status).toBe(400);
    expect((await species.json()).error.message).toBe('species: "eucalyptus" is not on Miniów\'s species list.');
    expect(await countAll(t.store)).toBe(before);
  });

  it('refuses a tree closer than 3 m to another proposed one and names the nearest', async () => {
    const t = await setup();
    const first = (await (await t.create(t.ala, tree(22.005, 50.905))).json()) as ProposalDetail;
    const close = await t.create(t.ala, tree(22.005, 50.905 + 2 * M));
    expect(close.status).toBe(422);
    const err = (await close.json()).error;
    expect(err.code).toBe('too-close');
    expect(err.details.feature.id).toBe(first.id);
    expect(err.details.distanceM).toBeCloseTo(2, 1);
    expect((await t.create(t.ala, tree(22.005, 50.905 + 3.2 * M))).status).toBe(201);
    // A planner may lower the rule for one proposal; a resident may not.
    expect((await t.create(t.ala, tree(22.005, 50.905 + 1 * M, { minSpacingM: 0.5 }))).status).toBe(403);
    expect((await t.create(t.planner, tree(22.005, 50.905 + 1 * M, { minSpacingM: 0.5 }))).status).toBe(201);
  });

  it('lets a rejected or withdrawn tree free its spot', async () => {
    const t = await setup();
    const p = (await (await t.create(t.ala, tree(22.007, 50.905))).json()) as ProposalDetail;
    await t.request(`/api/cities/mini/proposals/${p.id}/withdraw`, postJson({}, t.ala.headers));
    expect((await t.create(t.ala, tree(22.007, 50.905 + M))).status).toBe(201);
  });
});

describe('review and history', () => {
  it('goes proposed → accepted → planted, recording who and when; nothing is deleted', async () => {
    const t = await setup();
    const p = (await (await t.create(t.ala, tree(22.015, 50.905))).json()) as ProposalDetail;
    const status = (to: string, who: Caller, reason?: string) =>
      t.request(`/api/cities/mini/proposals/${p.id}/status`, postJson(reason ? { status: to, reason } : { status: to }, who.headers));
    // Skipping acceptance is a correction, so it needs a reason.
    expect((await status('planted', t.planner)).status).toBe(400);
    expect((await status('accepted', t.planner)).status).toBe(200);
    const planted = await status('planted', t.planner);
    expect(planted.status).toBe(200);
    const detail = (await planted.json()) as ProposalDetail;
    expect(detail.properties.status).toBe('planted');
    expect(detail.history.map((h) => [h.action, h.fromStatus, h.toStatus])).toEqual([
      ['created', null, 'proposed'],
      ['accepted', 'proposed', 'accepted'],
      ['planted', 'accepted', 'planted'],
    ]);
    // Planners act for the office: the history names it, never their login.
    expect(detail.history[1]!.actor).toBe('Urząd');
    expect(JSON.stringify(detail)).not.toMatch(/planner\d+/);
    expect(Date.parse(detail.history[2]!.at)).toBeGreaterThan(0);
    // Undoing a decision is a new decision with a reason; the same status again is a conflict.
    const noReason = await status('rejected', t.planner);
    expect(noReason.status).toBe(400);
    const again = await status('planted', t.planner);
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe('The proposal is already planted.');
  });

  it('needs a reason to reject, and keeps it', async () => {
    const t = await setup();
    const p = (await (await t.create(t.ala, tree(22.016, 50.905))).json()) as ProposalDetail;
    const noReason = await t.request(`/api/cities/mini/proposals/${p.id}/status`, postJson({ status: 'rejected' }, t.planner.headers));
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).error.message).toBe('reason: a rejection needs a reason');
    const r = await t.request(`/api/cities/mini/proposals/${p.id}/status`, postJson({ status: 'rejected', reason: 'Sieć gazowa pod chodnikiem' }, t.planner.headers));
    const d = (await r.json()) as ProposalDetail;
    expect(d.properties).toMatchObject({ status: 'rejected', reason: 'Sieć gazowa pod chodnikiem' });
    expect(d.history.at(-1)).toMatchObject({ action: 'rejected', reason: 'Sieć gazowa pod chodnikiem' });
  });

  it('lets a planner edit count and species, recorded as a change', async () => {
    const t = await setup();
    const ring = [[22.012, 50.906], [22.0123, 50.906], [22.0123, 50.9062], [22.012, 50.9062], [22.012, 50.906]];
    const p = (await (await t.create(t.ala, { ...tree(0, 0), geometry: { type: 'Polygon', coordinates: [ring] }, count: 10 })).json()) as ProposalDetail;
    const res = await t.request(`/api/cities/mini/proposals/${p.id}`, postJson({ count: 12, species: 'tilia-cordata' }, t.planner.headers, 'PATCH'));
    expect(res.status).toBe(200);
    const d = (await res.json()) as ProposalDetail;
    expect(d.properties).toMatchObject({ count: 12, species: 'tilia-cordata' });
    expect(d.history.at(-1)).toMatchObject({ action: 'edited', changes: { count: [10, 12], species: ['quercus-robur', 'tilia-cordata'] } });
    const tooMany = await t.request(`/api/cities/mini/proposals/${p.id}`, postJson({ count: 500 }, t.planner.headers, 'PATCH'));
    expect(tooMany.status).toBe(422);
  });

  it('lets the author withdraw, keeps the proposal and its history, and stops others', async () => {
    const t = await setup();
    const ola = await resident(t.request, 'Ola');
    const p = (await (await t.create(t.ala, tree(22.017, 50.905))).json()) as ProposalDetail;
    expect((await t.request(`/api/cities/mini/proposals/${p.id}/withdraw`, postJson({}, ola.headers))).status).toBe(403);
    const w = await t.request(`/api/cities/mini/proposals/${p.id}/withdraw`, postJson({}, t.ala.headers));
    expect(w.status).toBe(200);
    const d = (await (await t.request(`/api/cities/mini/proposals/${p.id}`)).json()) as ProposalDetail;
    expect(d.properties.status).toBe('withdrawn');
    expect(d.history.map((h) => h.action)).toEqual(['created', 'withdrawn']);
  });
});

describe('supports', () => {
  it('counts one support per resident, can be withdrawn, and shows supportedByMe', async () => {
    const t = await setup();
    const p = (await (await t.create(t.ala, tree(22.018, 50.905))).json()) as ProposalDetail;
    const url = `/api/cities/mini/proposals/${p.id}/support`;
    const ola = await resident(t.request, 'Ola');
    expect((await t.request(url, { method: 'PUT', headers: ola.headers })).status).toBe(201);
    const twice = await t.request(url, { method: 'PUT', headers: ola.headers });
    expect(twice.status).toBe(200);
    expect(await twice.json()).toEqual({ supports: 1, supportedByMe: true, added: false });
    const list = (await (await t.request('/api/cities/mini/proposals', { headers: ola.headers })).json()) as ProposalCollection;
    expect(list.features.find((f) => f.id === p.id)!.properties).toMatchObject({ supports: 1, supportedByMe: true });
    expect(await (await t.request(url, { method: 'DELETE', headers: ola.headers })).json()).toEqual({ supports: 0, supportedByMe: false, removed: true });
    expect((await t.request(url, { method: 'PUT', headers: t.planner.headers })).status).toBe(403);
    expect((await t.request('/api/cities/mini/proposals/nope/support', { method: 'PUT', headers: ola.headers })).status).toBe(404);
  });

  it('leaves exact counts under concurrent supports from many residents', async () => {
    const t = await setup();
    const p = (await (await t.create(t.ala, tree(22.0185, 50.9055))).json()) as ProposalDetail;
    const people = await Promise.all(Array.from({ length: 60 }, (_, i) => resident(t.request, `osoba${i}`)));
    const url = `/api/cities/mini/proposals/${p.id}/support`;
    // Everyone twice, interleaved: 60 supports, not 120.
    await Promise.all([...people, ...people].map((who) => t.request(url, { method: 'PUT', headers: who.headers })));
    const d = (await (await t.request(`/api/cities/mini/proposals/${p.id}`)).json()) as ProposalDetail;
    expect(d.properties.supports).toBe(60);
    await Promise.all(people.slice(0, 25).map((who) => t.request(url, { method: 'DELETE', headers: who.headers })));
    expect(((await (await t.request(`/api/cities/mini/proposals/${p.id}`)).json()) as ProposalDetail).properties.supports).toBe(35);
  });
});

describe('listing and exporting', () => {
  async function seeded() {
    const t = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const lon = i < 3 ? 22.002 + i * 0.001 : 22.012 + i * 0.001;
      ids.push(((await (await t.create(t.ala, tree(lon, 50.902, { note: i === 0 ? '=HYPERLINK("http://x")' : `drzewo ${i}, "ładne"` }))).json()) as ProposalDetail).id);
    }
    await t.request(`/api/cities/mini/proposals/${ids[4]}/status`, postJson({ status: 'accepted' }, t.planner.headers));
    return { ...t, ids };
  }

  it('filters by district, status, kind and bbox, and pages with numberMatched', async () => {
    const t = await seeded();
    const get = async (q: string) => (await (await t.request(`/api/cities/mini/proposals?${q}`)).json()) as ProposalCollection;
    expect((await get('district=zachod')).numberMatched).toBe(3);
    expect((await get('district=wschod&status=accepted')).features.map((f) => f.id)).toEqual([t.ids[4]]);
    expect((await get('status=proposed,accepted')).numberMatched).toBe(6);
    expect((await get('kind=tree&bbox=22.0015,50.9,22.0035,50.91')).features.map((f) => f.id)).toEqual([t.ids[0], t.ids[1]]);
    const page = await get('limit=2&offset=2');
    expect(page).toMatchObject({ numberMatched: 6, numberReturned: 2, offset: 2, limit: 2 });
    expect(page.features.map((f) => f.id)).toEqual([t.ids[2], t.ids[3]]);
    for (const bad of ['status=lost', 'bbox=1,2,3', 'bbox=3,2,1,4', 'limit=0', 'limit=abc', 'district=polnoc', 'colour=red']) {
      const res = await t.request(`/api/cities/mini/proposals?${bad}`);
      expect(res.status, bad).toBe(400);
    }
  });

  it('exports CSV with a BOM, Polish letters, quoting and defused formulas, and GeoJSON', async () => {
    const t = await seeded();
    const res = await t.request('/api/cities/mini/proposals/export.csv?district=zachod');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="mini-propozycje-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('id,number,kind,kind_label,status,district,species,species_pl,species_latin,count,supports,lon,lat,geometry_type,author,created_at,updated_at,note,reason');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,dąb szypułkowy,Quercus robur,1,0,22.002000,50.902000,Point,Ala,`);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(lines.slice(1).map((l) => l.split(',')[1]).filter((n) => /^[1-9]\d*$/.test(n!)));
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(lines[2]).toContain(`,"drzewo 1, ""ładne""",`);
    const gj = await (await t.request('/api/cities/mini/proposals/export.geojson?status=accepted')).json();
    expect(gj.features.map((f: { id: string }) => f.id)).toEqual([t.ids[4]]);
    expect(Number.isInteger(gj.features[0].properties.number)).toBe(true);
  });

  it('shows progress to the target in the district summary (a funnel: proposed ⊇ accepted ⊇ planted)', async () => {
    const t = await seeded();
    const s = (await (await t.request('/api/cities/mini/districts/wschod/summary')).json()) as DistrictSummary;
    expect(s.targets[0]).toMatchObject({ id: 'trees', target: 1000, proposed: 3, accepted: 1, planted: 0 });
  });
});

describe('who may do what', () => {
  it('answers every write endpoint as each role allows', async () => {
    const t = await setup();
    const ala2 = await resident(t.request, 'Ala2');
    const target = (await (await t.create(ala2, tree(22.011, 50.9095))).json()) as ProposalDetail;
    const id = target.id;
    let spot = 0;
    const nextTree = () => tree(22.0105 + 0.0002 * ++spot, 50.9012);
    const cases: { name: string; call: (who: Caller) => Promise<Response>; allowed: Caller['role'][] }[] = [
      { name: 'create', call: (w) => t.create(w, nextTree()), allowed: ['resident', 'planner', 'admin'] },
      { name: 'support', call: (w) => t.request(`/api/cities/mini/proposals/${id}/support`, { method: 'PUT', headers: w.headers }), allowed: ['resident'] },
      { name: 'edit', call: (w) => t.request(`/api/cities/mini/proposals/${id}`, postJson({ species: 'tilia-cordata' }, w.headers, 'PATCH')), allowed: ['planner', 'admin'] },
      { name: 'status', call: (w) => t.request(`/api/cities/mini/proposals/${id}/status`, postJson({ status: 'rejected', reason: 'test' }, w.headers)), allowed: ['planner', 'admin'] },
      { name: 'admin users', call: (w) => t.request('/api/admin/users', postJson({ login: `u${++spot}x`, role: 'planner', password: 'long enough pw' }, w.headers)), allowed: ['admin'] },
    ];
    const callers = [anonymous, t.ala, t.planner, t.admin];
    for (const c of cases) {
      for (const who of callers) {
        const res = await c.call(who);
        const expected = c.allowed.includes(who.role) ? [200, 201] : who.role === 'anonymous' ? [401] : [403];
        expect(expected, `${c.name} as ${who.role}: ${res.status} ${res.status >= 400 ? await res.text() : ''}`).toContain(res.status);
        // Reset the status so the next role meets the same state.
        if (c.name === 'status' && res.status === 200) await t.store.changeStatus('mini', id, { to: 'proposed', from: ['rejected'], reason: null, actor: { kind: 'user', id: 'x', name: 'x' }, at: new Date().toISOString(), action: 'reopened' });
      }
    }
  });

  it('refuses a planner write without the CSRF token or from another origin', async () => {
    const t = await setup();
    const p = (await (await t.create(t.ala, tree(22.0135, 50.9045))).json()) as ProposalDetail;
    const url = `/api/cities/mini/proposals/${p.id}/status`;
    const noToken = await t.request(url, postJson({ status: 'accepted' }, { cookie: t.planner.headers.cookie! }));
    expect(noToken.status).toBe(403);
    expect((await noToken.json()).error.code).toBe('csrf');
    const foreign = await t.request(url, postJson({ status: 'accepted' }, { ...t.planner.headers, origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
  });

  it('sets an HttpOnly SameSite=Strict session cookie, Secure behind https, and logs out', async () => {
    const t = await setup();
    const { createAccount } = await import('../../server/auth/accounts.ts');
    await createAccount(t.store, { login: 'ewa', role: 'planner', password: 'correct horse battery' });
    const https = await t.app.request('https://plan.example/api/auth/login', postJson({ login: 'ewa', password: 'correct horse battery' }));
    const cookie = https.headers.get('set-cookie')!;
    expect(cookie).toMatch(/kp_session=[\w-]+/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    const wrong = await t.request('/api/auth/login', postJson({ login: 'ewa', password: 'wrong password!' }));
    expect(wrong.status).toBe(401);
    const me = await (await t.request('/api/me', { headers: t.planner.headers })).json();
    expect(me).toMatchObject({ kind: 'user', role: 'planner' });
    expect((await t.request('/api/auth/logout', postJson({}, t.planner.headers))).status).toBe(200);
    expect(await (await t.request('/api/me', { headers: t.planner.headers })).json()).toEqual({ kind: 'anonymous' });
  });

  it('rate-limits writes per client address with 429 and Retry-After, whatever resident token is sent', async () => {
    const t = await testApp({ config: { ...TEST_CONFIG, RATE_LIMIT_WRITES: 4, TRUST_PROXY: { hops: 1 } } });
    const a = fromAddress(t.request, '203.0.113.5');
    const who = await resident(a, 'Szybka'); // the sign-up is this address's first write
    const second = await resident(a, 'Druga'); // a second token from the same address: its second
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const headers = (i % 2 ? second : who).headers;
      codes.push((await a('/api/cities/mini/proposals', postJson(tree(22.003 + i * 0.0005, 50.903), headers))).status);
    }
    expect(codes).toEqual([201, 201, 429]);
    const res = await a('/api/cities/mini/proposals', postJson(tree(22.009, 50.903), second.headers));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await res.json()).error).toMatchObject({ code: 'rate-limited', details: { params: { max: 4, windowS: 60 } } });
    // Another address is not affected.
    const b = fromAddress(t.request, '198.51.100.7');
    const other = await resident(b, 'Inna');
    expect((await b('/api/cities/mini/proposals', postJson(tree(22.009, 50.9035), other.headers))).status).toBe(201);
  });
});

describe('hostile input', () => {
  it('answers 4xx, stores nothing and stays up', async () => {
    const t = await setup();
    const before = await countAll(t.store);
    const raw = (body: string, headers: Record<string, string> = {}) =>
      t.request('/api/cities/mini/proposals', { method: 'POST', headers: { 'content-type': 'application/json', ...t.ala.headers, ...headers }, body });
    const cases: [string, Promise<Response>, number][] = [
      ['malformed JSON', raw('{"kind": "tree", "geometry": '), 400],
      ['not JSON', raw('hello', { 'content-type': 'text/plain' }), 415],
      ['wrong types', raw(JSON.stringify({ ...tree(22.005, 50.905), count: '1' })), 400],
      ['array body', raw('[]'), 400],
      ['NaN in JSON', raw('{"kind":"tree","geometry":{"type":"Point","coordinates":[NaN,50.9]},"count":1}'), 400],
      ['Infinity via 1e999', raw('{"kind":"tree","geometry":{"type":"Point","coordinates":[1e999,50.9]},"species":"quercus-robur","count":1}'), 400],
      ['latitude 91', raw(JSON.stringify(tree(22.005, 91))), 400],
      ['NUL in the note', raw(JSON.stringify(tree(22.005, 50.905, { note: 'a\u0000b' }))), 400],
      ['lone surrogate', raw('{"kind":"tree","geometry":{"type":"Point","coordinates":[22.005,50.905]},"species":"quercus-robur","count":1,"note":"\\ud800x"}'), 400],
      ['huge body', raw(JSON.stringify(tree(22.005, 50.905, { note: 'x'.repeat(300_000) }))), 413],
      ['note too long', raw(JSON.stringify(tree(22.005, 50.905, { note: 'x'.repeat(1001) }))), 400],
      ['unknown kind', raw(JSON.stringify(tree(22.005, 50.905, { kind: 'bench' }))), 400],
      ['a self-crossing polygon', raw(JSON.stringify({ ...tree(0, 0), count: 1, geometry: { type: 'Polygon', coordinates: [[[22.012, 50.902], [22.0123, 50.9022], [22.0123, 50.902], [22.012, 50.9022], [22.012, 50.902]]] } })), 400],
      ['GeometryCollection', raw(JSON.stringify({ ...tree(0, 0), geometry: { type: 'GeometryCollection', geometries: [] } })), 400],
      ['SQL in the kind', raw(JSON.stringify(tree(22.005, 50.905, { kind: "tree'; DROP TABLE proposals;--" }))), 400],
    ];
    for (const [what, res, code] of cases) {
      const r = await res;
      expect(r.status, what).toBe(code);
      const body = await r.json();
      expect(typeof body.error.message, what).toBe('string');
    }
    expect(await countAll(t.store)).toBe(before);
    expect(t.errors).toEqual([]);
    const nick = await t.request('/api/residents', postJson({ nickname: 'Ala\u202eadmin' }));
    expect(nick.status).toBe(400);
    expect((await nick.json()).error.message).toBe('nickname: must not contain text-direction control characters');
    expect((await t.request('/healthz')).status).toBe(200);
  });

  it('stores HTML, SQL metacharacters and emoji as plain text, exactly', async () => {
    const t = await setup();
    const notes = ['<img src=x onerror=alert(1)>', "'); DROP TABLE proposals;--", 'Lipa 🌳 przy ławce — zdrowa', 'שלום עולם'];
    let i = 0;
    for (const note of notes) {
      const res = await t.create(t.ala, tree(22.0102 + 0.0004 * i++, 50.9088, { note }));
      expect(res.status).toBe(201);
      const id = ((await res.json()) as ProposalDetail).id;
      const back = (await (await t.request(`/api/cities/mini/proposals/${id}`)).json()) as ProposalDetail;
      expect(back.properties.note).toBe(note);
    }
    expect(await countAll(t.store)).toBe(4);
  });
});

describe('a kind proposing sites (no species, one site per proposal)', () => {
  // "mini" with a second kind: pocket parks, points or areas, for the "u-parks" undertaking, and
  // trees limited to 20 per proposal. A copy in a temp folder (the fixture itself is shared).
  async function withSites() {
    const dir = copyPack('mini');
    editJson(dir, 'manifest.json', (m) => {
      m.proposals.kinds[0].rules.maxCount = 20;
      m.proposals.kinds.push({
        id: 'pocket-park',
        label: 'park kieszonkowy',
        undertaking: 'u-parks',
        hint: 'Mały skrawek zieleni między domami.',
        geometries: ['Point', 'Polygon'],
        needsSpecies: false,
        rules: { minSpacingM: 20, m2PerUnit: 10, maxCount: 1000, maxAreaM2: 2000, forbiddenContext: ['water'] },
      });
    });
    const t = await setup();
    t.packs.set('mini', await loadPack(dir));
    return t;
  }
  const park = (geometry: unknown, extra: Record<string, unknown> = {}) => ({ kind: 'pocket-park', geometry, note: '', ...extra });
  const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });
  // ≈ 35 m × 33 m ≈ 1150 m² around (lon, lat): under maxAreaM2, and 115 "units" were it counted like trees.
  const square = (lon: number, lat: number, d = 0.0005, h = 0.0003) => ({ type: 'Polygon', coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + h], [lon, lat + h], [lon, lat]]] });

  it('says in the setup what each kind counts: trees in units, parks in sites', async () => {
    const t = await withSites();
    const s = (await (await t.request('/api/cities/mini/proposal-setup')).json()) as ProposalSetup;
    expect(s.kinds.map((k) => [k.id, k.counts, k.undertaking ?? null])).toEqual([
      ['tree', 'units', null],
      ['pocket-park', 'sites', 'u-parks'],
    ]);
  });

  it('takes a site as a point or an area without a species, counts each as 1, and keeps it out of the tree target', async () => {
    const t = await withSites();
    const a = await t.create(t.ala, park(point(22.013, 50.904), { note: 'Skwer przy bloku' }));
    expect(a.status, await a.clone().text()).toBe(201);
    expect(((await a.json()) as ProposalDetail).properties).toMatchObject({ kind: 'pocket-park', kindLabel: 'park kieszonkowy', species: '', speciesPl: null, count: 1, district: 'wschod' });
    // An area of ≈ 1150 m² is still one site (no count sent: 1).
    const b = await t.create(t.ala, park(square(22.015, 50.906)));
    expect(b.status, await b.clone().text()).toBe(201);
    expect(((await b.json()) as ProposalDetail).properties).toMatchObject({ count: 1, species: '' });
    // A tree beside the park: spacing is per kind.
    expect((await t.create(t.ala, tree(22.013, 50.904 + 2 * M))).status).toBe(201);
    const s = (await (await t.request('/api/cities/mini/districts/wschod/summary')).json()) as DistrictSummary;
    expect(s.targets).toEqual([expect.objectContaining({ id: 'trees', proposed: 1 })]);
    expect(s.proposals).toEqual([
      { kind: 'tree', label: 'drzewo', target: 'trees', counts: 'units', proposed: 1, accepted: 0, planted: 0 },
      { kind: 'pocket-park', label: 'park kieszonkowy', target: null, counts: 'sites', proposed: 2, accepted: 0, planted: 0 },
    ]);
    const zachod = (await (await t.request('/api/cities/mini/districts/zachod/summary')).json()) as DistrictSummary;
    expect(zachod.proposals!.find((k) => k.kind === 'pocket-park')).toMatchObject({ proposed: 0 });
    // A drawn area over both districts sums them.
    const q = (await (await t.request('/api/cities/mini/query', postJson({ type: 'Polygon', coordinates: [[[22, 50.9], [22.02, 50.9], [22.02, 50.91], [22, 50.91], [22, 50.9]]] }))).json()) as QueryResult;
    expect(q.proposals!.find((k) => k.kind === 'pocket-park')).toMatchObject({ proposed: 2 });
  });

  it('refuses a species, a count other than 1, an area too large, and a second site too close', async () => {
    const t = await withSites();
    const before = await countAll(t.store);
    const species = await t.create(t.ala, park(point(22.012, 50.903), { species: 'quercus-robur' }));
    expect(species.status).toBe(400);
    expect((await species.json()).error.message).toBe('species: a park kieszonkowy proposal takes no species.');
    const many = await t.create(t.ala, park(square(22.012, 50.903), { count: 5 }));
    expect(many.status).toBe(422);
    expect((await many.json()).error).toMatchObject({ code: 'count-not-one', message: 'A park kieszonkowy proposal is one site: count must be 1.' });
    const huge = await t.create(t.ala, park(square(22.011, 50.902, 0.002, 0.001)));
    expect(huge.status).toBe(422);
    expect((await huge.json()).error.code).toBe('area-too-large');
    expect(await countAll(t.store)).toBe(before);
    expect((await t.create(t.ala, park(point(22.012, 50.903)))).status).toBe(201);
    const close = await t.create(t.ala, park(point(22.012, 50.903 + 15 * M)));
    expect(close.status).toBe(422);
    expect((await close.json()).error.message).toMatch(/^Too close to another park kieszonkowy proposal \(15(\.\d)? m; at least 20 m is required\)\.$/);
  });

  it('lets a planner edit neither species nor count of a site', async () => {
    const t = await withSites();
    const p = (await (await t.create(t.ala, park(square(22.016, 50.902)))).json()) as ProposalDetail;
    const url = `/api/cities/mini/proposals/${p.id}`;
    const sp = await t.request(url, postJson({ species: 'tilia-cordata' }, t.planner.headers, 'PATCH'));
    expect(sp.status).toBe(400);
    expect((await sp.json()).error.message).toBe('species: a park kieszonkowy proposal takes no species.');
    const count = await t.request(url, postJson({ count: 3 }, t.planner.headers, 'PATCH'));
    expect(count.status).toBe(422);
    expect((await count.json()).error.code).toBe('count-not-one');
  });

  it("holds a tree area to the kind's maxCount as well as to one per m2PerUnit", async () => {
    const t = await withSites();
    // ≈ 470 m²: 47 by area, but at most 20 for this kind.
    const ring = [[22.012, 50.907], [22.0123, 50.907], [22.0123, 50.9072], [22.012, 50.9072], [22.012, 50.907]];
    const area = { type: 'Polygon', coordinates: [ring] };
    const over = await t.create(t.ala, { ...tree(0, 0), geometry: area, count: 21 });
    expect(over.status).toBe(422);
    expect((await over.json()).error.message).toMatch(/takes at most 20 .*you asked for 21/);
    expect((await t.create(t.ala, { ...tree(0, 0), geometry: area, count: 20 })).status).toBe(201);
  });

  it('filters the list by kind, refuses an unknown kind, and exports kind and label', async () => {
    const t = await withSites();
    const site = (await (await t.create(t.ala, park(point(22.004, 50.903), { note: 'Przy przedszkolu' }))).json()) as ProposalDetail;
    const oak = (await (await t.create(t.ala, tree(22.005, 50.903))).json()) as ProposalDetail;
    const get = async (q: string) => (await (await t.request(`/api/cities/mini/proposals?${q}`)).json()) as ProposalCollection;
    expect((await get('kind=pocket-park')).features.map((f) => f.id)).toEqual([site.id]);
    expect((await get('kind=tree&status=proposed&district=zachod')).features.map((f) => f.id)).toEqual([oak.id]);
    const unknown = await t.request('/api/cities/mini/proposals?kind=bench');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.message).toBe('kind: "bench" is not taken in Miniów (tree, pocket-park).');
    const csv = new TextDecoder().decode(new Uint8Array(await (await t.request('/api/cities/mini/proposals/export.csv?kind=pocket-park')).arrayBuffer()).slice(3));
    const [head, row, ...rest] = csv.trim().split('\r\n');
    expect(rest).toEqual([]);
    expect(head!.split(',').slice(0, 6)).toEqual(['id', 'number', 'kind', 'kind_label', 'status', 'district']);
    expect(row).toMatch(new RegExp(`^${site.id},${site.properties.number},pocket-park,park kieszonkowy,proposed,zachod,,,,1,0,22\\.004000,50\\.903000,Point,Ala,`));
    const gj = await (await t.request('/api/cities/mini/proposals/export.geojson')).json();
    expect(gj.features.map((f: { properties: { kind: string; kindLabel: string } }) => [f.properties.kind, f.properties.kindLabel])).toEqual([
      ['pocket-park', 'park kieszonkowy'],
      ['tree', 'drzewo'],
    ]);
  });
});

describe('the proposals list, statuses and the drawn area (issue 18)', () => {
  it('sorts by date either way or by supports, filters by district and kind, and lists my proposals', async () => {
    const t = await setup();
    const ola = await resident(t.request, 'Ola');
    const a = ((await (await t.create(t.ala, tree(22.003, 50.902))).json()) as ProposalDetail).id;
    const b = ((await (await t.create(ola, tree(22.013, 50.902))).json()) as ProposalDetail).id;
    const c = ((await (await t.create(t.ala, tree(22.014, 50.902))).json()) as ProposalDetail).id;
    const bob = await resident(t.request, 'Bob');
    await t.request(`/api/cities/mini/proposals/${c}/support`, { method: 'PUT', headers: ola.headers });
    await t.request(`/api/cities/mini/proposals/${c}/support`, { method: 'PUT', headers: bob.headers });
    await t.request(`/api/cities/mini/proposals/${b}/support`, { method: 'PUT', headers: bob.headers });
    const ids = async (q: string, who?: Caller) => ((await (await t.request(`/api/cities/mini/proposals?${q}`, who ? { headers: who.headers } : {})).json()) as ProposalCollection).features.map((f) => f.id);
    expect(await ids('sort=created')).toEqual([a, b, c]);
    expect(await ids('sort=newest')).toEqual([c, b, a]);
    expect(await ids('sort=supports')).toEqual([c, b, a]);
    expect(await ids('sort=newest&district=wschod&kind=tree')).toEqual([c, b]);
    expect(await ids('mine=true&sort=newest', t.ala)).toEqual([c, a]);
    expect(await ids('mine=true', ola)).toEqual([b]);
    const asOla = (await (await t.request('/api/cities/mini/proposals?sort=created', { headers: ola.headers })).json()) as ProposalCollection;
    expect(asOla.features.map((f) => f.properties.byMe)).toEqual([false, true, false]);
    expect(((await (await t.request('/api/cities/mini/proposals')).json()) as ProposalCollection).features[0]!.properties.byMe).toBeUndefined();
    const anon = await t.request('/api/cities/mini/proposals?mine=true');
    expect(anon.status).toBe(401);
    expect((await anon.json()).error).toMatchObject({ code: 'not-signed-in', details: { params: { field: 'mine' } } });
    for (const bad of ['sort=random', 'mine=yes', 'sort=']) expect((await t.request(`/api/cities/mini/proposals?${bad}`)).status, bad).toBe(400);
  });

  it('refuses an author supporting their own proposal', async () => {
    const t = await setup();
    const p = ((await (await t.create(t.ala, tree(22.004, 50.902))).json()) as ProposalDetail).id;
    const own = await t.request(`/api/cities/mini/proposals/${p}/support`, { method: 'PUT', headers: t.ala.headers });
    expect(own.status).toBe(403);
    expect((await own.json()).error.code).toBe('own-proposal');
    expect(((await (await t.request(`/api/cities/mini/proposals/${p}`)).json()) as ProposalDetail).properties.supports).toBe(0);
  });

  it('reverses any decision by a new one with a reason, keeping the history, and refuses a stale one', async () => {
    const t = await setup();
    const p = ((await (await t.create(t.ala, tree(22.005, 50.902))).json()) as ProposalDetail).id;
    const status = (body: object) => t.request(`/api/cities/mini/proposals/${p}/status`, postJson(body, t.planner.headers));
    expect((await status({ status: 'accepted' })).status).toBe(200);
    const undoBare = await status({ status: 'proposed' });
    expect(undoBare.status).toBe(400);
    expect((await undoBare.json()).error).toMatchObject({ code: 'reason-required', details: { params: { field: 'reason', from: 'accepted', to: 'proposed' } } });
    expect((await status({ status: 'proposed', reason: 'Cofnięte: pomyłka' })).status).toBe(200);
    expect((await status({ status: 'planted', reason: 'Posadzone w akcji sąsiedzkiej' })).status).toBe(200);
    expect((await status({ status: 'accepted', reason: 'Sadzonka nie przyjęła się' })).status).toBe(200);
    expect((await status({ status: 'rejected', reason: 'Kolizja z siecią' })).status).toBe(200);
    const back = await status({ status: 'accepted', reason: 'Sieć przełożona', expected: 'rejected' });
    const d = (await back.json()) as ProposalDetail;
    expect(d.properties.status).toBe('accepted');
    expect(d.history.map((h) => [h.fromStatus, h.toStatus, h.reason])).toEqual([
      [null, 'proposed', null],
      ['proposed', 'accepted', null],
      ['accepted', 'proposed', 'Cofnięte: pomyłka'],
      ['proposed', 'planted', 'Posadzone w akcji sąsiedzkiej'],
      ['planted', 'accepted', 'Sadzonka nie przyjęła się'],
      ['accepted', 'rejected', 'Kolizja z siecią'],
      ['rejected', 'accepted', 'Sieć przełożona'],
    ]);
    const stale = await status({ status: 'planted', expected: 'proposed' });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('status-conflict');
    // The district's funnel follows every move.
    const s = (await (await t.request('/api/cities/mini/districts/zachod/summary')).json()) as DistrictSummary;
    expect(s.targets[0]).toMatchObject({ proposed: 1, accepted: 1, planted: 0 });
  });

  it('accepts or rejects a selection at once, answering per proposal, for planners only', async () => {
    const t = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await (await t.create(t.ala, tree(22.002 + i * 0.001, 50.903))).json()) as ProposalDetail).id);
    await t.request(`/api/cities/mini/proposals/${ids[2]}/withdraw`, postJson({}, t.ala.headers));
    const bulk = (body: object, who: Caller = t.planner) => t.request('/api/cities/mini/proposals/status', postJson(body, who.headers));
    expect((await bulk({ ids, status: 'accepted' }, t.ala)).status).toBe(403);
    expect((await bulk({ ids, status: 'rejected' })).status).toBe(400);
    expect((await bulk({ ids: [], status: 'accepted' })).status).toBe(400);
    expect((await bulk({ ids: Array.from({ length: 201 }, (_, i) => `p${i}`), status: 'accepted' })).status).toBe(400);
    expect((await bulk({ ids, status: 'planted' })).status).toBe(400);
    const res = await bulk({ ids: [...ids, 'nope'], status: 'accepted' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.changed).toBe(2);
    expect(body.results).toEqual([
      { id: ids[0], ok: true, status: 'accepted' },
      { id: ids[1], ok: true, status: 'accepted' },
      { id: ids[2], ok: false, error: expect.objectContaining({ code: 'status-conflict' }) },
      { id: 'nope', ok: false, error: expect.objectContaining({ code: 'unknown-proposal' }) },
    ]);
    // A stale screen: the planner saw ids[0] as proposed, but it is accepted now; that one is left as it is.
    const stale = await (await bulk({ ids: ids.slice(0, 2), status: 'rejected', reason: 'Nieaktualne', expected: { [ids[0]!]: 'proposed', [ids[1]!]: 'accepted' } })).json();
    expect(stale.changed).toBe(1);
    expect(stale.results[0]).toMatchObject({ id: ids[0], ok: false, error: { code: 'status-conflict' } });
    expect(stale.results[1]).toMatchObject({ id: ids[1], ok: true, status: 'rejected' });
    expect((await bulk({ ids, status: 'accepted', expected: { x: 'maybe' } })).status).toBe(400);
    const rej = await (await bulk({ ids: ids.slice(0, 1), status: 'rejected', reason: 'Poza pasem drogowym' })).json();
    expect(rej.changed).toBe(1);
    const list = (await (await t.request('/api/cities/mini/proposals?status=rejected')).json()) as ProposalCollection;
    expect(new Map(list.features.map((f) => [f.id, f.properties.reason]))).toEqual(
      new Map([
        [ids[0], 'Poza pasem drogowym'],
        [ids[1], 'Nieaktualne'],
      ]),
    );
  });

  it('exports planted and rejected proposals too', async () => {
    const t = await setup();
    const a = ((await (await t.create(t.ala, tree(22.006, 50.903))).json()) as ProposalDetail).id;
    const b = ((await (await t.create(t.ala, tree(22.007, 50.903))).json()) as ProposalDetail).id;
    await t.request(`/api/cities/mini/proposals/${a}/status`, postJson({ status: 'accepted' }, t.planner.headers));
    await t.request(`/api/cities/mini/proposals/${a}/status`, postJson({ status: 'planted' }, t.planner.headers));
    await t.request(`/api/cities/mini/proposals/${b}/status`, postJson({ status: 'rejected', reason: 'Za blisko' }, t.planner.headers));
    for (const status of ['planted', 'rejected', 'proposed,accepted,rejected,planted,withdrawn']) {
      const csv = await (await t.request(`/api/cities/mini/proposals/export.csv?status=${status}`)).text();
      const gj = await (await t.request(`/api/cities/mini/proposals/export.geojson?status=${status}`)).json();
      const want = status === 'planted' ? [a] : status === 'rejected' ? [b] : [a, b];
      expect(csv.trim().split('\r\n')).toHaveLength(want.length + 1);
      expect(gj.features.map((f: { id: string }) => f.id)).toEqual(want);
    }
  });

  it("counts in a drawn area only the proposals inside it, not its districts' totals", async () => {
    const t = await setup();
    const a = ((await (await t.create(t.ala, tree(22.003, 50.902))).json()) as ProposalDetail).id;
    await t.create(t.ala, tree(22.008, 50.906));
    await t.create(t.ala, tree(22.0035, 50.902));
    await t.request(`/api/cities/mini/proposals/${a}/status`, postJson({ status: 'accepted' }, t.planner.headers));
    const box = (w: number, s: number, e: number, n: number) => ({ type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
    const query = async (g: object) => (await (await t.request('/api/cities/mini/query', postJson(g))).json()) as QueryResult;
    const around = await query(box(22.0025, 50.9015, 22.004, 50.9025));
    expect(around.districts.map((d) => d.id)).toEqual(['zachod']);
    expect(around.targets[0]).toMatchObject({ id: 'trees', proposed: 2, accepted: 1, planted: 0, target: null });
    expect(around.proposals!.find((k) => k.kind === 'tree')).toMatchObject({ proposed: 2, accepted: 1 });
    const empty = await query(box(22.005, 50.9035, 22.006, 50.9045));
    expect(empty.targets[0]).toMatchObject({ proposed: 0, accepted: 0, planted: 0 });
    // A triangle whose box holds the first tree but whose outline does not.
    const tri = await query({ type: 'Polygon', coordinates: [[[22.0025, 50.9015], [22.0029, 50.9015], [22.0025, 50.9025], [22.0025, 50.9015]]] });
    expect(tri.targets[0]).toMatchObject({ proposed: 0 });
    const zachod = (await (await t.request('/api/cities/mini/districts/zachod/summary')).json()) as DistrictSummary;
    expect(zachod.targets[0]).toMatchObject({ proposed: 3 });
  });
});
