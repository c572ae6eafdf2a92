/** Progress of the strategy's undertakings: planners record dated updates; everyone reads state, indicators and changes. */
import { Hono } from 'hono';
import type { ActorEnv } from '../auth/actor.ts';
import { requireRole } from '../auth/guards.ts';
import { type AppDeps, packOr404, workOf } from '../http/deps.ts';
import { actorRef } from '../auth/actor-ref.ts';
import { refuse } from '../http/api-error.ts';
import { cityUpdates } from '../progress/progress-service.ts';
import { buildYearReport, reportDate } from '../report/year-report.ts';
import { reportCsv } from '../report/report-csv.ts';
import { createReportService } from '../report/report-service.ts';
import { jsonBody, parseOr400, queryValues } from '../http/parse-input.ts';
import { AtQuery, NoQuery, ProgressInput, SinceQuery } from '../progress/progress-input.ts';
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
    const q = parseOr400(AtQuery, queryValues(c), 'query');
    return c.json(await undertakingResponse(store, deps.progress, pack, c.req.param('id'), q.at ?? todayIso()), 200, noStore);
  });

  app.get('/cities/:city/progress', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const q = parseOr400(AtQuery, queryValues(c), 'query');
    return c.json(await stateResponse(store, pack, q.at ?? todayIso()), 200, noStore);
  });

  app.get('/cities/:city/indicators', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const q = parseOr400(AtQuery, queryValues(c), 'query');
    return c.json(await indicatorsResponse(store, deps.progress, pack, q.at ?? todayIso()), 200, noStore);
  });

  app.get('/cities/:city/progress/changes', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    const q = parseOr400(SinceQuery, queryValues(c), 'query');
    const last = lastReportDate(deps.config.LAST_REPORT_DATE);
    return c.json(await changesResponse(store, pack, q.since ?? last.since, q.since ? 'query' : last.basis), 200, noStore);
  });

  // The yearly report to the council: /reports/2026.json | .csv | .pdf (the PDF is printed in a worker and kept).
  app.get('/cities/:city/reports/:file', async (c) => {
    const pack = packOr404(deps, c.req.param('city'));
    parseOr400(NoQuery, queryValues(c), 'query');
    const m = /^(\d{4})\.(json|csv|pdf)$/.exec(c.req.param('file'));
    const start = Number((pack.raw.manifest.strategy.timeline?.start ?? '2000').slice(0, 4));
    const thisYear = new Date().getUTCFullYear();
    if (!m) refuse(404, 'unknown-report', { field: 'file', example: thisYear });
    const year = Number(m[1]);
    if (year < start || year > thisYear) {
      refuse(404, 'report-year-out-of-range', { field: 'year', year, town: pack.raw.manifest.name, min: start, max: thisYear });
    }
    const report = buildYearReport(pack, await cityUpdates(store, pack.id), await deps.progress.cityCounts(pack.id, reportDate(year)), year);
    const name = `${pack.id}-raport-${year}`;
    if (m[2] === 'json') return c.json(report, 200, noStore);
    if (m[2] === 'csv') return c.body(reportCsv(report), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"`, ...noStore });
    deps.reports ??= createReportService(workOf(deps));
    const pdf = await deps.reports.pdf(pack, report);
    const headers = { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${name}.pdf"`, 'x-report-pages': String(pdf.pages), 'x-report-cache': pdf.cached ? 'hit' : 'miss', ...noStore };
    return c.body(new Uint8Array(pdf.bytes), 200, headers);
  });

  return app;
}
