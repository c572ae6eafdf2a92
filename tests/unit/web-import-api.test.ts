import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, createImportApi } from '../../web/api/client.ts';

type Call = { url: string; init: RequestInit };

function stubFetch(status: number, body: unknown): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

const auth = () => ({ 'x-csrf-token': 'tok' });

describe('the admin import client', () => {
  it('sends the file itself as the body, the options in the query, with the CSRF header', async () => {
    const calls = stubFetch(200, { importId: 'abc', expiresAt: null, report: {} });
    const file = new Blob(['{"type":"FeatureCollection","features":[]}']);
    const out = await createImportApi(auth).upload('krasnik', file, [
      ['layer', 'parks'],
      ['map', 'name=NAZWA'],
      ['map', 'description=OPIS'],
    ]);
    expect(out.importId).toBe('abc');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/api/admin/cities/krasnik/import?layer=parks&map=name%3DNAZWA&map=description%3DOPIS');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.body).toBe(file);
    expect(calls[0]!.init.headers).toMatchObject({ 'x-csrf-token': 'tok', 'content-type': 'application/octet-stream' });
  });

  it('confirms an upload by its id', async () => {
    const calls = stubFetch(200, { city: 'krasnik', layer: 'parks', mode: 'replace', imported: 2, features: 2 });
    expect(await createImportApi(auth).confirm('krasnik', 'a/b')).toMatchObject({ imported: 2 });
    expect(calls[0]!.url).toBe('/api/admin/cities/krasnik/import/a%2Fb/confirm');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', headers: { 'x-csrf-token': 'tok' } });
  });

  it("rejects with the server's status, code and message (413, 422)", async () => {
    stubFetch(413, { error: { code: 'upload-too-large', message: 'The file is larger than 50 MiB.' } });
    const err = await createImportApi(auth).upload('krasnik', new Blob(['x']), [['layer', 'parks']]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(err).toMatchObject({ status: 413, code: 'upload-too-large', message: 'The file is larger than 50 MiB.' });
    stubFetch(422, { error: { code: 'bad-json', message: 'a.geojson is not valid JSON.' } });
    await expect(createImportApi(auth).upload('krasnik', new Blob(['{']), [['layer', 'parks']])).rejects.toMatchObject({ status: 422, code: 'bad-json' });
  });
});
