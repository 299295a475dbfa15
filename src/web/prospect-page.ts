import type { LikelyDuplicate } from '../store/duplicate-links.js';
import type { ChangeEvent } from '../store/event-queries.js';
import { RECORD_FIELDS, type ProspectRecord } from '../store/prospect-record.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';
import { layout, prospectHref } from './layout.js';
import { dateWords, fieldWords, fiscalWords, timeWords, valueRangeWords, valueWords } from './words.js';

export interface ProspectView {
  record: ProspectRecord;
  /** Its events, oldest first. */
  events: readonly ChangeEvent[];
  /** The source's entry URL (its forecast page), when the source is registered. */
  sourceUrl?: string;
  /** Other prospects that likely describe the same requirement, best link first. */
  duplicates?: readonly LikelyDuplicate[];
}

/** Fields said once in the summary at the top, and so not again in the list below it. */
const SUMMARISED = new Set(['title', 'extra']);

export function prospectPage(view: ProspectView): SafeHtml {
  const { record } = view;
  const value = valueRangeWords(record);
  const fiscal = fiscalWords(record);
  const summary: [string, HtmlValue][] = [
    ['Agency', html`${record.agency}${record.office ? html` — ${record.office}` : ''}`],
    [
      'Estimated value',
      value
        ? html`${value}${record.estimated_value_text ? html` <span class="muted">(“${record.estimated_value_text}”)</span>` : ''}`
        : (record.estimated_value_text ?? 'not stated'),
    ],
    ['Solicitation release', record.release_date ? dateWords(record.release_date) : 'not stated'],
    [
      'Award',
      record.award_date
        ? html`${dateWords(record.award_date)}${fiscal ? ` (${fiscal})` : ''}`
        : (fiscal ?? 'not stated'),
    ],
    [
      'Set-aside',
      record.set_aside_standardized === 'NOT_AVAILABLE' ? 'not stated' : record.set_aside_standardized_label,
    ],
    [
      'NAICS',
      record.naics
        ? `${record.naics}${record.naics_description ? ` — ${record.naics_description}` : ''}`
        : 'not stated',
    ],
    [
      'Status',
      record.status === 'active'
        ? 'listed now'
        : `removed${record.removed_at ? ` ${timeWords(record.removed_at)}` : ''}`,
    ],
  ];
  const agencyLinks: SafeHtml[] = [];
  if (record.url)
    agencyLinks.push(html`<a href="${record.url}" rel="noreferrer">This forecast on the agency’s site</a>`);
  if (view.sourceUrl)
    agencyLinks.push(
      html`<a href="${view.sourceUrl}" rel="noreferrer">${record.source_name}’s forecast page</a>`,
    );
  const extra = Object.entries(record.extra);
  return layout({
    title: record.title,
    body: html`<p><a href="/">← Forecasts</a></p>
      <h1>${record.title}</h1>
      <p class="muted">${record.id} · ${record.source_name}</p>
      ${agencyLinks.length > 0 ? html`<p>${agencyLinks.map((link, index) => html`${index > 0 ? ' · ' : ''}${link}`)}</p>` : ''}
      <dl class="record">
        ${summary.map(
          ([label, content]) =>
            html`<dt>${label}</dt>
              <dd>${content}</dd>`,
        )}
      </dl>
      ${likelyDuplicates(view.duplicates ?? [])}
      <h2 id="timeline">Timeline</h2>
      ${timeline(view.events)}
      <h2 id="fields">Every field</h2>
      <dl class="record">
        ${RECORD_FIELDS.filter((field) => !SUMMARISED.has(field)).map(
          (field) =>
            html`<dt>${fieldWords(field)}</dt>
              <dd>${fieldValue(record, field)}</dd>`,
        )}
      </dl>
      <h2 id="extra">Other columns of the source</h2>
      ${
        extra.length === 0
          ? html`<p>None: every column of the source is in a field above.</p>`
          : html`<dl class="record">
              ${extra.map(
                ([name, text]) =>
                  html`<dt>${name}</dt>
                    <dd>${text}</dd>`,
              )}
            </dl>`
      }`,
  });
}

function fieldValue(record: ProspectRecord, field: (typeof RECORD_FIELDS)[number]): HtmlValue {
  const value = record[field];
  if (field === 'url' && typeof value === 'string')
    return html`<a href="${value}" rel="noreferrer">${value}</a>`;
  if (field === 'description' && typeof value === 'string') {
    return value.split('\n').map((line, index) => html`${index > 0 ? html`<br />` : ''}${line}`);
  }
  if (field === 'primary_contact_email' && typeof value === 'string')
    return html`<a href="mailto:${value}">${value}</a>`;
  return valueWords(field, value);
}

const KIND_WORDS: Record<ChangeEvent['kind'], string> = {
  added: 'First seen',
  updated: 'Changed',
  removed: 'Removed: no longer listed by its source',
  restored: 'Restored: listed again',
};

/** The same requirement listed elsewhere: each with its score and jps's reasons, nothing merged. */
function likelyDuplicates(duplicates: readonly LikelyDuplicate[]): SafeHtml | string {
  if (duplicates.length === 0) return '';
  return html`<h2 id="duplicates">Likely listed elsewhere too</h2>
    <ul class="duplicates">
      ${duplicates.map(
        (other) =>
          html`<li>
            <a href="${prospectHref(other.id)}">${other.title || other.id}</a>
            <span class="muted"
              >${other.id}${other.status === 'active' ? '' : ' (removed)'} · ${Math.round(other.score * 100)}%
              alike</span
            >
            <br /><span class="muted">${other.reasons.join('; ')}</span>
          </li>`,
      )}
    </ul>`;
}

function timeline(events: readonly ChangeEvent[]): SafeHtml {
  if (events.length === 0) return html`<p>No recorded events.</p>`;
  return html`<ol class="timeline">
    ${events.map((event) => html`<li data-kind="${event.kind}">${timelineEntry(event)}</li>`)}
  </ol>`;
}

/** "Nov 29, 2026 06:00 UTC — Award changed: Apr 1, 2026 → Jul 1, 2026". */
function timelineEntry(event: ChangeEvent): SafeHtml {
  const when = html`<time datetime="${event.at}">${timeWords(event.at)}</time>`;
  if (event.kind !== 'updated' || event.field === null) {
    return html`${when} — <span class="k-${event.kind}">${KIND_WORDS[event.kind]}</span>`;
  }
  const change = `${valueWords(event.field, event.old)} → ${valueWords(event.field, event.new)}`;
  return html`${when} — <strong>${fieldWords(event.field)}</strong> changed:
    <span class="change">${change}</span>`;
}
