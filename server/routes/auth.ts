import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Me } from '../api-types.ts';
import { SESSION_COOKIE, type ActorEnv } from '../auth/actor.ts';
import { checkCsrf } from '../auth/guards.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { hashToken, newId, newToken } from '../auth/tokens.ts';
import { apiError } from '../http/api-error.ts';
import type { AppDeps } from '../http/deps.ts';
import { jsonBody, parseOr400 } from '../http/parse-input.ts';
import { LoginInput, ResidentInput } from '../proposals/proposal-input.ts';

export function authRoutes(deps: AppDeps) {
  const app = new Hono<ActorEnv>();
  const { store } = deps;

  /** A resident picks a nickname and gets an anonymous token to keep in the browser. */
  app.post('/residents', async (c) => {
    const { nickname } = parseOr400(ResidentInput, await jsonBody(c), 'body');
    const token = newToken();
    const id = newId();
    await store.createResident({ id, nickname, tokenHash: hashToken(token), createdAt: new Date().toISOString() });
    return c.json({ id, nickname, token }, 201);
  });

  app.get('/me', (c) => {
    const a = c.get('actor');
    if (a.kind === 'anonymous') return c.json<Me>({ kind: 'anonymous' });
    if (a.kind === 'resident') return c.json<Me>({ kind: 'resident', id: a.id, name: a.name, role: 'resident' });
    return c.json<Me>({ kind: 'user', id: a.id, name: a.name, role: a.role, csrfToken: a.csrfToken });
  });

  app.post('/auth/login', async (c) => {
    const { login, password } = parseOr400(LoginInput, await jsonBody(c), 'body');
    const user = await store.userByLogin(login);
    // Verify even for an unknown login so timing does not tell which logins exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    if (!user || !ok || user.disabled) apiError(401, 'bad-credentials', 'Wrong login or password (or the account is disabled).');
    const sid = newToken();
    const csrfToken = newToken();
    const now = new Date();
    const expires = new Date(now.getTime() + deps.config.SESSION_TTL_HOURS * 3600_000);
    await store.createSession({ idHash: hashToken(sid), userId: user.id, csrfToken, createdAt: now.toISOString(), expiresAt: expires.toISOString() });
    await store.audit({ at: now.toISOString(), actor: { kind: 'user', id: user.id, name: user.login }, action: 'login', target: `user:${user.id}` });
    setCookie(c, SESSION_COOKIE, sid, {
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c.req.url, c.req.header('x-forwarded-proto'), deps.config.TRUST_PROXY),
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

function isHttps(url: string, forwardedProto: string | undefined, trustProxy: boolean): boolean {
  return new URL(url).protocol === 'https:' || (trustProxy && forwardedProto === 'https');
}
