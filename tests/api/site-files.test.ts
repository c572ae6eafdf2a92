import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { refusalMessage } from '../../server/http/messages.ts';
import { testApp } from '../helpers/test-app.ts';

async function appWithViewer() {
  const web = mkdtempSync(path.join(tmpdir(), 'kp-web-'));
  mkdirSync(path.join(web, 'assets'));
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>viewer</title>');
  const t = await testApp();
  const app = createApp(t.deps, { webDir: web });
  return (p: string, init?: RequestInit) => app.request(`http://localhost${p}`, init);
}

describe('files around the viewer', () => {
  it('serves a real robots.txt that keeps crawlers out of the writing API', async () => {
    const get = await appWithViewer();
    const res = await get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^User-agent: \*$/m);
    expect(text).toMatch(/^Disallow: \/api\/$/m);
    expect(text).not.toContain('<title>viewer</title>');
  });

  it('serves a favicon (SVG), and /favicon.ico points at it', async () => {
    const get = await appWithViewer();
    const svg = await get('/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg /);
    const ico = await get('/favicon.ico');
    expect(ico.status).toBe(301);
    expect(ico.headers.get('location')).toBe('/favicon.svg');
  });

  it('answers an unknown file with 404 (plain text, or JSON when asked), never the viewer page', async () => {
    const get = await appWithViewer();
    for (const p of ['/wp-login.php', '/sitemap.xml', '/deep/path/data.json', '/.env']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type'), p).toMatch(/^text\/plain/);
      expect(await res.text(), p).toContain(`No file ${p}`);
    }
    const json = await get('/missing.geojson', { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(await json.json()).toMatchObject({ error: { code: 'not-found', details: { params: { path: '/missing.geojson' } } } });
  });

  it("words an unknown file's 404 from the refusal catalogue (rule file), with the path cut to 200 characters", async () => {
    const get = await appWithViewer();
    const long = `/${'a'.repeat(5000)}.php`;
    const res = await get(long, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const params = { rule: 'file', path: long.slice(0, 200) };
    const body = (await res.json()) as { error: { code: string; message: string; details: { params: Record<string, unknown> } } };
    expect(body.error).toEqual({ code: 'not-found', message: refusalMessage('not-found', params), details: { params } });
    const text = await (await get('/wp-login.php')).text();
    expect(text).toContain(refusalMessage('not-found', { rule: 'file', path: '/wp-login.php' }));
  });

  it('still serves the viewer at / and at extension-less paths (the viewer routes in the hash)', async () => {
    const get = await appWithViewer();
    for (const p of ['/', '/index.html', '/krasnik', '/kalisz/']) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      expect(await res.text(), p).toContain('<title>viewer</title>');
    }
  });
});
