import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Cell } from '../../src/normalise/cell.js';

export interface SheetSpec {
  name: string;
  /** Rows from row 1; `undefined` leaves a cell empty. Dates are written as date cells. */
  rows: (Cell | undefined)[][];
}

/** Writes a real .xlsx workbook (exceljs), cells typed as given: numbers, text, date cells. */
export async function writeWorkbook(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'jps tests';
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    spec.rows.forEach((cells, rowIndex) => {
      cells.forEach((value, columnIndex) => {
        if (value === undefined || value === null) return;
        const cell = sheet.getCell(rowIndex + 1, columnIndex + 1);
        cell.value = value;
        if (value instanceof Date) cell.numFmt = 'mm/dd/yyyy';
      });
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Turns an .xlsx into a macro-enabled .xlsm as Excel writes one: the macro-enabled workbook
 * content type and a VBA project part, related from the workbook.
 */
export async function toMacroEnabled(xlsx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const types = await zip.file('[Content_Types].xml')!.async('string');
  zip.file(
    '[Content_Types].xml',
    types
      .replace(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
        'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
      )
      .replace(
        '<Default Extension="xml"',
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default Extension="xml"',
      ),
  );
  const relsPath = 'xl/_rels/workbook.xml.rels';
  const rels = await zip.file(relsPath)!.async('string');
  zip.file(
    relsPath,
    rels.replace(
      '</Relationships>',
      '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
    ),
  );
  // A VBA project is a compound file; its first bytes are all a reader ever sees of it here.
  zip.file(
    'xl/vbaProject.bin',
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]),
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
