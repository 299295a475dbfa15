import { describe, expect, it } from 'vitest';
import { buildDigest, type WindowEvent } from '../../src/digest/classify.js';
import {
  digestJson,
  digestSubject,
  renderDigestHtml,
  renderDigestMarkdown,
  renderDigestText,
} from '../../src/digest/render.js';
import type { ProspectRecord } from '../../src/store/prospect-record.js';
import { makeRecord } from '../helpers/store.js';

function record(id: string, fields: Partial<ProspectRecord>): ProspectRecord {
  return makeRecord(id, {
    native_id: null,
    agency: 'Department of Homeland Security',
    last_seen_at: '2026-12-05T06:02:00.000Z',
    ...fields,
  });
}

let id = 0;
const ev = (prospect: string, kind: WindowEvent['kind'], field?: string, old?: unknown, now?: unknown) => ({
  id: (id += 1),
  prospect_id: prospect,
  at: '2026-12-05T06:01:00.000Z',
  kind,
  field: field ?? null,
  old: old ?? null,
  new: now ?? null,
});

/** The digest of watch.md's example: one new, one changed (award slipped, value raised), one left. */
function exampleDigest() {
  const zta = record('dhs:F2026074190', {
    title: 'Zero Trust Architecture support',
    agency: 'DHS',
    office: 'CISA',
    estimated_value_min: 5_000_000,
    estimated_value_max: 10_000_000,
    set_aside_standardized: 'EIGHT_A',
    set_aside_standardized_label: '8(a)',
    release_date: '2026-03-01',
    award_date: '2026-07-01',
    award_fiscal_year: 2026,
    award_quarter: 4,
    url: 'https://apfs-cloud.dhs.gov/forecast/41873',
  });
  const ssa = record('ssa:OHO-26-HQ0099', {
    title: 'Hearing transcription services',
    agency: 'Social Security Administration',
    estimated_value_text: '$2M to $5M',
    estimated_value_min: 2_000_000,
    estimated_value_max: 5_000_000,
    release_date: '2026-02-01',
    award_date: '2026-07-01',
    award_fiscal_year: 2026,
    award_quarter: 4,
  });
  const dot = record('dot:4f1c', { title: 'Cloud migration support <urgent>', status: 'removed' });
  return buildDigest({
    watch: 'cyber-8a',
    filters: {},
    from: '2026-11-28T06:00:00.000Z',
    to: '2026-12-05T06:02:00.000Z',
    events: [
      ev(zta.id, 'added'),
      ev(ssa.id, 'updated', 'estimated_value_text', '$1M to $2M', '$2M to $5M'),
      ev(ssa.id, 'updated', 'estimated_value_min', 1_000_000, 2_000_000),
      ev(ssa.id, 'updated', 'estimated_value_max', 2_000_000, 5_000_000),
      ev(ssa.id, 'updated', 'award_date', '2026-04-01', '2026-07-01'),
      ev(ssa.id, 'updated', 'award_quarter', 3, 4),
      ev(dot.id, 'removed'),
    ],
    records: new Map([zta, ssa, dot].map((r) => [r.id, r])),
  });
}

