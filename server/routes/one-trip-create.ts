/**
 * A resident's new proposal in one round trip to a network store (PostgreSQL). The usual way
 * costs four: the packs' layer version, the resident's token, the rate-limit hit, the insert.
 * Here the checks that need no database run first, then one call does the rest in the usual
 * order (layer version, rate limit, resident, town, spacing, insert; migrations 021, 029).
 *
 * Whenever the answer could differ from the usual way's — a staff session, a body whose size
 * is not declared, any refusal before the store is asked (the usual way may owe a 429 or 401
 * first), packs behind the database — nothing has been written yet and the request goes on
 * through the usual chain (pack sync, actor, rate limit, role, route), which answers it.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { SESSION_COOKIE, type Actor } from '../auth/actor.ts';
import { addressKey, refuse429, WRITE_WINDOW_MS } from '../auth/guards.ts';
import { hashToken } from '../auth/tokens.ts';
import { refuse } from '../http/api-error.ts';
import { packOr404, packSyncOf, workOf, type AppDeps } from '../http/deps.ts';
import { jsonBody, parseOr400 } from '../http/parse-input.ts';
import { CreateProposalInput } from '../proposals/proposal-input.ts';
import { createdHistory, prepareProposal, proposalDetail, refuseTooClose, type PreparedProposal } from '../proposals/proposal-service.ts';
import type { CityPack } from '../packs/index-pack.ts';
import type { OneTripCreate, Store } from '../store/store.ts';

const BEARER = /^Bearer ([\w-]{20,100})$/;

export function oneTripCreate(deps: AppDeps, bodyLimit: number): MiddlewareHandler {
  const store = deps.store as Store & Partial<OneTripCreate>;
  return async (c, next) => {
    if (!store.createProposalAs) return next();
    const bearer = c.req.header('authorization')?.match(BEARER)?.[1];
    const length = Number(c.req.header('content-length') ?? NaN);
    if (!bearer || getCookie(c, SESSION_COOKIE) !== undefined || c.req.header('transfer-encoding') || !(length >= 0 && length <= bodyLimit)) return next();
    const client = addressKey(c, deps.config.TRUST_PROXY);
    let pack: CityPack;
    let prepared: PreparedProposal;
    try {
      pack = packOr404(deps, c.req.param('city')!);
      const input = parseOr400(CreateProposalInput, await jsonBody(c), 'body');
      // A resident may not lower the spacing; that refusal, like every other here, is the usual way's.
      prepared = await prepareProposal(pack, false, input, workOf(deps), client);
    } catch (e) {
      if (e instanceof HTTPException) return next();
      throw e;
    }
    const r = await store.createProposalAs({
      tokenHash: hashToken(bearer),
      now: new Date().toISOString(),
      rate: { key: `write:${client}`, max: deps.config.RATE_LIMIT_WRITES, windowMs: WRITE_WINDOW_MS, nowMs: Date.now() },
      layersVersion: packSyncOf(deps).version,
      proposal: prepared.draft,
      spacing: prepared.spacing,
    });
    switch (r.outcome) {
      case 'stale-layers':
        return next();
      case 'rate-limited':
        return refuse429(r.retryAfterS, 'writes', deps.config.RATE_LIMIT_WRITES, WRITE_WINDOW_MS / 1000);
      case 'not-signed-in':
        return refuse(401, 'not-signed-in', { rule: 'resident' });
      case 'wrong-town':
        return refuse(403, 'wrong-town', { city: pack.id, town: pack.raw.manifest.name, tokenCity: r.resident.city ?? '' });
      case 'too-close':
        return refuseTooClose(pack, prepared, r.nearest, r.distanceM);
      case 'created': {
        const actor: Actor = { kind: 'resident', id: r.resident.id, name: r.resident.nickname, city: r.resident.city, emailConfirmed: r.resident.emailConfirmed };
        const p = r.proposal;
        c.header('location', `/api/cities/${pack.id}/proposals/${p.id}`);
        return c.json(await proposalDetail(store, pack, p, actor, { history: createdHistory(p), supported: false }), 201);
      }
    }
  };
}
