import type { ProspectListParams, QueryValues } from '../api/params.js';
import { SET_ASIDE_CODES, SORT_FIELDS, type ProspectPage } from '../store/prospect-queries.js';
import type { ProspectRecord } from '../store/prospect-record.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import { layout, prospectHref, queryString } from './layout.js';
import { dateWords, fiscalWords, valueRangeWords } from './words.js';

/** What the forecasts page shows: the request's own values, and the page or why there is none. */
export interface ForecastsView {
  /** The query as given (what the form shows and every link keeps). */
  query: QueryValues;
  /** The parameters as the API reads them; absent when they are not valid. */
  params?: ProspectListParams;
  page?: ProspectPage;
  /** Why the parameters could not be read (one line, as the API's 400 says it). */
  error?: string;
  sources: readonly { key: string; name: string }[];
  /** The parameters' defaults, left out of the URLs the page makes. */
  defaults: Pick<ProspectListParams, 'sort_by' | 'sort_order' | 'status' | 'limit'>;
}

/** The names of `/api/prospects`' parameters the page reads and writes, in the order URLs show them. */
const PARAM_NAMES = [
  'search',
  'keywords',
  'source_ids',
  'agency',
  'office',
  'naics',
  'set_aside',
  'min_value',
  'max_value',
  'release_from',
  'release_to',
  'award_from',
  'award_to',
  'status',
  'sort_by',
  'sort_order',
  'limit',
  'page',
] as const;

const ADVANCED = [
  'agency',
  'office',
  'naics',
  'set_aside',
  'min_value',
  'max_value',
  'release_from',
  'release_to',
  'award_from',
  'award_to',
  'status',
] as const;

const SORT_LABELS: Record<string, string> = {
  release_date: 'Release date',
  award_date: 'Award date',
  estimated_value_min: 'Value (lower bound)',
  estimated_value_max: 'Value (upper bound)',
  title: 'Title',
  agency: 'Agency',
  naics: 'NAICS',
  first_seen_at: 'First seen',
  last_seen_at: 'Last seen',
  id: 'jps id',
  relevance: 'Relevance',
};

const SET_ASIDE_LABELS: Record<string, string> = {
  EIGHT_A: '8(a)',
  HUBZONE: 'HUBZone',
  WOMEN_OWNED: 'Women-Owned',
  VETERAN_OWNED: 'Veteran-Owned',
  SOLE_SOURCE: 'Sole Source',
  FULL_AND_OPEN: 'Full and Open',
  SMALL_BUSINESS: 'Small Business',
  NOT_AVAILABLE: 'N/A (not stated)',
};

/** Text fields sort A→Z first; dates and amounts newest / largest first. */
const ASCENDING_FIRST = new Set(['title', 'agency', 'naics', 'id']);

function given(view: ForecastsView, name: string): string {
  return view.query.get(name) ?? '';
}

/** The current query with some values replaced (undefined: left out). */
function linkQuery(view: ForecastsView, changes: Record<string, string | number | undefined>): string {
  const pairs: [string, string | number | undefined][] = [];
  for (const name of PARAM_NAMES) {
    const value = name in changes ? changes[name] : view.query.get(name);
    pairs.push([name, value]);
  }
  for (const [name, value] of Object.entries(changes)) {
    if (!(PARAM_NAMES as readonly string[]).includes(name)) pairs.push([name, value]);
  }
  return queryString(pairs);
}

export function forecastsPage(view: ForecastsView): SafeHtml {
  const search = given(view, 'search');
  return layout({
    title: search ? `“${search}” in forecasts` : 'Forecasts',
    current: 'forecasts',
    body: html`<h1>Forecasts</h1>
      ${filterForm(view)}
      <p id="live-status" class="visually-hidden" role="status" aria-live="polite"></p>
      <section id="results" aria-labelledby="results-heading">${forecastResults(view)}</section>`,
  });
}

