/**
 * The client's address, as rate limits and the burst flag count it. Without trusted proxies it
 * is the socket's peer. Behind proxies, X-Forwarded-For is read from the right: each trusted
 * proxy appends the address it got the request from, so the client is the first entry that a
 * trusted proxy wrote and that is not itself a trusted proxy. Anything further left was written
 * by the client and is never believed.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { isIP, isIPv4 } from 'node:net';
import type { TrustProxy } from '../config.ts';

export function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // app.request() in tests has no socket
  }
}

export function clientAddress(c: Context, trust: TrustProxy): string {
  return addressFrom(socketAddress(c), c.req.header('x-forwarded-for'), trust);
}

/**
 * Whether the request came through a trusted proxy, so its forwarded scheme and host may be
 * believed: any request when proxies are counted in hops, else one whose peer is on the list.
 */
export function fromTrustedProxy(c: Context, trust: TrustProxy): boolean {
  if ('hops' in trust) return trust.hops > 0;
  const peer = socketAddress(c);
  return peer !== undefined && isTrusted(normalize(peer), trust.addresses);
}

/** Pure part of clientAddress, for tests: the peer address, the X-Forwarded-For header, the trust setting. */
export function addressFrom(peer: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): string {
  const socket = normalize(peer ?? 'unknown');
  const hops = 'hops' in trust ? trust.hops : undefined;
  if (hops === 0 || !forwardedFor) return socket;
  const chain = [...forwardedFor.split(',').map((s) => normalize(s.trim())).filter(Boolean), socket];
  if (hops !== undefined) {
    // hops proxies appended hops entries: the client's is the one before them.
    const i = chain.length - 1 - hops;
    return valid(chain[Math.max(0, i)]!) ?? socket;
  }
  const list = (trust as { addresses: string[] }).addresses;
  let i = chain.length - 1;
  while (i > 0 && isTrusted(chain[i]!, list)) i--;
  return valid(chain[i]!) ?? socket;
}

function valid(a: string): string | undefined {
  return isIP(a) ? a : undefined;
}

function normalize(a: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return (m ? m[1]! : a).toLowerCase();
}

function isTrusted(address: string, list: string[]): boolean {
  return list.some((entry) => {
    const [net, bits] = entry.split('/');
    if (bits === undefined) return normalize(net!) === address;
    if (!isIPv4(address)) return false;
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    return ((ipv4(address) & mask) >>> 0) === ((ipv4(net!) & mask) >>> 0);
  });
}

function ipv4(a: string): number {
  return a.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
}

/** The network an address belongs to, for spotting bursts: an IPv4 /24 or an IPv6 /48. */
export function networkOf(address: string): string {
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIP(address) === 6) {
    const full = expandIPv6(address);
    return `${full.slice(0, 3).join(':')}::/48`;
  }
  return address;
}

function expandIPv6(a: string): string[] {
  const [head, tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((x) => x.replace(/^0+(?=.)/, ''));
}
