import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Cell } from '../../src/normalise/cell.js';
import { pickContact } from '../../src/normalise/contact.js';
import { parseDate } from '../../src/normalise/dates.js';
import { parseFiscalQuarter, parseFiscalYear, resolveTiming } from '../../src/normalise/fiscal.js';
import { htmlToText } from '../../src/normalise/html.js';
import { parseMoney } from '../../src/normalise/money.js';
import { parseNaics } from '../../src/normalise/naics.js';
import { parsePlace } from '../../src/normalise/place.js';
import { normaliseProspect } from '../../src/normalise/prospect.js';
import { standardiseSetAside } from '../../src/normalise/set-aside.js';
import { dhsSetAsideCode } from '../../src/sources/dhs.js';
import { cleanMultiline, cleanText, cleanValue } from '../../src/normalise/text.js';

const RUNS = { numRuns: 300 };

/** Pieces the parsers look for, so random texts come close to real spellings and their edges. */
const TOKENS = [
  '$',
  'K',
  'k',
  'M',
  'MM',
  'B',
  'million',
  'billion',
  'thousand',
  ',',
  '.',
  '-',
  '--',
  '–',
  ' to ',
  ' and ',
  '>',
  '<',
  '< or =',
  '>=',
  '+',
  'Over ',
  'Below ',
  'Up to ',
  'NTE ',
  'Between ',
  '0',
  '1',
  '2',
  '5',
  '9',
  '25',
  '250',
  '000',
  '2024',
  '2025',
  '2026',
  '1999',
  '2101',
  '45839',
  '99999',
  'Q',
  'Q2',
  'FY',
  'FY26',
  'FY 2026',
  'QTR',
  '1st',
  '2nd',
  '3rd',
  '4th',
  'Second',
  'Quarter',
  '/',
  ':',
  '|',
  ' ',
  '  ',
  '\n',
  '\t',
  '\u00a0',
  'TBD',
  'N/A',
  'None',
  'Various',
  '8(a)',
  'HUBZone',
  'WOSB',
  'SDVOSB',
  'Sole Source',
  'Small Business',
  'Set-Aside',
  'Full',
  'Partial',
  'Washington',
  'DC',
  'MD',
  'Maryland',
  'United States',
  'Lexington',
  'KY',
  'Region 02',
  ';',
  '(',
  ')',
  '(ATF)',
  'Smith',
  'Jr',
  '@',
  'gov',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#xD800;',
  '&bogus;',
  '<p>',
  '</p>',
  '<li>',
  '<br>',
  '<td>',
  '<tr>',
  '<table>',
  '<!--',
  '-->',
  '541519',
  '237310.0',
  '1234567',
  'January 1',
  'July',
  '13',
  '31',
  '02/30/',
  '12/31/',
  'T00:00:00',
  'Z',
  '\u2028',
  '\ufeff',
  '\u0000',
  '😀',
];

const adversarialText = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 12 })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(
  adversarialText,
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
);
const anyCell: fc.Arbitrary<Cell> = fc.oneof(
  anyText,
  fc.double(),
  fc.integer(),
  fc.integer({ min: 19_000, max: 81_000 }),
  fc.boolean(),
  fc.date(),
  fc.constant(null),
  fc.constant(undefined),
);

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

function expectDateInRange(date: string | null): void {
  if (date === null) return;
  const match = DATE_SHAPE.exec(date);
  expect(match).not.toBeNull();
  const [year, month, day] = [Number(match![1]), Number(match![2]), Number(match![3])];
  expect(year).toBeGreaterThanOrEqual(1990);
  expect(year).toBeLessThanOrEqual(2100);
  // A real calendar day: it survives a round trip through Date.UTC.
  expect(new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10)).toBe(date);
}

