/**
 * Creates a planner or admin account in the configured store (DATABASE_URL, else the embedded SQLite).
 *   npm run user:add -- --role planner --login anna        (asks for the password, without echo)
 *   echo "$PASSWORD" | npm run user:add -- --role admin --login ops   (reads it from stdin)
 */
import { parseArgs } from 'node:util';
import { HTTPException } from 'hono/http-exception';
import { createAccount } from '../server/auth/accounts.ts';
import { passwordProblem } from '../server/auth/password-policy.ts';
import { readConfig } from '../server/config.ts';
import { openStore } from '../server/store/open-store.ts';
import type { PostgresStore } from '../server/store/postgres/postgres-store.ts';

async function main() {
  const { values } = parseArgs({ options: { role: { type: 'string' }, login: { type: 'string' } }, strict: true });
  const role = values.role;
  const login = values.login;
  if (role !== 'planner' && role !== 'admin') fail('--role must be "planner" or "admin"');
  if (!login || !/^[a-z0-9._-]{3,40}$/.test(login)) fail('--login: 3–40 characters of a–z, 0–9, dot, dash, underscore');
  const password = process.stdin.isTTY ? await askTwice() : (await readStdin()).split(/\r?\n/)[0] ?? '';
  const weak = passwordProblem(password, login);
  if (weak) fail(weak.message);
  const config = readConfig();
  const store = openStore(config, { log: () => undefined });
  if (store.kind === 'postgres' && !(await (store as PostgresStore).whenReady(15_000))) {
    const problem = (store as PostgresStore).problem;
    await store.close();
    fail(`cannot reach the database in DATABASE_URL: ${problem}`);
  }
  try {
    const user = await createAccount(store, { login, role, password });
    console.log(`Created ${user.role} "${user.login}" (${user.id}) in ${store.kind === 'postgres' ? 'PostgreSQL' : config.DATA_DIR}.`);
  } catch (e) {
    if (e instanceof HTTPException) fail(e.message);
    throw e;
  } finally {
    await store.close();
  }
}

function fail(msg: string): never {
  console.error(`user:add: ${msg}`);
  process.exit(2);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function askTwice(): Promise<string> {
  const a = await askHidden('Password: ');
  const b = await askHidden('Repeat password: ');
  if (a !== b) fail('the passwords differ');
  return a;
}

/** Reads a line from the terminal in raw mode, echoing nothing. */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stdout.write(prompt);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
