import { Hono } from 'hono';
import { z } from 'zod';
import type { ActorEnv } from '../auth/actor.ts';
import { requireRole } from '../auth/guards.ts';
import { createAccount } from '../auth/accounts.ts';
import { refuse } from '../http/api-error.ts';
import type { AppDeps } from '../http/deps.ts';
import { jsonBody, parseOr400 } from '../http/parse-input.ts';

const NewUser = z
  .object({
    login: z.string().regex(/^[a-z0-9._-]{3,40}$/, 'login: 3–40 characters of a–z, 0–9, dot, dash, underscore'),
    role: z.enum(['planner', 'admin']),
    password: z.string().max(200, 'password must be at most 200 characters'),
  })
  .strict();

/** Admins manage planner (and admin) accounts. */
export function adminRoutes(deps: AppDeps) {
  const app = new Hono<ActorEnv>();
  const { store } = deps;
  app.use('/admin/*', requireRole('admin'));

  app.get('/admin/users', async (c) =>
    c.json({ users: (await store.listUsers()).map(({ passwordHash: _h, ...u }) => u) }),
  );

  app.post('/admin/users', async (c) => {
    const input = parseOr400(NewUser, await jsonBody(c), 'body');
    const actor = c.get('actor');
    const user = await createAccount(store, input, actor.kind === 'user' ? { kind: 'user', id: actor.id, name: actor.name } : undefined);
    const { passwordHash: _h, ...out } = user;
    return c.json(out, 201);
  });

  app.post('/admin/users/:id/:action{disable|enable}', async (c) => {
    const id = c.req.param('id');
    const disable = c.req.param('action') === 'disable';
    const actor = c.get('actor');
    if (actor.kind === 'user' && actor.id === id && disable) refuse(409, 'self-disable');
    if (!(await store.setUserDisabled(id, disable))) refuse(404, 'unknown-user', { id: id.slice(0, 100) });
    if (disable) await store.deleteUserSessions(id);
    if (actor.kind === 'user') await store.audit({ at: new Date().toISOString(), actor: { kind: 'user', id: actor.id, name: actor.name }, action: disable ? 'user.disable' : 'user.enable', target: `user:${id}` });
    return c.json({ id, disabled: disable });
  });

  /** Lifts the lock (and the back-off) a login got from failed sign-ins. */
  app.post('/admin/logins/:login/unlock', async (c) => {
    const login = c.req.param('login');
    if (!/^[a-zA-Z0-9._-]{1,100}$/.test(login)) refuse(400, 'invalid-input', { field: 'login', rule: 'login-format', max: 100 });
    const had = await store.unlockLogin(login);
    const actor = c.get('actor');
    if (actor.kind === 'user') await store.audit({ at: new Date().toISOString(), actor: { kind: 'user', id: actor.id, name: actor.name }, action: 'login.unlock', target: `login:${login.toLowerCase()}`, details: { hadLock: had } });
    return c.json({ login: login.toLowerCase(), unlocked: had });
  });

  app.get('/admin/audit', async (c) => c.json({ entries: await store.listAudit(200) }));
  return app;
}
