import { describe, expect, it } from 'vitest';
import { mapRows, tableRowSet } from '../../src/scraper/map-rows.js';
import { readCsv } from '../../src/scraper/read-table.js';

const layout = { requiredHeaders: ['Node_ID', 'Title'], key: ['Node_ID'], columns: { title: 'Title' } };

describe('reading a CSV export as a stream', () => {
  it('finds the header under title lines, skips blank lines, and keeps stray quotes and cells past the header', () => {
    const csv =
      '\uFEFFForecast export,,\r\n' +
      'Node_ID,Title,Phase\r\n' +
      '1,"Janitorial, weekly",Planning\r\n' +
      ',,\r\n' +
      '2,"Bad "quote" here,x\r\n' +
      '3,Cloud hosting,Awarded,surplus cell\r\n';
    const table = readCsv(new TextEncoder().encode(csv));
    const set = tableRowSet([table], layout);
    expect(set.headers).toEqual(['Node_ID', 'Title', 'Phase', 'Column 4']);
    const rows = mapRows(set, layout);
    expect(set.rowCount).toBe(3);
    expect(rows.map((row) => [row.rowNumber, row.raw.title, row.extra])).toEqual([
      [3, 'Janitorial, weekly', { Phase: 'Planning' }],
      [5, '"Bad "quote" here', { Phase: 'x' }],
      [6, 'Cloud hosting', { Phase: 'Awarded', 'Column 4': 'surplus cell' }],
    ]);
    // The rows can be read again: each read starts from the first line.
    expect(mapRows(set, layout)).toHaveLength(3);
  });

  it('counts rows and names cells past the header as it reads them, far below the first rows', () => {
    const lines = ['Node_ID,Title'];
    for (let i = 1; i <= 200; i += 1) lines.push(i === 150 ? '150,Snow removal,late cell' : `${i},Item ${i}`);
    lines.push('', '"201,Broken "quote', '202,Last');
    const set = tableRowSet([readCsv(Buffer.from(lines.join('\n')))], layout);
    expect(set.headers).toEqual(['Node_ID', 'Title']);
    const rows = mapRows(set, layout);
    expect(set.headers).toEqual(['Node_ID', 'Title', 'Column 3']);
    expect(rows.find((row) => row.raw.title === 'Snow removal')!.extra).toEqual({ 'Column 3': 'late cell' });
    expect([set.rowCount, set.malformedRows]).toEqual([rows.length, 0]);
    expect(rows.at(-1)!.raw.title).toBe('Last');
  });

  it('reads rows across the parser chunks and a Windows-1252 file as text', () => {
    // 30,000 rows of about 60 characters: well past the parser's one-million-character chunks.
    const lines = ['Node_ID,Title'];
    for (let i = 0; i < 30_000; i += 1) lines.push(`${i},"Requirement ${i}, with a comma and ""quotes"" é"`);
    const set = tableRowSet([readCsv(new TextEncoder().encode(lines.join('\r\n')))], layout);
    const titles = mapRows(set, layout).map((row) => row.raw.title);
    expect(titles).toHaveLength(30_000);
    expect(titles.every((title, i) => title === `Requirement ${i}, with a comma and "quotes" é`)).toBe(true);

    // A character cut in two by a chunk's end is read whole.
    const filler = Array.from({ length: 10_000 }, (_, i) => `${i},${'x'.repeat(95)}\n`).join('');
    const head = `Node_ID,Title\n${filler}bus,${'x'.repeat(2 ** 20 - 2 - 14 - filler.length - 4)}`;
    expect(Buffer.byteLength(head)).toBe(2 ** 20 - 2);
    const cut = mapRows(tableRowSet([readCsv(Buffer.from(`${head}\u{1F69A} é\nzoe,Zoë\n`))], layout), layout);
    expect(cut.slice(-2).map((row) => String(row.raw.title).slice(-5))).toEqual(['x\u{1F69A} é', 'Zoë']);

    const latin = Uint8Array.from([...Buffer.from('Node_ID,Title\n1,Caf'), 0xe9, 0x0a]);
    const cafe = tableRowSet([readCsv(latin)], layout);
    expect(mapRows(cafe, layout)[0]!.raw.title).toBe('Café');
  });
});
