import { describe, expect, it } from 'vitest';

import {
  fiscalOfDate,
  parseFiscalQuarter,
  parseFiscalYear,
  quarterStartDate,
  resolveTiming,
} from '../../src/normalise/fiscal.js';

describe('parseFiscalQuarter', () => {
  // Every form of docs/record.md, and the agencies' own spellings.
  it.each([
    ['Q2 2026', 2, 2026],
    ['Q2, 2026', 2, 2026],
    ['Q2 FY2026', 2, 2026],
    ['Q2 FY26', 2, 2026],
    ['FY 2026 Q2', 2, 2026],
    ['FY26 Q2', 2, 2026],
    ['FY2026-Q2', 2, 2026],
    ['2026 Q2', 2, 2026],
    ['2026-Q2', 2, 2026],
    ['2nd QTR', 2, null],
    ['2nd', 2, null],
    ['Second Quarter', 2, null],
    ['3rd (April 1 - June 30)', 3, null],
    ['Q2', 2, null],
    ['2', 2, null],
    ['FY 2026', null, 2026],
    ['FY26', null, 2026],
    ['q2  fy 2026', 2, 2026],
    ['DHS: Q4 2026', 4, 2026],
    ['DHS: Q1 2026', 1, 2026],
    ['Treasury: FY 2025 Q2', 2, 2025],
    ['Treasury: FY 2025 Q3', 3, 2025],
    ['DOJ: Q2, 2025', 2, 2025],
    ['DOJ: Q3, 2025', 3, 2025],
    ['SSA: Q1 FY2024', 1, 2024],
    ['DOT: 1st QTR', 1, null],
    ['DOT: 4th QTR', 4, null],
    ['Gateway: 2nd (January 1 - March 31)', 2, null],
    ['Gateway: 1st (October 1 - December 31)', 1, null],
    ['Gateway: 4th (July 1 - September 30)', 4, null],
    ['DOC: Q3', 3, null],
    ['DOS: Third Quarter', 3, null],
    ['DOS: 3rd Quarter', 3, null],
    ['DHS description: Q1FY21', 1, 2021],
    ['Quarter 2 FY 2026', 2, 2026],
    ['QTR 4', 4, null],
    ['first', 1, null],
    ['2.0', 2, null],
  ])('reads %j as quarter %s of FY %s', (written, quarter, fiscalYear) => {
    const text = written.replace(/^[A-Za-z ]+: /, '');
    expect(parseFiscalQuarter(text)).toEqual({ quarter, fiscalYear });
  });

  it.each([
    [3, 3],
    [1, 1],
    [4.0, 4],
  ])('reads number cell %s as quarter %s', (cell, quarter) => {
    expect(parseFiscalQuarter(cell)).toEqual({ quarter, fiscalYear: null });
  });

  it.each([
    'TBD',
    '',
    'Q5 2026',
    '5',
    '2026',
    'Pending 2nd review',
    'Q1-Q2 2026',
    'CY2026 Q1',
    'Q2 3026',
    2026,
    0,
    null,
  ])('reads %j as no quarter text', (written) => {
    expect(parseFiscalQuarter(written)).toBeNull();
  });
});

describe('parseFiscalYear', () => {
  it.each([
    [2026, 2026],
    ['2026', 2026],
    ['2026.0', 2026],
    ['FY 2026', 2026],
    ['FY26', 2026],
    ['fy2025', 2025],
    ['26', 2026],
    ['Fiscal Year 2027', 2027],
    ['FY-26', 2026],
    [' 2025 ', 2025],
  ])('reads %j as %s', (cell, year) => {
    expect(parseFiscalYear(cell)).toBe(year);
  });

  it.each(['TBD', '', 'FY 2026 Q2', '1985', '3000', '5', 2026.5, null, new Date(Date.UTC(2026, 0, 1))])(
    'reads %j as no fiscal year',
    (cell) => {
      expect(parseFiscalYear(cell)).toBeNull();
    },
  );
});

