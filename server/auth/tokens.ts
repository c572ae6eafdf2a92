import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** A random secret for a browser to keep (resident token, session id, CSRF token). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Secrets are stored only as their SHA-256, so a leaked database holds no usable token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newId(): string {
  return randomUUID();
}
