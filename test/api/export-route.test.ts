import { describe, expect, it } from 'vitest';
import { EXPORT_FIELDS } from '../../src/export/csv.js';
import type { Store } from '../../src/store/connection.js';
import { expectSpreadsheet } from '../helpers/spreadsheet.js';
import { makeProspect, recordScrape } from '../helpers/store.js';
import { startTestApi } from './api-harness.js';

async function seedThree(writer: Store): Promise<void> {
  await recordScrape(
    writer,
    'ssa',
    [
      makeProspect('ssa:A1', {
        title: '=SUM(A1:A9) cyber services',
        naics: '541512',
        estimated_value_min: 150_000,
        release_date: '2026-12-01',
      }),
      makeProspect('ssa:A2', { title: 'Cybersecurity audit', naics: '541519', release_date: '2026-11-01' }),
      makeProspect('ssa:A3', { title: 'Janitorial services', naics: '561720', release_date: '2027-01-01' }),
    ],
    { at: '2026-11-20T10:00:00.000Z' },
  );
}

async function download(
  url: string,
): Promise<{ status: number; type: string | null; name: string | null; bytes: Buffer }> {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    name: response.headers.get('content-disposition'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

describe('GET /api/prospects/export', () => {
  it('writes every record matching the list filters as a workbook, with no formula in it', async () => {
    const { api } = await startTestApi(seedThree);
    const answer = await download(
      `${api.url}/api/prospects/export?format=xlsx&naics=5415&sort_by=title&sort_order=asc`,
    );
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(answer.name).toBe('attachment; filename="jps-prospects-2026-11-27.xlsx"');
    const workbook = await expectSpreadsheet(answer.bytes, [
      '=SUM(A1:A9) cyber services',
      'Cybersecurity audit',
    ]);
    const about = new Map<string, unknown>();
    workbook
      .getWorksheet('About')!
      .eachRow((row) => about.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(about.get('naics')).toBe('5415');
    expect(about.get('sort_by')).toBe('title');
    expect(about.get('Made at (UTC)')).toEqual(new Date('2026-11-27T12:00:00.000Z'));
  });

  it('writes CSV by default, with the CSV guard, best match first for a search', async () => {
    const { api } = await startTestApi(seedThree);
    const answer = await download(`${api.url}/api/prospects/export?search=cyber`);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('text/csv; charset=utf-8');
    expect(answer.name).toBe('attachment; filename="jps-prospects-2026-11-27.csv"');
    const lines = answer.bytes.toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(EXPORT_FIELDS.join(','));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^ssa:A2,/);
    expect(lines[2]).toMatch(/^ssa:A1,ssa,Social Security Administration,A1,'=SUM\(A1:A9\) cyber services,/);
  });

  it('holds no record for AI-enhanced only, and is a 400 for a format it does not write', async () => {
    const { api, get } = await startTestApi(seedThree);
    const none = await download(`${api.url}/api/prospects/export?ai_enrichment=enhanced`);
    expect(none.bytes.toString('utf8')).toBe(`${EXPORT_FIELDS.join(',')}\r\n`);
    const pdf = await get('/api/prospects/export?format=pdf');
    expect(pdf.status).toBe(400);
    expect(pdf.json.message).toContain('format must be csv or xlsx');
  });
});
