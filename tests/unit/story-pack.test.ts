/**
 * story.json, the optional presentation of a pack: parsed and cross-checked like every pack
 * file, and served at GET /api/cities/:city/story. Broken stories are built on a copy of the
 * mini fixture, one problem per test.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadPack } from '../../server/packs/load-packs.ts';
import type { CityDetail, Story } from '../../server/api-types.ts';
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { storeProgress } from '../../server/proposals/store-progress.ts';
import { copyPack, editJson, problemsOf } from '../helpers/temp-pack.ts';
import { TEST_CONFIG } from '../helpers/test-app.ts';

/** A small, valid story for the mini pack: title, one district chapter, closing. */
function miniStory() {
  return {
    title: 'Miniów w trzech krokach',
    chapters: [
      { id: 'start', kind: 'title', title: 'Miniów', text: ['Krótko o planie.'], camera: { center: [22.01, 50.905], zoom: 14 }, layers: ['routes', 'parks'] },
      {
        id: 'zachod',
        kind: 'district',
        title: 'Zachód',
        camera: { center: [22.005, 50.905], zoom: 15, bearing: 0, pitch: 0 },
        layers: ['routes'],
        highlight: ['route-a'],
        district: 'zachod',
      },
      { id: 'koniec', kind: 'closing', title: 'Dziękujemy', camera: { center: [22.01, 50.905], zoom: 14 }, figures: [{ value: '1,1 km', label: 'tras' }, { value: 2, unit: 'ha', label: 'parku' }] },
    ],
  };
}

function withStory(edit?: (story: any) => void): string {
  const dir = copyPack();
  const story = miniStory();
  edit?.(story);
  writeFileSync(path.join(dir, 'story.json'), JSON.stringify(story));
  return dir;
}

async function appOver(dir: string) {
  const pack = await loadPack(dir);
  const store = openSqliteStore(':memory:');
  const packs = new Map([[pack.id, pack]]);
  const app = createApp({ packs, config: TEST_CONFIG, store, progress: storeProgress(store) });
  return (p: string) => app.request(`http://localhost${p}`);
}

