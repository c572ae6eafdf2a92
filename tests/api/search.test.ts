import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProposalDetail } from '../../server/api-types.ts';
import type { SearchResult } from '../../server/search/types.ts';
import { resident, tree } from '../helpers/people.ts';
import { TEST_CONFIG, postJson, testApp } from '../helpers/test-app.ts';

const search = async (t: Awaited<ReturnType<typeof testApp>>, city: string, q: string) => {
  const res = await t.request(`/api/cities/${city}/search?q=${encodeURIComponent(q)}`);
  return { status: res.status, body: (await res.json()) as SearchResult & { error?: { code: string; message: string } } };
};

describe('search over what the pack holds', () => {
  it('finds places without diacritics: "krasnik" finds Kraśnik, "mickiewicza" the street', async () => {
    const t = await testApp();
    const k = await search(t, 'krasnik', 'krasnik');
    expect(k.status).toBe(200);
    expect(k.body.results.map((h) => h.label)).toContain('Kraśnik Fabryczny');
    const m = await search(t, 'krasnik', 'mickiewicza');
    expect(m.body.results[0]).toMatchObject({ kind: 'street', label: 'ul. Mickiewicza', layer: expect.any(String) });
    expect(m.body.results[0]!.bbox).toHaveLength(4);
    expect(m.body.geocoder).toBeNull();
  });

  it('finds districts, undertakings and streets drawn in many segments once', async () => {
    const t = await testApp();
    // The kind is a code the viewer words in its language: no Polish UI word in the answer.
    expect((await search(t, 'krasnik', 'piaski')).body.results[0]).toMatchObject({ kind: 'district', id: 'piaski', detail: '' });
    const park = (await search(t, 'krasnik', 'park przemysl')).body.results;
    expect(park.find((h) => h.kind === 'undertaking')).toMatchObject({ detail: '' });
    expect(park.some((h) => h.kind === 'feature' && h.id === 'krasnicki-park-przemyslowy-teren')).toBe(true);
    const wolnosci = (await search(t, 'kalisz', 'aleja wolnosci')).body.results.filter((h) => h.label === 'Aleja Wolności');
    expect(wolnosci).toHaveLength(1);
    expect(wolnosci[0]!.kind).toBe('street');
  });

  it('finds a proposal by its id, with or without "#"', async () => {
    const t = await testApp();
    const me = await resident(t.request, 'Ola');
    const p = (await (await t.request('/api/cities/krasnik/proposals', postJson(tree(22.2, 50.93), me.headers))).json()) as ProposalDetail;
    for (const q of [p.id, `#${p.id}`]) {
      const r = await search(t, 'krasnik', q);
      expect(r.body.results[0]).toMatchObject({ kind: 'proposal', id: p.id });
    }
    expect((await search(t, 'kalisz', p.id)).body.results.filter((h) => h.kind === 'proposal')).toEqual([]);
  });

  it('finds a proposal by its public number as people write it ("12", "#12", "nr 12"), and opens it by number', async () => {
    const t = await testApp();
    const me = await resident(t.request, 'Ewa');
    const made: ProposalDetail[] = [];
    for (const lon of [22.2, 22.21, 22.22]) made.push((await (await t.request('/api/cities/krasnik/proposals', postJson(tree(lon, 50.93), me.headers))).json()) as ProposalDetail);
    const p = made[1]!;
    expect(p.properties.number).toBe(made[0]!.properties.number + 1);
    const n = p.properties.number;
    for (const q of [`${n}`, `#${n}`, `nr ${n}`, `Nr. ${n}`, `nr${n}`, `propozycja ${n}`, `no. ${n}`]) {
      const r = await search(t, 'krasnik', q);
      expect(r.body.results[0], q).toMatchObject({ kind: 'proposal', id: p.id, number: n });
    }
    // Another number, another town, a number nobody has: not this proposal.
    expect((await search(t, 'krasnik', `${n + 1}`)).body.results[0]).toMatchObject({ id: made[2]!.id });
    expect((await search(t, 'kalisz', `${n}`)).body.results.filter((h) => h.kind === 'proposal')).toEqual([]);
    expect((await search(t, 'krasnik', '999999')).body.results.filter((h) => h.kind === 'proposal')).toEqual([]);
    // The link's number opens it as its id does.
    const byNumber = await t.request(`/api/cities/krasnik/proposals/${n}`);
    expect(byNumber.status).toBe(200);
    expect(((await byNumber.json()) as ProposalDetail).id).toBe(p.id);
    expect((await t.request('/api/cities/kalisz/proposals/' + n)).status).toBe(404);
  });

  it('refuses an empty or over-long query, naming the rule', async () => {
    const t = await testApp();
    const empty = await search(t, 'krasnik', '   ');
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/^q: /) });
    const long = await search(t, 'krasnik', 'x'.repeat(101));
    expect(long.status).toBe(400);
    expect(long.body.error!.message).toMatch(/at most 100/);
    expect((await search(t, 'nowhere', 'x')).status).toBe(404);
  });
});

