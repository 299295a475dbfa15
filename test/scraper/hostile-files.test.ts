import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { apfsJson, apfsRecord, DHS_ENTRIES } from '../fixtures/dhs/apfs-forecast.js';
import { buildSsaWorkbook } from '../fixtures/ssa/ssa-forecast.js';
import { buildDotCsv, DOT_HEADERS, DOT_ROWS } from '../fixtures/dot/dot-forecast.js';
import { runJps } from '../helpers/cli.js';
import { storedRecords } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';
import { storedData } from '../helpers/stored-data.js';

/** A temp database and a way to scrape one source from a file written into the same folder. */
function fileScraper() {
  const dir = tempDir();
  const dbPath = join(dir, 'jps.db');
  let files = 0;
  const scrape = async (source: string, bytes: Uint8Array | string, extension: string) => {
    files += 1;
    const path = join(dir, `file-${files}.${extension}`);
    writeFileSync(path, bytes);
    return { ...(await runJps(['scrape', '--source', source, '--file', path], { dbPath })), path };
  };
  /** Everything stored but the run log (a failed scrape records its run, and nothing else). */
  const stored = () => storedData(dbPath, { ignore: ['scrape_runs'] });
  return { dbPath, scrape, stored };
}

/** The one `jps: …` error or warning line of a scrape (the summary table goes to stdout). */
function messageLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('jps: '));
}

describe('a file with a few invalid UTF-8 bytes is still read as UTF-8', () => {
  it('keeps the BOM out of the first header and every accent right, and names the bad line', async () => {
    const { scrape, dbPath } = await fileScraper();
    const rows = DOT_ROWS.map((row, index) =>
      index === 0 ? { ...row, 'Project Title': 'Café annex – phase 2' } : row,
    );
    const clean = buildDotCsv(rows);
    // One byte of the second data row's office replaced by 0xFF, as a hand edit or a cut copy leaves it.
    const at = clean.indexOf(Buffer.from(String(rows[1]!['Procurement Office']))) + 2;
    const bytes = Buffer.from(clean);
    bytes[at] = 0xff;
    const line = clean.subarray(0, at).toString('utf8').split('\n').length;

    const result = await scrape('dot', bytes, 'csv');
    expect(result.exitCode).toBe(0);
    expect(messageLines(result.stderr)).toEqual([
      `jps: dot: 1 invalid UTF-8 byte sequence on line ${line}, read as "\ufffd" (the rest of the file is UTF-8)`,
    ]);
    const titles = (await storedRecords(dbPath, 'dot')).map((record) => record.title);
    expect(titles).toContain('Café annex – phase 2');
    expect(titles).toHaveLength(DOT_ROWS.length);
  });

  it('reads a file that is mostly not UTF-8 as Windows-1252, curly quotes and dashes included', async () => {
    const { scrape, dbPath } = await fileScraper();
    const rows = DOT_ROWS.map((row, index) =>
      index === 0 ? { ...row, 'Project Title': 'Café “annex” – phase 2' } : row,
    );
    const text = buildDotCsv(rows)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const windows1252 = Buffer.from(
      text.replace(/[“”–]/g, (char) => ({ '“': '\u0093', '”': '\u0094', '–': '\u0096' })[char]!),
      'latin1',
    );
    const result = await scrape('dot', windows1252, 'csv');
    expect(result.exitCode).toBe(0);
    expect(messageLines(result.stderr)).toEqual([]);
    expect((await storedRecords(dbPath, 'dot')).map((record) => record.title)).toContain(
      'Café “annex” – phase 2',
    );
  });
});

