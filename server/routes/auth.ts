import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Me } from '../api-types.ts';
import { SESSION_COOKIE, type ActorEnv } from '../auth/actor.ts';
import { checkCsrf, rateLimitPerAddress, requireRole } from '../auth/guards.ts';
import { loginThrottle } from '../auth/login-throttle.ts';
import { imitatesOffice } from '../auth/nickname-rules.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { hashToken, newId, newToken } from '../auth/tokens.ts';
import type { TrustProxy } from '../config.ts';
import { refuse } from '../http/api-error.ts';
import { clientAddress } from '../http/client-address.ts';
import type { AppDeps } from '../http/deps.ts';
import { jsonBody, parseOr400 } from '../http/parse-input.ts';
import { EmailInput, LoginInput, ResidentInput } from '../proposals/proposal-input.ts';
import { smtpMailer } from '../auth/mailer.ts';

/** An unknown login is verified against this, so timing does not tell which logins exist. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export function authRoutes(deps: AppDeps) {
  const app = new Hono<ActorEnv>();
  const { store } = deps;
  const trust: TrustProxy = deps.config.TRUST_PROXY;
  const throttle = loginThrottle(store, { lockAfter: deps.config.LOGIN_LOCK_AFTER ?? 10 });
  const signupLimit = rateLimitPerAddress(store, 'signup', {
    max: deps.config.RATE_LIMIT_SIGNUPS ?? 30,
    windowMs: 3600_000,
    trustProxy: trust,
  });
  const loginLimit = rateLimitPerAddress(store, 'login', {
    max: deps.config.RATE_LIMIT_LOGINS ?? 10,
    windowMs: 60_000,
    trustProxy: trust,
  });

  /** A resident picks a nickname and gets an anonymous token to keep in the browser. */
  app.post('/residents', signupLimit, async (c) => {
    const { nickname, city } = parseOr400(ResidentInput, await jsonBody(c), 'body');
    if (city !== undefined && !deps.packs.has(city)) refuse(400, 'invalid-input', { field: 'city', rule: 'unknown-town', value: city.slice(0, 100), allowed: [...deps.packs.keys()] });
    const offices = [...deps.packs.values()].map((p) => p.raw.manifest.office);
    const imitated = imitatesOffice(nickname, offices);
    if (imitated) {
      refuse(400, 'nickname-reserved', { field: 'nickname', nickname, reserved: imitated });
    }
    const token = newToken();
    const id = newId();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + (deps.config.RESIDENT_TOKEN_TTL_DAYS ?? 180) * 86_400_000).toISOString();
    await store.createResident({ id, nickname, tokenHash: hashToken(token), createdAt: now.toISOString(), city: city ?? null, expiresAt });
    return c.json({ id, nickname, token, expiresAt, city: city ?? null }, 201);
  });

  /** "Sign out everywhere": the resident's token stops working in every browser that keeps it. */
  app.post('/residents/me/sign-out', requireRole('resident'), async (c) => {
    const a = c.get('actor');
    if (a.kind !== 'resident') refuse(403, 'forbidden', { rule: 'resident-logout' });
    await store.revokeResidentTokens(a.id);
    return c.json<Me>({ kind: 'anonymous' });
  });

  /**
   * E-mail confirmation, for towns whose supports need a confirmed address: the resident gives
   * an address, the server mails a link (valid 24 h, usable once), opening it confirms.
   */
  const mailer = deps.config.SMTP_URL ? smtpMailer(deps.config.SMTP_URL, deps.config.MAIL_FROM ?? 'Plan na mapie <no-reply@localhost>') : null;
  const emailLimit = rateLimitPerAddress(store, 'email', { max: 5, windowMs: 3600_000, trustProxy: trust });
  app.post('/residents/me/email', requireRole('resident'), emailLimit, async (c) => {
    const a = c.get('actor');
    if (a.kind !== 'resident') refuse(403, 'forbidden', { rule: 'resident-email' });
    const { email } = parseOr400(EmailInput, await jsonBody(c), 'body');
    if (!mailer) refuse(503, 'email-not-configured', { setting: 'SMTP_URL' });
    const token = newToken();
    const now = new Date();
    await store.createEmailConfirmation({ tokenHash: hashToken(token), residentId: a.id, email, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + 24 * 3600_000).toISOString() });
    const base = deps.config.PUBLIC_URL || new URL(c.req.url).origin;
    const town = a.city ? (deps.packs.get(a.city)?.raw.manifest.name ?? a.city) : 'Plan na mapie';
    try {
      await mailer.sendConfirmation(email, `${base.replace(/\/$/, '')}/api/residents/confirm?token=${token}`, town);
    } catch {
      refuse(502, 'email-not-sent');
    }
    return c.json({ email, sent: true, expiresInH: 24 }, 202);
  });

  app.get('/residents/confirm', async (c) => {
    const token = c.req.query('token') ?? '';
    const r = /^[\w-]{20,100}$/.test(token) ? await store.confirmEmail(hashToken(token), new Date().toISOString()) : null;
    const ok = r !== null;
    const page = ok
      ? '<h1>Adres potwierdzony</h1><p>Twoje poparcia liczą się teraz jako potwierdzone. Możesz zamknąć tę kartę.</p><p lang="en">Address confirmed: your supports now count as confirmed.</p>'
      : '<h1>Link nieważny</h1><p>Link wygasł albo został już użyty. Poproś o nowy w serwisie.</p><p lang="en">This link has expired or was already used; ask for a new one.</p>';
    return c.html(`<!doctype html><html lang="pl"><meta charset="utf-8"><title>Plan na mapie</title><body style="font-family:sans-serif;max-width:40em;margin:3em auto">${page}</body></html>`, ok ? 200 : 410);
  });

  app.get('/me', (c) => {
    const a = c.get('actor');
    if (a.kind === 'anonymous') return c.json<Me>({ kind: 'anonymous' });
    if (a.kind === 'resident') return c.json<Me>({ kind: 'resident', id: a.id, name: a.name, role: 'resident', city: a.city, emailConfirmed: a.emailConfirmed });
    return c.json<Me>({ kind: 'user', id: a.id, name: a.name, role: a.role, csrfToken: a.csrfToken });
  });

  app.post('/auth/login', loginLimit, async (c) => {
    const { login, password } = parseOr400(LoginInput, await jsonBody(c), 'body');
    const address = clientAddress(c, trust);
    const user = await throttle.attempt(login, address, async () => {
      const u = await store.userByLogin(login);
      const ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_HASH);
      return u && ok && !u.disabled ? u : null;
    });
    const sid = newToken();
    const csrfToken = newToken();
    const now = new Date();
    const expires = new Date(now.getTime() + deps.config.SESSION_TTL_HOURS * 3600_000);
    await store.createSession({ idHash: hashToken(sid), userId: user.id, csrfToken, createdAt: now.toISOString(), expiresAt: expires.toISOString() });
    await store.audit({ at: now.toISOString(), actor: { kind: 'user', id: user.id, name: user.login }, action: 'login', target: `user:${user.id}`, details: { address } });
    setCookie(c, SESSION_COOKIE, sid, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c.req.url, c.req.header('x-forwarded-proto'), trust),
      path: '/',
      expires,
    });
    return c.json<Me>({ kind: 'user', id: user.id, name: user.login, role: user.role, csrfToken });
  });

  app.post('/auth/logout', async (c) => {
    const a = c.get('actor');
    if (a.kind === 'user') {
      checkCsrf(c, a);
      await store.deleteSession(a.sessionHash);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json<Me>({ kind: 'anonymous' });
  });

  return app;
}

function isHttps(url: string, forwardedProto: string | undefined, trust: TrustProxy): boolean {
  const proxied = 'hops' in trust ? trust.hops > 0 : trust.addresses.length > 0;
  return new URL(url).protocol === 'https:' || (proxied && forwardedProto === 'https');
}
