import { describe, expect, it } from 'vitest';
import { runJps } from '../helpers/cli.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');

/**
 * SSA adds A1 and A2 (run 1), DHS adds B1 (run 2); three weeks later SSA moves A1's award date
 * and raises its value, and no longer lists A2 (run 3).
 * Events, oldest first: A1 added, A2 added, B1 added, A1 estimated_value_min, A1 award_date,
 * A2 removed.
 */
async function historyStore(): Promise<string> {
  const store = await tempStore();
  const a1 = { title: 'Cloud', award_date: '2026-01-01', estimated_value_min: 150_000 };
  await recordScrape(
    store,
    'ssa',
    [makeProspect('ssa:A1', a1), makeProspect('ssa:A2', { title: 'Guards' })],
    {
      at: '2026-11-01T10:00:00.000Z',
    },
  );
  await recordScrape(store, 'dhs', [makeProspect('dhs:B1', { title: 'Body armor' })], {
    at: '2026-11-01T11:00:00.000Z',
  });
  await recordScrape(
    store,
    'ssa',
    [makeProspect('ssa:A1', { ...a1, award_date: '2026-04-01', estimated_value_min: 200_000 })],
    { at: '2026-11-20T10:15:00.000Z' },
  );
  return store.path;
}

async function jps(dbPath: string, ...argv: string[]) {
  return runJps(['history', ...argv], { dbPath, now: NOW });
}

async function listed(dbPath: string, ...argv: string[]): Promise<string[]> {
  const result = await jps(dbPath, ...argv, '--format', 'json');
  expect(result.exitCode).toBe(0);
  return (JSON.parse(result.stdout) as { prospect_id: string; kind: string; field: string | null }[]).map(
    (event) => `${event.prospect_id} ${event.field ?? event.kind}`,
  );
}

describe('jps history <id>', () => {
  it("prints a prospect's timeline, oldest first, one line an event", async () => {
    const db = await historyStore();
    const result = await jps(db, 'ssa:A1');
    expect(result).toEqual({
      exitCode: 0,
      stdout: [
        'ssa:A1  Cloud',
        '2026-11-01  first seen           (run 1, 10:00 UTC)',
        '2026-11-20  estimated_value_min  150000 → 200000  (run 3, 10:15 UTC)',
        '2026-11-20  award_date           2026-01-01 → 2026-04-01  (run 3, 10:15 UTC)',
        '',
      ].join('\n'),
      stderr: 'showing 1–3 of 3 events',
    });
  });

  it('prints removals, and the timeline as JSON', async () => {
    const db = await historyStore();
    expect((await jps(db, 'ssa:A2')).stdout).toBe(
      [
        'ssa:A2  Guards',
        '2026-11-01  first seen  (run 1, 10:00 UTC)',
        '2026-11-20  removed     (run 3, 10:15 UTC)',
        '',
      ].join('\n'),
    );
    expect(JSON.parse((await jps(db, 'ssa:A1', '--format', 'json', '--kind', 'updated')).stdout)).toEqual([
      {
        prospect_id: 'ssa:A1',
        source: 'ssa',
        title: 'Cloud',
        run_id: 3,
        at: '2026-11-20T10:15:01.000Z',
        kind: 'updated',
        field: 'estimated_value_min',
        old: 150_000,
        new: 200_000,
      },
      {
        prospect_id: 'ssa:A1',
        source: 'ssa',
        title: 'Cloud',
        run_id: 3,
        at: '2026-11-20T10:15:01.000Z',
        kind: 'updated',
        field: 'award_date',
        old: '2026-01-01',
        new: '2026-04-01',
      },
    ]);
  });

  it('rejects an id the store never held (exit 2)', async () => {
    const db = await historyStore();
    const result = await jps(db, 'ssa:A9');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'jps: no prospect has the id "ssa:A9" (ids look like ssa:OHO-26-HQ0007; find them with jps list)',
    );
  });
});

