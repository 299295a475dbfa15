import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { memoryOutput } from '../../src/cli/output.js';
import { runCli } from '../../src/cli/run-cli.js';
import { runJps } from '../helpers/cli.js';
import { expectSpreadsheet } from '../helpers/spreadsheet.js';
import { makeProspect, recordScrape, tempDir, tempStore } from '../helpers/store.js';

const NOW = new Date('2026-11-27T12:00:00.000Z');

/** Two computer-services forecasts (one titled like a formula) and one janitorial one. */
async function naicsStore(): Promise<string> {
  const store = await tempStore();
  await recordScrape(
    store,
    'ssa',
    [
      makeProspect('ssa:A1', {
        title: 'Cybersecurity operations',
        naics: '541519',
        estimated_value_min: 1_000_000,
        estimated_value_max: 5_000_000,
        release_date: '2026-12-15',
      }),
      makeProspect('ssa:A2', { title: '=1+1 cyber range', naics: '541512', release_date: '2026-11-01' }),
      makeProspect('ssa:A3', { title: 'Janitorial services', naics: '561720', release_date: '2027-01-01' }),
    ],
    { at: '2026-11-20T10:00:00.000Z' },
  );
  return store.path;
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

describe('jps list --format xlsx', () => {
  it('writes the workbook to --output with real dates and amounts, and says what it wrote', async () => {
    const dbPath = await naicsStore();
    const file = join(tempDir(), 'cyber.xlsx');
    const result = await runJps(['list', '--naics', '5415', '--format', 'xlsx', '--output', file], {
      dbPath,
      now: NOW,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`showing 1–2 of 2\nwrote ${file}`);
    const workbook = await expectSpreadsheet(readFileSync(file), [
      'Cybersecurity operations',
      '=1+1 cyber range',
    ]);
    const sheet = workbook.getWorksheet('Prospects')!;
    const header = sheet.getRow(1).values as unknown[];
    const cell = (name: string) => sheet.getRow(2).getCell(header.indexOf(name));
    expect(cell('release_date').value).toEqual(new Date('2026-12-15T00:00:00.000Z'));
    expect(cell('estimated_value_max').value).toBe(5_000_000);
    const about = new Map<string, unknown>();
    workbook
      .getWorksheet('About')!
      .eachRow((row) => about.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(about.get('Made by')).toBe(`jps list --naics 5415 --format xlsx --output ${file}`);
    expect(about.get('Made at (UTC)')).toEqual(NOW);
    expect(about.get('--naics')).toBe('5415');
    expect(about.get('Records')).toBe('showing 1–2 of 2');
  });

  it('writes the workbook to stdout when stdout is not a terminal', async () => {
    const dbPath = await naicsStore();
    const out = memoryOutput();
    const code = await runCli(['list', '--search', 'cyber', '--format', 'xlsx', '--columns', 'id,title'], {
      env: { JPS_DB: dbPath },
      out,
      now: () => NOW,
    });
    expect(code).toBe(0);
    const workbook = await load(Buffer.concat(out.stdoutBytes));
    expect(workbook.getWorksheet('Prospects')!.getRow(1).values).toEqual([undefined, 'id', 'title']);
    expect(workbook.getWorksheet('Prospects')!.rowCount).toBe(3);
  });

  it('refuses to write a workbook to a terminal, with a usage error (exit 2)', async () => {
    const dbPath = await naicsStore();
    const out = memoryOutput({ dataIsTerminal: true });
    const code = await runCli(['list', '--format', 'xlsx'], { env: { JPS_DB: dbPath }, out, now: () => NOW });
    expect(code).toBe(2);
    expect(out.stdoutBytes).toEqual([]);
    expect(out.stderr[0]).toContain('--format xlsx writes a binary workbook: give --output <file.xlsx>');
  });

  it('says it cannot write an --output in a missing folder (exit 2)', async () => {
    const dbPath = await naicsStore();
    const file = join(tempDir(), 'no', 'such', 'folder', 'x.xlsx');
    const result = await runJps(['list', '--format', 'xlsx', '--output', file], { dbPath, now: NOW });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`cannot write ${file}`);
  });

  it('writes CSV to --output too', async () => {
    const dbPath = await naicsStore();
    const file = join(tempDir(), 'list.csv');
    const result = await runJps(['list', '--format', 'csv', '--columns', 'id', '--output', file], {
      dbPath,
      now: NOW,
    });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('id\r\nssa:A3\r\nssa:A1\r\nssa:A2\r\n');
  });
});
