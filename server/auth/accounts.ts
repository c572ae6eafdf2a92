import { refuse } from '../http/api-error.ts';
import { DuplicateError, type AccountStore, type ActorRef, type AuditStore, type User, type UserRole } from '../store/store.ts';
import { hashPassword } from './passwords.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy.ts';
import { newId } from './tokens.ts';

/** Creates a planner or admin account (from the CLI or by an admin), recorded in the audit log. */
export async function createAccount(store: AccountStore & AuditStore, input: { login: string; role: UserRole; password: string }, by?: ActorRef): Promise<User> {
  const weak = passwordProblem(input.password, input.login);
  if (weak) refuse(400, 'weak-password', { field: 'password', rule: weak.rule, ...(weak.rule === 'too-short' ? { min: MIN_PASSWORD_LENGTH } : weak.rule === 'too-long' ? { max: MAX_PASSWORD_LENGTH } : {}) });
  const user: User = { id: newId(), login: input.login, role: input.role, passwordHash: await hashPassword(input.password), disabled: false, createdAt: new Date().toISOString() };
  try {
    await store.createUser(user);
  } catch (e) {
    if (e instanceof DuplicateError) refuse(409, 'login-taken', { login: input.login });
    throw e;
  }
  await store.audit({ at: user.createdAt, actor: by ?? { kind: 'user', id: 'cli', name: 'cli' }, action: 'user.create', target: `user:${user.id}`, details: { login: user.login, role: user.role } });
  return user;
}
