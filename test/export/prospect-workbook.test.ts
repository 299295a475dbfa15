import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { EXPORT_FIELDS } from '../../src/export/csv.js';
import { prospectWorkbook } from '../../src/export/prospect-workbook.js';
import type { ProspectRecord } from '../../src/store/prospect-record.js';
import { expectSpreadsheet, readBack } from '../helpers/spreadsheet.js';

const SAMPLE: ProspectRecord = {
  id: 'ssa:OHO-26-HQ0007',
  source: 'ssa',
  source_name: 'Social Security Administration',
  native_id: 'OHO-26-HQ0007',
  title: '=HYPERLINK("http://evil.example","Cyber security")',
  description: 'A long description. '.repeat(20).trim(),
  agency: 'Social Security Administration',
  office: '+OHO',
  naics: '541519',
  naics_description: 'Other Computer Related Services',
  estimated_value_text: '$1M - $5M',
  estimated_value_min: 1_000_000,
  estimated_value_max: 5_000_000.5,
  release_date: '2026-12-15',
  award_date: null,
  award_fiscal_year: 2027,
  award_quarter: 2,
  place_of_performance: 'Baltimore, MD',
  place_city: 'Baltimore',
  place_state: 'MD',
  place_country: 'USA',
  contract_type: null,
  set_aside: '@small',
  set_aside_standardized: 'SMALL_BUSINESS',
  set_aside_standardized_label: 'Small Business',
  primary_contact_name: null,
  primary_contact_email: null,
  incumbent: null,
  url: null,
  status: 'active',
  first_seen_at: '2026-11-01T10:00:01.000Z',
  last_seen_at: '2026-11-08T10:00:01.000Z',
  removed_at: null,
  extra: { 'Contracting Office': 'Woodlawn' },
};

describe('prospectWorkbook', () => {
  it('writes typed cells under a bold, frozen, filtered header, and no formula even for "=…" text', async () => {
    const bytes = await prospectWorkbook([SAMPLE], EXPORT_FIELDS, {
      madeBy: 'jps list --naics 5415 --format xlsx',
      madeAt: new Date('2026-11-27T12:00:00.000Z'),
      filters: [['--naics', '5415']],
      records: 'showing 1–1 of 1',
    });
    const workbook = await expectSpreadsheet(bytes, [SAMPLE.title]);
    const sheet = workbook.getWorksheet('Prospects')!;
    const cell = (field: string) => sheet.getRow(2).getCell(EXPORT_FIELDS.indexOf(field as never) + 1);

    expect(cell('title').type).toBe(ExcelJS.ValueType.String);
    expect(cell('office').value).toBe('+OHO');
    expect(cell('set_aside').value).toBe('@small');
    expect(cell('release_date').value).toEqual(new Date('2026-12-15T00:00:00.000Z'));
    expect(cell('release_date').numFmt).toBe('yyyy-mm-dd');
    expect(cell('first_seen_at').value).toEqual(new Date('2026-11-01T10:00:01.000Z'));
    expect(cell('award_date').value).toBeNull();
    expect(cell('estimated_value_min').value).toBe(1_000_000);
    expect(cell('estimated_value_max').value).toBe(5_000_000.5);
    expect(cell('estimated_value_max').numFmt).toContain('$');
    expect(cell('award_fiscal_year').value).toBe(2027);
    // NAICS codes are codes, not numbers: "0541" would lose its zero.
    expect(cell('naics').value).toBe('541519');
    expect(cell('description').alignment?.wrapText).toBe(true);

    const about = workbook.getWorksheet('About')!;
    const lines = new Map<string, unknown>();
    about.eachRow((row) => lines.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(lines.get('Made by')).toBe('jps list --naics 5415 --format xlsx');
    expect(lines.get('Made at (UTC)')).toEqual(new Date('2026-11-27T12:00:00.000Z'));
    expect(lines.get('Records')).toBe('showing 1–1 of 1');
    expect(lines.get('--naics')).toBe('5415');
  });

  it('writes only the chosen columns, in their order, and a header alone when nothing matched', async () => {
    const bytes = await prospectWorkbook([], ['id', 'title'], {
      madeBy: 'jps list',
      madeAt: new Date('2026-11-27T12:00:00.000Z'),
      filters: [],
      records: 'no prospects match',
    });
    const { workbook, sheetXml } = await readBack(bytes);
    const sheet = workbook.getWorksheet('Prospects')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'id', 'title']);
    expect(sheet.rowCount).toBe(1);
    expect(sheetXml).toContain('<autoFilter ref="A1:B1"/>');
  });
});
