/**
 * Sign-in guessing, slowed per account wherever the guesses come from: after 3 failures in a
 * row each further attempt must wait 1, 2, 4 … s (at most 15 min) after the last failure, and
 * after LOGIN_LOCK_AFTER failures the account is locked until an admin lifts it (admin API or
 * `npm run user:unlock`). One check at a time per account, so parallel guesses cannot slip
 * past the back-off together. Every failure and every refused attempt is audited.
 */
import { refuse as refuseWith } from '../http/api-error.ts';
import type { RefusalCode, RefusalParams } from '../http/messages.ts';
import type { Store, User } from '../store/store.ts';

export const BACKOFF_AFTER = 3;
export const BACKOFF_MAX_S = 15 * 60;

/** Seconds to wait after the last failure before the next attempt, for `failures` in a row. */
export function backoffS(failures: number): number {
  return failures < BACKOFF_AFTER ? 0 : Math.min(BACKOFF_MAX_S, 2 ** (failures - BACKOFF_AFTER));
}

export function loginThrottle(store: Store, opts: { lockAfter: number }) {
  const checking = new Set<string>();

  async function refuse(login: string, address: string, code: RefusalCode, status: 429 | 423, params: RefusalParams, retryAfterS: number | null): Promise<never> {
    await store.audit({ at: new Date().toISOString(), actor: { kind: 'user', id: 'anonymous', name: login }, action: `login.${code}`, target: `login:${login.toLowerCase()}`, details: { address } });
    refuseWith(status, code, { login, ...params, ...(retryAfterS === null ? {} : { retryAfterS }) }, {}, retryAfterS === null ? {} : { 'retry-after': String(retryAfterS) });
  }

  return {
    /** Runs `verify` unless the account must wait or is locked; counts the outcome. */
    async attempt(login: string, address: string, verify: () => Promise<User | null>): Promise<User> {
      const key = login.toLowerCase();
      if (checking.has(key)) return refuse(login, address, 'login-busy', 429, {}, 1);
      checking.add(key);
      try {
        const state = await store.loginState(key);
        if (state.locked) {
          return refuse(login, address, 'account-locked', 423, { failures: state.failures }, null);
        }
        const waitMs = backoffS(state.failures) * 1000 - (Date.now() - state.lastFailureMs);
        if (waitMs > 0) {
          return refuse(login, address, 'login-backoff', 429, {}, Math.ceil(waitMs / 1000));
        }
        const user = await verify();
        if (user) {
          if (state.failures > 0) await store.loginSucceeded(key);
          return user;
        }
        const after = await store.loginFailed(key, Date.now(), opts.lockAfter);
        await store.audit({
          at: new Date().toISOString(),
          actor: { kind: 'user', id: 'anonymous', name: login },
          action: after.locked ? 'login.failed-locked' : 'login.failed',
          target: `login:${key}`,
          details: { address, failures: after.failures, locked: after.locked },
        });
        refuseWith(401, 'bad-credentials', { failures: after.failures, lockAfter: opts.lockAfter });
      } finally {
        checking.delete(key);
      }
    },
  };
}
