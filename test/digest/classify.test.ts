import { describe, expect, it } from 'vitest';
import { buildDigest, eventsInWindow, judgeProspect, type WindowEvent } from '../../src/digest/classify.js';
import type { ListFilters } from '../../src/list-filters.js';
import type { ProspectRecord } from '../../src/store/prospect-record.js';
import { makeRecord } from '../helpers/store.js';

/** A record as the store returns it now: an 8(a) cyber forecast at DHS unless told otherwise. */
function record(id: string, fields: Partial<ProspectRecord> = {}): ProspectRecord {
  return makeRecord(id, {
    title: 'Zero Trust Architecture support',
    agency: 'Department of Homeland Security',
    office: 'CISA',
    naics: '541512',
    estimated_value_text: '$5M to $10M',
    estimated_value_min: 5_000_000,
    estimated_value_max: 10_000_000,
    release_date: '2026-03-01',
    award_date: '2026-07-01',
    award_fiscal_year: 2026,
    award_quarter: 4,
    set_aside: '8(a)',
    set_aside_standardized: 'EIGHT_A',
    set_aside_standardized_label: '8(a) Set-Aside',
    ...fields,
  });
}

let nextId = 100;
/** Hand-written events, numbered in the order written. */
function ev(
  prospectId: string,
  kind: WindowEvent['kind'],
  field?: string,
  old?: unknown,
  now?: unknown,
): WindowEvent {
  nextId += 1;
  return {
    id: nextId,
    prospect_id: prospectId,
    at: '2026-11-08T06:00:00.000Z',
    kind,
    field: field ?? null,
    old: field === undefined ? null : (old ?? null),
    new: field === undefined ? null : (now ?? null),
  };
}

const CYBER_8A: ListFilters = { search: 'zero trust', sources: ['dhs'], setAside: 'EIGHT_A' };

describe('judging one prospect against a watch over its window', () => {
  it.each<[string, ProspectRecord, WindowEvent[], ListFilters, string | null, unknown[]]>([
    [
      'a forecast added in the window that matches is new',
      record('dhs:A'),
      [ev('dhs:A', 'added')],
      CYBER_8A,
      'new',
      [],
    ],
    [
      'a forecast added in the window that does not match is not in it',
      record('dhs:A', { set_aside_standardized: 'HUBZONE' }),
      [ev('dhs:A', 'added')],
      CYBER_8A,
      null,
      [],
    ],
    [
      'a field changed and changed back is no change',
      record('dhs:A'),
      [
        ev('dhs:A', 'updated', 'award_date', '2026-07-01', '2026-10-01'),
        ev('dhs:A', 'updated', 'award_date', '2026-10-01', '2026-07-01'),
      ],
      CYBER_8A,
      null,
      [],
    ],
    [
      'a change and a change back beside a real change keeps only the real one',
      record('dhs:A', { estimated_value_min: 2_000_000 }),
      [
        ev('dhs:A', 'updated', 'award_date', '2026-07-01', '2026-10-01'),
        ev('dhs:A', 'updated', 'estimated_value_min', 5_000_000, 2_000_000),
        ev('dhs:A', 'updated', 'award_date', '2026-10-01', '2026-07-01'),
      ],
      CYBER_8A,
      'changed',
      [{ field: 'estimated_value_min', old: 5_000_000, new: 2_000_000 }],
    ],
    [
      'a set-aside change that makes a forecast match makes it enter, with that change',
      record('dhs:A'),
      [
        ev('dhs:A', 'updated', 'set_aside_standardized', 'SMALL_BUSINESS', 'EIGHT_A'),
        ev('dhs:A', 'updated', 'set_aside_standardized_label', 'Small Business', '8(a) Set-Aside'),
      ],
      CYBER_8A,
      'entered',
      [
        { field: 'set_aside_standardized', old: 'SMALL_BUSINESS', new: 'EIGHT_A' },
        { field: 'set_aside_standardized_label', old: 'Small Business', new: '8(a) Set-Aside' },
      ],
    ],
    [
      'a set-aside change that makes a forecast stop matching makes it leave',
      record('dhs:A', { set_aside_standardized: 'HUBZONE', set_aside_standardized_label: 'HUBZone' }),
      [ev('dhs:A', 'updated', 'set_aside_standardized', 'EIGHT_A', 'HUBZONE')],
      CYBER_8A,
      'left:no_longer_matches',
      [{ field: 'set_aside_standardized', old: 'EIGHT_A', new: 'HUBZONE' }],
    ],
    [
      'a matching forecast removed from the agency forecast leaves',
      record('dhs:A', { status: 'removed', removed_at: '2026-11-08T06:00:00.000Z' }),
      [ev('dhs:A', 'removed')],
      CYBER_8A,
      'left:removed',
      [],
    ],
    [
      'a removed forecast that never matched is not in it',
      record('dhs:A', { status: 'removed', set_aside_standardized: 'HUBZONE' }),
      [ev('dhs:A', 'removed')],
      CYBER_8A,
      null,
      [],
    ],
    [
      'a forecast restored in the window is new again',
      record('dhs:A'),
      [ev('dhs:A', 'restored')],
      CYBER_8A,
      'new',
      [],
    ],
    [
      'a forecast removed and restored within the window, unchanged, is not in it',
      record('dhs:A'),
      [ev('dhs:A', 'removed'), ev('dhs:A', 'restored')],
      CYBER_8A,
      null,
      [],
    ],
    [
      'a forecast added and removed within the window is not in it',
      record('dhs:A', { status: 'removed' }),
      [ev('dhs:A', 'added'), ev('dhs:A', 'removed')],
      CYBER_8A,
      null,
      [],
    ],
    [
      'a change to an extra column alone is not in it',
      record('dhs:A', { extra: { 'Contract Vehicle': 'GSA MAS' } }),
      [ev('dhs:A', 'updated', 'extra.Contract Vehicle', 'SEWP', 'GSA MAS')],
      CYBER_8A,
      null,
      [],
    ],
    [
      'a title change that takes the searched words away makes it leave',
      record('dhs:A', { title: 'Identity management support' }),
      [ev('dhs:A', 'updated', 'title', 'Zero Trust Architecture support', 'Identity management support')],
      CYBER_8A,
      'left:no_longer_matches',
      [{ field: 'title', old: 'Zero Trust Architecture support', new: 'Identity management support' }],
    ],
    [
      'a watch without filters sees every change',
      record('ssa:B', { award_date: '2026-10-01' }),
      [ev('ssa:B', 'updated', 'award_date', '2026-07-01', '2026-10-01')],
      {},
      'changed',
      [{ field: 'award_date', old: '2026-07-01', new: '2026-10-01' }],
    ],
    [
      'a value range moved out of the watched range makes it leave',
      record('dhs:A', { estimated_value_min: 250_000, estimated_value_max: 1_000_000 }),
      [
        ev('dhs:A', 'updated', 'estimated_value_min', 5_000_000, 250_000),
        ev('dhs:A', 'updated', 'estimated_value_max', 10_000_000, 1_000_000),
      ],
      { minValue: 2_000_000 },
      'left:no_longer_matches',
      [
        { field: 'estimated_value_min', old: 5_000_000, new: 250_000 },
        { field: 'estimated_value_max', old: 10_000_000, new: 1_000_000 },
      ],
    ],
  ])('%s', (_name, current, events, filters, expected, changes) => {
    const judgement = judgeProspect(current, events, filters);
    const got =
      judgement === null
        ? null
        : judgement.class === 'left'
          ? `left:${judgement.entry.reason}`
          : judgement.class;
    expect(got).toBe(expected);
    if (judgement !== null) expect(judgement.entry.changes).toEqual(changes);
  });
});

