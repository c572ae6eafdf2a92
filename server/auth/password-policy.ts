/**
 * What a planner's or admin's password must be: long enough, not blank, not one character
 * or a short pattern repeated ("aaaaaaaaaa", "abcabcabca"), not a run of the keyboard or the
 * alphabet, not a well-known password (a short list shipped with the project, checked whatever
 * the case and with digits and punctuation around it), and not the login itself.
 */
import { COMMON_PASSWORDS } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export type PasswordRule = 'too-short' | 'too-long' | 'blank' | 'too-uniform' | 'common' | 'contains-login';

/** The first rule the password breaks with a message for a person, or null when it is fine. */
export function passwordProblem(password: string, login?: string): { rule: PasswordRule; message: string } | null {
  const chars = [...password.normalize('NFKC')];
  if (password.trim() === '') return { rule: 'blank', message: 'password: must not be empty or only spaces' };
  if (chars.length < MIN_PASSWORD_LENGTH) return { rule: 'too-short', message: `password: at least ${MIN_PASSWORD_LENGTH} characters` };
  if (chars.length > MAX_PASSWORD_LENGTH) return { rule: 'too-long', message: `password: at most ${MAX_PASSWORD_LENGTH} characters` };
  const lower = chars.join('').toLowerCase();
  if (new Set(chars.filter((c) => c.trim() !== '')).size < 4 || repeatsShortPattern(lower) || isRun(lower.replace(/\s+/g, ''))) {
    return { rule: 'too-uniform', message: 'password: too uniform (one character, a short pattern repeated or a run like "1234567890"); use a few unrelated words' };
  }
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core) || COMMON_PASSWORDS.has(lower.replace(/\s+/g, ''))) {
    return { rule: 'common', message: 'password: this is one of the most common passwords, which attackers try first; choose another' };
  }
  if (login && login.length >= 3 && lower.includes(login.toLowerCase())) return { rule: 'contains-login', message: 'password: must not contain the login' };
  return null;
}

function repeatsShortPattern(s: string): boolean {
  for (let n = 1; n <= 4; n++) {
    const unit = s.slice(0, n);
    if (unit.repeat(Math.ceil(s.length / n)).slice(0, s.length) === s) return true;
  }
  return false;
}

const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv', 'qwertzuiop'];

function isRun(s: string): boolean {
  const rev = [...s].reverse().join('');
  return RUNS.some((r) => (r + r).includes(s) || (r + r).includes(rev));
}
