/**
 * The report's PDF is printed off the event loop: while a worker thread is held inside a build
 * (as a long build keeps it), /healthz answers; a second caller for the same report waits for
 * that build (one build, not two); a caller for another year of the same town is refused with a
 * code; another town's build waits its turn rather than being refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportService, type ReportService } from '../../server/report/report-service.ts';
import { createWork, type Work } from '../../server/work/work.ts';
import { until } from '../helpers/conditions.ts';
import { testApp } from '../helpers/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;
const YEAR = new Date().getUTCFullYear() - 1;

describe('report PDF off the event loop', () => {
  let t: T;
  let work: Work;
  let reports: ReportService;
  // [0]: 1 releases the held build; [1]: the worker sets 1 once it holds the job.
  const hold = new Int32Array(new SharedArrayBuffer(8));
  beforeAll(async () => {
    work = createWork();
    reports = createReportService(work, { hold });
    t = await testApp({ work, reports });
  });
  afterAll(async () => {
    Atomics.store(hold, 0, 1);
    Atomics.notify(hold, 0);
    await work.close();
  });

  it('answers /healthz while a worker builds the report; joins the same report, refuses another year, queues another town', async () => {
    const url = `/api/cities/krasnik/reports/${YEAR}.pdf`;
    let settled = false;
    const first = t.request(url).finally(() => (settled = true));
    await until(() => Atomics.load(hold, 1) === 1, 'the report worker to take the build');

    // The worker thread is blocked inside the build; the server's own thread answers.
    const health = await t.request('/healthz');
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    expect((await t.request('/api/cities/krasnik/progress')).status).toBe(200);
    expect(settled).toBe(false);

    const joined = t.request(url);
    const other = await t.request(`/api/cities/krasnik/reports/${YEAR - 1}.pdf`);
    expect(other.status).toBe(503);
    expect(other.headers.get('retry-after')).toBe('5');
    const body = (await other.json()) as { error: { code: string; message: string; details: { params: Record<string, unknown> } } };
    expect(body.error.code).toBe('report-building');
    expect(body.error.details.params).toMatchObject({ town: 'Kraśnik', year: YEAR - 1, building: YEAR, retryAfterS: 5 });
    expect(body.error.message).toContain(`the ${YEAR} report of Kraśnik is being built`);
    // Another town is not refused: it waits for the report worker.
    const kalisz = t.request(`/api/cities/kalisz/reports/${YEAR}.pdf`);
    expect(settled).toBe(false);

    Atomics.store(hold, 0, 1);
    Atomics.notify(hold, 0);
    const [a, b, k] = await Promise.all([first, joined, kalisz]);
    expect([a.status, b.status, k.status]).toEqual([200, 200, 200]);
    expect(Buffer.from(await b.arrayBuffer()).equals(Buffer.from(await a.arrayBuffer()))).toBe(true);
    // Krasnik once (the second caller joined it), Kalisz once.
    expect(reports.builds).toBe(2);
    expect((await t.request(url)).headers.get('x-report-cache')).toBe('hit');
    expect(reports.builds).toBe(2);
  });
});