describe('story.json in a pack', () => {
  it('loads a valid story, fills defaults and serves it; the detail says the city has a story', async () => {
    const dir = withStory();
    expect(await problemsOf(dir)).toEqual([]);
    const request = await appOver(dir);
    const res = await request('/api/cities/mini/story');
    expect(res.status).toBe(200);
    const story = (await res.json()) as Story;
    expect(story.chapters.map((c) => c.id)).toEqual(['start', 'zachod', 'koniec']);
    expect(story.chapters[0]!.camera).toEqual({ center: [22.01, 50.905], zoom: 14, bearing: 0, pitch: 0 });
    expect(story.chapters[0]!.highlight).toEqual([]);
    expect(story.chapters[2]!.figures).toEqual([{ value: '1,1 km', label: 'tras' }, { value: 2, unit: 'ha', label: 'parku' }]);
    const detail = (await (await request('/api/cities/mini')).json()) as CityDetail;
    expect(detail.hasStory).toBe(true);
    const list = (await (await request('/api/cities')).json()) as { cities: { id: string; hasStory?: boolean }[] };
    expect(list.cities[0]!.hasStory).toBe(true);
  });

  it('is optional: without story.json the pack loads and the story route answers 404 with a clear message', async () => {
    const dir = copyPack();
    rmSync(path.join(dir, 'story.json'), { force: true });
    const request = await appOver(dir);
    const res = await request('/api/cities/mini/story');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('no-story');
    expect(body.error.message).toMatch(/City "mini" has no story: add data\/mini\/story\.json/);
    expect(((await (await request('/api/cities/mini')).json()) as CityDetail).hasStory).toBe(false);
    expect((await request('/api/cities/gotham/story')).status).toBe(404);
  });

  it('refuses a chapter naming an unknown layer, and names the chapter', async () => {
    const dir = withStory((s) => s.chapters[1].layers.push('bikes'));
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/^mini\/story\.json: chapter 2 "zachod": unknown layer "bikes" \(layers: routes, parks, spots, water\)$/)]);
  });

  it('refuses a chapter highlighting an unknown feature', async () => {
    const dir = withStory((s) => (s.chapters[1].highlight = ['route-a', 'route-z']));
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/story\.json: chapter 2 "zachod": unknown feature "route-z" in "highlight"/)]);
  });

  it('refuses an unknown district and a district chapter without its district', async () => {
    const dir = withStory((s) => (s.chapters[1].district = 'polnoc'));
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/chapter 2 "zachod": unknown district "polnoc" \(districts: zachod, wschod\)/)]);
    const dir2 = withStory((s) => delete s.chapters[1].district);
    expect(await problemsOf(dir2)).toEqual([expect.stringMatching(/chapter 2 "zachod": district: a district chapter names its "district"/)]);
  });

  it('refuses a chapter naming a goal code or an undertaking the pack does not have', async () => {
    const dir = withStory((s) => s.chapters.splice(1, 0, { id: 'cel-iii', kind: 'goal', goal: 'III', title: 'Cel trzeci', camera: { center: [22.01, 50.905], zoom: 14 } }));
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/^mini\/story\.json: chapter 2 "cel-iii": unknown strategic goal "III"$/)]);
    const ok = withStory((s) => s.chapters.splice(1, 0, { id: 'cel-ii', kind: 'goal', goal: 'II', title: 'Cel drugi', camera: { center: [22.01, 50.905], zoom: 14 } }));
    expect(await problemsOf(ok)).toEqual([]);
    const dir2 = withStory((s) => s.chapters.splice(1, 0, { id: 'przeds', kind: 'undertaking', undertaking: 'u-trees', title: 'Drzewa', camera: { center: [22.01, 50.905], zoom: 14 } }));
    expect(await problemsOf(dir2)).toEqual([expect.stringMatching(/chapter 2 "przeds": unknown undertaking "u-trees"/)]);
  });

  it('refuses a bad camera: zoom beyond 22, latitude beyond 90, a centre far from the town', async () => {
    const dir = withStory((s) => (s.chapters[0].camera.zoom = 30));
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/^mini\/story\.json: chapter 1 "start": camera\.zoom: .*22/)]);
    const dir2 = withStory((s) => (s.chapters[2].camera = { center: [22.01, 95], zoom: 14 }));
    expect(await problemsOf(dir2)).toEqual([expect.stringMatching(/chapter 3 "koniec": camera\.center\[1\]: /)]);
    const dir3 = withStory((s) => (s.chapters[2].camera.center = [19.94, 50.06]));
    expect(await problemsOf(dir3)).toEqual([expect.stringMatching(/chapter 3 "koniec": camera\.center \[19\.94, 50\.06\] is outside the pack's bounds/)]);
  });

  it('refuses a duplicate chapter id, an unknown key, a figure without a unit, and a file that is not JSON', async () => {
    const dir = withStory((s) => (s.chapters[2].id = 'start'));
    expect(await problemsOf(dir)).toEqual([expect.stringMatching(/chapter 3 "start": chapter id is used twice/)]);
    const dir2 = withStory((s) => {
      s.chapters[0].subtitle = 'x';
      s.chapters[2].figures = [{ value: 8.26, label: 'tras' }];
    });
    const problems = await problemsOf(dir2);
    expect(problems).toContainEqual(expect.stringMatching(/chapter 1 "start": \(root\): Unrecognized key: "subtitle"/));
    expect(problems).toContainEqual(expect.stringMatching(/chapter 3 "koniec": figures\[0\]/));
    const dir3 = copyPack();
    writeFileSync(path.join(dir3, 'story.json'), '{"title": "x", "chapters": [');
    expect(await problemsOf(dir3)).toEqual([expect.stringMatching(/^mini\/story\.json: is not valid JSON/)]);
    const dir4 = copyPack();
    editJson(dir4, 'manifest.json', () => undefined);
    writeFileSync(path.join(dir4, 'story.json'), JSON.stringify({ title: 'x', chapters: [] }));
    expect(await problemsOf(dir4)).toEqual([expect.stringMatching(/story\.json: chapters: /)]);
  });
});