function textField(
  view: ForecastsView,
  name: string,
  label: string,
  options: { type?: string; hint?: string; inputmode?: string; placeholder?: string } = {},
): SafeHtml {
  const id = `f-${name}`;
  const hintId = options.hint ? `${id}-hint` : undefined;
  return html`<div class="field">
    <label for="${id}">${label}</label
    ><input
      id="${id}"
      name="${name}"
      type="${options.type ?? 'text'}"
      value="${given(view, name)}"
      ${options.inputmode ? html` inputmode="${options.inputmode}"` : ''}${options.placeholder ? html` placeholder="${options.placeholder}"` : ''}${hintId ? html` aria-describedby="${hintId}"` : ''}
    />${options.hint ? html`<span class="hint" id="${hintId}">${options.hint}</span>` : ''}
  </div>`;
}

function selectField(
  name: string,
  label: string,
  selected: string,
  choices: readonly { value: string; label: string }[],
  defaultValue = '',
): SafeHtml {
  const id = `f-${name}`;
  const all = choices.some((choice) => choice.value === selected)
    ? choices
    : [...choices, { value: selected, label: selected }];
  return html`<div class="field">
    <label for="${id}">${label}</label
    ><select id="${id}" name="${name}" data-default="${defaultValue}">
      ${all.map(
        (choice) =>
          html`<option value="${choice.value}" ${choice.value === selected ? html` selected` : ''}>
            ${choice.label}
          </option>`,
      )}
    </select>
  </div>`;
}

function filterForm(view: ForecastsView): SafeHtml {
  const { defaults } = view;
  const advancedOpen = ADVANCED.some((name) => view.query.has(name));
  const keywords = given(view, 'keywords');
  return html`<form
    class="filters"
    method="get"
    action="/"
    role="search"
    aria-label="Find forecasts"
    data-live
  >
    <div class="search-row">
      <div class="field">
        <label for="f-search">Search</label
        ><input
          id="f-search"
          name="search"
          type="search"
          value="${given(view, 'search')}"
          aria-describedby="f-search-hint"
          autocomplete="off"
        /><span class="hint" id="f-search-hint"
          >Words in the title, description, agency or office; every word must match;
          <code>secur*</code> matches a prefix.</span
        >
      </div>
      <button type="submit">Search</button>
    </div>
    ${keywords ? html`<input type="hidden" name="keywords" value="${keywords}" />` : ''}
    <div class="grid">
      ${selectField('source_ids', 'Source', given(view, 'source_ids'), [
        { value: '', label: 'All sources' },
        ...view.sources.map((source) => ({ value: source.key, label: source.name })),
      ])}
      ${selectField(
        'sort_by',
        'Sort by',
        view.params?.sort_by ?? given(view, 'sort_by'),
        [
          // No sort_by: the best matches first with a search, else the newest release dates.
          { value: '', label: 'Best match, else release date' },
          ...['relevance', ...SORT_FIELDS, 'id'].map((field) => ({
            value: field,
            label: SORT_LABELS[field] ?? field,
          })),
        ],
        '',
      )}
      ${selectField(
        'sort_order',
        'Order',
        view.params?.sort_order ?? defaults.sort_order,
        [
          { value: 'desc', label: 'Descending (newest, largest, Z first)' },
          { value: 'asc', label: 'Ascending (oldest, smallest, A first)' },
        ],
        defaults.sort_order,
      )}
      ${selectField(
        'limit',
        'Per page',
        String(view.params?.limit ?? defaults.limit),
        ['10', '25', '50', '100'].map((value) => ({ value, label: value })),
        String(defaults.limit),
      )}
    </div>
    <details class="more" ${advancedOpen ? html` open` : ''}>
      <summary>More filters</summary>
      <div class="grid">
        ${textField(view, 'agency', 'Agency', { hint: 'Part of the name, e.g. homeland' })}
        ${textField(view, 'office', 'Office', { hint: 'Part of the name, e.g. CBP' })}
        ${textField(view, 'naics', 'NAICS', { inputmode: 'numeric', hint: 'A code or its first digits, e.g. 5415' })}
        ${selectField('set_aside', 'Set-aside', given(view, 'set_aside').toUpperCase(), [
          { value: '', label: 'Any set-aside' },
          ...SET_ASIDE_CODES.map((code) => ({ value: code, label: SET_ASIDE_LABELS[code] ?? code })),
        ])}
        ${textField(view, 'min_value', 'Value at least ($)', { inputmode: 'numeric', placeholder: '250000' })}
        ${textField(view, 'max_value', 'Value at most ($)', { inputmode: 'numeric', placeholder: '5000000' })}
        ${textField(view, 'release_from', 'Release from', { type: 'date' })}
        ${textField(view, 'release_to', 'Release to', { type: 'date' })}
        ${textField(view, 'award_from', 'Award from', { type: 'date' })}
        ${textField(view, 'award_to', 'Award to', { type: 'date' })}
        ${selectField(
          'status',
          'Status',
          view.params?.status ?? (given(view, 'status') || defaults.status),
          [
            { value: 'active', label: 'Listed now' },
            { value: 'removed', label: 'Removed' },
            { value: 'all', label: 'Listed or removed' },
          ],
          defaults.status,
        )}
      </div>
    </details>
  </form>`;
}

