import { VERSION } from '../version.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

export type PageName = 'forecasts' | 'changes' | 'health' | 'watches';

const NAV: readonly { page: PageName; href: string; label: string }[] = [
  { page: 'forecasts', href: '/', label: 'Forecasts' },
  { page: 'changes', href: '/changes', label: 'What changed' },
  { page: 'health', href: '/health', label: 'Sources' },
  { page: 'watches', href: '/watches', label: 'Watches' },
];

/** A whole page: the site header, the page's own content in `<main>`, and the footer. */
export function layout(options: { title: string; current?: PageName; body: HtmlValue }): SafeHtml {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · jps</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/jps.css" />
        <script src="/assets/jps.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site">
          <span class="brand">jps</span>
          <nav aria-label="Pages">
            <ul>
              ${NAV.map(
                (item) =>
                  html`<li>
                    <a href="${item.href}" ${item.page === options.current ? html` aria-current="page"` : ''}
                      >${item.label}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
        </header>
        <main id="main" tabindex="-1">${options.body}</main>
        <footer class="site">
          jps ${VERSION} · federal procurement forecasts, read-only · <a href="/api">JSON API</a>
        </footer>
      </body>
    </html> `;
}

/** "?a=1&b=2" from the values given (empty ones left out), or "" when there is none. */
export function queryString(values: Iterable<[string, string | number | undefined | null]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of values) {
    if (value === undefined || value === null || value === '') continue;
    params.append(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The path of a forecast's page. */
export function prospectHref(id: string): string {
  return `/prospects/${encodeURIComponent(id)}`;
}
