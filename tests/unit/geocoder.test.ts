/**
 * The online geocoder is a shared, volunteer-run service: the same question in flight is asked
 * once, calls are spaced, and after a failure the service is left alone for a while. The
 * service here is an injected fetch that counts calls and answers when told.
 */
import { describe, expect, it } from 'vitest';
import { createGeocoder, GeocoderError } from '../../server/search/geocoder.ts';

const BOUNDS: [number, number, number, number] = [22.1, 50.9, 22.3, 51.0];
const place = (name: string) => ({ name, lon: '22.2', lat: '50.95', boundingbox: ['50.94', '50.96', '22.19', '22.21'], address: {} });

/** A fake Nominatim whose answers are released by the test. */
function fakeService() {
  const calls: string[] = [];
  const waiting: ((r: Response) => void)[] = [];
  const fetch = (async (u: URL) => {
    calls.push(u.searchParams.get('q')!);
    return new Promise<Response>((r) => waiting.push(r));
  }) as unknown as typeof globalThis.fetch;
  const answer = (body: unknown, status = 200) => waiting.shift()!(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  return { calls, waiting, fetch, answer };
}
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setImmediate(r));
};

describe('the online geocoder', () => {
  it('asks the same question once while it is in flight, and then answers from the cache', async () => {
    const svc = fakeService();
    const g = createGeocoder({ url: 'http://geo.test', timeoutMs: 5000, minIntervalMs: 0, fetch: svc.fetch });
    const a = g.search('lubelska', BOUNDS, 5);
    const b = g.search('Lubelska', BOUNDS, 5);
    await until(() => svc.waiting.length === 1);
    svc.answer([place('Lubelska')]);
    expect((await a).map((h) => h.label)).toEqual(['Lubelska']);
    expect((await b).map((h) => h.label)).toEqual(['Lubelska']);
    await g.search('lubelska', BOUNDS, 5);
    expect(svc.calls).toEqual(['lubelska']);
  });

  it('spaces its calls: a question whose turn would come after the time limit is refused without asking', async () => {
    const svc = fakeService();
    const g = createGeocoder({ url: 'http://geo.test', timeoutMs: 200, minIntervalMs: 60_000, fetch: svc.fetch });
    const first = g.search('lubelska', BOUNDS, 5);
    await until(() => svc.waiting.length === 1);
    await expect(g.search('mickiewicza', BOUNDS, 5)).rejects.toThrow(/busy \(at most one question every 60000 ms\)/);
    svc.answer([place('Lubelska')]);
    await first;
    expect(svc.calls).toEqual(['lubelska']);
  });

  it('after a failure, leaves the service alone and says why', async () => {
    const svc = fakeService();
    const g = createGeocoder({ url: 'http://geo.test', timeoutMs: 5000, minIntervalMs: 0, restAfterFailureMs: 60_000, fetch: svc.fetch });
    const failing = g.search('lubelska', BOUNDS, 5);
    await until(() => svc.waiting.length === 1);
    svc.answer({ error: 'overloaded' }, 503);
    await expect(failing).rejects.toBeInstanceOf(GeocoderError);
    await expect(g.search('mickiewicza', BOUNDS, 5)).rejects.toThrow(/HTTP 503; not asked again for 60 s/);
    expect(svc.calls).toEqual(['lubelska']);
  });
});
