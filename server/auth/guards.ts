/**
 * Role and CSRF guards for write routes, and the per-client write rate limit.
 * Residents write with a Bearer token (a header no other site can make a browser send);
 * planners and admins write with a SameSite=Strict cookie plus a CSRF token header.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { TrustProxy } from '../config.ts';
import { clientAddress } from '../http/client-address.ts';
import { refuse } from '../http/api-error.ts';
import type { RateLimitStore, UserRole } from '../store/store.ts';
import type { Actor, ActorEnv } from './actor.ts';

export type Role = 'resident' | UserRole;

/** Which roles an actor holds: a planner may do what a resident may, an admin what a planner may. */
export function rolesOf(actor: Actor): Role[] {
  if (actor.kind === 'resident') return ['resident'];
  if (actor.kind === 'user') return actor.role === 'admin' ? ['resident', 'planner', 'admin'] : ['resident', 'planner'];
  return [];
}

/** Refuses the request unless the actor holds one of `roles`; checks the CSRF token for cookie sessions. */
export function requireRole(...roles: Role[]): MiddlewareHandler<ActorEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (actor.kind === 'anonymous') {
      refuse(401, 'not-signed-in', { rule: roles.includes('resident') ? 'resident' : 'staff' });
    }
    if (!rolesOf(actor).some((r) => roles.includes(r))) {
      refuse(403, 'forbidden', { rule: 'role', needs: roles, role: rolesOf(actor).at(-1)! });
    }
    checkCsrf(c, actor);
    await next();
  };
}

export function checkCsrf(c: Context, actor: Actor) {
  if (actor.kind !== 'user' || ['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return;
  if (c.req.header('x-csrf-token') !== actor.csrfToken) {
    refuse(403, 'csrf', { rule: 'token' });
  }
  const origin = c.req.header('origin');
  if (origin && origin !== new URL(c.req.url).origin) {
    refuse(403, 'csrf', { rule: 'origin', origin: origin.slice(0, 200) });
  }
}

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  trustProxy: TrustProxy;
}

/**
 * The client a write limit counts against. Residents' tokens cost nothing to make, so a
 * resident (or anyone else without a staff session) is counted by address, whatever token is
 * sent; planners and admins, who sign in with a password, are counted by account.
 */
export function clientKey(c: Context<ActorEnv>, trustProxy: TrustProxy): string {
  const actor = c.get('actor');
  if (actor.kind === 'user') return `user:${actor.id}`;
  return addressKey(c, trustProxy);
}

/** The client key of anyone without a staff session: the address. */
export function addressKey(c: Context, trustProxy: TrustProxy): string {
  return `ip:${clientAddress(c, trustProxy)}`;
}

/** The window of the per-client write limit. */
export const WRITE_WINDOW_MS = 60_000;

/** What a rate limit counts: the case of the `rate-limited` refusal. */
export type RateScope = 'writes' | 'signup' | 'login' | 'email';

export function refuse429(retryAfterS: number, scope: RateScope, max: number, windowS: number): never {
  refuse(429, 'rate-limited', { rule: scope, max, windowS, retryAfterS }, { retryAfterS }, {
    'retry-after': String(retryAfterS),
  });
}

export function rateLimitWrites(store: RateLimitStore, opts: RateLimitOptions): MiddlewareHandler<ActorEnv> {
  return async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();
    const r = await store.rateLimitHit(`write:${clientKey(c, opts.trustProxy)}`, opts.max, opts.windowMs, Date.now());
    if (!r.allowed) refuse429(r.retryAfterS, 'writes', opts.max, opts.windowMs / 1000);
    await next();
  };
}

/** A limit of its own for one route (sign-up, sign-in), always per client address, whoever is signed in. */
export function rateLimitPerAddress(store: RateLimitStore, name: RateScope, opts: RateLimitOptions): MiddlewareHandler<ActorEnv> {
  return async (c, next) => {
    const r = await store.rateLimitHit(`${name}:ip:${clientAddress(c, opts.trustProxy)}`, opts.max, opts.windowMs, Date.now());
    if (!r.allowed) refuse429(r.retryAfterS, name, opts.max, opts.windowMs / 1000);
    await next();
  };
}