describe('fiscalOfDate and quarterStartDate', () => {
  it.each([
    ['2025-11-15', 2026, 1],
    ['2025-10-01', 2026, 1],
    ['2025-12-31', 2026, 1],
    ['2026-01-01', 2026, 2],
    ['2026-03-31', 2026, 2],
    ['2026-04-01', 2026, 3],
    ['2026-06-30', 2026, 3],
    ['2026-07-01', 2026, 4],
    ['2026-09-30', 2026, 4],
  ])('puts %s in FY%s Q%s', (date, fiscalYear, quarter) => {
    expect(fiscalOfDate(date)).toEqual({ fiscalYear, quarter });
  });

  it.each([
    [2026, 1, '2025-10-01'],
    [2026, 2, '2026-01-01'],
    [2026, 3, '2026-04-01'],
    [2026, 4, '2026-07-01'],
    [2025, 2, '2025-01-01'],
  ])('starts FY%s Q%s on %s', (fiscalYear, quarter, date) => {
    expect(quarterStartDate(fiscalYear, quarter)).toBe(date);
  });
});

describe('resolveTiming', () => {
  it.each([
    // docs/record.md
    ['a date', { date: '2025-11-15' }, '2025-11-15', 2026, 1],
    ['FY 2025 Q2', { quarter: 'FY 2025 Q2' }, '2025-01-01', 2025, 2],
    ['Q1 2026', { quarter: 'Q1 2026' }, '2025-10-01', 2026, 1],
    ['a fiscal year alone', { fiscalYear: 2026 }, null, 2026, null],
    ['FY 2026 alone', { quarter: 'FY 2026' }, null, 2026, null],
    ['a quarter without a year', { quarter: 'Q2' }, null, null, 2],
    ['an ordinal with a year column', { quarter: '2nd QTR', fiscalYear: '2026' }, '2026-01-01', 2026, 2],
    ['a bare quarter with a year column', { quarter: '2', fiscalYear: 2026 }, '2026-01-01', 2026, 2],
    [
      'the quarter text year over the column',
      { quarter: 'Q3 2025', fiscalYear: 2026 },
      '2025-04-01',
      2025,
      3,
    ],
    // The agencies
    ['DOJ date column holding a quarter', { date: 'Q3, 2025' }, '2025-04-01', 2025, 3],
    ['DOJ date column holding a date cell', { date: new Date(Date.UTC(2025, 2, 14)) }, '2025-03-14', 2025, 2],
    ['DOJ solicitation quarter', { date: 'Q2, 2025' }, '2025-01-01', 2025, 2],
    ['DHS award quarter with fiscal year', { quarter: 'Q4 2026', fiscalYear: 2026 }, '2026-07-01', 2026, 4],
    ['DHS award quarter', { quarter: 'Q1 2026' }, '2025-10-01', 2026, 1],
    ['Treasury award', { quarter: 'FY 2025 Q3' }, '2025-04-01', 2025, 3],
    ['SSA planned award quarter', { date: 'Q1 FY2024' }, '2023-10-01', 2024, 1],
    ['SSA planned award date', { date: '07/01/2026', fiscalYear: 2026 }, '2026-07-01', 2026, 4],
    ['DOT RFP quarter', { quarter: '1st QTR', fiscalYear: '2026' }, '2025-10-01', 2026, 1],
    [
      'Gateway ordinal quarter',
      { quarter: '2nd (January 1 - March 31)', fiscalYear: '2025' },
      '2025-01-01',
      2025,
      2,
    ],
    ['Gateway ordinal without a year', { quarter: '3rd (April 1 - June 30)' }, null, null, 3],
    ['HHS award month', { date: '3/2033' }, '2033-03-01', 2033, 2],
    ['DOC solicitation quarter', { quarter: 'Q4', fiscalYear: 'FY26' }, '2026-07-01', 2026, 4],
    [
      'DOS date cell',
      { date: new Date(Date.UTC(2025, 5, 6)), quarter: 'Q1', fiscalYear: 2030 },
      '2025-06-06',
      2025,
      3,
    ],
    ['DOS quarter with fiscal year', { date: null, quarter: 'Q3', fiscalYear: 2025 }, '2025-04-01', 2025, 3],
    ['an unreadable date then a quarter', { date: 'TBD', quarter: 'Q2 FY26' }, '2026-01-01', 2026, 2],
    ['nothing', {}, null, null, null],
    ['empty markers', { date: 'TBD', quarter: 'N/A', fiscalYear: 'TBD' }, null, null, null],
  ])('resolves %s', (_what, input, date, fiscalYear, quarter) => {
    expect(resolveTiming(input)).toEqual({ date, fiscalYear, quarter });
  });
});
