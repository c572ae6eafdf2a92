import { describe, expect, it } from 'vitest';
import { pickCity, stateForCity, strategyHeading, townHref, townTitle } from '../../web/state/town.ts';
import { decodeHash } from '../../web/state/url-codec.ts';

const cities = [
  { id: 'kalisz', hasStory: false },
  { id: 'krasnik', hasStory: true },
];

const kalisz = {
  id: 'kalisz',
  hasStory: true,
  layers: [
    { id: 'rzeki', visible: true },
    { id: 'programy', visible: false },
  ],
  districts: [{ id: 'majkow', name: 'Majków' }],
} as unknown as Parameters<typeof stateForCity>[0];

const features = new Set(['program-1']);
const has = (id: string) => features.has(id);

describe('which town a link opens', () => {
  it('is the town the hash names, else the first with a story for #story/n, else the first', () => {
    expect(pickCity(cities, decodeHash('#krasnik/13/50.9/22.2'))).toBe('krasnik');
    expect(pickCity(cities, decodeHash('#story/3'))).toBe('krasnik');
    expect(pickCity(cities, decodeHash('#atlantyda'))).toBe('kalisz');
    expect(pickCity(cities, decodeHash(''))).toBe('kalisz');
    expect(pickCity([], decodeHash('#krasnik'))).toBeNull();
  });
});

describe('the switcher link of a town', () => {
  it('names the town alone and keeps the open tab', () => {
    expect(townHref('kalisz')).toBe('#kalisz');
    expect(townHref('kalisz', 'layers')).toBe('#kalisz');
    expect(townHref('kalisz', 'strategy')).toBe('#kalisz?tab=strategia');
    expect(townHref('kalisz', 'proposals')).toBe('#kalisz?tab=propozycje');
    // what the link carries is read back as that town with no selection
    expect(decodeHash(townHref('kalisz', 'districts'))).toMatchObject({ city: 'kalisz', view: null, layers: null, feature: null, district: null, tab: 'districts', choropleth: null });
  });
});

describe('the state right after a town is loaded', () => {
  it('starts clean from a switcher link: default layers, no feature, district, view, choropleth or story', () => {
    expect(stateForCity(kalisz, decodeHash('#kalisz?tab=strategia'), has)).toEqual({
      city: 'kalisz',
      visible: new Set(['rzeki']),
      feature: null,
      district: null,
      tab: 'strategy',
      view: null,
      mode: 'browse',
      choropleth: null,
      story: null,
    });
  });

  it("restores a link of the same town (Back/Forward), keeping only what the town has", () => {
    const s = stateForCity(kalisz, decodeHash('#kalisz/13/51.75/18.08?layers=programy,trasy-krasnika&f=program-1&d=majkow&c=bike-km'), has);
    expect(s).toMatchObject({ view: { zoom: 13, lat: 51.75, lon: 18.08 }, feature: 'program-1', district: 'majkow', tab: 'districts', choropleth: 'bike-km' });
    expect([...s.visible]).toEqual(['programy']);
    const foreign = stateForCity(kalisz, decodeHash('#kalisz?f=trasa-urzedowska&d=piaski'), has);
    expect(foreign).toMatchObject({ feature: null, district: null, tab: 'layers' });
  });

  it("never takes another town's view or selection", () => {
    // Loading Kalisz for a link that names Kraśnik (e.g. Kraśnik missing): none of its view or selection.
    const s = stateForCity(kalisz, decodeHash('#krasnik/13/50.9/22.2?layers=programy&f=program-1&d=majkow'), has);
    expect(s).toMatchObject({ view: null, feature: null, district: null });
    expect([...s.visible]).toEqual(['rzeki']);
  });

  it('opens the story only when the town has one', () => {
    expect(stateForCity(kalisz, decodeHash('#kalisz/story/2'), has).story).toBe(2);
    expect(stateForCity({ ...kalisz, hasStory: false }, decodeHash('#kalisz/story/2'), has).story).toBeNull();
  });
});

describe('the document title', () => {
  it('names the town and its strategy', () => {
    expect(townTitle({ name: 'Kalisz', strategy: { title: 'Program Rozwoju Kalisza 2025–2029' } as never }, 'Plan na mapie')).toBe('Kalisz — Program Rozwoju Kalisza 2025–2029 · Plan na mapie');
  });
});

describe('the header strategy line', () => {
  it('gives the period unless the title already names its years', () => {
    expect(strategyHeading({ title: 'Program Rozwoju Kalisza 2025–2029', period: '2025–2029' })).toBe('Program Rozwoju Kalisza 2025–2029');
    expect(strategyHeading({ title: 'Strategia Rozwoju Miasta Kraśnik 2030', period: 'do 2030' })).toBe('Strategia Rozwoju Miasta Kraśnik 2030');
    expect(strategyHeading({ title: 'Strategia Rozwoju Miasta Kraśnik 2030', period: '2021–2030' })).toBe('Strategia Rozwoju Miasta Kraśnik 2030 · 2021–2030');
    expect(strategyHeading({ title: 'Strategia', period: 'bez terminu' })).toBe('Strategia · bez terminu');
  });
});
