import { describe, expect, it } from 'vitest';
import { diffProspects, type IncomingProspect, type StoredProspect } from '../../src/store/diff-prospects.js';
import { contentHash } from '../../src/store/prospect-record.js';
import { makeProspect } from '../helpers/store.js';

const OPTIONS = { source: 'ssa', runId: 7, at: '2026-11-27T10:00:01.000Z' };

/** A stored prospect exactly as `record` would have left it. */
function stored(record: IncomingProspect, status: 'active' | 'removed' = 'active'): StoredProspect {
  return {
    ...record.fields,
    id: record.id,
    status,
    extra: JSON.stringify(record.extra),
    content_hash: contentHash(record.fields, record.extra),
  };
}

const storeOf = (...rows: StoredProspect[]) => new Map(rows.map((row) => [row.id, row]));

/** Events as `kind field old→new` lines, the way a reader of `jps history` sees them. */
const lines = (diff: ReturnType<typeof diffProspects>) =>
  diff.events.map((e) => `${e.prospect_id} ${e.kind}${e.field ? ` ${e.field} ${e.old}→${e.new}` : ''}`);

const a = makeProspect('ssa:A', { title: 'Janitorial services', estimated_value_min: 100 });
const b = makeProspect('ssa:B', { title: 'Cloud hosting' }, { Site: 'DCHO' });

describe('deciding what a read changes, without a database', () => {
  it.each([
    {
      case: 'a record the store does not have is added',
      before: storeOf(),
      read: [a],
      complete: true,
      events: ['ssa:A added'],
      counts: { added: 1, updated: 0, removed: 0, restored: 0, unchanged: 0 },
    },
    {
      case: 'an identical active record records nothing',
      before: storeOf(stored(a), stored(b)),
      read: [a, b],
      complete: true,
      events: [],
      counts: { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 2 },
    },
    {
      case: 'a changed record gets one event per changed field, extra members included',
      before: storeOf(stored(a), stored(b)),
      read: [
        { ...a, fields: { ...a.fields, title: 'Custodial services', estimated_value_min: null } },
        { ...b, extra: { Site: 'OHO', Phase: 'Planning' } },
      ],
      complete: true,
      events: [
        'ssa:A updated title "Janitorial services"→"Custodial services"',
        'ssa:A updated estimated_value_min 100→null',
        'ssa:B updated extra.Site "DCHO"→"OHO"',
        'ssa:B updated extra.Phase null→"Planning"',
      ],
      counts: { added: 0, updated: 2, removed: 0, restored: 0, unchanged: 0 },
    },
    {
      case: 'a complete read removes the active records it no longer lists',
      before: storeOf(stored(a), stored(b)),
      read: [a],
      complete: true,
      events: ['ssa:B removed'],
      counts: { added: 0, updated: 0, removed: 1, restored: 0, unchanged: 1 },
    },
    {
      case: 'a partial read removes nothing',
      before: storeOf(stored(a), stored(b)),
      read: [a],
      complete: false,
      events: [],
      counts: { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 1 },
    },
    {
      case: 'a record already removed is not removed again',
      before: storeOf(stored(a), stored(b, 'removed')),
      read: [a],
      complete: true,
      events: [],
      counts: { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 1 },
    },
    {
      case: 'a removed record that returns unchanged is restored',
      before: storeOf(stored(a, 'removed')),
      read: [a],
      complete: true,
      events: ['ssa:A restored'],
      counts: { added: 0, updated: 0, removed: 0, restored: 1, unchanged: 0 },
    },
    {
      case: 'a removed record that returns changed is restored, then updated',
      before: storeOf(stored(a, 'removed')),
      read: [{ ...a, fields: { ...a.fields, office: 'OAG' } }],
      complete: true,
      events: ['ssa:A restored', 'ssa:A updated office null→"OAG"'],
      counts: { added: 0, updated: 1, removed: 0, restored: 1, unchanged: 0 },
    },
  ])('$case', ({ before, read, complete, events, counts }) => {
    const diff = diffProspects(before, read, { ...OPTIONS, complete });
    expect(lines(diff)).toEqual(events);
    expect(diff.counts).toEqual(counts);
  });

  it('writes an added record whole, rewrites a changed or returning one, and only sees an identical one again', () => {
    const changed = { ...b, fields: { ...b.fields, title: 'Cloud migration' } };
    const c = makeProspect('ssa:C');
    const diff = diffProspects(
      storeOf(stored(a), stored(b), stored(c, 'removed')),
      [a, changed, c, makeProspect('ssa:D')],
      {
        ...OPTIONS,
        complete: true,
      },
    );
    expect(diff.inserts.map((w) => w.record.id)).toEqual(['ssa:D']);
    expect(diff.updates.map((w) => w.record.id)).toEqual(['ssa:B', 'ssa:C']);
    expect(diff.updates[0]!.hash).toBe(contentHash(changed.fields, changed.extra));
    expect(diff.unchanged).toEqual(['ssa:A']);
    expect(diff.removed).toEqual([]);
    expect(diff.events.every((e) => e.source === 'ssa' && e.run_id === 7 && e.at === OPTIONS.at)).toBe(true);
  });

  it('keeps a number a number and tells a null value from a missing extra member in its events', () => {
    const before = makeProspect('ssa:A', { award_fiscal_year: 2026 }, { Note: '' });
    const after = makeProspect('ssa:A', { award_fiscal_year: 2027 }, {});
    const diff = diffProspects(storeOf(stored(before)), [after], { ...OPTIONS, complete: true });
    expect(diff.events.map((e) => [e.field, e.old, e.new])).toEqual([
      ['award_fiscal_year', '2026', '2027'],
      ['extra.Note', '""', 'null'],
    ]);
  });
});
