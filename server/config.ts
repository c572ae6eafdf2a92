import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

/** Repository root, found from this file so `npm start` works from any cwd. */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default(path.join(ROOT_DIR, 'var')),
  PACKS_DIR: z.string().min(1).default(path.join(ROOT_DIR, 'data')),
  WEB_DIR: z.string().min(1).default(path.join(ROOT_DIR, 'dist', 'web')),
  /** Optional online basemap: "osm" for OpenStreetMap raster tiles, or a vector style URL. Off by default. */
  BASEMAP: z
    .string()
    .default('')
    .refine((v) => v === '' || v === 'osm' || /^https?:\/\/\S+$/.test(v), 'use "" (off), "osm", or the http(s) URL of a MapLibre style'),
  /** Writes (proposals, supports, sign-ups) one client may make per minute. */
  RATE_LIMIT_WRITES: z.coerce.number().int().min(1).default(60),
  /** Trust X-Forwarded-For / X-Forwarded-Proto (set when behind a reverse proxy). */
  TRUST_PROXY: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  /** Origins whose web pages may read the OGC API and the layer API (GET only): "*" (default), "none", or a comma-separated list. */
  CORS_ORIGINS: z
    .string()
    .default('*')
    .refine((v) => ['*', '', 'none'].includes(v.trim()) || v.split(',').every((o) => /^https?:\/\/[^\s/,]+\/?$/.test(o.trim())), 'use "*", "none", or origins like https://maps.example.org separated by commas'),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info'),
  /**
   * Where proposals, accounts and sessions live. Unset: the embedded SQLite file in DATA_DIR.
   * postgres://user:pass@host:5432/db: PostgreSQL with PostGIS, shared by any number of servers.
   */
  DATABASE_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || /^postgres(ql)?:\/\/[^\s]+$/.test(v), 'use a postgres://user:password@host:port/database URL, or leave it unset for the embedded SQLite store')
    .refine((v) => v === '' || isUrl(v), 'not a valid URL (check the host, the port and %-encode special characters in the password)'),
  /** The town the viewer opens when the link names none (a pack id). Unset: Kraśnik when its pack is there, else the first pack. */
  DEFAULT_CITY: z.string().regex(/^[a-z0-9-]*$/, 'a pack id: lower-case letters, digits and hyphens').default(''),
});

export type Config = z.infer<typeof EnvSchema>;

function isUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.hostname !== '' || u.searchParams.has('host');
  } catch {
    return false;
  }
}

/** The only reader of process.env: validates once and names the bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${issues}`);
  }
  return parsed.data;
}
