// The one stylesheet and the one script of the pages, served from /assets/ (the Content-Security-
// Policy allows nothing else). The pages work without the script: it only keeps the forecasts table
// up to date while the filters change, without reloading the page.

export const STYLESHEET = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #545d68; --line: #d0d7de; --accent: #0b5cad; --bg: #fff; --soft: #f3f5f7; --bad: #a4161a; --warn: #7a4d00; --good: #1a6b2f; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible, [tabindex]:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; background: var(--bg); padding: .5rem; z-index: 1; }
.skip:focus { left: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.site { border-bottom: 1px solid var(--line); padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; align-items: baseline; }
header.site .brand { font-weight: 700; margin-right: .5rem; }
header.site nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
header.site nav a[aria-current="page"] { font-weight: 700; color: var(--ink); }
main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
main:focus { outline: none; }
h1 { font-size: 1.5rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
footer.site { color: var(--muted); font-size: .875rem; padding: 1rem; border-top: 1px solid var(--line); }
form.filters { display: grid; gap: .75rem; margin-bottom: 1rem; }
.field { display: flex; flex-direction: column; gap: .2rem; min-width: 0; }
.field label, .field .label { font-size: .875rem; font-weight: 600; }
.hint { font-size: .8rem; color: var(--muted); }
input, select, button { font: inherit; padding: .4rem .5rem; border: 1px solid #8c959f; border-radius: 4px; background: var(--bg); color: var(--ink); min-width: 0; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
.search-row { display: flex; gap: .5rem; align-items: flex-end; }
.search-row .field { flex: 1; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .75rem; }
details.more { border: 1px solid var(--line); border-radius: 4px; padding: .5rem .75rem; }
details.more summary { cursor: pointer; font-weight: 600; }
details.more[open] summary { margin-bottom: .75rem; }
.range { display: flex; gap: .4rem; align-items: center; }
.range input { flex: 1; width: 100%; }
.summary-line { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; margin: .5rem 0; }
.summary-line p { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .45rem .5rem; border-bottom: 1px solid var(--line); }
th { font-size: .875rem; background: var(--soft); white-space: nowrap; }
th a { color: var(--ink); }
td.num { white-space: nowrap; }
.muted, .id { color: var(--muted); font-size: .8rem; }
.id { display: block; word-break: break-all; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .8rem; font-weight: 600; background: var(--soft); border: 1px solid var(--line); }
.v-healthy, .k-added, .k-restored { color: var(--good); }
.v-degraded { color: var(--warn); }
.v-failing, .k-removed, .error { color: var(--bad); }
.v-never_run { color: var(--muted); }
nav.pages { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: baseline; margin: 1rem 0; }
nav.pages ul { list-style: none; display: flex; gap: .75rem; padding: 0; margin: 0; }
dl.record { display: grid; grid-template-columns: minmax(9rem, 14rem) 1fr; gap: .35rem 1rem; margin: 0; }
dl.record dt { font-weight: 600; color: var(--muted); }
dl.record dd { margin: 0; overflow-wrap: anywhere; }
ol.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
ol.timeline li { padding: .25rem 0 .5rem 1rem; }
ol.timeline .change { overflow-wrap: anywhere; }
.group { border-top: 1px solid var(--line); padding: .75rem 0; }
.group h3, .group h4 { font-size: 1rem; margin: 0 0 .25rem; }
.group ul { margin: .25rem 0 0; padding-left: 1.25rem; }
.group li { overflow-wrap: anywhere; }
.sources { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; }
.card h2 { margin: 0 0 .25rem; }
.scroll { overflow-x: auto; }
[aria-busy="true"] { opacity: .6; }
@media (max-width: 640px) {
  main { padding: .75rem; }
  .search-row { flex-direction: column; align-items: stretch; }
  table.forecasts thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.forecasts, table.forecasts tbody, table.forecasts tr, table.forecasts td { display: block; }
  table.forecasts tr { border-bottom: 1px solid var(--line); padding: .5rem 0; }
  table.forecasts td { border: 0; padding: .1rem 0; }
  table.forecasts td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; color: var(--muted); font-size: .8rem; }
  dl.record { grid-template-columns: 1fr; }
  dl.record dd { margin-bottom: .5rem; }
}
`;

/**
 * The forecasts page's live filters: typing (debounced) and changing a filter fetch the results
 * part of the page for the new URL and put that URL in the history, so a link, reload and the
 * back button all show the same state the server renders for it.
 */
export const SCRIPT = `
(() => {
  'use strict';
  const form = document.querySelector('form[data-live]');
  const results = document.getElementById('results');
  const live = document.getElementById('live-status');
  if (!form || !results || !window.fetch || !window.history.pushState) return;
  const DEBOUNCE_MS = 300;
  let timer = 0;
  let controller = null;

  const urlFrom = () => {
    const params = new URLSearchParams();
    for (const element of form.elements) {
      if (!element.name || element.disabled) continue;
      const value = element.value.trim();
      if (value === '' || value === element.dataset.default) continue;
      params.append(element.name, value);
    }
    const query = params.toString();
    return form.getAttribute('action') + (query ? '?' + query : '');
  };

  const fillForm = (url) => {
    const params = new URL(url, location.href).searchParams;
    for (const element of form.elements) {
      if (!element.name) continue;
      const value = params.get(element.name) ?? element.dataset.default ?? '';
      if (element.tagName === 'SELECT' && ![...element.options].some((option) => option.value === value)) {
        element.add(new Option(value, value));
      }
      element.value = value;
    }
  };

  const load = async (url, how) => {
    if (controller) controller.abort();
    controller = new AbortController();
    results.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(url, { headers: { 'x-jps-part': 'results' }, signal: controller.signal });
      results.innerHTML = await response.text();
      if (how === 'push') history.pushState({ typing: false }, '', url);
      else if (how === 'typing') {
        if (history.state && history.state.typing) history.replaceState({ typing: true }, '', url);
        else history.pushState({ typing: true }, '', url);
      }
      const summary = results.querySelector('[data-summary]');
      if (live && summary) live.textContent = summary.textContent;
      results.removeAttribute('aria-busy');
    } catch (error) {
      if (error && error.name === 'AbortError') return;
      location.assign(url);
    }
  };

  const isTyped = (element) => element.tagName === 'INPUT';

  form.addEventListener('input', (event) => {
    if (!isTyped(event.target)) return;
    clearTimeout(timer);
    timer = setTimeout(() => load(urlFrom(), 'typing'), DEBOUNCE_MS);
  });
  form.addEventListener('change', (event) => {
    if (isTyped(event.target)) return;
    clearTimeout(timer);
    load(urlFrom(), 'push');
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    load(urlFrom(), 'push');
  });
  results.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[data-nav]');
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    fillForm(link.href);
    load(link.href, 'push').then(() => {
      const heading = document.getElementById('results-heading');
      if (heading) heading.focus();
    });
  });
  window.addEventListener('popstate', () => {
    clearTimeout(timer);
    fillForm(location.href);
    load(location.href, 'none');
  });
  history.replaceState({ typing: false }, '', location.href);
})();
`;