describe('a file may bring only so much', () => {
  it('refuses a DOT file with 5,000 extra columns instead of writing an event per cell', async () => {
    const { scrape, stored } = await fileScraper();
    expect((await scrape('dot', buildDotCsv(), 'csv')).exitCode).toBe(0);
    const before = stored();

    const extra = Array.from({ length: 5_000 }, (_, index) => `Extra ${index + 1}`);
    const lines = buildDotCsv()
      .toString('utf8')
      .split('\r\n')
      .map((line, index) =>
        line === '' ? line : `${line},${(index === 0 ? extra : extra.map((_, i) => `v${i}`)).join(',')}`,
      );
    const result = await scrape('dot', lines.join('\r\n'), 'csv');
    expect(result.exitCode).toBe(3);
    expect(messageLines(result.stderr)).toEqual([
      `jps: dot: the CSV file has 5,029 columns; jps reads at most 300, so this is not a forecast layout`,
    ]);
    expect(stored()).toBe(before);
  });

  it('cuts the header list of a missing-column error to twenty names and a count', async () => {
    const { scrape } = await fileScraper();
    const headers = Array.from({ length: 5_000 }, (_, index) => `Column heading number ${index + 1}`);
    const result = await scrape(
      'dot',
      `${headers.join(',')}\r\n${headers.map(() => 'x').join(',')}\r\n`,
      'csv',
    );
    expect(result.exitCode).toBe(3);
    const [line] = messageLines(result.stderr);
    expect(line).toMatch(
      /^jps: dot: required columns "[^"]+", .* not found \(found "Column heading number 1", /,
    );
    expect(line).toMatch(/"Column heading number 20" … and 4,980 more\): the file's layout changed$/);
    expect(line!.length).toBeLessThan(1_000);
  });

  it('refuses a 10 MB line before parsing it', async () => {
    const { scrape, stored } = await fileScraper();
    expect((await scrape('dot', buildDotCsv(), 'csv')).exitCode).toBe(0);
    const before = stored();
    const result = await scrape(
      'dot',
      `${DOT_HEADERS.join(',')}\r\n${'x'.repeat(10 * 1024 * 1024)}\r\n`,
      'csv',
    );
    expect(result.exitCode).toBe(3);
    expect(messageLines(result.stderr)).toEqual([
      'jps: dot: line 2 of the CSV file holds 10,485,761 characters; jps reads at most 2,000,000 in one line',
    ]);
    expect(stored()).toBe(before);
  });

  it('refuses a cell longer than 1,000,000 characters', async () => {
    const { scrape, stored } = await fileScraper();
    expect((await scrape('dot', buildDotCsv(), 'csv')).exitCode).toBe(0);
    const before = stored();
    const rows = DOT_ROWS.map((row, index) =>
      index === 2 ? { ...row, Description: 'y'.repeat(1_500_000) } : row,
    );
    const result = await scrape('dot', buildDotCsv(rows), 'csv');
    expect(result.exitCode).toBe(3);
    expect(messageLines(result.stderr)).toEqual([
      'jps: dot: row 4, column "Description", holds 1,500,000 characters; jps reads at most 1,000,000 in one cell',
    ]);
    expect(stored()).toBe(before);
  });

  it('refuses a workbook whose parts expand past 200 MB before expanding any of them', async () => {
    const { scrape, stored } = await fileScraper();
    expect((await scrape('ssa', await buildSsaWorkbook(), 'xlsx')).exitCode).toBe(0);
    const before = stored();
    const sharedStrings = await deflateRepeated('<si><t>AAAAAAAAAAAAAAAA</t></si>', 201 * 1024 * 1024);
    const bomb = zipFile([
      { name: '[Content_Types].xml', ...deflated('<Types/>') },
      { name: 'xl/sharedStrings.xml', ...sharedStrings },
    ]);
    expect(bomb.length).toBeLessThan(sharedStrings.size / 100);
    const result = await scrape('ssa', bomb, 'xlsx');
    expect(result.exitCode).toBe(3);
    expect(messageLines(result.stderr)).toEqual([
      'jps: ssa: the workbook expands to 201 MB (xl/sharedStrings.xml alone 201 MB); jps reads workbooks of at most 200 MB expanded',
    ]);
    expect(stored()).toBe(before);
  });

  it('refuses a workbook part that expands past the size it declares', async () => {
    const { scrape } = await fileScraper();
    const real = deflated('A'.repeat(5 * 1024 * 1024));
    const liar = zipFile([{ name: 'xl/sharedStrings.xml', data: real.data, size: 1_000 }]);
    const result = await scrape('ssa', liar, 'xlsx');
    expect(result.exitCode).toBe(3);
    expect(messageLines(result.stderr)).toEqual([
      'jps: ssa: the workbook has a part (xl/sharedStrings.xml) that expands past the 1,000 bytes it declares; jps reads workbooks of at most 200 MB expanded',
    ]);
  });
});

describe('smaller truths about broken files', () => {
  it('fails a 0-byte file as NO_ROWS and changes nothing', async () => {
    const { scrape, stored } = await fileScraper();
    expect((await scrape('dot', buildDotCsv(), 'csv')).exitCode).toBe(0);
    const before = stored();
    const result = await scrape('dot', '', 'csv');
    expect(result.exitCode).toBe(3);
    expect(messageLines(result.stderr)).toEqual([
      `jps: dot: no data rows in ${result.path} (the file is empty); nothing was changed`,
    ]);
    expect(stored()).toBe(before);
  });

  it('says a 100,000-deep JSON file for dhs --file nests too deeply, and changes nothing', async () => {
    const { scrape, stored } = await fileScraper();
    expect((await scrape('dhs', apfsJson(), 'json')).exitCode).toBe(0);
    const before = stored();
    const result = await scrape('dhs', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'json');
    expect(result.exitCode).toBe(3);
    expect(messageLines(result.stderr)).toEqual([
      'jps: dhs: JSON record 1 nests objects and arrays more than 64 levels deep: not forecast records',
    ]);
    expect(stored()).toBe(before);
  });

  it('keeps the paragraphs of a DHS requirement that is plain text with CRLF line ends', async () => {
    const { scrape, dbPath } = await fileScraper();
    const record = {
      ...apfsRecord(DHS_ENTRIES[0]!),
      requirement: 'First paragraph of the need.\r\n\r\nSecond paragraph: &amp; more.\r\nThird line.',
    };
    expect((await scrape('dhs', JSON.stringify([record]), 'json')).exitCode).toBe(0);
    const [stored] = await storedRecords(dbPath, 'dhs');
    expect(stored!.description).toBe('First paragraph of the need.\nSecond paragraph: & more.\nThird line.');
  });
});

// ---- ZIP files made by hand: only what the central directory check reads ----------------------

interface ZipPart {
  name: string;
  data: Uint8Array;
  /** The uncompressed size the directory declares. */
  size: number;
}

function deflated(text: string): { data: Uint8Array; size: number } {
  return { data: deflateRawSync(Buffer.from(text)), size: Buffer.byteLength(text) };
}

/** `unit` repeated to `bytes`, deflated as a stream: 200 MB of it never sits in memory. */
async function deflateRepeated(unit: string, bytes: number): Promise<{ data: Uint8Array; size: number }> {
  const chunk = Buffer.from(unit.repeat(Math.ceil((1024 * 1024) / unit.length)));
  const deflate = createDeflateRaw({ level: 1 });
  const out: Buffer[] = [];
  deflate.on('data', (part: Buffer) => out.push(part));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let size = 0;
  while (size < bytes) {
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
    size += chunk.length;
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), size };
}

function zipFile(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(part.data.length, 20);
    entry.writeUInt32LE(part.size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(part.data));
    directory.push(entry, name);
    offset += local.length + name.length + part.data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}
