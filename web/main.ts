/** Defines the elements and mounts the app (index.html holds a <kp-app>). */
import { initLocale } from './i18n/locale.ts';
import './app/kp-app.ts';

// The remembered (or ?lang=) locale, before the first render (the shell's first render waits
// for its table: English is fetched on first use).
void initLocale();

if (!document.querySelector('kp-app')) document.body.append(document.createElement('kp-app'));
// The map's library and its worker start now, beside the shell and the town's data (issue 13).
void import('./map/maplibre.ts');
