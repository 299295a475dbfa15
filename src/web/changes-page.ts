import type { ChangeParams, QueryValues } from '../api/params.js';
import type { ChangeEvent } from '../store/event-queries.js';
import { html, type SafeHtml } from './html.js';
import { layout, prospectHref, queryString } from './layout.js';
import { dateWords, fieldWords, timeWords, valueWords } from './words.js';

export interface ChangesView {
  query: QueryValues;
  params?: ChangeParams;
  events?: readonly ChangeEvent[];
  total?: number;
  error?: string;
  sources: readonly { key: string; name: string }[];
}

const PARAM_NAMES = ['since', 'source', 'kind', 'limit', 'page'] as const;

const KIND_LABELS: Record<ChangeEvent['kind'], string> = {
  added: 'Added',
  updated: 'Changed',
  removed: 'Removed',
  restored: 'Restored',
};

/** The periods offered as links; any other `since` (a date, 12h) is typed. */
const PERIODS: readonly { since: string; label: string }[] = [
  { since: 'last-run', label: 'Since the last run' },
  { since: '7d', label: 'The last 7 days' },
  { since: '30d', label: 'The last 30 days' },
];

function given(view: ChangesView, name: string): string {
  return view.query.get(name) ?? '';
}

function linkQuery(view: ChangesView, changes: Record<string, string | number | undefined>): string {
  return queryString(
    PARAM_NAMES.map((name) => [name, name in changes ? changes[name] : view.query.get(name)]),
  );
}

/** `jps history`'s change report: what changed, grouped by forecast, newest first. */
export function changesPage(view: ChangesView): SafeHtml {
  const since = given(view, 'since') || 'last-run';
  return layout({
    title: 'What changed',
    current: 'changes',
    body: html`<h1>What changed</h1>
      <p>
        ${PERIODS.map(
          (period, index) =>
            html`${index > 0 ? ' · ' : ''}${
              period.since === since
                ? html`<strong aria-current="true">${period.label}</strong>`
                : html`<a
                    href="/changes${linkQuery(view, { since: period.since === 'last-run' ? undefined : period.since, page: undefined })}"
                    >${period.label}</a
                  >`
            }`,
        )}
      </p>
      <form class="filters" method="get" action="/changes" aria-label="Filter the changes" data-live>
        <div class="grid">
          <div class="field">
            <label for="c-since">Since</label
            ><input
              id="c-since"
              name="since"
              type="text"
              value="${given(view, 'since')}"
              data-default="last-run"
              placeholder="last-run"
              aria-describedby="c-since-hint"
            /><span class="hint" id="c-since-hint">last-run, 7d, 12h, or a date such as 2026-11-20</span>
          </div>
          <div class="field">
            <label for="c-source">Source</label
            ><select id="c-source" name="source" data-default="">
              ${[{ key: '', name: 'All sources' }, ...view.sources].map(
                (source) =>
                  html`<option
                    value="${source.key}"
                    ${source.key === given(view, 'source') ? html`selected` : ''}
                  >
                    ${source.name}
                  </option>`,
              )}
            </select>
          </div>
          <div class="field">
            <label for="c-kind">Kind</label
            ><select id="c-kind" name="kind" data-default="">
              ${[['', 'Every kind'], ...Object.entries(KIND_LABELS)].map(
                ([value, label]) =>
                  html`<option value="${value}" ${value === given(view, 'kind') ? html`selected` : ''}>
                    ${label}
                  </option>`,
              )}
            </select>
          </div>
        </div>
        <div><button type="submit">Show changes</button></div>
      </form>
      <p id="live-status" class="visually-hidden" role="status" aria-live="polite"></p>
      <section id="results" aria-labelledby="results-heading">${changesResults(view)}</section>`,
  });
}

function sinceWords(since: string): string {
  if (since === 'last-run') return 'in the latest run of each source';
  if (/^\d{4}-\d{2}-\d{2}$/.test(since)) return `since ${dateWords(since)}`;
  const duration = /^(\d+)\s*([smhd])$/i.exec(since);
  if (duration) {
    const unit = { s: 'second', m: 'minute', h: 'hour', d: 'day' }[duration[2]!.toLowerCase()]!;
    return `in the last ${duration[1]} ${unit}${duration[1] === '1' ? '' : 's'}`;
  }
  return `since ${since}`;
}

/** The events of the page grouped by forecast, in the order each forecast first appears. */
function groupByForecast(events: readonly ChangeEvent[]): ChangeEvent[][] {
  const groups = new Map<string, ChangeEvent[]>();
  for (const event of events) {
    const group = groups.get(event.prospect_id);
    if (group) group.push(event);
    else groups.set(event.prospect_id, [event]);
  }
  return [...groups.values()];
}

export function changesResults(view: ChangesView): SafeHtml {
  if (view.error !== undefined || !view.params || !view.events) {
    return html`<h2 id="results-heading" tabindex="-1">Changes</h2>
      <p class="error" role="alert" data-summary>
        These filters cannot be read: ${view.error ?? 'unknown problem'}.
      </p>`;
  }
  const { params, events } = view;
  const total = view.total ?? events.length;
  const pages = Math.max(1, Math.ceil(total / params.limit));
  const count =
    total === 0 ? 'No change' : total === 1 ? '1 change' : `${total.toLocaleString('en-US')} changes`;
  const sourceName = view.sources.find((source) => source.key === given(view, 'source'))?.name;
  const link = (page: number, label: string, rel?: string) =>
    html`<li>
      <a
        href="/changes${linkQuery(view, { page: page === 1 ? undefined : page })}"
        data-nav
        ${rel ? html`rel="${rel}"` : ''}
        >${label}</a
      >
    </li>`;
  return html`<h2 id="results-heading" tabindex="-1">Changes</h2>
    <p data-summary data-total="${total}">
      ${count}${params.kind ? ` of kind “${params.kind}”` : ''}${sourceName ? ` at ${sourceName}` : ''}
      ${sinceWords(params.since)}.
    </p>
    ${groupByForecast(events).map((group) => forecastChanges(group))}
    ${
      pages > 1 || params.page > 1
        ? html`<nav class="pages" aria-label="Pages of changes">
            <span>Page ${params.page} of ${pages}</span>
            <ul>
              ${params.page > 1 ? [link(1, 'First'), link(Math.min(params.page - 1, pages), 'Previous', 'prev')] : ''}
              ${params.page < pages ? [link(params.page + 1, 'Next', 'next'), link(pages, 'Last')] : ''}
            </ul>
          </nav>`
        : ''
    }`;
}

function forecastChanges(group: readonly ChangeEvent[]): SafeHtml {
  const first = group[0]!;
  return html`<article class="group" data-id="${first.prospect_id}">
    <h3><a href="${prospectHref(first.prospect_id)}">${first.title}</a></h3>
    <span class="id">${first.prospect_id}</span>
    <ul>
      ${group.map((event) => html`<li data-kind="${event.kind}">${changeLine(event)}</li>`)}
    </ul>
  </article>`;
}

function changeLine(event: ChangeEvent): SafeHtml {
  const when = html`<time datetime="${event.at}">${timeWords(event.at)}</time>`;
  if (event.kind !== 'updated' || event.field === null) {
    return html`${when} — <span class="k-${event.kind}">${KIND_LABELS[event.kind]}</span>`;
  }
  return html`${when} — <strong>${fieldWords(event.field)}</strong> changed:
    ${valueWords(event.field, event.old)} → ${valueWords(event.field, event.new)}`;
}
