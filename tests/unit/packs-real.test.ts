/**
 * Properties every real city pack in data/ must keep: it loads, its districts tile the
 * town, and per-district figures add up to the town's.
 */
import { booleanPointInPolygon, length } from '@turf/turf';
import type { Feature, Geometry, LineString, MultiLineString } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { clippedLengthKm } from '../../server/geo/clip-line-length.ts';
import { loadPacks, type CityPack } from '../../server/packs/load-packs.ts';
import { REAL_PACKS } from '../helpers/temp-pack.ts';

let packs: Map<string, CityPack>;
beforeAll(async () => {
  packs = await loadPacks(REAL_PACKS);
});

describe('every real pack', () => {
  it('loads and validates', () => {
    expect([...packs.keys()]).toEqual(expect.arrayContaining(['krasnik', 'kalisz']));
  });

  it('names, for every proposal kind, an undertaking the pack has', () => {
    for (const pack of packs.values()) {
      const ids = new Set(pack.raw.undertakings.map((u) => u.id));
      for (const k of pack.raw.manifest.proposals?.kinds ?? []) expect(ids, `${pack.id}/${k.id}`).toContain(k.undertaking);
    }
  });

  it('has district areas summing to the town area within 0.1 %', () => {
    for (const pack of packs.values()) {
      const sum = pack.districts.reduce((s, d) => s + d.info.areaKm2, 0);
      expect(Math.abs(sum - pack.boundaryAreaKm2) / pack.boundaryAreaKm2, pack.id).toBeLessThan(0.001);
    }
  });

  it('clips every route so that its per-district lengths sum to its total within 1 m', () => {
    let checked = 0;
    for (const pack of packs.values()) {
      for (const layer of pack.layers.values()) {
        if (layer.entry.kind !== 'route' || layer.entry.role !== 'strategy') continue;
        for (const f of layer.features as Feature<LineString | MultiLineString>[]) {
          const total = length(f, { units: 'kilometers' });
          const sum = pack.districts.reduce((s, d) => s + clippedLengthKm(f.geometry, d.feature.geometry), 0);
          expect(Math.abs(sum - total) * 1000, `${pack.id}/${f.properties!.id}`).toBeLessThan(1);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('marks all geometry placed by the project as approximate or schematic', () => {
    for (const pack of packs.values()) {
      const all: Feature<Geometry, { accuracy: string; id: string }>[] = [pack.raw.boundary, ...pack.raw.districts, ...[...pack.layers.values()].flatMap((l) => l.features)];
      for (const f of all) expect(['approximate', 'schematic'], `${pack.id}/${f.properties.id}`).toContain(f.properties.accuracy);
    }
  });
});

describe('Kraśnik 2030', () => {
  const k = () => packs.get('krasnik')!;

  it('has the four districts', () => {
    expect(k().districts.map((d) => d.info.name).sort()).toEqual(['Budzyń', 'Kraśnik Fabryczny', 'Kraśnik Stary (Lubelski)', 'Piaski']);
  });

  it('has four strategic goals with six operational goals each', () => {
    const goals = k().raw.goals.strategic;
    expect(goals.map((g) => g.code)).toEqual(['I', 'II', 'III', 'IV']);
    for (const g of goals) expect(g.operational.map((o) => o.code)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${g.code}.${n}`));
  });

  it('declares the five bike routes with the strategy\'s lengths, 8.26 km in all, and draws them close to those lengths', () => {
    const layer = k().layers.get('bike-routes')!;
    const kmOf = (f: (typeof layer.features)[number]) => (f.properties as { figures: { unit: string; value: number }[] }).figures.find((x) => x.unit === 'km')!.value;
    const streets: [RegExp, number][] = [[/Urzędowsk/, 4.55], [/Kolejow/, 2.46], [/Nadstawn/, 0.5], [/Faustyny/, 0.43], [/Lubelsk/, 0.32]];
    expect(layer.features).toHaveLength(5);
    for (const [street, km] of streets) {
      const f = layer.features.find((x) => street.test(x.properties.name))!;
      expect(f, String(street)).toBeDefined();
      expect(kmOf(f)).toBe(km);
    }
    expect(layer.catalogue.declaredKm).toBeCloseTo(8.26, 9);
    expect(Math.abs(layer.catalogue.measuredKm! - 8.26) / 8.26).toBeLessThan(0.05);
  });

  it('draws the industrial park at about 30 ha and flags it as a concept', async () => {
    const { area } = await import('@turf/turf');
    const park = k().layers.get('industrial-park')!.features;
    const ha = park.reduce((s, f) => s + area(f) / 1e4, 0);
    expect(ha).toBeGreaterThan(27);
    expect(ha).toBeLessThan(33);
    expect(park.every((f) => (f.properties as { status: string }).status === 'concept')).toBe(true);
  });

  it('sets a target of 1000 trees per district', () => {
    expect(k().raw.manifest.targets).toContainEqual(expect.objectContaining({ id: 'trees', perDistrict: 1000 }));
  });

  it('takes trees first, then pocket parks and rain gardens, all for the green-blue undertaking; only trees count towards a target', () => {
    const kinds = k().raw.manifest.proposals!.kinds;
    expect(kinds.map((x) => x.id)).toEqual(['tree', 'pocket-park', 'rain-garden']);
    expect(kinds.every((x) => x.undertaking === 'zielona-i-blekitna-infrastruktura')).toBe(true);
    expect(kinds.map((x) => x.target)).toEqual(['trees', undefined, undefined]);
    expect(kinds[1]).toMatchObject({ label: 'park kieszonkowy', geometries: ['Polygon'], rules: { maxAreaM2: 5000, maxCount: 1 } });
    expect(kinds[2]).toMatchObject({ label: 'ogród deszczowy', geometries: ['Point', 'Polygon'], rules: { maxAreaM2: 500, maxCount: 1 } });
  });
});

describe('Kalisz 2025–2029', () => {
  const k = () => packs.get('kalisz')!;

  it('has the programme\'s three areas with their exact names, its actions coded by the pack', () => {
    const goals = k().raw.goals;
    expect(goals).toMatchObject({ structure: 'areas', codesAssigned: true });
    expect(goals.strategic.map((g) => [g.code, g.name])).toEqual([
      ['I', 'Rozwój gospodarczy i innowacyjność'],
      ['II', 'Wsparcie dla młodych kaliszan'],
      ['III', 'Poprawa jakości życia mieszkańców'],
    ]);
    for (const g of goals.strategic) expect(g.operational.map((o) => o.code)).toEqual(g.operational.map((_, i) => `${g.code}.${i + 1}`));
    expect(goals.strategic[0]!.operational.map((o) => o.name)).toContain('Miejskie centrum coworkingowe');
  });

  it('puts no action on the map: every undertaking has no layers, no figures and a note saying the site is still open', () => {
    const us = k().raw.undertakings;
    expect(us.length).toBeGreaterThanOrEqual(15);
    for (const u of us) {
      expect(u.layers, u.id).toEqual([]);
      expect(u.figures, u.id).toEqual([]);
      expect(u.siteNote, u.id).toMatch(/nie wskazuje lokalizacji/);
    }
    expect(us.filter((u) => u.status === 'in-progress').map((u) => u.name)).toEqual(['Program „Kalisz dla młodych”']);
    expect(k().raw.manifest.layers.every((l) => l.role === 'context')).toBe(true);
  });

  it('takes site proposals, one site each, for actions without a site and with no target', () => {
    const kinds = k().raw.manifest.proposals!.kinds;
    expect(kinds.map((x) => x.id)).toEqual(['coworking', 'mikrostrefa', 'zlobek-przedszkole', 'mieszkania-mlodzi', 'kultura-sport']);
    const byId = new Map(k().raw.undertakings.map((u) => [u.id, u]));
    for (const kind of kinds) {
      const u = byId.get(kind.undertaking!);
      expect(u, kind.id).toBeDefined();
      expect(u!.layers, kind.id).toEqual([]);
      expect(kind.target, kind.id).toBeUndefined();
      expect(kind.needsSpecies, kind.id).toBe(false);
      expect(kind.rules.maxCount, kind.id).toBe(1);
      expect(kind.hint, kind.id).toBeTruthy();
    }
    expect(byId.get(kinds[0]!.undertaking!)!.name).toBe('Miejskie centrum coworkingowe');
  });

  it('draws schematic districts, Tyniec around its published point', () => {
    expect(k().districts.every((d) => d.info.accuracy === 'schematic')).toBe(true);
    expect(k().raw.districts.every((d) => /schematyczny podział/.test(d.properties.description ?? ''))).toBe(true);
    const tyniec = k().districts.find((d) => d.info.id === 'tyniec')!;
    expect(booleanPointInPolygon([18.11491, 51.76392], tyniec.feature)).toBe(true);
    const centre = k().districts.find((d) => d.info.id === 'srodmiescie')!;
    expect(booleanPointInPolygon(k().raw.manifest.centre, centre.feature)).toBe(true);
  });

  it('has an approximate boundary within 10 % of the town\'s 69.4 km²', () => {
    expect(k().raw.boundary.properties).toMatchObject({ accuracy: 'approximate', teryt: '3061011' });
    expect(Math.abs(k().boundaryAreaKm2 - 69.4) / 69.4).toBeLessThan(0.1);
  });
});
