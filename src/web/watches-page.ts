import type { Digest, DigestEntry, LeftEntry } from '../digest/classify.js';
import { describeListFilters, type ListFilters } from '../list-filters.js';
import type { Watch } from '../store/watches.js';
import { html, type SafeHtml } from './html.js';
import { layout, prospectHref, queryString } from './layout.js';
import { fieldWords, timeWords, valueRangeWords, valueWords } from './words.js';

export interface WatchView {
  watch: Watch;
  /** Active forecasts matching its filters now. */
  matches: number;
  /** What its next digest would tell, from its cursor to now. */
  digest: Digest;
}

/** The forecasts page's address for a watch's filters, in the API's parameter names. */
export function forecastsHref(filters: ListFilters): string {
  return `/${queryString([
    ['search', filters.search],
    ['source_ids', filters.sources?.join(',')],
    ['agency', filters.agency],
    ['office', filters.office],
    ['naics', filters.naics],
    ['set_aside', filters.setAside],
    ['min_value', filters.minValue],
    ['max_value', filters.maxValue],
    ['release_from', filters.releaseFrom],
    ['release_to', filters.releaseTo],
    ['award_from', filters.awardFrom],
    ['award_to', filters.awardTo],
  ])}`;
}

export function watchHref(name: string): string {
  return `/watches/${encodeURIComponent(name)}`;
}

/** A webhook URL often carries a secret: only its scheme and host are shown (as `jps watch list`). */
function targetWords(target: Watch['targets'][number]): string {
  if (target.kind === 'email') return target.target;
  try {
    const url = new URL(target.target);
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return 'a webhook';
  }
}

function counts(digest: Digest): string {
  const parts = (
    [
      ['new', digest.new.length],
      ['entered', digest.entered.length],
      ['changed', digest.changed.length],
      ['left', digest.left.length],
    ] as const
  )
    .filter(([, count]) => count > 0)
    .map(([label, count]) => `${count} ${label}`);
  return parts.length === 0 ? 'nothing yet' : parts.join(', ');
}

function summary(view: WatchView): SafeHtml {
  const { watch } = view;
  return html`<dl class="record">
    <dt>Filters</dt>
    <dd>${describeListFilters(watch.filters)}</dd>
    <dt>Matches now</dt>
    <dd>
      <a href="${forecastsHref(watch.filters)}"
        >${view.matches.toLocaleString('en-US')} forecast${view.matches === 1 ? '' : 's'}</a
      >
    </dd>
    <dt>Delivers to</dt>
    <dd>
      ${watch.targets.length === 0 ? 'nowhere (printed by jps digest)' : watch.targets.map(targetWords).join(', ')}
    </dd>
    <dt>Created</dt>
    <dd>${timeWords(watch.created_at)}</dd>
    <dt>Last digest</dt>
    <dd>${watch.last_digest_at ? timeWords(watch.last_digest_at) : 'none yet'}</dd>
    <dt>Next digest so far</dt>
    <dd data-open-digest>${counts(view.digest)} since ${timeWords(watch.cursor_at)}</dd>
  </dl>`;
}

/** Every watch with its filters in words, its matches and what its next digest holds so far. */
export function watchesPage(views: readonly WatchView[]): SafeHtml {
  return layout({
    title: 'Watches',
    current: 'watches',
    body: html`<h1>Watches</h1>
      ${
        views.length === 0
          ? html`<p>
              No watch yet. A watch is a saved search whose changes <code>jps digest</code> sends each week;
              make one with <code>jps watch add cyber-8a --search cyber --set-aside EIGHT_A</code>.
            </p>`
          : html`<div class="sources">
              ${views.map(
                (view) =>
                  html`<section
                    class="card"
                    aria-labelledby="w-${view.watch.name}"
                    data-watch="${view.watch.name}"
                  >
                    <h2 id="w-${view.watch.name}">
                      <a href="${watchHref(view.watch.name)}">${view.watch.name}</a>
                    </h2>
                    ${summary(view)}
                  </section>`,
              )}
            </div>`
      }`,
  });
}

const CLASS_HEADINGS = [
  ['new', 'New'],
  ['entered', 'Entered the search'],
  ['changed', 'Changed'],
  ['left', 'Left the search'],
] as const;

/** One watch: its filters, its matches, and its open digest in full. */
export function watchPage(view: WatchView): SafeHtml {
  const { digest } = view;
  return layout({
    title: `Watch ${view.watch.name}`,
    current: 'watches',
    body: html`<p><a href="/watches">← Watches</a></p>
      <h1>Watch ${view.watch.name}</h1>
      ${summary(view)}
      <h2>The next digest so far</h2>
      <p>From ${timeWords(digest.from)} to ${timeWords(digest.to)}: ${counts(digest)}.</p>
      ${CLASS_HEADINGS.map(([key, heading]) =>
        digest[key].length === 0
          ? ''
          : html`<section aria-labelledby="d-${key}" data-class="${key}">
              <h3 id="d-${key}">${heading}</h3>
              ${digest[key].map((entry) => digestEntry(entry, key === 'left' ? (entry as LeftEntry) : null))}
            </section>`,
      )}`,
  });
}

function digestEntry(entry: DigestEntry, left: LeftEntry | null): SafeHtml {
  const record = entry.prospect;
  const value = valueRangeWords(record);
  return html`<article class="group" data-id="${record.id}">
    <h4><a href="${prospectHref(record.id)}">${record.title}</a></h4>
    <span class="id">${record.id} · ${record.agency}${value ? ` · ${value}` : ''}</span>
    ${left?.reason === 'removed' ? html`<p>Removed from the agency’s forecast.</p>` : ''}
    ${
      entry.changes.length > 0
        ? html`<ul>
            ${entry.changes.map(
              (change) =>
                html`<li>
                  <strong>${fieldWords(change.field)}</strong>: ${valueWords(change.field, change.old)} →
                  ${valueWords(change.field, change.new)}
                </li>`,
            )}
          </ul>`
        : ''
    }
  </article>`;
}
