import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../server/packs/load-packs.ts';
import { FIXTURE_PACKS, copyPack, editJson, problemsOf } from '../helpers/temp-pack.ts';

describe('loading a city pack', () => {
  it('loads a good pack with its catalogue, districts and feature index', async () => {
    const pack = await loadPack(path.join(FIXTURE_PACKS, 'mini'));
    expect(pack.id).toBe('mini');
    expect([...pack.layers.keys()]).toEqual(['routes', 'parks', 'spots', 'water']);
    const routes = pack.layers.get('routes')!.catalogue;
    expect(routes.featureCount).toBe(2);
    expect(routes.declaredKm).toBeCloseTo(1.1, 9);
    // 0.016° of longitude at 50.905°N (≈1.124 km) plus 0.008° of latitude (≈0.890 km).
    expect(routes.measuredKm!).toBeGreaterThan(2.0);
    expect(routes.measuredKm!).toBeLessThan(2.03);
    expect(routes.accuracy).toBe('schematic');
    expect(pack.districts.map((d) => d.info.id)).toEqual(['zachod', 'wschod']);
    expect(pack.districts[0]!.info.population).toBe(1200);
    expect(pack.districts[1]!.info.population).toBeNull();
    const detail = JSON.parse(pack.detail.text);
    expect(detail.featureIndex['park-a'].layer).toBe('parks');
    expect(detail.layers[0].file).toBeUndefined();
  });

  it('names the file when a file is not valid JSON', async () => {
    const dir = copyPack();
    writeFileSync(path.join(dir, 'layers', 'parks.geojson'), '{"type": "FeatureCollection", "features": [');
    const problems = await problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^mini\/layers\/parks\.geojson: is not valid JSON/);
  });

  it('names the file, the feature and the property when a property is missing', async () => {
    const dir = copyPack();
    editJson(dir, 'layers/routes.geojson', (j) => delete j.features[1].properties.accuracy);
    const problems = await problemsOf(dir);
    expect(problems).toEqual([expect.stringMatching(/^mini\/layers\/routes\.geojson \(feature "route-b" \(#1\)\): properties\.accuracy: /)]);
  });

  it('refuses a feature pointing at an unknown goal', async () => {
    const dir = copyPack();
    editJson(dir, 'layers/parks.geojson', (j) => (j.features[0].properties.goals = ['II.1', 'II.6']));
    const problems = await problemsOf(dir);
    expect(problems).toEqual([expect.stringMatching(/parks\.geojson \(feature park-a\): unknown operational goal "II\.6"/)]);
  });

  it('refuses a feature pointing at an unknown undertaking', async () => {
    const dir = copyPack();
    editJson(dir, 'layers/spots.geojson', (j) => (j.features[0].properties.undertaking = 'nope'));
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/spots\.geojson \(feature spot-a\): unknown undertaking "nope"/)]);
  });

  it('refuses a self-intersecting district and says where it crosses', async () => {
    const dir = copyPack();
    editJson(dir, 'districts.geojson', (j) => {
      // A bow-tie: the ring's 1st and 3rd edges cross at (22.005, 50.905).
      j.features[0].geometry.coordinates = [[[22.0, 50.9], [22.01, 50.91], [22.01, 50.9], [22.0, 50.91], [22.0, 50.9]]];
    });
    const problems = await problemsOf(dir);
    expect(problems).toEqual([expect.stringMatching(/districts\.geojson \(feature zachod\): polygon intersects itself at \[22\.005, 50\.905\]/)]);
  });

  it('refuses districts that leave a gap in the boundary', async () => {
    const dir = copyPack();
    editJson(dir, 'districts.geojson', (j) => {
      j.features[1].geometry.coordinates = [[[22.011, 50.9], [22.02, 50.9], [22.02, 50.91], [22.011, 50.91], [22.011, 50.9]]];
    });
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/districts\.geojson: districts do not tile the boundary/)]);
  });

  it('refuses overlapping districts', async () => {
    const dir = copyPack();
    editJson(dir, 'districts.geojson', (j) => {
      j.features[1].geometry.coordinates = [[[22.009, 50.9], [22.02, 50.9], [22.02, 50.91], [22.009, 50.91], [22.009, 50.9]]];
    });
    const problems = await problemsOf(dir);
    expect(problems.some((p) => /districts "zachod" and "wschod" overlap by \d+ m²/.test(p))).toBe(true);
  });

  it('refuses a missing file and a route layer holding a point, then an unclosed ring and duplicate ids', async () => {
    const dir = copyPack();
    editJson(dir, 'layers/parks.geojson', (j) => j.features[0].geometry.coordinates[0].pop());
    editJson(dir, 'layers/routes.geojson', (j) => (j.features[1].geometry = { type: 'Point', coordinates: [22.01, 50.905] }));
    editJson(dir, 'layers/spots.geojson', (j) => (j.features[0].properties.id = 'route-a'));
    editJson(dir, 'manifest.json', (j) => j.layers.push({ id: 'ghost', title: 'Duch', role: 'strategy', kind: 'point', file: 'layers/ghost.geojson', legend: { color: '#000000' } }));
    const problems = await problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/layers\/ghost\.geojson: file is missing/));
    expect(problems).toContainEqual(expect.stringMatching(/routes\.geojson \(feature "route-b" \(#1\)\): geometry/));
    // Cross-file rules run once every file parses: the unclosed ring and the duplicate id show next.
    editJson(dir, 'manifest.json', (j) => j.layers.pop());
    editJson(dir, 'layers/routes.geojson', (j) => (j.features[1].geometry = { type: 'LineString', coordinates: [[22.005, 50.901], [22.005, 50.909]] }));
    const second = await problemsOf(dir);
    expect(second).toContainEqual(expect.stringMatching(/parks\.geojson \(feature park-a\): ring 0 of polygon 0 is not closed/));
    expect(second).toContainEqual(expect.stringMatching(/spots\.geojson \(feature route-a\): id is already used in mini\/layers\/routes\.geojson/));
  });

  it('refuses a manifest whose id is not its folder name, and a stray layer file', async () => {
    const dir = copyPack();
    editJson(dir, 'manifest.json', (j) => (j.id = 'other'));
    writeFileSync(path.join(dir, 'layers', 'forgotten.geojson'), '{"type":"FeatureCollection","features":[]}');
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/layers\/forgotten\.geojson: is not listed in manifest\.json/)]);
    rmSync(path.join(dir, 'layers', 'forgotten.geojson'));
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/manifest\.json: id "other" must equal the folder name "mini"/)]);
  });

  it('refuses a bad colour, an operational goal under the wrong strategic goal, and an undertaking with an unknown layer', async () => {
    const dir = copyPack();
    editJson(dir, 'manifest.json', (j) => (j.layers[0].legend.color = 'blue'));
    const first = await problemsOf(dir);
    expect(first).toEqual([expect.stringMatching(/manifest\.json: layers\[0\]\.legend\.color: colour as lower-case #rrggbb/)]);
    editJson(dir, 'manifest.json', (j) => (j.layers[0].legend.color = '#0072b2'));
    editJson(dir, 'goals.json', (j) => (j.strategic[1].operational[0].code = 'I.3'));
    editJson(dir, 'undertakings.json', (j) => (j[0].layers = ['routes', 'bikes']));
    const second = await problemsOf(dir);
    expect(second).toContainEqual(expect.stringMatching(/goals\.json: operational goal I\.3 is listed under strategic goal II/));
    expect(second).toContainEqual(expect.stringMatching(/undertakings\.json \(feature u-routes\): unknown layer "bikes"/));
  });

  it('accepts a proposal kind that names its undertaking, and the goals\' "areas" structure with assigned codes', async () => {
    const dir = copyPack();
    editJson(dir, 'manifest.json', (j) => (j.proposals.kinds[0].undertaking = 'u-parks'));
    editJson(dir, 'goals.json', (j) => Object.assign(j, { structure: 'areas', codesAssigned: true }));
    expect(await problemsOf(dir)).toEqual([]);
    const pack = await loadPack(dir);
    expect(pack.raw.manifest.proposals!.kinds[0]!.undertaking).toBe('u-parks');
    expect(pack.raw.goals).toMatchObject({ structure: 'areas', codesAssigned: true });
  });

  it('refuses a proposal kind naming an unknown undertaking, and a kind listed twice', async () => {
    const dir = copyPack();
    editJson(dir, 'manifest.json', (j) => (j.proposals.kinds[0].undertaking = 'u-trees'));
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/^mini\/manifest\.json: proposal kind "tree" names unknown undertaking "u-trees" \(undertakings\.json has u-routes, u-parks, u-nosite…\)$/)]);
    editJson(dir, 'manifest.json', (j) => {
      j.proposals.kinds[0].undertaking = 'u-parks';
      j.proposals.kinds.push({ ...j.proposals.kinds[0], undertaking: 'nope' });
    });
    const problems = await problemsOf(dir);
    expect(problems).toContainEqual(expect.stringMatching(/manifest\.json: proposal kind "tree" is listed twice/));
    expect(problems).toContainEqual(expect.stringMatching(/manifest\.json: proposal kind "tree" names unknown undertaking "nope"/));
  });
});