describe('normalisers on random and adversarial input', () => {
  it('never throw on any cell', () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        cleanText(cell);
        cleanValue(cell);
        cleanMultiline(cell);
        parseMoney(cell);
        parseDate(cell);
        parseFiscalQuarter(cell);
        parseFiscalYear(cell);
        parseNaics(cell);
        parsePlace({ text: cell });
        parsePlace({ city: cell, state: cell, country: cell });
        pickContact([
          { name: cell, email: cell },
          { firstName: cell, lastName: cell },
        ]);
      }),
      RUNS,
    );
  });

  it('never throw on any text', () => {
    fc.assert(
      fc.property(anyText, anyText, (text, other) => {
        htmlToText(text);
        standardiseSetAside(text);
        dhsSetAsideCode(text, other);
        resolveTiming({ date: text, quarter: other, fiscalYear: text });
        normaliseProspect(
          { title: text, description_html: other, value: text, place: other, naics: text, set_aside: other },
          { agency: 'Department of State' },
        );
      }),
      RUNS,
    );
  });

  it('never give a lower bound above the upper bound, nor a negative or fractional amount', () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        const { min, max } = parseMoney(cell);
        for (const bound of [min, max]) {
          if (bound !== null) {
            expect(Number.isSafeInteger(bound)).toBe(true);
            expect(bound).toBeGreaterThanOrEqual(0);
          }
        }
        if (min !== null && max !== null) expect(min).toBeLessThanOrEqual(max);
      }),
      RUNS,
    );
  });

  it('never give a date outside 1990–2100 or an impossible day', () => {
    fc.assert(
      fc.property(anyCell, anyCell, anyCell, (date, quarter, fiscalYear) => {
        expectDateInRange(parseDate(date));
        const timing = resolveTiming({ date, quarter, fiscalYear });
        expectDateInRange(timing.date);
        if (timing.quarter !== null) expect([1, 2, 3, 4]).toContain(timing.quarter);
      }),
      RUNS,
    );
  });

  it('never read a value from a bare year or a year range', () => {
    const year = fc.integer({ min: 1900, max: 2100 });
    const yearText = fc.oneof(
      year.map(String),
      year.map((y) => `FY${y}`),
      year.map((y) => `FY ${y}`),
      year.map((y) => `${y}.0`),
      year.map((y) => ` ${y} `),
      fc.tuple(year, year).map(([a, b]) => `${a}-${b}`),
      fc.tuple(year, year).map(([a, b]) => `${a} - ${b}`),
      fc.tuple(year, year).map(([a, b]) => `${a} to ${b}`),
      fc.tuple(year, year).map(([a, b]) => `FY${a}-FY${b}`),
    );
    fc.assert(
      fc.property(fc.oneof(yearText, year), (cell) => {
        expect(parseMoney(cell)).toMatchObject({ min: null, max: null });
        expect(parseDate(cell)).toBeNull();
      }),
      RUNS,
    );
  });

  it('never give a quarter written without a year a year or a date', () => {
    const quarterOnly = fc.oneof(
      fc.integer({ min: 1, max: 4 }).map((q) => `Q${q}`),
      fc.integer({ min: 1, max: 4 }).map(String),
      fc.constantFrom(
        '1st QTR',
        '2nd',
        'Second Quarter',
        '3rd (April 1 - June 30)',
        '4th (July 1 - September 30)',
      ),
    );
    fc.assert(
      fc.property(quarterOnly, (quarter) => {
        const timing = resolveTiming({ quarter, date: quarter });
        expect(timing.date).toBeNull();
        expect(timing.fiscalYear).toBeNull();
        expect(timing.quarter).not.toBeNull();
      }),
      RUNS,
    );
  });

  it('read HTML into trimmed, non-empty lines', () => {
    fc.assert(
      fc.property(anyText, (html) => {
        const text = htmlToText(html);
        if (text === '') return;
        for (const line of text.split('\n')) {
          expect(line).not.toBe('');
          expect(line).toBe(line.trim());
          expect(line).not.toMatch(/ {2}/);
        }
      }),
      RUNS,
    );
  });

  it('give only USPS codes as states and six digits as NAICS codes', () => {
    fc.assert(
      fc.property(anyCell, anyCell, (text, state) => {
        const place = parsePlace({ text, state });
        if (place.place_state !== null) expect(place.place_state).toMatch(/^[A-Z]{2}$/);
        const naics = parseNaics(text).code;
        if (naics !== null) expect(naics).toMatch(/^\d{6}$/);
      }),
      RUNS,
    );
  });
});

/** Real spellings whose results must not move with the clock or the time zone. */
const CORPUS: Cell[] = [
  'Q2',
  '2',
  '2nd QTR',
  'Second Quarter',
  'Q3, 2025',
  'FY 2025 Q2',
  'Q1 FY2024',
  'FY26',
  'FY 2026',
  '07/01/2025',
  '7/1/25',
  '2025-06-06 00:00:00',
  '3/2033',
  'July 2025',
  '45839',
  45839,
  'TBD',
  '',
  new Date(Date.UTC(2025, 6, 1)),
  new Date(Date.UTC(2025, 9, 1)),
  new Date(Date.UTC(2025, 11, 31)),
  new Date(Date.UTC(2026, 0, 1)),
  new Date(Date.UTC(1990, 0, 1)),
  new Date(Date.UTC(2100, 11, 31)),
  '$150K - $250K',
  'Below $150K',
  '2024',
];

function readAll(): unknown[] {
  return CORPUS.flatMap((cell) => [
    parseDate(cell),
    resolveTiming({ date: cell }),
    resolveTiming({ quarter: cell }),
    resolveTiming({ quarter: cell, fiscalYear: 2026 }),
    parseFiscalQuarter(cell),
    parseFiscalYear(cell),
    parseMoney(cell),
    cleanText(cell),
  ]);
}

describe('results independent of the clock and the time zone', () => {
  const originalTz = process.env.TZ;

  afterEach(() => {
    vi.useRealTimers();
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('are the same whatever today is', () => {
    const expected = readAll();
    vi.useFakeTimers({ toFake: ['Date'] });
    for (const today of [
      '1999-12-31T23:59:59Z',
      '2025-07-31T20:50:00Z',
      '2026-10-01T00:00:00Z',
      '2099-02-28T12:00:00Z',
    ]) {
      vi.setSystemTime(new Date(today));
      expect(readAll()).toEqual(expected);
    }
  });

  it('are the same in every time zone', () => {
    process.env.TZ = 'UTC';
    const expected = readAll();
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York', 'Asia/Kolkata']) {
      process.env.TZ = zone;
      expect(readAll()).toEqual(expected);
    }
  });

  it('read a workbook date cell as its UTC calendar day under a faked clock in any zone', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(Date.UTC(1990, 0, 1)),
          max: new Date(Date.UTC(2100, 11, 31)),
          noInvalidDate: true,
        }),
        fc.constantFrom('UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Los_Angeles'),
        (instant, zone) => {
          process.env.TZ = zone;
          const cell = new Date(
            Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()),
          );
          expect(parseDate(cell)).toBe(cell.toISOString().slice(0, 10));
        },
      ),
      RUNS,
    );
  });
});
