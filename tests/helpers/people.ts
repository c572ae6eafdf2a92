import { createAccount } from '../../server/auth/accounts.ts';
import type { Store, UserRole } from '../../server/store/store.ts';
import { postJson } from './test-app.ts';

type Request = (p: string, init?: RequestInit) => Response | Promise<Response>;

export interface Caller {
  role: 'anonymous' | 'resident' | 'planner' | 'admin';
  headers: Record<string, string>;
  id?: string;
}

export const anonymous: Caller = { role: 'anonymous', headers: {} };

/** A resident: picks a nickname, keeps the token, sends it as a Bearer header. */
export async function resident(request: Request, nickname = 'Mieszkanka'): Promise<Caller> {
  const res = await request('/api/residents', postJson({ nickname }));
  if (res.status !== 201) throw new Error(`resident sign-up failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { id: string; token: string };
  return { role: 'resident', id: body.id, headers: { authorization: `Bearer ${body.token}` } };
}

let n = 0;
/** A planner or admin: account made as the CLI makes it, then signed in; cookie plus CSRF header. */
export async function staff(request: Request, store: Store, role: UserRole): Promise<Caller> {
  const login = `${role}${++n}`;
  const password = 'correct horse battery';
  await createAccount(store, { login, role, password });
  const res = await request('/api/auth/login', postJson({ login, password }));
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const body = (await res.json()) as { id: string; csrfToken: string };
  return { role, id: body.id, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

export const tree = (lon: number, lat: number, extra: Record<string, unknown> = {}) => ({
  kind: 'tree',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  species: 'quercus-robur',
  count: 1,
  note: '',
  ...extra,
});
