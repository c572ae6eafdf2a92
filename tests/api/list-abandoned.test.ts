/**
 * List pages take the read slot one at a time; a page whose client left while it waited for
 * the slot is never read (work queued for nobody would hold up every request behind it).
 */
import { describe, expect, it } from 'vitest';
import type { ProposalFilter, Store } from '../../server/store/store.ts';
import { until } from '../helpers/conditions.ts';
import { testApp } from '../helpers/test-app.ts';
import { openTestStore } from '../helpers/test-store.ts';

describe('a list page whose client left while it waited', () => {
  it('is not read; the page ahead of it and the next one are', async () => {
    const inner = await openTestStore();
    const limits: number[] = [];
    let holding = false;
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    // The store as it is, but the first page read waits at the gate (as a long read holds the slot).
    const store = new Proxy(inner, {
      get(target, prop) {
        if (prop === 'listProposals')
          return async (f: ProposalFilter) => {
            limits.push(f.limit);
            if (f.limit === 5 && !holding) {
              holding = true;
              await gate;
            }
            return target.listProposals(f);
          };
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as Store;
    const t = await testApp({ store });
    const first = t.request('/api/cities/mini/proposals?limit=5');
    await until(() => holding, 'the first page to hold the read slot');
    const gone = new AbortController();
    const second = t.request('/api/cities/mini/proposals?limit=6', { signal: gone.signal });
    gone.abort();
    letGo();
    expect((await first).status).toBe(200);
    await second;
    expect(limits).not.toContain(6);
    expect((await t.request('/api/cities/mini/proposals?limit=7')).status).toBe(200);
    expect(limits).toContain(7);
    await inner.close();
  });
});
