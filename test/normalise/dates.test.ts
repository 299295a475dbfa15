import { describe, expect, it } from 'vitest';

import { parseDate } from '../../src/normalise/dates.js';

const utc = (year: number, month: number, day: number): Date => new Date(Date.UTC(year, month - 1, day));

describe('parseDate', () => {
  // Every form docs/record.md accepts.
  it.each([
    ['07/01/2025', '2025-07-01'],
    ['7/1/2025', '2025-07-01'],
    ['07/01/25', '2025-07-01'],
    ['2025-07-01', '2025-07-01'],
    ['2025-07-01 00:00:00', '2025-07-01'],
    ['2025-07-01T13:45:00', '2025-07-01'],
    [45839, '2025-07-01'],
    ['45839', '2025-07-01'],
    ['7/2025', '2025-07-01'],
    ['07/2025', '2025-07-01'],
    ['July 2025', '2025-07-01'],
    [utc(2025, 7, 1), '2025-07-01'],
  ])('reads docs/record.md form %j as %s', (cell, expected) => {
    expect(parseDate(cell)).toBe(expected);
  });

  // Spellings from the agencies' July 2025 files.
  it.each([
    ['Gateway solicitation', '09/30/2024', '2024-09-30'],
    ['Gateway completion', '12/31/2031', '2031-12-31'],
    ['Gateway completion', '12/26/2025', '2025-12-26'],
    ['DHS release', '03/01/2021', '2021-03-01'],
    ['DHS release', '10/28/2025', '2025-10-28'],
    ['DHS release', '03/28/2026', '2026-03-28'],
    ['SSA planned award', '07/01/2026', '2026-07-01'],
    ['SSA planned award cell', utc(2025, 12, 24), '2025-12-24'],
    ['HHS award month', '3/2033', '2033-03-01'],
    ['HHS award month', '1/2024', '2024-01-01'],
    ['HHS solicitation month', '8/2024', '2024-08-01'],
    ['DOS award', '2025-06-06 00:00:00', '2025-06-06'],
    ['DOS release', '2024-12-11 00:00:00', '2024-12-11'],
    ['DOJ award cell', utc(2025, 9, 30), '2025-09-30'],
    ['DOC serial as text', '45930.0', '2025-09-30'],
    ['DOT award', '1/15/2026', '2026-01-15'],
    ['CSV export with time', '7/1/2025 12:00:00 AM', '2025-07-01'],
    ['ISO with zone', '2025-06-06T00:00:00Z', '2025-06-06'],
    ['month abbreviation', 'Sept 2025', '2025-09-01'],
    ['upper-case month', 'MARCH 2026', '2026-03-01'],
    ['leap day', '02/29/2024', '2024-02-29'],
    ['serial of 1990-01-01', 32874, '1990-01-01'],
    ['date cell with a time', new Date(Date.UTC(2025, 6, 1, 23, 30)), '2025-07-01'],
  ])('reads %s %j as %s', (_what, cell, expected) => {
    expect(parseDate(cell)).toBe(expected);
  });

  it.each([
    ['an impossible day', '02/30/2025'],
    ['February 29 of a common year', '02/29/2025'],
    ['month 13', '13/01/2025'],
    ['day 0', '2025-07-00'],
    ['a year before 1990', '12/31/1989'],
    ['a year after 2100', '2101-01-01'],
    ['a date cell before 1990', utc(1985, 1, 1)],
    ['an invalid date cell', new Date(Number.NaN)],
    ['a bare year', '2025'],
    ['a bare year number', 2025],
    ['a serial below 20000', 19999],
    ['a serial above 80000', 80001],
    ['a serial before 1990', 20000],
    ['a fractional number', 45839.5],
    ['a DOJ quarter', 'Q3, 2025'],
    ['a Treasury quarter', 'FY 2025 Q2'],
    ['TBD', 'TBD'],
    ['an empty text', ''],
    ['words', 'next spring'],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
    ['an unknown month', 'Smarch 2025'],
  ])('reads %s as no date', (_what, cell) => {
    expect(parseDate(cell)).toBeNull();
  });
});
