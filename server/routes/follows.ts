/** Following undertakings: a signed-in resident (nickname session) or staff account, their own follows only. */
import { Hono } from 'hono';
import type { ActorEnv } from '../auth/actor.ts';
import { requireRole } from '../auth/guards.ts';
import { type AppDeps, packOr404 } from '../http/deps.ts';
import { parseOr400, queryValues } from '../http/parse-input.ts';
import { NoQuery } from '../progress/progress-input.ts';
import { follow, followerOf, followsResponse, unfollow } from '../progress/follow-service.ts';

const anyone = requireRole('resident', 'planner', 'admin');

export function followRoutes(deps: AppDeps) {
  const app = new Hono<ActorEnv>();
  const { store } = deps;
  const noStore = { 'cache-control': 'no-store' };

  app.get('/cities/:city/follows', anyone, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    parseOr400(NoQuery, queryValues(c), 'query');
    return c.json(await followsResponse(store, pack, c.get('actor')), 200, noStore);
  });

  app.put('/cities/:city/undertakings/:id/follow', anyone, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    parseOr400(NoQuery, queryValues(c), 'query');
    const r = await follow(store, pack, c.get('actor'), c.req.param('id'));
    return c.json({ undertaking: c.req.param('id'), following: true, created: r.created }, r.created ? 201 : 200);
  });

  app.delete('/cities/:city/undertakings/:id/follow', anyone, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    parseOr400(NoQuery, queryValues(c), 'query');
    const r = await unfollow(store, pack, c.get('actor'), c.req.param('id'));
    return c.json({ undertaking: c.req.param('id'), following: false, removed: r.removed });
  });

  // "What's new" was looked at: the counts start again from now.
  app.post('/cities/:city/follows/seen', anyone, async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    parseOr400(NoQuery, queryValues(c), 'query');
    const at = new Date().toISOString();
    await store.markFollowsSeen(pack.id, followerOf(c.get('actor')), at);
    return c.json({ seenAt: at });
  });

  return app;
}
