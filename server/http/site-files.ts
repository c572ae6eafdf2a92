/**
 * The files every web server is asked for besides the viewer: robots.txt and the favicon;
 * and the rule that an unknown path naming a file (it has an extension) is a 404, never the
 * viewer's page — while extension-less paths still get the viewer (its routes live in the hash).
 */
import { Hono } from 'hono';
import { refusalResponse } from './api-error.ts';
import { refusalMessage } from './messages.ts';

/** Crawlers may read the viewer and the open data; they stay out of the writing API and the admin. */
export const ROBOTS_TXT = ['User-agent: *', 'Disallow: /api/', 'Allow: /api/cities', 'Allow: /ogc/', ''].join('\n');

/** A tree on the project's green: the same mark in the tab and in bookmarks. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d3b2a"/><circle cx="16" cy="13" r="8" fill="#6fbf73"/><rect x="14.5" y="18" width="3" height="9" fill="#f5efe0"/></svg>`;

/** A last path segment with an extension looks like a file ("/robots.txt", "/wp-login.php"); "/krasnik" does not. */
export function looksLikeFile(pathname: string): boolean {
  const last = pathname.split('/').pop() ?? '';
  return /\.[A-Za-z0-9]{1,8}$/.test(last) && !/^index\.html?$/i.test(last);
}

export function siteFiles() {
  const app = new Hono();
  app.get('/robots.txt', (c) => c.text(ROBOTS_TXT, 200, { 'cache-control': 'public, max-age=86400' }));
  app.get('/favicon.svg', (c) => c.body(FAVICON_SVG, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }));
  // Browsers and crawlers ask for /favicon.ico without reading the page: point them at the SVG.
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301));
  return app;
}

/**
 * The answer for an unknown file: the catalogue's refusal (code, params, its English message)
 * as JSON for a client that asks for it, its message as plain text otherwise.
 */
export function fileNotFound(pathname: string, accept: string | undefined): Response {
  const params = { rule: 'file', path: pathname.slice(0, 200) };
  const headers = { 'cache-control': 'no-store' };
  if (accept?.includes('application/json')) return refusalResponse(404, 'not-found', params, {}, headers);
  return new Response(`404 Not Found\n${refusalMessage('not-found', params)}\n`, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
}
