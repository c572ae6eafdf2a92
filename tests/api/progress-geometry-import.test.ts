/**
 * The geometry of work done imported from a file instead of drawn: a GPX track from a phone, a
 * GeoJSON in PUWG 1992, a file that states no CRS; refused when it mixes kinds, is no known
 * format or is not in a grid we know; simplified to fit an update. The geometry it gives is
 * taken by the update route as it is.
 */
import proj4 from 'proj4';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LineString, MultiLineString } from 'geojson';
import { KNOWN_CRS } from '../../server/import/crs.ts';
import type { ImportedGeometry } from '../../server/progress/import-geometry.ts';
import { createWork } from '../../server/work/work.ts';
import { anonymous, resident, staff, type Caller } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;
type Err = { error: { code: string; message: string; details?: { params?: Record<string, unknown> } } };
const URL = '/api/cities/mini/progress/geometry';
const to2180 = proj4(KNOWN_CRS.get(4326)!.proj, KNOWN_CRS.get(2180)!.proj);

const gpx = (pts: [number, number][]) =>
  `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>odcinek</name><trkseg>${pts.map(([lon, lat]) => `<trkpt lat="${lat}" lon="${lon}"></trkpt>`).join('')}</trkseg></trk></gpx>`;

describe('importing the geometry of work done from a file', () => {
  let t: T;
  let planner: Caller;
  let res: Caller;
  beforeAll(async () => {
    t = await testApp();
    planner = await staff(t.request, t.store, 'planner');
    res = await resident(t.request);
  });

  const send = (who: Caller, body: string, query = '') => t.request(`${URL}${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...who.headers }, body });

  it('reads a GPX track into a line, only for planners and admins (401 anonymous, 403 resident)', async () => {
    const file = gpx([[22.003, 50.904], [22.005, 50.9045], [22.008, 50.905]]);
    expect((await send(anonymous, file, '?name=trasa.gpx')).status).toBe(401);
    expect((await send(res, file, '?name=trasa.gpx')).status).toBe(403);
    const admin = await staff(t.request, t.store, 'admin');
    expect((await send(admin, file, '?name=trasa.gpx')).status).toBe(200);
    const r = await send(planner, file, '?name=trasa.gpx');
    expect(r.status).toBe(200);
    const body = (await r.json()) as ImportedGeometry;
    expect(body).toMatchObject({ format: 'gpx', features: 1, simplifiedM: null, vertices: 3, epsg: 4326, crsSource: 'file' });
    expect(body.geometry).toEqual({ type: 'LineString', coordinates: [[22.003, 50.904], [22.005, 50.9045], [22.008, 50.905]] });
    // The update route takes it as it is.
    const rec = await t.request('/api/cities/mini/undertakings/u-routes/progress', postJson({ asOf: '2025-05-01', status: 'in_progress', values: { dlugosc: 0.4 }, geometry: body.geometry }, planner.headers));
    expect(rec.status).toBe(201);
  });

  it('reprojects from PUWG 1992, stated in the file or given with from=, and joins several lines into one', async () => {
    const a = [[22.003, 50.904], [22.006, 50.904]].map((p) => to2180.forward(p));
    const b = [[22.006, 50.906], [22.009, 50.906]].map((p) => to2180.forward(p));
    const fc = (crs: boolean) => JSON.stringify({
      type: 'FeatureCollection',
      ...(crs ? { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2180' } } } : {}),
      features: [a, b].map((c, i) => ({ type: 'Feature', properties: { nr: i }, geometry: { type: 'LineString', coordinates: c } })),
    });
    for (const [file, query, source] of [[fc(true), '?name=odcinki.geojson', 'file'], [fc(false), '?name=odcinki.geojson&from=EPSG:2180', 'option']] as const) {
      const r = await send(planner, file, query);
      expect(r.status, query).toBe(200);
      const body = (await r.json()) as ImportedGeometry;
      expect(body.crs).toMatch(/^EPSG:2180/);
      expect([body.epsg, body.crsSource]).toEqual([2180, source]);
      const g = body.geometry as MultiLineString;
      expect(g.type).toBe('MultiLineString');
      expect(g.coordinates[0]![0]![0]).toBeCloseTo(22.003, 6);
      expect(g.coordinates[0]![0]![1]).toBeCloseTo(50.904, 6);
      expect(g.coordinates[1]![1]![0]).toBeCloseTo(22.009, 6);
    }
    // Grid coordinates with no CRS stated and none given: refused, with the grid guessed.
    const r = await send(planner, fc(false), '?name=odcinki.geojson');
    expect(r.status).toBe(422);
    expect(((await r.json()) as Err).error.code).toBe('needs-crs');
  });

  it('simplifies a dense track to the vertices an update may carry, and says by how much', async () => {
    const pts = Array.from({ length: 5000 }, (_, i): [number, number] => [22.003 + i * 0.000001, 50.904 + Math.sin(i / 40) * 0.00002]);
    const r = await send(planner, gpx(pts), '?name=gesty.gpx');
    expect(r.status).toBe(200);
    const body = (await r.json()) as ImportedGeometry;
    expect(body.simplifiedM).not.toBeNull();
    expect(body.vertices).toBeLessThanOrEqual(2000);
    expect((body.geometry as LineString).coordinates.length).toBe(body.vertices);
  });

  it('refuses with a code: mixed kinds, no known format, a grid we do not know, nothing in the body, a bad query', async () => {
    const mixed = JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [22.004, 50.904] } },
      { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[22.003, 50.904], [22.006, 50.904]] } },
    ] });
    const cases: [string, string, number, string][] = [
      [mixed, '?name=x.geojson', 422, 'geometry-mixed'],
      ['to nie jest plik geometrii', '?name=x.txt', 422, 'unknown-format'],
      [gpx([[22.003, 50.904], [22.005, 50.9045]]), '?from=WGS84', 400, 'invalid-input'],
      [gpx([[22.003, 50.904], [22.005, 50.9045]]), '?from=EPSG:9999', 400, 'bad-option'],
      ['', '?name=x.gpx', 400, 'invalid-input'],
      [gpx([[22.003, 50.904], [22.005, 50.9045]]), '?layer=a', 400, 'invalid-input'],
    ];
    for (const [body, query, status, code] of cases) {
      const r = await send(planner, body, query);
      expect(r.status, `${code} ${query}`).toBe(status);
      expect(((await r.json()) as Err).error.code, query).toBe(code);
    }
    const big = await send(planner, 'x'.repeat(2 * 1024 * 1024 + 10), '?name=x.gpx');
    expect(big.status).toBe(413);
    expect(((await big.json()) as Err).error.code).toBe('upload-too-large');
    const form = await t.request(URL, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', ...planner.headers }, body: '--x--' });
    expect(form.status).toBe(415);
  });
  it('reads the file in a geometry worker, not on the event loop, and a refusal found there comes back as the same coded JSON', async () => {
    const work = createWork();
    const tasks: string[] = [];
    const run = work.geometry.run.bind(work.geometry);
    work.geometry.run = ((task, arg, o) => (tasks.push(task), run(task, arg, o))) as typeof work.geometry.run;
    try {
      const w = await testApp({ store: t.store, work });
      const file = gpx([[22.003, 50.904], [22.005, 50.9045]]);
      const ok = await w.request(`${URL}?name=trasa.gpx`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...planner.headers }, body: file });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as ImportedGeometry).geometry.type).toBe('LineString');
      const mixed = `<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="50.904" lon="22.003"></wpt><trk><trkseg><trkpt lat="50.904" lon="22.003"></trkpt><trkpt lat="50.905" lon="22.004"></trkpt></trkseg></trk></gpx>`;
      const bad = await w.request(`${URL}?name=mix.gpx`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...planner.headers }, body: mixed });
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as Err).error.code).toBe('geometry-mixed');
      expect(tasks).toEqual(['importWorkGeometry', 'importWorkGeometry']);
    } finally {
      await work.close();
    }
  });
});