describe('a digest for its readers', () => {
  it('reads in text as watch.md shows it: one line a forecast, one line a thing that changed', () => {
    expect(renderDigestText(exampleDigest())).toBe(
      [
        'cyber-8a — 1 new, 1 changed, 1 left (2026-11-28 06:00 → 2026-12-05 06:02 UTC)',
        '',
        'NEW',
        '  dhs:F2026074190  Zero Trust Architecture support — DHS / CISA',
        '                   $5M–$10M · 8(a) · release 2026-03-01 · award 2026-07-01 (FY2026 Q4)',
        '                   https://apfs-cloud.dhs.gov/forecast/41873',
        'CHANGED',
        '  ssa:OHO-26-HQ0099  Hearing transcription services — Social Security Administration',
        '                   value $1M–$2M → $2M–$5M',
        '                   award 2026-04-01 (FY2026 Q3) → 2026-07-01 (FY2026 Q4)',
        'LEFT',
        "  dot:4f1c  Cloud migration support <urgent> — removed from the agency's forecast",
      ].join('\n'),
    );
  });

  it('keeps every field as its own change in json', () => {
    const json = digestJson(exampleDigest());
    expect(json.counts).toEqual({ new: 1, entered: 0, changed: 1, left: 1 });
    expect(json.changed[0]!.changes.map((change) => change.field)).toEqual([
      'estimated_value_text',
      'estimated_value_min',
      'estimated_value_max',
      'award_date',
      'award_quarter',
    ]);
    expect(json.left[0]).toMatchObject({ reason: 'removed', changes: [] });
    expect(Object.keys(json)).toEqual(['watch', 'from', 'to', 'counts', 'new', 'entered', 'changed', 'left']);
  });

  it('links titles in markdown and html, and escapes what agencies type', () => {
    const digest = exampleDigest();
    const markdown = renderDigestMarkdown(digest);
    expect(markdown).toContain(
      '- `dhs:F2026074190` [Zero Trust Architecture support](https://apfs-cloud.dhs.gov/forecast/41873) — DHS / CISA',
    );
    expect(markdown).toContain('Cloud migration support \\<urgent\\>');
    const html = renderDigestHtml(digest);
    expect(html).toContain(
      '<a href="https://apfs-cloud.dhs.gov/forecast/41873">Zero Trust Architecture support</a>',
    );
    expect(html).toContain('Cloud migration support &#60;urgent&#62;');
    expect(html).not.toContain('<urgent>');
    expect(digestSubject(digest)).toBe('jps: 1 new, 1 changed, 1 left — cyber-8a');
  });
});

describe('likely duplicates in a digest', () => {
  /** The same requirement new in DOT's own file and on the Gateway, and one that is not. */
  function twiceListed() {
    const gateway = record('acquisition-gateway:30417', {
      title: 'Cloud Migration Support (Amended)',
      agency: 'Department of Transportation',
      release_date: '2026-03-01',
    });
    const dot = record('dot:2026-044', {
      title: 'Cloud migration support',
      agency: 'Department of Transportation',
      release_date: '2026-03-01',
    });
    const other = record('dot:2026-045', {
      title: 'Bridge inspection',
      agency: 'Department of Transportation',
    });
    return buildDigest({
      watch: 'dot-cloud',
      filters: {},
      from: '2026-11-28T06:00:00.000Z',
      to: '2026-12-05T06:02:00.000Z',
      events: [ev(gateway.id, 'added'), ev(dot.id, 'added'), ev(other.id, 'added')],
      records: new Map([gateway, dot, other].map((r) => [r.id, r])),
    });
  }
  const links = new Map([
    ['dot:2026-044', new Set(['acquisition-gateway:30417'])],
    ['acquisition-gateway:30417', new Set(['dot:2026-044'])],
  ]);

  it("tells of a requirement once, under the department's own listing, naming the Gateway's", () => {
    const digest = { ...twiceListed(), duplicates: links };
    const text = renderDigestText(digest);
    expect(text.split('\n')[0]).toContain('dot-cloud — 2 new');
    expect(text).toContain('  dot:2026-044  Cloud migration support');
    expect(text).toContain('also listed as acquisition-gateway:30417');
    expect(text).not.toContain('  acquisition-gateway:30417  ');
    expect(renderDigestMarkdown(digest)).toContain('also listed as acquisition-gateway:30417');
    expect(renderDigestHtml(digest)).toContain('also listed as acquisition-gateway:30417');
    expect(digestSubject(digest)).toBe('jps: 2 new — dot-cloud');
  });

  it('keeps every prospect in json, and folds nothing without links', () => {
    const digest = { ...twiceListed(), duplicates: links };
    expect(digestJson(digest).new.map((r) => r.id)).toHaveLength(3);
    const plain = renderDigestText(twiceListed());
    expect(plain.split('\n')[0]).toContain('3 new');
    expect(plain).not.toContain('also listed as');
  });
});
