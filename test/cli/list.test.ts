import { describe, expect, it } from 'vitest';
import { formatDollars, formatValueRange } from '../../src/cli/commands/list.js';
import { RECORD_FIELDS } from '../../src/store/prospect-record.js';
import { runJps } from '../helpers/cli.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

const NOW = new Date('2026-11-05T00:00:00.000Z');

/**
 * SSA lists A1 (a long title), A2 (a title a spreadsheet would run as a formula, a two-line
 * description with quotes) and A3 (only a lower bound), then DHS lists B1 (only an upper bound).
 * By release date, newest first: B1, A1, A2, A3 (no date).
 */
async function listStore(): Promise<string> {
  const store = await tempStore();
  await recordScrape(
    store,
    'ssa',
    [
      makeProspect('ssa:A1', {
        title:
          'Cloud migration services for the Office of Hearings Operations and the Office of the Chief Information Officer',
        naics: '541512',
        estimated_value_text: '$150K - $250K',
        estimated_value_min: 150_000,
        estimated_value_max: 250_000,
        release_date: '2026-03-01',
      }),
      makeProspect(
        'ssa:A2',
        {
          title: '=HYPERLINK("http://evil.example","click")',
          description: 'Line one, with "quotes"\nLine two',
          estimated_value_text: '$500,000',
          estimated_value_min: 500_000,
          estimated_value_max: 500_000,
          release_date: '2026-02-01',
          set_aside_standardized: 'EIGHT_A',
          set_aside_standardized_label: '8(a)',
        },
        { Notes: '+1 555 0100' },
      ),
      makeProspect('ssa:A3', { title: '-Minus first', estimated_value_min: 10_000_000 }),
    ],
    { at: '2026-11-01T10:00:00.000Z' },
  );
  await recordScrape(
    store,
    'dhs',
    [
      makeProspect('dhs:B1', {
        title: 'Body armor',
        agency: 'Department of Homeland Security',
        estimated_value_max: 150_000,
        release_date: '2026-04-01',
      }),
    ],
    { at: '2026-10-20T10:00:00.000Z' },
  );
  return store.path;
}

async function jps(dbPath: string, ...argv: string[]) {
  return runJps(['list', ...argv], { dbPath, now: NOW });
}

