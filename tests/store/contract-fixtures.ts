/**
 * What the store contract tests share: the stores they run on (SQLite in memory, SQLite in a
 * file with reads on worker threads, PostgreSQL + PostGIS in the run's throwaway cluster),
 * a store per file with two residents, and proposal fixtures.
 */
import { distance, pointOnFeature } from '@turf/turf';
import type { Geometry, Point } from 'geojson';
import { afterAll, beforeAll } from 'vitest';
import type { ActorRef, NewProposal, SpacingRule, Store } from '../../server/store/store.ts';
import { openTestStore, type StoreKind } from '../helpers/test-store.ts';

export const STORE_KINDS: StoreKind[] = ['sqlite', 'sqlite-file', 'postgres'];

export const planner: ActorRef = { kind: 'user', id: 'u-planner', name: 'Planistka' };
export const T0 = '2026-11-23T10:00:00.000Z';

/** A fresh store for the calling describe block, with residents r-1 (Ala) and r-2 (Ola). */
export function useStore(kind: StoreKind): () => Store {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(kind);
    await store.createResident({ id: 'r-1', nickname: 'Ala', tokenHash: 'hash-1', createdAt: T0 });
    await store.createResident({ id: 'r-2', nickname: 'Ola', tokenHash: 'hash-2', createdAt: T0 });
  }, 60_000);
  afterAll(async () => store?.close());
  return () => store;
}

/** Distance between representative points, as the service's rule does for the SQLite store. */
export const spacing = (minM: number): SpacingRule => ({
  minM,
  distanceM: (a: Geometry, b: Geometry) => {
    const pa = a.type === 'Point' ? a : pointOnFeature(a).geometry;
    const pb = b.type === 'Point' ? b : pointOnFeature(b).geometry;
    return distance(pa as Point, pb as Point, { units: 'meters' });
  },
});

let n = 0;
export function proposal({ at, ...over }: Partial<NewProposal> & { at?: [number, number] } = {}): NewProposal {
  const [lon, lat] = at ?? [22.2 + ++n * 0.001, 50.9];
  const geometry = over.geometry ?? ({ type: 'Point', coordinates: [lon, lat] } as Point);
  return {
    id: `p-${++n}`,
    city: 'gród',
    kind: 'tree',
    geometry,
    bbox: [lon, lat, lon, lat],
    lon,
    lat,
    district: null,
    species: 'tilia-cordata',
    count: 1,
    note: 'przy szkole',
    author: { kind: 'resident', id: 'r-1', name: 'Ala' },
    createdAt: T0,
    ...over,
  };
}
