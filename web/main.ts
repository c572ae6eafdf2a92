/** Defines the elements and mounts the app (index.html holds a <kp-app>). */
import { initLocale } from './i18n/locale.ts';
import './app/kp-app.ts';

// The remembered (or ?lang=) locale, before the first render (components render in a microtask).
initLocale();

if (!document.querySelector('kp-app')) document.body.append(document.createElement('kp-app'));