describe('jps history', () => {
  it("prints what each source's latest run changed, newest first, by default", async () => {
    const db = await historyStore();
    const result = await jps(db);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      [
        '2026-11-20 10:15  updated   ssa:A1  Cloud',
        '                  estimated_value_min  150000 → 200000',
        '                  award_date           2026-01-01 → 2026-04-01',
        '2026-11-20 10:15  removed   ssa:A2  Guards',
        '2026-11-01 11:00  added     dhs:B1  Body armor',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('showing 1–4 of 4 events');
  });

  it.each([
    [
      ['--since', '2026-11-20'],
      ['ssa:A1 estimated_value_min', 'ssa:A1 award_date', 'ssa:A2 removed'],
    ],
    [
      ['--since', '2026-11-01T10:30:00Z'],
      ['ssa:A1 estimated_value_min', 'ssa:A1 award_date', 'ssa:A2 removed', 'dhs:B1 added'],
    ],
    [
      ['--since', '2026-11-20T10:15:01.000Z'],
      ['ssa:A1 estimated_value_min', 'ssa:A1 award_date', 'ssa:A2 removed'],
    ],
    [
      ['--since', '12h'],
      ['ssa:A1 estimated_value_min', 'ssa:A1 award_date', 'ssa:A2 removed'],
    ],
    [
      ['--since', '20d'],
      [
        'ssa:A1 estimated_value_min',
        'ssa:A1 award_date',
        'ssa:A2 removed',
        'dhs:B1 added',
        'ssa:A1 added',
        'ssa:A2 added',
      ],
    ],
    [
      ['--since', '120m'],
      ['ssa:A1 estimated_value_min', 'ssa:A1 award_date', 'ssa:A2 removed'],
    ],
    [['--since', '30s'], []],
    [['--since', 'last-run', '--source', 'dhs'], ['dhs:B1 added']],
    [['--since', '2026-11-01', '--source', 'dhs'], ['dhs:B1 added']],
    [
      ['--since', '2026-11-01', '--kind', 'added'],
      ['dhs:B1 added', 'ssa:A1 added', 'ssa:A2 added'],
    ],
    [['--kind', 'removed'], ['ssa:A2 removed']],
    [
      ['--since', '2026-11-01', '--limit', '2', '--page', '2'],
      ['ssa:A2 removed', 'dhs:B1 added'],
    ],
  ])('jps history %j', async (argv, expected) => {
    const db = await historyStore();
    expect(await listed(db, ...argv)).toEqual(expected);
  });

  it('pages a table, saying which events it shows', async () => {
    const db = await historyStore();
    const result = await jps(db, '--since', '2026-11-01', '--limit', '2', '--page', '2');
    expect(result.stderr).toBe('showing 3–4 of 6 events');
    expect(result.stdout).toContain('ssa:A2');
    expect(result.stdout).not.toContain('ssa:A1');
  });

  it('prints ndjson and CSV with old and new in their types', async () => {
    const db = await historyStore();
    const ndjson = await jps(db, '--since', '2026-11-20', '--format', 'ndjson', '--kind', 'updated');
    expect(ndjson.stdout).toBe(
      '{"prospect_id":"ssa:A1","source":"ssa","title":"Cloud","run_id":3,"at":"2026-11-20T10:15:01.000Z","kind":"updated","field":"estimated_value_min","old":150000,"new":200000}\n' +
        '{"prospect_id":"ssa:A1","source":"ssa","title":"Cloud","run_id":3,"at":"2026-11-20T10:15:01.000Z","kind":"updated","field":"award_date","old":"2026-01-01","new":"2026-04-01"}\n',
    );
    const csv = await jps(db, '--since', '2026-11-20', '--format', 'csv');
    expect(csv.stdout).toBe(
      [
        'prospect_id,source,title,run_id,at,kind,field,old,new',
        'ssa:A1,ssa,Cloud,3,2026-11-20T10:15:01.000Z,updated,estimated_value_min,150000,200000',
        'ssa:A1,ssa,Cloud,3,2026-11-20T10:15:01.000Z,updated,award_date,2026-01-01,2026-04-01',
        'ssa:A2,ssa,Guards,3,2026-11-20T10:15:01.000Z,removed,,,',
        '',
      ].join('\r\n'),
    );
  });

  it("says when nothing changed, and prints each format's empty form", async () => {
    const store = await tempStore();
    expect(await jps(store.path)).toEqual({
      exitCode: 0,
      stdout: '',
      stderr: 'no changes in the latest run of each source',
    });
    expect(await jps(store.path, '--format', 'json')).toEqual({
      exitCode: 0,
      stdout: '[]\n',
      stderr: 'no changes in the latest run of each source',
    });
    const db = await historyStore();
    expect((await jps(db, '--since', '1h')).stderr).toBe('no changes since 2026-11-20T11:00:00.000Z');
  });

  it.each([
    [['--since', 'yesterday'], '--since takes a date (2026-11-20), a timestamp'],
    [['--since', '2026-13-01'], '--since takes a date'],
    [['--since', '7w'], '--since takes a date'],
    [['--page', '2'], '--page needs --limit'],
    [['--limit', '-1'], '--limit takes a whole number of at least 1'],
    [['--source', 'nasa'], 'unknown source "nasa"'],
    [['ssa:A1', '--source', 'ssa'], '--source and a prospect id cannot be used together'],
    [['--kind', 'moved'], "option '--kind <kind>' argument 'moved' is invalid"],
  ])('rejects jps history %j with a one-line usage error (exit 2)', async (argv, message) => {
    const db = await historyStore();
    const result = await jps(db, ...argv);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toContain(message);
  });
});
