/**
 * Role and CSRF guards for write routes, and the per-client write rate limit.
 * Residents write with a Bearer token (a header no other site can make a browser send);
 * planners and admins write with a SameSite=Strict cookie plus a CSRF token header.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { apiError } from '../http/api-error.ts';
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
      apiError(401, 'not-signed-in', roles.includes('resident')
        ? 'Sign in first: choose a nickname (POST /api/residents) or sign in as a planner.'
        : 'Sign in as a planner or admin first.');
    }
    if (!rolesOf(actor).some((r) => roles.includes(r))) {
      apiError(403, 'forbidden', `This action needs the role ${roles.join(' or ')}; you are signed in as ${rolesOf(actor).at(-1)}.`);
    }
    checkCsrf(c, actor);
    await next();
  };
}

export function checkCsrf(c: Context, actor: Actor) {
  if (actor.kind !== 'user' || ['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return;
  if (c.req.header('x-csrf-token') !== actor.csrfToken) {
    apiError(403, 'csrf', 'Missing or wrong X-CSRF-Token header. Reload the page and try again.');
  }
  const origin = c.req.header('origin');
  if (origin && origin !== new URL(c.req.url).origin) {
    apiError(403, 'csrf', `Requests from ${origin} are not accepted.`);
  }
}

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  trustProxy: boolean;
}

/** The client a rate limit counts against: the signed-in person, else the IP address. */
export function clientKey(c: Context<ActorEnv>, trustProxy: boolean): string {
  const actor = c.get('actor');
  if (actor.kind !== 'anonymous') return `${actor.kind}:${actor.id}`;
  const fwd = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  let ip = fwd;
  if (!ip) {
    try {
      ip = getConnInfo(c).remote.address;
    } catch {
      ip = undefined; // app.request() in tests has no socket
    }
  }
  return `ip:${ip ?? 'unknown'}`;
}

export function rateLimitWrites(store: RateLimitStore, opts: RateLimitOptions): MiddlewareHandler<ActorEnv> {
  return async (c, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();
    const r = await store.rateLimitHit(`write:${clientKey(c, opts.trustProxy)}`, opts.max, opts.windowMs, Date.now());
    if (!r.allowed) {
      apiError(429, 'rate-limited', `Too many changes in a short time. Try again in ${r.retryAfterS} s.`, { retryAfterS: r.retryAfterS }, {
        'retry-after': String(r.retryAfterS),
      });
    }
    await next();
  };
}
