/**
 * A digest for its readers (docs/watches.md): `text` for a terminal and cron's mail, `markdown` for
 * chat webhooks, `html` for an e-mail body, and `json` keeping every field as its own change.
 */
import { formatValueRange } from '../format-money.js';
import type { ProspectRecord } from '../store/prospect-record.js';
import type { Digest, DigestEntry, FieldChange, LeftEntry } from './classify.js';
import { foldDuplicates, type FoldedEntry } from './fold-duplicates.js';

export const DIGEST_FORMATS = ['text', 'markdown', 'html', 'json'] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

/** The json object of one watch's digest. */
export interface DigestJson {
  watch: string;
  from: string;
  to: string;
  counts: { new: number; entered: number; changed: number; left: number };
  new: ProspectRecord[];
  entered: { prospect: ProspectRecord; changes: FieldChange[] }[];
  changed: { prospect: ProspectRecord; changes: FieldChange[] }[];
  left: { prospect: ProspectRecord; reason: LeftEntry['reason']; changes: FieldChange[] }[];
}

export function digestJson(digest: Digest): DigestJson {
  return {
    watch: digest.watch,
    from: digest.from,
    to: digest.to,
    counts: {
      new: digest.new.length,
      entered: digest.entered.length,
      changed: digest.changed.length,
      left: digest.left.length,
    },
    new: digest.new.map((entry) => entry.prospect),
    entered: digest.entered.map(({ prospect, changes }) => ({ prospect, changes })),
    changed: digest.changed.map(({ prospect, changes }) => ({ prospect, changes })),
    left: digest.left.map(({ prospect, reason, changes }) => ({ prospect, reason, changes })),
  };
}

/** "2 new, 1 changed, 1 left": the classes that have anything. */
export function digestCounts(digest: Digest): string {
  const links = digest.duplicates ?? new Map();
  const parts: string[] = [];
  for (const [label, entries] of [
    ['new', digest.new],
    ['entered', digest.entered],
    ['changed', digest.changed],
    ['left', digest.left],
  ] as const) {
    const lines = foldDuplicates(entries, links).length;
    if (lines) parts.push(`${lines} ${label}`);
  }
  return parts.join(', ');
}

/** "2026-11-28 06:00" (UTC) */
function minute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** "cyber-8a — 2 new, 1 changed, 1 left (2026-11-28 06:00 → 2026-12-05 06:02 UTC)" */
export function digestHeadline(digest: Digest): string {
  return `${digest.watch} — ${digestCounts(digest)} (${minute(digest.from)} → ${minute(digest.to)} UTC)`;
}

/** E-mail subject: "jps: 2 new, 1 changed, 1 left — cyber-8a". */
export function digestSubject(digest: Digest): string {
  return `jps: ${digestCounts(digest)} — ${digest.watch}`;
}

// ---- a change in words ------------------------------------------------------------------------

const MAX_VALUE_CHARS = 60;

