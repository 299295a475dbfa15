import { describe, expect, it } from 'vitest';

import { parseNaics } from '../../src/normalise/naics.js';

describe('parseNaics', () => {
  // docs/record.md's table.
  it.each([
    ['541519 - Other Computer Related Services', '541519', 'Other Computer Related Services'],
    ['541519-Other Computer Related Services', '541519', 'Other Computer Related Services'],
    ['541310--Architectural Services', '541310', 'Architectural Services'],
    [
      '621399 : Offices of All Other Miscellaneous Health Practitioners',
      '621399',
      'Offices of All Other Miscellaneous Health Practitioners',
    ],
    ['111110 | Soybean Farming', '111110', 'Soybean Farming'],
    ['237310.0', '237310', null],
    [237310.0, '237310', null],
    ['TBD', null, null],
    ['54151', null, null],
    ['1234567', null, null],
  ])('reads docs/record.md example %j', (cell, code, description) => {
    expect(parseNaics(cell)).toEqual({ code, description });
  });

  // The agencies' July 2025 spellings.
  it.each([
    ['Gateway', '236220', '236220', null],
    ['Gateway', '541330', '541330', null],
    [
      'DHS',
      '713990 - All Other Amusement and Recreation Industries',
      '713990',
      'All Other Amusement and Recreation Industries',
    ],
    [
      'DHS',
      '333618 - Other Engine Equipment Manufacturing',
      '333618',
      'Other Engine Equipment Manufacturing',
    ],
    [
      'DHS',
      '236220 - Commercial and Institutional Building Construction',
      '236220',
      'Commercial and Institutional Building Construction',
    ],
    ['Treasury', '541512-Computer Systems Design Services', '541512', 'Computer Systems Design Services'],
    ['DOT', '813312.0', '813312', null],
    ['DOT', 237310, '237310', null],
    [
      'HHS',
      '334516 : Analytical Laboratory Instrument Manufacturing',
      '334516',
      'Analytical Laboratory Instrument Manufacturing',
    ],
    ['HHS', 'TBD', null, null],
    [
      'DOC',
      '334516 | Analytical Laboratory Instrument Manufacturing',
      '334516',
      'Analytical Laboratory Instrument Manufacturing',
    ],
    [
      'DOC',
      '541990 | All Other Professional, Scientific, and Technical Services',
      '541990',
      'All Other Professional, Scientific, and Technical Services',
    ],
    ['DOJ', '238910--Site Preparation Contractors', '238910', 'Site Preparation Contractors'],
    [
      'DOJ',
      '541611--Administrative Management and General Management Consulting Services',
      '541611',
      'Administrative Management and General Management Consulting Services',
    ],
    ['SSA', 221122, '221122', null],
    ['SSA', '221112.0', '221112', null],
    ['SSA', '541611.0', '541611', null],
    ['DOS', '561210 \u2013 Facilities Support Services', '561210', 'Facilities Support Services'],
    ['any', '  541519   -   Other  Computer Related Services ', '541519', 'Other Computer Related Services'],
    ['any', '541519 Other Computer Related Services', '541519', 'Other Computer Related Services'],
    ['any', 'NAICS 541519 - Other Computer Related Services', '541519', 'Other Computer Related Services'],
    ['any', '541519 - TBD', '541519', null],
    ['any', '541519, 541512', '541519', null],
    ['any', '541519 -', '541519', null],
    ['any', 'N/A', null, null],
    ['any', '', null, null],
    ['any', null, null, null],
    ['any', 54151, null, null],
    ['any', 5415190, null, null],
    ['any', 'Computer services', null, null],
  ])('reads %s %j', (_agency, cell, code, description) => {
    expect(parseNaics(cell)).toEqual({ code, description });
  });
});
