/**
 * The service as plain HTML pages for a person exploring it in a browser: every text
 * escaped, every link a link. No script, no styles beyond a few inline rules.
 */
export const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

export interface HtmlLink {
  rel: string;
  type?: string;
  title?: string;
  href: string;
}

const STYLE = 'body{font:15px/1.45 system-ui,sans-serif;max-width:70rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}code{font-size:90%}nav a{margin:0 .3rem}.wide{overflow-x:auto}td{max-width:22rem}pre{white-space:pre-wrap;word-break:break-all;font-size:85%}';

export function htmlPage(title: string, crumbs: HtmlLink[], body: string): string {
  const nav = crumbs.map((l) => `<a href="${esc(l.href)}">${esc(l.title ?? l.rel)}</a>`).join(' › ');
  return `<!doctype html><html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body><nav>${nav}</nav><h1>${esc(title)}</h1>${body}</body></html>`;
}

export const linkList = (links: HtmlLink[]) =>
  `<ul>${links.map((l) => `<li><a href="${esc(l.href)}">${esc(l.title ?? l.rel)}</a> <small>(${esc(l.rel)}${l.type ? `, ${esc(l.type)}` : ''})</small></li>`).join('')}</ul>`;

export const table = (head: string[], rows: unknown[][], raw = new Set<number>()) =>
  `<div class="wide"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v, i) => `<td>${raw.has(i) ? String(v) : esc(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></div>`;

export const a = (href: string, text: unknown) => `<a href="${esc(href)}">${esc(text)}</a>`;
export const p = (text: unknown) => `<p>${esc(text)}</p>`;
