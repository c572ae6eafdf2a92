/**
 * Who is asking: anonymous, a resident (Bearer token kept by the browser), or a
 * planner/admin (session cookie). Resolved once per request by middleware.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AccountStore, UserRole } from '../store/store.ts';
import { hashToken } from './tokens.ts';

export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'resident'; id: string; name: string; city: string | null; emailConfirmed: boolean }
  | { kind: 'user'; id: string; name: string; role: UserRole; csrfToken: string; sessionHash: string };

export const SESSION_COOKIE = 'kp_session';

export type ActorEnv = { Variables: { actor: Actor } };

export function resolveActor(store: AccountStore): MiddlewareHandler<ActorEnv> {
  return async (c, next) => {
    c.set('actor', await actorOf(c, store));
    await next();
  };
}

async function actorOf(c: Context, store: AccountStore): Promise<Actor> {
  const auth = c.req.header('authorization');
  const bearer = auth?.match(/^Bearer ([\w-]{20,100})$/)?.[1];
  if (bearer) {
    const r = await store.residentByTokenHash(hashToken(bearer), new Date().toISOString());
    if (r) return { kind: 'resident', id: r.id, name: r.nickname, city: r.city ?? null, emailConfirmed: !!r.emailConfirmedAt };
  }
  const sid = getCookie(c, SESSION_COOKIE);
  if (sid && /^[\w-]{20,100}$/.test(sid)) {
    const sessionHash = hashToken(sid);
    const s = await store.sessionByIdHash(sessionHash, new Date().toISOString());
    if (s) {
      const u = await store.userById(s.userId);
      if (u && !u.disabled) return { kind: 'user', id: u.id, name: u.login, role: u.role, csrfToken: s.csrfToken, sessionHash };
    }
  }
  return { kind: 'anonymous' };
}
