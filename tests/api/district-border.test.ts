import { describe, expect, it } from 'vitest';
import type { DistrictAt, DistrictSummaries, ProposalDetail } from '../../server/api-types.ts';
import { resident, tree } from '../helpers/people.ts';
import { postJson, testApp } from '../helpers/test-app.ts';

// Fixture "mini": zachod (listed first) west of lon 22.01, wschod east of it. Alphabetically
// wschod comes first, so a store that decided the district again by id would disagree here.
// This file runs on SQLite (unit project) and on PostgreSQL (postgres project).
const ON_BORDER: [string, number, number][] = [
  ['the shared edge', 22.01, 50.905],
  ['the shared vertex on the south edge', 22.01, 50.9],
  ['the shared vertex on the north edge', 22.01, 50.91],
];

describe('a proposal exactly on a district border', () => {
  it('lands in the district listed first in the pack, as the district lookup says, and is counted there', async () => {
    const t = await testApp();
    const ala = await resident(t.request, 'Ala');
    for (const [where, lon, lat] of ON_BORDER) {
      const at = (await (await t.request(`/api/cities/mini/districts/at?lon=${lon}&lat=${lat}`)).json()) as DistrictAt;
      expect(at.district.id, where).toBe('zachod');
      const res = await t.request('/api/cities/mini/proposals', postJson(tree(lon, lat), ala.headers));
      expect(res.status, where).toBe(201);
      const p = (await res.json()) as ProposalDetail;
      expect(p.properties.district, where).toBe('zachod');
      const stored = (await (await t.request(`/api/cities/mini/proposals/${p.id}`)).json()) as ProposalDetail;
      expect(stored.properties.district, where).toBe('zachod');
    }
    const { summaries } = (await (await t.request('/api/cities/mini/districts/summaries')).json()) as DistrictSummaries;
    const trees = (id: string) => summaries.find((s) => s.district.id === id)!.targets.find((x) => x.id === 'trees')!;
    expect(trees('zachod').proposed).toBe(3);
    expect(trees('wschod').proposed).toBe(0);
    const listed = await (await t.request('/api/cities/mini/proposals?district=zachod')).json();
    expect(listed.numberMatched).toBe(3);
    await t.store.close();
  });
});