describe('a digest over a window of events', () => {
  it('takes only the events after the cursor and up to the end of the window', () => {
    const events = [ev('dhs:A', 'added'), ev('dhs:B', 'added'), ev('dhs:C', 'added')];
    expect(
      eventsInWindow(events, { afterEventId: events[0]!.id, upToEventId: events[1]!.id }).map(
        (e) => e.prospect_id,
      ),
    ).toEqual(['dhs:B']);
  });

  it('shows a derived-key title change as the old id leaving and the new id arriving', () => {
    // Sources without a stable number key their records by title: a new title is a new id.
    const old = record('dot:4f1c', {
      status: 'removed',
      title: 'Cloud migration support',
      release_date: null,
    });
    const renamed = record('dot:9a2b', { title: 'Cloud migration and support', release_date: null });
    const digest = buildDigest({
      watch: 'cloud',
      filters: { search: 'cloud' },
      from: '2026-11-01T06:00:00.000Z',
      to: '2026-11-08T06:00:00.000Z',
      events: [ev('dot:9a2b', 'added'), ev('dot:4f1c', 'removed')],
      records: new Map([
        [old.id, old],
        [renamed.id, renamed],
      ]),
    });
    expect(digest.new.map((e) => e.prospect.id)).toEqual(['dot:9a2b']);
    expect(digest.left.map((e) => [e.prospect.id, e.reason])).toEqual([['dot:4f1c', 'removed']]);
    expect(digest.changed).toEqual([]);
  });

  it('orders each class by release date, empty last, then id', () => {
    const a = record('dhs:A', { release_date: '2026-05-01' });
    const b = record('dhs:B', { release_date: null });
    const c = record('dhs:C', { release_date: '2026-02-01' });
    const d = record('dhs:D', { release_date: '2026-02-01' });
    const digest = buildDigest({
      watch: 'all',
      filters: {},
      from: '2026-11-01T06:00:00.000Z',
      to: '2026-11-08T06:00:00.000Z',
      events: [ev('dhs:B', 'added'), ev('dhs:D', 'added'), ev('dhs:A', 'added'), ev('dhs:C', 'added')],
      records: new Map([a, b, c, d].map((r) => [r.id, r])),
    });
    expect(digest.new.map((e) => e.prospect.id)).toEqual(['dhs:C', 'dhs:D', 'dhs:A', 'dhs:B']);
    expect(digest.firstEventId).toBeLessThan(digest.lastEventId);
  });
});
