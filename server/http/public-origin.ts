/**
 * The origin clients reached us at, for absolute links: behind a trusted reverse proxy the
 * scheme and host it forwards (X-Forwarded-Proto/-Host, or RFC 7239 Forwarded), else the
 * request's own. The one place that reads forwarded scheme/host, so whatever decides which
 * proxies are trusted plugs in here.
 */
import type { Context } from 'hono';
import type { TrustProxy } from '../config.ts';
import { fromTrustedProxy } from './client-address.ts';

const first = (v: string | undefined) => v?.split(',')[0]?.trim() || undefined;

export function forwardedProto(c: Context, trustProxy: TrustProxy): 'http' | 'https' | undefined {
  if (!fromTrustedProxy(c, trustProxy)) return undefined;
  const p = (first(c.req.header('x-forwarded-proto')) ?? /(?:^|[;,\s])proto=([a-z]+)/i.exec(c.req.header('forwarded') ?? '')?.[1])?.toLowerCase();
  return p === 'https' || p === 'http' ? p : undefined;
}

export function publicOrigin(c: Context, trustProxy: TrustProxy): string {
  const u = new URL(c.req.url);
  if (!fromTrustedProxy(c, trustProxy)) return u.origin;
  const proto = forwardedProto(c, trustProxy) ?? u.protocol.slice(0, -1);
  const host = first(c.req.header('x-forwarded-host')) ?? /(?:^|[;,\s])host="?([^;,"\s]+)/i.exec(c.req.header('forwarded') ?? '')?.[1];
  // Only a plain host[:port] is taken from a header; anything else keeps the request's own host.
  return `${proto}://${host && /^[a-z0-9.-]+(:\d{1,5})?$/i.test(host) ? host : u.host}`;
}
