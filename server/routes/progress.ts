/** Progress of the strategy's undertakings: planners record dated updates; everyone reads state, indicators and changes. */
import { Hono } from 'hono';
import type { ActorEnv } from '../auth/actor.ts';
import { requireRole } from '../auth/guards.ts';
import { type AppDeps, packOr404 } from '../http/deps.ts';
import { actorRef } from '../proposals/proposal-service.ts';
import { jsonBody, parseOr400 } from '../http/parse-input.ts';
import { AtQuery, ProgressInput, SinceQuery } from '../progress/progress-input.ts';
import { changesResponse, indicatorsResponse, lastReportDate, recordUpdate, stateResponse, todayIso, undertakingResponse } from '../progress/progress-service.ts';

export function progressRoutes(deps: AppDeps) {
  const app = new Hono<ActorEnv>();
  const { store } = deps;
  const noStore = { 'cache-control': 'no-store' };

  app.post('/cities/:city/undertakings/:id/progress', requireRole('planner', 'admin'), async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const input = parseOr400(ProgressInput, await jsonBody(c), 'body');
    const update = await recordUpdate(store, pack, c.get('actor'), c.req.param('id'), input);
    await store.audit({ at: update.createdAt, actor: actorRef(c.get('actor')), action: 'progress.record', target: `progress:${pack.id}/${update.undertaking}/${update.id}` });
    return c.json({ update }, 201);
  });

  app.get('/cities/:city/undertakings/:id/progress', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const q = parseOr400(AtQuery, c.req.query(), 'query');
    return c.json(await undertakingResponse(store, deps.progress, pack, c.req.param('id'), q.at ?? todayIso()), 200, noStore);
  });

  app.get('/cities/:city/progress', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const q = parseOr400(AtQuery, c.req.query(), 'query');
    return c.json(await stateResponse(store, pack, q.at ?? todayIso()), 200, noStore);
  });

  app.get('/cities/:city/indicators', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const q = parseOr400(AtQuery, c.req.query(), 'query');
    return c.json(await indicatorsResponse(store, deps.progress, pack, q.at ?? todayIso()), 200, noStore);
  });

  app.get('/cities/:city/progress/changes', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const q = parseOr400(SinceQuery, c.req.query(), 'query');
    const last = lastReportDate(deps.config.LAST_REPORT_DATE);
    return c.json(await changesResponse(store, pack, q.since ?? last.since, q.since ? 'query' : last.basis), 200, noStore);
  });

  return app;
}
