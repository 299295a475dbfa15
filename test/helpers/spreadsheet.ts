import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { expect } from 'vitest';
import { EXPORT_FIELDS } from '../../src/export/csv.js';

/** A workbook read back as Excel would: the sheets, and every cell's raw XML type. */
export async function readBack(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const zip = await JSZip.loadAsync(bytes);
  const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  return { workbook, sheetXml };
}

/** Checks what cli.md promises of any workbook jps writes, whoever made it. */
export async function expectSpreadsheet(bytes: Buffer, titles: string[]): Promise<ExcelJS.Workbook> {
  const { workbook, sheetXml } = await readBack(bytes);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Prospects', 'About']);
  const sheet = workbook.getWorksheet('Prospects')!;
  const header = sheet.getRow(1);
  expect(header.values).toEqual([undefined, ...EXPORT_FIELDS]);
  expect(header.getCell(1).font?.bold).toBe(true);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(sheetXml).toMatch(/<autoFilter ref="A1:[A-Z]+1"\/>/);
  expect(sheetXml).not.toContain('<f>');
  const column = (field: string) => EXPORT_FIELDS.indexOf(field as never) + 1;
  const found = [];
  for (let row = 2; row <= sheet.rowCount; row += 1)
    found.push(sheet.getRow(row).getCell(column('title')).value);
  expect(found).toEqual(titles);
  sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  return workbook;
}
