/** The AuditStore contract, held against every store (see contract-fixtures.ts). */
import { describe, expect, it } from 'vitest';
import { STORE_KINDS, useStore, planner, T0 } from './contract-fixtures.ts';

describe.each(STORE_KINDS)('AuditStore — %s', (kind) => {
  const store = useStore(kind);

  it('keeps an audit trail, newest first', async () => {
    await store().audit({ at: T0, actor: planner, action: 'user.create', target: 'u-9', details: { role: 'planner' } });
    await store().audit({ at: '2026-11-23T10:00:01.000Z', actor: planner, action: 'user.disable', target: 'u-9' });
    const [last, before] = await store().listAudit(2);
    expect(last).toEqual({ at: '2026-11-23T10:00:01.000Z', actor: { kind: 'user', id: 'u-planner', name: '' }, action: 'user.disable', target: 'u-9', details: undefined });
    expect(before).toMatchObject({ action: 'user.create', details: { role: 'planner' } });
  });
});
