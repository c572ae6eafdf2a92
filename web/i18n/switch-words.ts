/**
 * The language switch's words in the language it offers ("Switch to English", "EN"): the
 * switch shows them before that language's table has come (each table but Polish loads on
 * first use), so they live here too, and en.ts takes them from here.
 */
import type { Messages } from './pl.ts';

type SwitchWords = Pick<Messages, 'locale.switch' | 'locale.short'>;

export const SWITCH_WORDS: Record<'pl' | 'en', SwitchWords> = {
  pl: { 'locale.switch': 'Przełącz na polski', 'locale.short': 'PL' },
  en: { 'locale.switch': 'Switch to English', 'locale.short': 'EN' },
};