function oneLine(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  const text = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function valueText(record: ProspectRecord): string {
  return (
    formatValueRange(record.estimated_value_min, record.estimated_value_max) ||
    oneLine(record.estimated_value_text)
  );
}

function awardText(record: ProspectRecord): string {
  const timing =
    record.award_fiscal_year !== null
      ? `FY${record.award_fiscal_year}${record.award_quarter !== null ? ` Q${record.award_quarter}` : ''}`
      : '';
  if (record.award_date === null) return timing || '(none)';
  return timing ? `${record.award_date} (${timing})` : record.award_date;
}

function placeText(record: ProspectRecord): string {
  if (record.place_of_performance) return oneLine(record.place_of_performance);
  const parts = [record.place_city, record.place_state, record.place_country].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : '(none)';
}

function setAsideText(record: ProspectRecord): string {
  return record.set_aside_standardized === 'NOT_AVAILABLE'
    ? oneLine(record.set_aside)
    : record.set_aside_standardized_label;
}

function naicsText(record: ProspectRecord): string {
  return record.naics ?? '(none)';
}

/** Fields that say one thing, said once, in words a reader uses. */
const FIELD_GROUPS: readonly {
  label: string;
  fields: readonly string[];
  text: (r: ProspectRecord) => string;
}[] = [
  {
    label: 'value',
    fields: ['estimated_value_text', 'estimated_value_min', 'estimated_value_max'],
    text: valueText,
  },
  {
    label: 'set-aside',
    fields: ['set_aside', 'set_aside_standardized', 'set_aside_standardized_label'],
    text: setAsideText,
  },
  { label: 'award', fields: ['award_date', 'award_fiscal_year', 'award_quarter'], text: awardText },
  {
    label: 'place',
    fields: ['place_of_performance', 'place_city', 'place_state', 'place_country'],
    text: placeText,
  },
  { label: 'NAICS', fields: ['naics', 'naics_description'], text: naicsText },
];

const FIELD_LABELS: Record<string, string> = {
  release_date: 'release',
  primary_contact_name: 'contact',
  primary_contact_email: 'contact e-mail',
  contract_type: 'contract type',
  native_id: 'agency id',
  url: 'link',
};

/** "value $1M–$2M → $2M–$5M", one line a thing that changed, in the order things first changed. */
export function changeLines(entry: DigestEntry): string[] {
  const before = entry.before;
  const lines: string[] = [];
  const done = new Set<string>();
  for (const change of entry.changes) {
    if (done.has(change.field)) continue;
    const group = FIELD_GROUPS.find((g) => g.fields.includes(change.field));
    if (group && before !== null) {
      for (const field of group.fields) done.add(field);
      const old = group.text(before);
      const now = group.text(entry.prospect);
      lines.push(
        old === now
          ? `${group.label} ${oneLine(change.old)} → ${oneLine(change.new)}`
          : `${group.label} ${old} → ${now}`,
      );
      continue;
    }
    done.add(change.field);
    lines.push(
      `${FIELD_LABELS[change.field] ?? change.field} ${oneLine(change.old)} → ${oneLine(change.new)}`,
    );
  }
  return lines;
}

/** "$5M–$10M · 8(a) · release 2026-03-01 · award 2026-07-01" */
function summaryLine(record: ProspectRecord): string {
  const parts: string[] = [];
  const value = formatValueRange(record.estimated_value_min, record.estimated_value_max);
  if (value) parts.push(value);
  if (record.set_aside_standardized !== 'NOT_AVAILABLE') parts.push(record.set_aside_standardized_label);
  if (record.release_date) parts.push(`release ${record.release_date}`);
  if (record.award_date || record.award_fiscal_year !== null) parts.push(`award ${awardText(record)}`);
  return parts.join(' · ');
}

/** "Zero Trust Architecture support — DHS / CISA" */
function titleLine(record: ProspectRecord): string {
  return `${oneLine(record.title)} — ${record.office ? `${record.agency} / ${record.office}` : record.agency}`;
}

function leftWhy(entry: LeftEntry): string {
  return entry.reason === 'removed' ? "removed from the agency's forecast" : 'no longer matches';
}

interface Section {
  heading: string;
  /** One line a requirement: likely duplicates within the class are folded into one. */
  entries: readonly FoldedEntry[];
  /** The lines under a prospect's title. */
  details: (entry: DigestEntry) => string[];
  /** After the title, on its line. */
  suffix?: (entry: DigestEntry) => string;
}

function sections(digest: Digest): Section[] {
  const withUrl = (record: ProspectRecord, lines: string[]) => (record.url ? [...lines, record.url] : lines);
  const links = digest.duplicates ?? new Map<string, ReadonlySet<string>>();
  const all: Section[] = [
    {
      heading: 'NEW',
      entries: foldDuplicates(digest.new, links),
      details: (e) => withUrl(e.prospect, [summaryLine(e.prospect)].filter(Boolean)),
    },
    {
      heading: 'ENTERED',
      entries: foldDuplicates(digest.entered, links),
      details: (e) => withUrl(e.prospect, [summaryLine(e.prospect), ...changeLines(e)].filter(Boolean)),
    },
    { heading: 'CHANGED', entries: foldDuplicates(digest.changed, links), details: changeLines },
    {
      heading: 'LEFT',
      entries: foldDuplicates(digest.left, links),
      details: (e) => ((e as LeftEntry).reason === 'removed' ? [] : changeLines(e)),
      suffix: (e) => ` — ${leftWhy(e as LeftEntry)}`,
    },
  ];
  return all.filter((section) => section.entries.length > 0);
}

/** A line's details, and which other listings of the same requirement it stands for. */
function lineDetails(section: Section, line: FoldedEntry): string[] {
  const details = section.details(line.entry);
  return line.alsoListedAs.length > 0
    ? [...details, `also listed as ${line.alsoListedAs.join(', ')}`]
    : details;
}

// ---- the formats ------------------------------------------------------------------------------

const DETAIL_INDENT = ' '.repeat(19);

export function renderDigestText(digest: Digest): string {
  const lines = [digestHeadline(digest), ''];
  for (const section of sections(digest)) {
    lines.push(section.heading);
    for (const line of section.entries) {
      const { entry } = line;
      const record = entry.prospect;
      const title =
        section.heading === 'LEFT' ? oneLine(record.title) + section.suffix!(entry) : titleLine(record);
      lines.push(`  ${record.id}  ${title}`);
      for (const detail of lineDetails(section, line)) lines.push(`${DETAIL_INDENT}${detail}`);
    }
  }
  return lines.join('\n');
}

/** Markdown that Slack, Mattermost and Teams show readably: a bullet a forecast, sub-bullets for details. */
export function renderDigestMarkdown(digest: Digest): string {
  const lines = [
    `**${digest.watch}** — ${digestCounts(digest)} (${minute(digest.from)} → ${minute(digest.to)} UTC)`,
  ];
  for (const section of sections(digest)) {
    lines.push('', `**${section.heading.charAt(0)}${section.heading.slice(1).toLowerCase()}**`);
    for (const line of section.entries) {
      const { entry } = line;
      const record = entry.prospect;
      const name = markdownEscape(oneLine(record.title));
      const title = record.url ? `[${name}](${record.url})` : name;
      const rest =
        section.heading === 'LEFT'
          ? section.suffix!(entry)
          : ` — ${markdownEscape(record.office ? `${record.agency} / ${record.office}` : record.agency)}`;
      lines.push(`- \`${record.id}\` ${title}${rest}`);
      const details = lineDetails(section, line).filter((detail) => detail !== record.url);
      for (const detail of details) lines.push(`  - ${markdownEscape(detail)}`);
    }
  }
  return lines.join('\n');
}

function markdownEscape(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}

function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** An e-mail body: a table a class, every title linked to its forecast when it has a link. */
export function renderDigestHtml(digest: Digest): string {
  const parts = [`<h2 style="font-family:sans-serif">${htmlEscape(digestHeadline(digest))}</h2>`];
  for (const section of sections(digest)) {
    const heading = `${section.heading.charAt(0)}${section.heading.slice(1).toLowerCase()}`;
    parts.push(`<h3 style="font-family:sans-serif">${heading}</h3>`);
    parts.push(
      '<table cellpadding="4" style="border-collapse:collapse;font-family:sans-serif;font-size:14px">',
    );
    parts.push(
      '<tr><th align="left">id</th><th align="left">forecast</th><th align="left">agency</th><th align="left">what</th></tr>',
    );
    for (const line of section.entries) {
      const { entry } = line;
      const record = entry.prospect;
      const title = htmlEscape(oneLine(record.title));
      const linked =
        record.url && /^https?:/i.test(record.url)
          ? `<a href="${htmlEscape(record.url)}">${title}</a>`
          : title;
      const details = lineDetails(section, line).filter((detail) => detail !== record.url);
      if (section.heading === 'LEFT') details.unshift(leftWhy(entry as LeftEntry));
      const agency = record.office ? `${record.agency} / ${record.office}` : record.agency;
      parts.push(
        `<tr valign="top"><td><code>${htmlEscape(record.id)}</code></td><td>${linked}</td><td>${htmlEscape(agency)}</td><td>${details.map(htmlEscape).join('<br>')}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${htmlEscape(digestSubject(digest))}</title></head><body>\n${parts.join('\n')}\n</body></html>`;
}

/** Every digest in `format`: text ones apart by a blank line, json one array. */
export function renderDigests(digests: readonly Digest[], format: DigestFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(digests.map(digestJson), null, 2);
    case 'text':
      return digests.map(renderDigestText).join('\n\n');
    case 'markdown':
      return digests.map(renderDigestMarkdown).join('\n\n');
    case 'html':
      return digests.map(renderDigestHtml).join('\n');
    default:
      return format satisfies never;
  }
}