describe('the online geocoder (a local fake, never the network)', () => {
  let server: Server;
  let url = '';
  const asked: URL[] = [];
  let mode: 'ok' | 'fail' | 'hang' = 'ok';
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const u = new URL(req.url!, 'http://x');
      asked.push(u);
      if (mode === 'hang') return; // never answers: the server's timeout must end it
      if (mode === 'fail') {
        res.writeHead(502).end('bad gateway');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify([
          { osm_type: 'way', osm_id: 1, lat: '50.9401', lon: '22.2201', name: 'Lubelska 12', display_name: 'Lubelska 12, Kraśnik, lubelskie', boundingbox: ['50.94', '50.9402', '22.22', '22.2202'] },
          // Outside the town: dropped whatever the service says.
          { osm_type: 'node', osm_id: 2, lat: '52.23', lon: '21.01', name: 'Lubelska', display_name: 'Lubelska, Warszawa' },
        ]),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('asks within the town’s bounds (viewbox + bounded), lists its places apart, and caches answers', async () => {
    mode = 'ok';
    asked.length = 0;
    const t = await testApp({ config: { ...TEST_CONFIG, GEOCODER_URL: url, GEOCODER_TIMEOUT_MS: 2000 } });
    const r = await search(t, 'krasnik', 'lubelska 12');
    expect(r.status).toBe(200);
    expect(r.body.geocoder).toEqual([expect.objectContaining({ kind: 'geocoder', label: 'Lubelska 12', detail: 'Lubelska 12, Kraśnik, lubelskie' })]);
    expect(asked).toHaveLength(1);
    const q = asked[0]!;
    expect(q.pathname).toBe('/search');
    expect(q.searchParams.get('q')).toBe('lubelska 12');
    expect(q.searchParams.get('bounded')).toBe('1');
    const bounds = t.packs.get('krasnik')!.raw.manifest.bounds;
    expect(q.searchParams.get('viewbox')).toBe(`${bounds[0]},${bounds[3]},${bounds[2]},${bounds[1]}`);
    await search(t, 'krasnik', 'lubelska 12');
    expect(asked, 'the second time from the cache').toHaveLength(1);
    // Two letters are answered from the pack only.
    const short = await search(t, 'krasnik', 'lu');
    expect(short.body.geocoder).toBeNull();
    expect(asked).toHaveLength(1);
  });

  it('answers with the pack’s results and a reason when the geocoder fails or is too slow', async () => {
    const t = await testApp({ config: { ...TEST_CONFIG, GEOCODER_URL: url, GEOCODER_TIMEOUT_MS: 300 } });
    mode = 'fail';
    const failed = await search(t, 'krasnik', 'mickiewicza');
    expect(failed.status).toBe(200);
    expect(failed.body.results[0]!.label).toBe('ul. Mickiewicza');
    expect(failed.body.geocoder).toEqual([]);
    expect(failed.body.geocoderError).toMatch(/HTTP 502/);
    // A failed service is left alone for a while: the next question is not sent to it.
    const before = asked.length;
    const resting = await search(t, 'krasnik', 'lubelska');
    expect(resting.body.geocoderError).toMatch(/HTTP 502; not asked again for \d+ s/);
    expect(asked).toHaveLength(before);
    mode = 'hang';
    const t2 = await testApp({ config: { ...TEST_CONFIG, GEOCODER_URL: url, GEOCODER_TIMEOUT_MS: 300 } });
    const slow = await search(t2, 'krasnik', 'jagiellonska');
    expect(slow.status).toBe(200);
    expect(slow.body.geocoderError).toMatch(/within 300 ms/);
    expect(t.errors).toEqual([]);
    expect(t2.errors).toEqual([]);
  });
});

describe('basemaps of a town', () => {
  it('lists the server’s basemaps and the pack’s, own style first at start; the CSP allows their tiles', async () => {
    const BASEMAPS = JSON.stringify([{ id: 'orto', type: 'wms', title: 'Ortofotomapa', url: 'https://wms.example/orto', layers: 'Raster', attribution: '© GUGiK' }]);
    const t = await testApp({ config: { ...TEST_CONFIG, BASEMAPS } });
    const res = await t.request('/api/cities/krasnik/basemaps');
    const body = (await res.json()) as { basemaps: { id: string; type: string }[]; initial: string };
    expect(body.initial).toBe('own');
    expect(body.basemaps.map((b) => b.id)).toEqual(['orto']);
    expect(res.headers.get('content-security-policy')).toMatch(/img-src [^;]*https:\/\/wms\.example/);
  });
});