describe('jps list', () => {
  it('prints a table that fits 100 columns, with its footer on stderr', async () => {
    const db = await listStore();
    const result = await jps(db);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      [
        '┌────────┬─────────────────────────────────┬──────────────────────────┬─────────────┬──────────────┐',
        '│ id     │ title                           │ agency                   │ value       │ release_date │',
        '├────────┼─────────────────────────────────┼──────────────────────────┼─────────────┼──────────────┤',
        '│ dhs:B1 │ Body armor                      │ Department of Homeland … │ ≤$150K      │ 2026-04-01   │',
        '│ ssa:A1 │ Cloud migration services for t… │ Social Security Adminis… │ $150K–$250K │ 2026-03-01   │',
        '│ ssa:A2 │ =HYPERLINK("http://evil.exampl… │ Social Security Adminis… │ $500K       │ 2026-02-01   │',
        '│ ssa:A3 │ -Minus first                    │ Social Security Adminis… │ $10M+       │              │',
        '└────────┴─────────────────────────────────┴──────────────────────────┴─────────────┴──────────────┘',
        '',
      ].join('\n'),
    );
    for (const line of result.stdout.trimEnd().split('\n')) expect([...line]).toHaveLength(100);
    expect(result.stderr).toBe('showing 1–4 of 4');
  });

  it('pages, saying which records it shows', async () => {
    const db = await listStore();
    const result = await jps(db, '--limit', '2', '--page', '2', '--format', 'json');
    expect(JSON.parse(result.stdout).map((r: { id: string }) => r.id)).toEqual(['ssa:A2', 'ssa:A3']);
    const table = await jps(db, '--limit', '2', '--page', '2');
    expect(table.stderr).toBe('showing 3–4 of 4');
    expect(table.stdout).toContain('ssa:A3');
    expect(table.stdout).not.toContain('dhs:B1');
    expect((await jps(db, '--limit', '2', '--page', '3')).stderr).toBe(
      'no prospects on page 3: 4 match (2 pages of 2)',
    );
    expect((await jps(db, '--all')).stderr).toBe('showing 1–4 of 4');
  });

  it('says "no prospects match" on stderr and prints each format\'s empty form', async () => {
    const db = await listStore();
    expect(await jps(db, '--search', 'nothing')).toEqual({
      exitCode: 0,
      stdout: '',
      stderr: 'no prospects match',
    });
    expect(await jps(db, '--search', 'nothing', '--format', 'json')).toEqual({
      exitCode: 0,
      stdout: '[]\n',
      stderr: 'no prospects match',
    });
    expect((await jps(db, '--search', 'nothing', '--format', 'ndjson')).stdout).toBe('');
    expect((await jps(db, '--search', 'nothing', '--format', 'csv')).stdout).toBe(
      `${RECORD_FIELDS.filter((f) => f !== 'extra').join(',')}\r\n`,
    );
  });

  it('prints the records of docs/record.md as JSON, byte for byte the same each time', async () => {
    const db = await listStore();
    const first = await jps(db, '--format', 'json');
    const second = await jps(db, '--format', 'json');
    expect(first.stdout).toBe(second.stdout);
    expect(first.stderr).toBe('');
    const records = JSON.parse(first.stdout) as Record<string, unknown>[];
    expect(records.map((r) => r['id'])).toEqual(['dhs:B1', 'ssa:A1', 'ssa:A2', 'ssa:A3']);
    for (const record of records) expect(Object.keys(record)).toEqual([...RECORD_FIELDS]);
    expect(records[2]).toMatchObject({
      source_name: 'Social Security Administration',
      estimated_value_min: 500_000,
      set_aside_standardized: 'EIGHT_A',
      extra: { Notes: '+1 555 0100' },
    });
    expect(first.stdout).toMatch(/^\[\n {2}\{\n {4}"id": "dhs:B1",\n {4}"source": "dhs",\n/);
  });

  it('prints one record a line as ndjson', async () => {
    const db = await listStore();
    const json = JSON.parse((await jps(db, '--format', 'json')).stdout) as unknown[];
    const lines = (await jps(db, '--format', 'ndjson')).stdout.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toEqual(json);
    expect(lines[0]).toBe(JSON.stringify(json[0]));
  });

  it('prints RFC 4180 CSV that a spreadsheet never runs as formulas', async () => {
    const db = await listStore();
    const result = await jps(
      db,
      '--format',
      'csv',
      '--columns',
      'id,title,description,estimated_value_min,release_date,extra',
    );
    expect(result.stdout).toBe(
      [
        'id,title,description,estimated_value_min,release_date,extra',
        'dhs:B1,Body armor,,,2026-04-01,{}',
        'ssa:A1,Cloud migration services for the Office of Hearings Operations and the Office of the Chief Information Officer,,150000,2026-03-01,{}',
        `ssa:A2,"'=HYPERLINK(""http://evil.example"",""click"")","Line one, with ""quotes""\nLine two",500000,2026-02-01,"{""Notes"":""+1 555 0100""}"`,
        "ssa:A3,'-Minus first,,10000000,,{}",
        '',
      ].join('\r\n'),
    );
  });

  it('prints every field but extra in CSV by default, with the field names as header', async () => {
    const db = await listStore();
    const lines = (await jps(db, '--format', 'csv')).stdout.split('\r\n');
    expect(lines[0]).toBe(RECORD_FIELDS.filter((f) => f !== 'extra').join(','));
    expect(lines[1]).toBe(
      'dhs:B1,dhs,Department of Homeland Security,B1,Body armor,,Department of Homeland Security,,,,,,150000,' +
        '2026-04-01,,,,,,,,,,NOT_AVAILABLE,N/A,,,,,active,2026-10-20T10:00:01.000Z,2026-10-20T10:00:01.000Z,',
    );
    expect(lines).toHaveLength(6);
  });

  it('chooses columns for a table and for JSON', async () => {
    const db = await listStore();
    const table = await jps(db, '--columns', 'id,naics,value', '--limit', '2');
    expect(table.stdout.split('\n').slice(0, 5)).toEqual([
      '┌────────┬────────┬─────────────┐',
      '│ id     │ naics  │ value       │',
      '├────────┼────────┼─────────────┤',
      '│ dhs:B1 │        │ ≤$150K      │',
      '│ ssa:A1 │ 541512 │ $150K–$250K │',
    ]);
    const json = await jps(db, '--columns', 'title,id', '--format', 'json', '--limit', '1');
    expect(json.stdout).toBe('[\n  {\n    "title": "Body armor",\n    "id": "dhs:B1"\n  }\n]\n');
  });

  it.each([
    [
      ['--source', 'ssa'],
      ['ssa:A1', 'ssa:A2', 'ssa:A3'],
    ],
    [
      ['--source', 'dhs,ssa'],
      ['dhs:B1', 'ssa:A1', 'ssa:A2', 'ssa:A3'],
    ],
    [['--source', 'dhs', '--source', 'ssa', '--agency', 'homeland'], ['dhs:B1']],
    [['--set-aside', 'eight_a'], ['ssa:A2']],
    [['--naics', '5415'], ['ssa:A1']],
    [['--search', 'cloud'], ['ssa:A1']],
    [['--search', 'hyperlink evil*'], ['ssa:A2']],
    [['--min-value', '1.5M'], ['ssa:A3']],
    [
      ['--max-value', '$150,000'],
      ['dhs:B1', 'ssa:A1'],
    ],
    [
      ['--release-from', '2026-03-01'],
      ['dhs:B1', 'ssa:A1'],
    ],
    [
      ['--release-to', '2026-03-01'],
      ['ssa:A1', 'ssa:A2'],
    ],
    [
      ['--changed-since', '7d'],
      ['ssa:A1', 'ssa:A2', 'ssa:A3'],
    ],
    [
      ['--changed-since', '2026-10-20'],
      ['dhs:B1', 'ssa:A1', 'ssa:A2', 'ssa:A3'],
    ],
    [
      ['--changed-since', 'last-run'],
      ['dhs:B1', 'ssa:A1', 'ssa:A2', 'ssa:A3'],
    ],
    [['--status', 'removed'], []],
    [
      ['--sort', 'title', '--order', 'asc'],
      ['ssa:A3', 'ssa:A2', 'dhs:B1', 'ssa:A1'],
    ],
    [
      ['--sort', 'estimated_value_max'],
      ['ssa:A2', 'ssa:A1', 'dhs:B1', 'ssa:A3'],
    ],
  ])('filters and sorts: jps list %j', async (argv, expected) => {
    const db = await listStore();
    const result = await jps(db, ...argv, '--format', 'json');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).map((r: { id: string }) => r.id)).toEqual(expected);
  });

  it.each([
    [['--set-aside', 'SMALL'], '--set-aside takes one of EIGHT_A, HUBZONE,'],
    [['--naics', '54-15'], '--naics takes the first 1 to 6 digits'],
    [['--naics', '1234567'], '--naics takes the first 1 to 6 digits'],
    [['--min-value', 'lots'], '--min-value takes an amount in dollars'],
    [['--min-value', '5', '--max-value', '1'], '--min-value/--max-value: the start is after the end'],
    [['--release-from', '2026-02-30'], '--release-from takes a date like 2026-11-20'],
    [['--award-to', '11/20/2026'], '--award-to takes a date like 2026-11-20'],
    [
      ['--award-from', '2026-05-01', '--award-to', '2026-04-01'],
      '--award-from/--award-to: the start is after the end',
    ],
    [['--changed-since', 'yesterday'], '--changed-since takes a date (2026-11-20)'],
    [['--limit', '0'], '--limit takes a whole number of at least 1, not "0"'],
    [['--page', 'two'], '--page takes a whole number of at least 1'],
    [['--all', '--page', '2'], '--all and --page cannot be used together'],
    [['--source', 'ssa,nasa'], 'unknown source "nasa"'],
    [['--columns', 'id,colour'], '--columns: unknown field "colour"'],
    [['--columns', 'id,value', '--format', 'csv'], '"value" is a table column'],
    [['--sort', 'colour'], "option '--sort <field>' argument 'colour' is invalid"],
    [['--sort', 'relevance'], '--sort relevance needs --search'],
    [['--status', 'gone'], "option '--status <status>' argument 'gone' is invalid"],
    [['--format', 'xml'], "option '--format <format>' argument 'xml' is invalid"],
  ])('rejects jps list %j with a one-line usage error (exit 2)', async (argv, message) => {
    const db = await listStore();
    const result = await jps(db, ...argv);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toContain(message);
    expect(result.stderr.startsWith('jps: ')).toBe(true);
  });
});

describe('value ranges on a terminal', () => {
  it.each([
    [0, '$0'],
    [950, '$950'],
    [25_000, '$25K'],
    [150_000, '$150K'],
    [400_001, '$400K'],
    [999_999, '$1M'],
    [1_100_000, '$1.1M'],
    [1_250_000, '$1.3M'],
    [999_950_000, '$1B'],
    [2_000_000_000, '$2B'],
  ])('writes %d dollars as %s', (value, text) => {
    expect(formatDollars(value)).toBe(text);
  });

  it.each([
    [150_000, 250_000, '$150K–$250K'],
    [500_000, 500_000, '$500K'],
    [10_000_000, null, '$10M+'],
    [null, 150_000, '≤$150K'],
    [null, null, ''],
  ])('writes the range %s–%s as %j', (min, max, text) => {
    expect(formatValueRange(min, max)).toBe(text);
  });
});
