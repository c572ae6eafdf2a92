/**
 * Limits that hold and supports that mean one person, in-process (tests/abuse/ replays the
 * attacks against the real server process): sign-in back-off, lock and audit, the password
 * policy, client addresses behind proxies, sign-ups per address whatever token is sent, token
 * expiry, revocation and town scope, support rules, the office's name, CSV cells, source URLs,
 * huge offsets, e-mail confirmation through a real SMTP server.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProposalDetail } from '../../server/api-types.ts';
import { createApp } from '../../server/app.ts';
import { passwordProblem } from '../../server/auth/password-policy.ts';
import { createAccount } from '../../server/auth/accounts.ts';
import { readConfig } from '../../server/config.ts';
import { addressFrom, networkOf } from '../../server/http/client-address.ts';
import { loadPack } from '../../server/packs/load-packs.ts';
import { csvCell } from '../../server/proposals/present.ts';
import { anonymous, resident, staff, tree } from '../helpers/people.ts';
import { copyPack, editJson, problemsOf } from '../helpers/temp-pack.ts';
import { TEST_CONFIG, fromAddress, postJson, testApp } from '../helpers/test-app.ts';

describe('client address behind proxies', () => {
  it('takes the address that many hops from the right, never a client-written entry', () => {
    expect(addressFrom('10.0.0.1', '6.6.6.6, 203.0.113.9', { hops: 0 })).toBe('10.0.0.1');
    expect(addressFrom('10.0.0.1', '6.6.6.6, 203.0.113.9', { hops: 1 })).toBe('203.0.113.9');
    expect(addressFrom('10.0.0.1', '6.6.6.6, 203.0.113.9, 10.0.0.2', { hops: 2 })).toBe('203.0.113.9');
    expect(addressFrom('10.0.0.1', undefined, { hops: 1 })).toBe('10.0.0.1');
    expect(addressFrom('::ffff:10.0.0.1', 'garbage', { hops: 1 })).toBe('10.0.0.1');
    expect(addressFrom('10.0.0.1', '6.6.6.6, 203.0.113.9, 10.0.1.7', { addresses: ['10.0.0.1', '10.0.1.0/24'] })).toBe('203.0.113.9');
    expect(addressFrom('198.51.100.1', '6.6.6.6', { addresses: ['10.0.0.1'] })).toBe('198.51.100.1');
    expect(networkOf('203.0.113.77')).toBe('203.0.113.0/24');
    expect(networkOf('2001:db8:1:2::5')).toBe('2001:db8:1::/48');
  });

  it('reads TRUST_PROXY as a hop count or an address list, and says what is wrong', () => {
    expect(readConfig({}).TRUST_PROXY).toEqual({ hops: 0 });
    expect(readConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toEqual({ hops: 1 });
    expect(readConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toEqual({ hops: 1 });
    expect(readConfig({ TRUST_PROXY: '10.0.0.5, 10.0.1.0/24' }).TRUST_PROXY).toEqual({ addresses: ['10.0.0.5', '10.0.1.0/24'] });
    expect(() => readConfig({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY: "nginx" is neither a hop count nor an IP address/);
    expect(() => readConfig({ TRUST_PROXY: '99' })).toThrow(/TRUST_PROXY: a hop count from 0 to 10/);
    expect(() => readConfig({ SMTP_URL: 'mail.example.org' })).toThrow(/SMTP_URL: use smtp:\/\//);
  });
});

describe('passwords', () => {
  it('refuses blank, too uniform, keyboard runs, common and login-containing passwords; takes a passphrase', () => {
    expect(passwordProblem('          ')?.rule).toBe('blank');
    expect(passwordProblem('aaaaaaaaaa')?.rule).toBe('too-uniform');
    expect(passwordProblem('abcabcabca')?.rule).toBe('too-uniform');
    expect(passwordProblem('1234567890')?.rule).toBe('too-uniform');
    expect(passwordProblem('qwertyuiop')?.rule).toBe('too-uniform');
    expect(passwordProblem('Password123!')?.rule).toBe('common');
    expect(passwordProblem('Haslo12345')?.rule).toBe('common');
    expect(passwordProblem('krótkie')?.rule).toBe('too-short');
    expect(passwordProblem('anna-ma-kota-7', 'anna')?.rule).toBe('contains-login');
    expect(passwordProblem('zielony rower pod lipą')).toBeNull();
  });

  it('is applied by the admin API with a stable code and the rule broken', async () => {
    const t = await testApp();
    const admin = await staff(t.request, t.store, 'admin');
    for (const [password, rule] of [['          ', 'blank'], ['aaaaaaaaaa', 'too-uniform'], ['password1', 'too-short'], ['Password1234', 'common']] as const) {
      const res = await t.request('/api/admin/users', postJson({ login: 'nowa', role: 'planner', password }, admin.headers));
      expect(res.status, password).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: password.length < 10 ? 'weak-password' : 'weak-password', details: { params: { field: 'password', rule } } });
    }
    expect((await t.request('/api/admin/users', postJson({ login: 'nowa', role: 'planner', password: 'zielony rower pod lipą' }, admin.headers))).status).toBe(201);
  });
});

describe('sign-in guessing', () => {
  it('backs off per account from any address, locks it, audits every failure, and an admin lifts the lock', async () => {
    const t = await testApp({ config: { ...TEST_CONFIG, LOGIN_LOCK_AFTER: 5, TRUST_PROXY: { hops: 1 } } });
    await createAccount(t.store, { login: 'anna', role: 'planner', password: 'zielony rower pod lipą' });
    const login = (password: string, ip: string) => fromAddress(t.request, ip)('/api/auth/login', postJson({ login: 'anna', password }));
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await login(`zgadywanie-${i}`, `198.51.100.${i}`)).status);
    expect(codes).toEqual([401, 401, 401]);
    // Fourth guess, from yet another address, right away: wait first (1 s after three failures).
    const waited = await login('zgadywanie-3', '198.51.100.50');
    expect(waited.status).toBe(429);
    expect((await waited.json()).error).toMatchObject({ code: 'login-backoff', details: { params: { login: 'anna' } } });
    // Even the right password waits: the back-off does not tell which guess was right.
    expect((await login('zielony rower pod lipą', '198.51.100.51')).status).toBe(429);
    // Past the wait (pretend the last failure was long ago), two more failures lock the account.
    const s = await t.store.loginState('anna');
    await t.store.unlockLogin('anna');
    for (let i = 0; i < s.failures; i++) await t.store.loginFailed('anna', 0, 5);
    expect((await login('zgadywanie-4', '198.51.100.60')).status).toBe(401);
    await t.store.loginFailed('anna', 0, 5); // the fifth failure, as if after its wait
    const locked = await login('zielony rower pod lipą', '198.51.100.61');
    expect(locked.status).toBe(423);
    expect((await locked.json()).error.code).toBe('account-locked');
    const audit = await t.store.listAudit(50);
    expect(audit.filter((a) => a.action === 'login.failed').length).toBeGreaterThanOrEqual(4);
    expect(audit.find((a) => a.action === 'login.failed')).toMatchObject({ target: 'login:anna', details: { address: expect.stringMatching(/^198\.51\.100\./) } });
    expect(audit.some((a) => a.action === 'login.login-backoff')).toBe(true);
    expect(audit.some((a) => a.action === 'login.account-locked')).toBe(true);
    // An admin lifts the lock; the right password works again.
    const admin = await staff(t.request, t.store, 'admin');
    const unlock = await t.request('/api/admin/logins/anna/unlock', postJson({}, admin.headers));
    expect(await unlock.json()).toEqual({ login: 'anna', unlocked: true });
    expect((await login('zielony rower pod lipą', '198.51.100.62')).status).toBe(200);
  });

  it('limits sign-in attempts per address whatever token or cookie is sent', async () => {
    const t = await testApp({ config: { ...TEST_CONFIG, RATE_LIMIT_LOGINS: 3, TRUST_PROXY: { hops: 1 } } });
    const a = fromAddress(t.request, '203.0.113.20');
    const tokens = await Promise.all([0, 1, 2, 3].map((i) => resident(a, `T${i}`)));
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await a('/api/auth/login', postJson({ login: `x${i}`, password: 'y' }, tokens[i % 4]!.headers))).status);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('residents', () => {
  it('limits sign-ups per address whatever token is sent', async () => {
    const t = await testApp({ config: { ...TEST_CONFIG, RATE_LIMIT_SIGNUPS: 3, TRUST_PROXY: { hops: 1 } } });
    const a = fromAddress(t.request, '203.0.113.30');
    const first = await resident(a, 'Pierwsza');
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await a('/api/residents', postJson({ nickname: `N${i}` }, first.headers))).status);
    expect(codes).toEqual([201, 201, 429, 429]);
    const other = fromAddress(t.request, '203.0.113.31');
    expect((await other('/api/residents', postJson({ nickname: 'Inna' }))).status).toBe(201);
  });

  it('refuses nicknames that imitate the office', async () => {
    const t = await testApp();
    for (const nickname of ['anna (urząd)', 'URZAD miasta', 'Urz4d', 'Ratusz Kraśnik', 'planistka Ola']) {
      const res = await t.request('/api/residents', postJson({ nickname }));
      expect(res.status, nickname).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: 'nickname-reserved', details: { params: { field: 'nickname' } } });
    }
    expect((await t.request('/api/residents', postJson({ nickname: 'Ula z Urzędowa' }))).status).toBe(201); // a town's name, not the office
    expect((await t.request('/api/residents', postJson({ nickname: 'Ala' }))).status).toBe(201);
  });

  it('gives tokens that expire, work in one town, and stop everywhere on "sign out everywhere"', async () => {
    const t = await testApp({ config: { ...TEST_CONFIG, RESIDENT_TOKEN_TTL_DAYS: 1 } });
    const res = await t.request('/api/residents', postJson({ nickname: 'Ewa' }));
    const body = (await res.json()) as { token: string; expiresAt: string; city: string | null };
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    const headers = { authorization: `Bearer ${body.token}` };
    expect((await t.request('/api/cities/mini/proposals', postJson(tree(22.0031, 50.9031), headers))).status).toBe(201);
    // Scoped to mini by that first write: Kraśnik refuses it.
    const elsewhere = await t.request('/api/cities/krasnik/proposals', postJson(tree(22.2241, 50.9236), headers));
    expect(elsewhere.status).toBe(403);
    expect((await elsewhere.json()).error).toMatchObject({ code: 'wrong-town', details: { params: { city: 'krasnik', tokenCity: 'mini' } } });
    // A token made for a town is scoped from the start.
    const k = (await (await t.request('/api/residents', postJson({ nickname: 'Kasia', city: 'krasnik' }))).json()) as { token: string };
    expect((await t.request('/api/cities/mini/proposals', postJson(tree(22.0032, 50.9032), { authorization: `Bearer ${k.token}` }))).status).toBe(403);
    // Sign out everywhere: the token is dead.
    expect((await t.request('/api/residents/me/sign-out', postJson({}, headers))).status).toBe(200);
    expect(await (await t.request('/api/me', { headers })).json()).toEqual({ kind: 'anonymous' });
    expect((await t.request('/api/cities/mini/proposals', postJson(tree(22.0033, 50.9033), headers))).status).toBe(401);
    // Expired: the store no longer knows a token after its expiry.
    const resident1 = await t.store.residentByTokenHash('nothing', new Date(Date.now() + 2 * 86_400_000).toISOString());
    expect(resident1).toBeNull();
  });
});

describe('supports', () => {
  it('are refused on a withdrawn proposal and on one\'s own, and planners see confirmed supports and bursts apart', async () => {
    const t = await testApp({ config: { ...TEST_CONFIG, TRUST_PROXY: { hops: 1 } } });
    const ala = await resident(t.request, 'Ala');
    const p = (await (await t.request('/api/cities/mini/proposals', postJson(tree(22.0052, 50.9052), ala.headers))).json()) as ProposalDetail;
    const url = `/api/cities/mini/proposals/${p.id}/support`;
    const own = await t.request(url, { method: 'PUT', headers: ala.headers });
    expect(own.status).toBe(403);
    expect((await own.json()).error.code).toBe('own-proposal');
    // Six supporters from one /24 within seconds: a burst.
    const net = fromAddress(t.request, '203.0.113.40');
    for (let i = 0; i < 6; i++) {
      const who = await resident(net, `Fala${i}`);
      expect((await fromAddress(t.request, `203.0.113.${41 + i}`)(url, { method: 'PUT', headers: who.headers })).status).toBe(201);
    }
    const planner = await staff(t.request, t.store, 'planner');
    const d = (await (await t.request(`/api/cities/mini/proposals/${p.id}`, { headers: planner.headers })).json()) as ProposalDetail;
    expect(d.properties).toMatchObject({ supports: 6, supportsConfirmed: 0 });
    expect(d.supporters).toMatchObject({ confirmed: 0, unconfirmed: 6, bursts: [{ network: '203.0.113.0/24', count: 6 }] });
    expect(((await (await t.request(`/api/cities/mini/proposals/${p.id}`)).json()) as ProposalDetail).supporters).toBeUndefined();
    expect((await t.request(`/api/cities/mini/proposals/${p.id}/withdraw`, postJson({}, ala.headers))).status).toBe(200);
    const late = await resident(t.request, 'Spóźniona');
    const res = await t.request(url, { method: 'PUT', headers: late.headers });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('proposal-not-live');
  });
});

describe('the office, never a login, in public', () => {
  it('signs planners\' proposals and history with the office name in the API, OGC and CSV', async () => {
    const dir = copyPack('mini');
    editJson(dir, 'manifest.json', (m) => (m.office = 'Urząd Gminy Mini'));
    const t = await testApp();
    t.packs.set('mini', await loadPack(dir));
    const planner = await staff(t.request, t.store, 'planner');
    const p = (await (await t.request('/api/cities/mini/proposals', postJson(tree(22.0062, 50.9062), planner.headers))).json()) as ProposalDetail;
    expect(p.properties.author).toBe('Urząd Gminy Mini');
    expect(p.history[0]!.actor).toBe('Urząd Gminy Mini');
    const ogc = await (await t.request(`/ogc/cities/mini/collections/proposals/items/${p.id}?f=json`)).text();
    const csv = await (await t.request('/api/cities/mini/proposals/export.csv')).text();
    for (const text of [JSON.stringify(p), ogc, csv]) expect(text).not.toMatch(/planner\d+/);
    expect(csv).toContain('Urząd Gminy Mini');
  });
});

describe('exports and reads', () => {
  it('quotes CSV cells with ; , quotes and line breaks, and defuses formulas', () => {
    expect(csvCell('Kowalski;=1+1')).toBe('"Kowalski;=1+1"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(' =1+1')).toBe("' =1+1");
    expect(csvCell('-2;3')).toBe(`"'-2;3"`);
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(-5)).toBe('-5');
  });

  it('answers a huge offset with 400 naming the field, not 500', async () => {
    const t = await testApp();
    const res = await t.request('/api/cities/mini/proposals?offset=99999999999999999999');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/^offset: /) });
    expect(t.errors).toEqual([]);
  });

  it('refuses javascript: and data: source URLs in a pack', async () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      const dir = copyPack('mini');
      editJson(dir, 'manifest.json', (m) => (m.sources[0].url = url));
      expect((await problemsOf(dir)).join('\n')).toMatch(/must be an http:\/\/ or https:\/\/ URL/);
    }
  });

  it('answers a missing asset with 404 and no long-lived cache, never the viewer page', async () => {
    const web = mkdtempSync(path.join(tmpdir(), 'kp-web-'));
    mkdirSync(path.join(web, 'assets'));
    writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>viewer</title>');
    writeFileSync(path.join(web, 'assets', 'app-abc123.js'), 'console.log(1)');
    const t = await testApp();
    const app = createApp(t.deps, { webDir: web });
    const found = await app.request('http://localhost/assets/app-abc123.js');
    expect(found.status).toBe(200);
    expect(found.headers.get('cache-control')).toContain('immutable');
    const missing = await app.request('http://localhost/assets/app-gone999.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control') ?? '').not.toContain('immutable');
    expect(await missing.text()).not.toContain('<title>viewer</title>');
  });
});

describe('e-mail confirmation', () => {
  let smtp: SMTPServer;
  const mails: string[] = [];
  let smtpUrl = '';
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let text = '';
        stream.on('data', (d: Buffer) => (text += d.toString('utf8')));
        stream.on('end', () => {
          mails.push(text);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => smtp.close(() => resolve())));

  it('in a town that asks for e-mail, a support waits for an address confirmed by a link sent through SMTP', async () => {
    const dir = copyPack('mini');
    editJson(dir, 'manifest.json', (m) => (m.verification = 'email'));
    const t = await testApp({ config: { ...TEST_CONFIG, SMTP_URL: smtpUrl, MAIL_FROM: 'Plan <plan@example.org>', PUBLIC_URL: 'https://plan.example.org' } });
    t.packs.set('mini', await loadPack(dir));
    const planner = await staff(t.request, t.store, 'planner');
    const p = (await (await t.request('/api/cities/mini/proposals', postJson(tree(22.0072, 50.9072), planner.headers))).json()) as ProposalDetail;
    const ola = await resident(t.request, 'Ola');
    const url = `/api/cities/mini/proposals/${p.id}/support`;
    const before = await t.request(url, { method: 'PUT', headers: ola.headers });
    expect(before.status).toBe(403);
    expect((await before.json()).error).toMatchObject({ code: 'email-unconfirmed', details: { params: { verification: 'email' } } });
    const sent = await t.request('/api/residents/me/email', postJson({ email: 'Ola@Example.org' }, ola.headers));
    expect(sent.status).toBe(202);
    const mail = mails.at(-1)!;
    expect(mail).toMatch(/^To: ola@example\.org/m);
    const link = /https:\/\/plan\.example\.org\/api\/residents\/confirm\?token=([\w-]+)/.exec(mail.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
    expect(link).not.toBeNull();
    const confirm = await t.request(`/api/residents/confirm?token=${link![1]}`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Adres potwierdzony');
    expect((await t.request(`/api/residents/confirm?token=${link![1]}`)).status).toBe(410); // once only
    expect(await (await t.request('/api/me', { headers: ola.headers })).json()).toMatchObject({ emailConfirmed: true });
    expect((await t.request(url, { method: 'PUT', headers: ola.headers })).status).toBe(201);
    const d = (await (await t.request(`/api/cities/mini/proposals/${p.id}`)).json()) as ProposalDetail;
    expect(d.properties).toMatchObject({ supports: 1, supportsConfirmed: 1 });
  });

  it('says so when no SMTP server is configured', async () => {
    const t = await testApp();
    const who = await resident(t.request, 'Bez');
    const res = await t.request('/api/residents/me/email', postJson({ email: 'bez@example.org' }, who.headers));
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatchObject({ code: 'email-not-configured', details: { params: { setting: 'SMTP_URL' } } });
    expect(anonymous.headers).toEqual({});
  });
});
