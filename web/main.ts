/** Defines the elements and mounts the app (index.html holds a <kp-app>). */
import './app/kp-app.ts';

if (!document.querySelector('kp-app')) document.body.append(document.createElement('kp-app'));
