import { describe, expect, it } from 'vitest';

import { cellText, cleanMultiline, cleanText, cleanValue, isEmptyMarker } from '../../src/normalise/text.js';

describe('isEmptyMarker', () => {
  it.each([
    '',
    'TBD',
    'tbd',
    'To be determined',
    'TO BE DETERMINED',
    'N/A',
    'n/a',
    'NA',
    'None',
    'null',
    'NULL',
    'Not Applicable',
    'Various',
    'Currently, this information is not available',
    '[TBD]',
    '  TBD  ',
    'To  be\u00a0determined',
  ])('treats %j as no value', (text) => {
    expect(isEmptyMarker(text)).toBe(true);
  });

  it.each(['TBD - see notes', 'Nationwide', 'Headquarters', 'Region 02', '0', 'Small Business', 'Nonea'])(
    'treats %j as a value',
    (text) => {
      expect(isEmptyMarker(text)).toBe(false);
    },
  );
});

describe('cleanText', () => {
  it.each([
    ['  Firm Fixed Price  ', 'Firm Fixed Price'],
    ['Fire Door replacement and PACS - CM', 'Fire Door replacement and PACS - CM'],
    [
      'New York- Electrical Supply Utility Service (Engie \n Resources LLC)- Addabbo',
      'New York- Electrical Supply Utility Service (Engie Resources LLC)- Addabbo',
    ],
    [
      'Support Off Highway Vehicle User Ethics Training.\n\u00a0',
      'Support Off Highway Vehicle User Ethics Training.',
    ],
    ['BEN\u00a0ANDERSON', 'BEN ANDERSON'],
    ['SILVER  SPRING', 'SILVER SPRING'],
    ['A\tB\r\nC', 'A B C'],
    ['Research &amp; Development', 'Research & Development'],
    ['NOAA&#8217;s MARS', 'NOAA\u2019s MARS'],
    ['NOAA&#x2019;s MARS', 'NOAA\u2019s MARS'],
    ['&lt;b&gt;bold&lt;/b&gt;', '<b>bold</b>'],
    ['AT&T Services', 'AT&T Services'],
    ['R&D&E', 'R&D&E'],
    ['Smith &amp Jones', 'Smith &amp Jones'],
    ['&amp;amp;', '&amp;'],
    ['a&nbsp;b', 'a b'],
    ['\ufeffAPP #', 'APP #'],
    ['TBD', 'TBD'],
    ['', null],
    [' \n\t ', null],
    [null, null],
    [undefined, null],
    [221122, '221122'],
    [221122.5, '221122.5'],
    [true, 'TRUE'],
    [new Date(Date.UTC(2025, 6, 1)), '2025-07-01'],
  ])('cleans %j to %j', (cell, expected) => {
    expect(cleanText(cell)).toBe(expected);
  });
});

describe('cleanValue', () => {
  it.each([
    ['TBD', null],
    ['[TBD]', null],
    ['Currently, this information is not available', null],
    ['Not Applicable', null],
    ['  Various ', null],
    ['CBP', 'CBP'],
    ['NOAA - PROGRAM OFFICE', 'NOAA - PROGRAM OFFICE'],
    ['FPI-1542', 'FPI-1542'],
    ['USCG/CG-C5I', 'USCG/CG-C5I'],
    ['DCHO', 'DCHO'],
    ['A/GO/AL', 'A/GO/AL'],
    ['IHS', 'IHS'],
    ['FHWA - Eastern Federal Lands Highway Division', 'FHWA - Eastern Federal Lands Highway Division'],
    ['ALCOHOL AND TOBACCO TAX AND TRADE BUREAU', 'ALCOHOL AND TOBACCO TAX AND TRADE BUREAU'],
    ['General Services Administration', 'General Services Administration'],
  ])('reads %j as %j', (cell, expected) => {
    expect(cleanValue(cell)).toBe(expected);
  });
});

describe('cleanMultiline', () => {
  it.each([
    ['A\r\nB\rC\nD', 'A\nB\nC\nD'],
    ['  line one  \n\n   \n line   two ', 'line one\nline two'],
    // DHS's CSV description (July 2025), its blank " \n \n " lines dropped.
    [
      'mission sets. \n \n C5I-0041-21 Biometrics At Sea System Spend Plan: C5I-0041-21-02.1\n AR-21-005\n Q1FY21 execution',
      'mission sets.\nC5I-0041-21 Biometrics At Sea System Spend Plan: C5I-0041-21-02.1\nAR-21-005\nQ1FY21 execution',
    ],
    [
      '\u2022 Main Range \u2013 must be 50 yards\n\u2022 100 yard range',
      '\u2022 Main Range \u2013 must be 50 yards\n\u2022 100 yard range',
    ],
    ['Tread Lightly!, Inc.\n\u00a0', 'Tread Lightly!, Inc.'],
    ['Fish &amp; Wildlife\n&lt;b&gt;', 'Fish & Wildlife\n<b>'],
    ['TBD', null],
    ['  N/A \n', null],
    ['', null],
    [null, null],
    ['Western Medical Expert Recompete', 'Western Medical Expert Recompete'],
  ])('cleans %j to %j', (cell, expected) => {
    expect(cleanMultiline(cell)).toBe(expected);
  });

  it('can leave entities alone for text already decoded by htmlToText', () => {
    expect(cleanMultiline('&lt;b&gt;', { decodeEntities: false })).toBe('&lt;b&gt;');
  });
});

describe('cellText', () => {
  it.each([
    [30002, '30002'],
    [237310, '237310'],
    [0.5, '0.5'],
    [new Date(Date.UTC(2025, 5, 6)), '2025-06-06'],
    [new Date(Date.UTC(2025, 11, 31, 23, 59)), '2025-12-31'],
    [new Date(Number.NaN), ''],
    [false, 'FALSE'],
    [null, ''],
    ['  as is ', '  as is '],
  ])('writes %j as %j', (cell, expected) => {
    expect(cellText(cell)).toBe(expected);
  });
});
