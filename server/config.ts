import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { isIP, isIPv4 } from 'node:net';
import { z } from 'zod';
import { parseBasemapsEnv } from './basemaps/basemaps.ts';

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
  /** The date of the last report to the council (YYYY-MM-DD): "what changed since" starts there; unset, Dec 31 of last year. */
  LAST_REPORT_DATE: z.iso.date('a date YYYY-MM-DD').optional(),
  /**
   * Optional online geocoder for the search box, asked by the server (never the browser) within
   * the town's bounds: a Nominatim base URL (…/search is added) or a Photon …/api URL. Off by default.
   */
  GEOCODER_URL: z.string().default('').refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'the http(s) URL of a Nominatim server (e.g. https://nominatim.openstreetmap.org) or of a Photon API (e.g. https://photon.komoot.io/api)'),
  /** How long the geocoder may take before the search answers without it. */
  GEOCODER_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  GEOCODER_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Basemaps the viewer's switcher offers in every town: a JSON array (see README, "Basemaps"). The own offline style is always there. */
  BASEMAPS: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      try {
        parseBasemapsEnv(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^BASEMAPS: /, '') });
      }
    }),
  /** Writes (proposals, supports, sign-ups) one client may make per minute. */
  RATE_LIMIT_WRITES: z.coerce.number().int().min(1).default(60),
  /** Sign-ups (new resident tokens) one client address may make per hour. */
  RATE_LIMIT_SIGNUPS: z.coerce.number().int().min(1).default(30),
  /** Sign-in attempts one client address may make per minute (on top of each account's back-off). */
  RATE_LIMIT_LOGINS: z.coerce.number().int().min(1).default(10),
  /** Failed sign-ins in a row after which an account is locked until an admin lifts the lock. */
  LOGIN_LOCK_AFTER: z.coerce.number().int().min(3).max(1000).default(10),
  /**
   * Reverse proxies in front of the server, so the client address is read from X-Forwarded-For:
   * "0" (none, the default), a hop count ("1": one proxy, which appends the client's address),
   * or a comma-separated list of the proxies' addresses (IPv4/IPv6, IPv4 CIDR ranges allowed).
   * The address is taken that many hops from the right; entries a client wrote are never trusted.
   */
  TRUST_PROXY: z
    .string()
    .default('0')
    .transform((v, ctx): TrustProxy => {
      const t = v.trim();
      if (t === '' || t === '0' || t === 'false') return { hops: 0 };
      if (t === 'true') return { hops: 1 };
      if (/^\d+$/.test(t)) {
        const hops = Number(t);
        if (hops > 10) ctx.addIssue({ code: 'custom', message: `a hop count from 0 to 10 (got ${hops})` });
        return { hops };
      }
      const addresses = t.split(',').map((a) => a.trim()).filter(Boolean);
      const bad = addresses.find((a) => !isProxyAddress(a));
      if (bad !== undefined) {
        ctx.addIssue({ code: 'custom', message: `"${bad.slice(0, 60)}" is neither a hop count nor an IP address or IPv4 CIDR range; use e.g. TRUST_PROXY=1 or TRUST_PROXY=10.0.0.5,10.0.1.0/24` });
      }
      return { addresses };
    }),
  /** Origins whose web pages may read the OGC API and the layer API (GET only): "*" (default), "none", or a comma-separated list. */
  CORS_ORIGINS: z
    .string()
    .default('*')
    .refine((v) => ['*', '', 'none'].includes(v.trim()) || v.split(',').every((o) => /^https?:\/\/[^\s/,]+\/?$/.test(o.trim())), 'use "*", "none", or origins like https://maps.example.org separated by commas'),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 90).default(12),
  /** A resident's token stops working this many days after it was issued (they sign up again). */
  RESIDENT_TOKEN_TTL_DAYS: z.coerce.number().positive().max(3650).default(180),
  /** Threads that run geometry on user input and imports, off the event loop. */
  WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  /** A geometry job (drawn query, proposal check) over this many milliseconds is stopped (503). */
  WORKER_TIME_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** A proposals export whose client reads nothing for this many seconds is ended (its connection closed). */
  EXPORT_IDLE_S: z.coerce.number().int().min(1).max(3600).default(30),
  /** An import over this many milliseconds is stopped (503). */
  IMPORT_TIME_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  /** Heap (MiB) a worker may use; an import or query over it is stopped (413) and the worker replaced. */
  WORKER_MEMORY_MB: z.coerce.number().int().min(32).max(16_384).default(512),
  /**
   * SMTP server for e-mail confirmation of supporters (towns whose pack sets verification
   * "email"): smtp://user:pass@host:587 or smtps://…:465. Unset: such towns refuse supports
   * with a clear message until it is set.
   */
  SMTP_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || /^smtps?:\/\/\S+$/.test(v), 'use smtp://user:password@host:port or smtps://…, or leave it unset'),
  /** The From address of confirmation mails. */
  MAIL_FROM: z.string().default('Plan na mapie <no-reply@localhost>'),
  /** The address residents reach the viewer at, for links in mails (e.g. https://plan.krasnik.pl). Unset: taken from the request. */
  PUBLIC_URL: z.string().default('').refine((v) => v === '' || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(v), 'an http(s) URL, e.g. https://plan.example.pl'),
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

/** Which reverse proxies are trusted: so many hops, or these addresses. */
export type TrustProxy = { hops: number } | { addresses: string[] };

function isProxyAddress(a: string): boolean {
  const [ip, bits, ...rest] = a.split('/');
  if (rest.length) return false;
  if (bits !== undefined) return isIPv4(ip!) && /^\d+$/.test(bits) && Number(bits) <= 32;
  return isIP(ip!) !== 0;
}

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