/** The part of the page that changes with the filters: summary, exports, table, page links. */
export function forecastResults(view: ForecastsView): SafeHtml {
  if (view.error !== undefined || !view.params || !view.page) {
    return html`<h2 id="results-heading" tabindex="-1">Results</h2>
      <p class="error" role="alert" data-summary>
        These filters cannot be read: ${view.error ?? 'unknown problem'}.
      </p>`;
  }
  const { params, page } = view;
  // A page reached by a cursor is placed by how many records come before it.
  const first = page.records.length === 0 ? 0 : (page.offset ?? (params.page - 1) * params.limit) + 1;
  const last = first === 0 ? 0 : first + page.records.length - 1;
  const matches =
    page.total === 0
      ? 'No forecast matches'
      : page.total === 1
        ? '1 forecast matches'
        : `${page.total.toLocaleString('en-US')} forecasts match`;
  const shown =
    first === 0 ? '' : `, showing ${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')}`;
  const exportQuery = (format: string) => linkQuery(view, { page: undefined, limit: undefined, format });
  return html`<h2 id="results-heading" tabindex="-1">Results</h2>
    <div class="summary-line">
      <p data-summary data-total="${page.total}">${matches}${shown}.</p>
      <p>
        Export this selection: <a href="/api/prospects/export${exportQuery('csv')}" download>CSV</a> ·
        <a href="/api/prospects/export${exportQuery('xlsx')}" download>Excel (XLSX)</a>
      </p>
    </div>
    ${page.records.length > 0 ? forecastTable(view, page.records) : page.total > 0 ? html`<p>This page is past the last one. <a href="/${linkQuery(view, { page: undefined })}" data-nav>Go to the first page</a>.</p>` : ''}
    ${pageLinks(view, page.total)}`;
}

const COLUMNS: readonly { label: string; sort?: string; className?: string }[] = [
  { label: 'Title', sort: 'title' },
  { label: 'Agency', sort: 'agency' },
  { label: 'Value', sort: 'estimated_value_max', className: 'num' },
  { label: 'Release', sort: 'release_date', className: 'num' },
  { label: 'Award', sort: 'award_date', className: 'num' },
  { label: 'Set-aside' },
  { label: 'NAICS', sort: 'naics' },
];

/** The order a list is in: `sort_by`, or by default relevance with a search, else release date. */
function effectiveSort(params: ProspectListParams): string {
  return params.sort_by ?? (params.search || params.keywords ? 'relevance' : 'release_date');
}

function forecastTable(view: ForecastsView, records: readonly ProspectRecord[]): SafeHtml {
  const params = view.params!;
  const header = COLUMNS.map((column) => {
    if (!column.sort) return html`<th scope="col">${column.label}</th>`;
    const current = params.sort_by === column.sort;
    const order = current
      ? params.sort_order === 'asc'
        ? 'desc'
        : 'asc'
      : ASCENDING_FIRST.has(column.sort)
        ? 'asc'
        : 'desc';
    const href = `/${linkQuery(view, { sort_by: column.sort, sort_order: order, page: undefined })}`;
    const ariaSort = current ? (params.sort_order === 'asc' ? 'ascending' : 'descending') : undefined;
    const arrow = current ? (params.sort_order === 'asc' ? ' ▲' : ' ▼') : '';
    return html`<th scope="col" ${ariaSort ? html` aria-sort="${ariaSort}"` : ''}>
      <a href="${href}" data-nav
        >${column.label}<span aria-hidden="true">${arrow}</span
        ><span class="visually-hidden">, sort ${order === 'asc' ? 'ascending' : 'descending'}</span></a
      >
    </th>`;
  });
  return html`<div class="scroll">
    <table class="forecasts">
      <caption class="visually-hidden">
        Forecasts, sorted by ${SORT_LABELS[effectiveSort(params)] ?? effectiveSort(params)}
        ${params.sort_order === 'asc' ? 'ascending' : 'descending'}
      </caption>
      <thead>
        <tr>
          ${header}
        </tr>
      </thead>
      <tbody>
        ${records.map((record) => forecastRow(record))}
      </tbody>
    </table>
  </div>`;
}

function cell(label: string, content: HtmlValue, className?: string): SafeHtml {
  return html`<td data-label="${label}" ${className ? html` class="${className}"` : ''}>
    ${content ?? '—'}
  </td>`;
}

function forecastRow(record: ProspectRecord): SafeHtml {
  const value = valueRangeWords(record) ?? record.estimated_value_text;
  const fiscal = fiscalWords(record);
  return html`<tr data-id="${record.id}">
    <td>
      <a href="${prospectHref(record.id)}">${record.title}</a
      >${record.status === 'removed' ? html` <span class="badge k-removed">removed</span>` : ''}<span
        class="id"
        >${record.id}</span
      >
    </td>
    ${cell('Agency', html`${record.agency}${record.office ? html`<span class="id">${record.office}</span>` : ''}`)}
    ${cell('Value', value, 'num')}
    ${cell('Release', record.release_date && dateWords(record.release_date), 'num')}
    ${cell('Award', record.award_date ? html`${dateWords(record.award_date)}${fiscal ? html`<span class="id">${fiscal}</span>` : ''}` : fiscal, 'num')}
    ${cell('Set-aside', record.set_aside_standardized === 'NOT_AVAILABLE' ? null : record.set_aside_standardized_label)}
    ${cell('NAICS', record.naics)}
  </tr>`;
}

function pageLinks(view: ForecastsView, total: number): SafeHtml | '' {
  const params = view.params!;
  const pages = Math.max(1, Math.ceil(total / params.limit));
  const offset = view.page?.offset;
  const current = offset === undefined ? params.page : Math.floor(offset / params.limit) + 1;
  if (pages <= 1 && current === 1) return '';
  // "Next" continues from the last row shown (docs/api.md, "Deep pages"): as cheap on page 10,000
  // as on page 2. The other links go by number.
  const nextCursor = view.page?.nextCursor ?? undefined;
  const link = (page: number, label: string, rel?: string, cursor?: string) =>
    html`<li>
      <a
        href="/${linkQuery(view, { page: page === 1 ? undefined : page, ...(cursor !== undefined && { cursor }) })}"
        data-nav${rel ? html` rel="${rel}"` : ''}
        >${label}</a
      >
    </li>`;
  return html`<nav class="pages" aria-label="Pages of results">
    <span>Page ${current.toLocaleString('en-US')} of ${pages.toLocaleString('en-US')}</span>
    <ul>
      ${current > 1 ? [link(1, 'First'), link(Math.min(current - 1, pages), 'Previous', 'prev')] : ''}
      ${current < pages ? [link(current + 1, 'Next', 'next', nextCursor), link(pages, 'Last')] : ''}
    </ul>
  </nav>`;
}
