import { describe, expect, it } from 'vitest';

import { parseMoney } from '../../src/normalise/money.js';

describe('parseMoney', () => {
  // Every row of docs/record.md's "Values" table.
  it.each([
    ['$150K - $250K', 150_000, 250_000],
    ['$250,000 to $700,000', 250_000, 700_000],
    ['1.1M to 2M', 1_100_000, 2_000_000],
    ['$1 - $5M', 1_000_000, 5_000_000],
    ['> $250K to < or = $750K', 250_000, 750_000],
    ['> $25K and < $250K', 25_000, 250_000],
    ['>$1M and <$5M', 1_000_000, 5_000_000],
    ['$400,001  -  $425,000', 400_001, 425_000],
    ['$10 million to $20 million', 10_000_000, 20_000_000],
    ['Between $5M and $10M', 5_000_000, 10_000_000],
    ['$500,000', 500_000, 500_000],
    ['$700,000 to $1 million', 700_000, 1_000_000],
    ['$0 - $25K', 0, 25_000],
    ['$250,000.00', 250_000, 250_000],
    ['$10M+', 10_000_000, null],
    ['Over $100M', 100_000_000, null],
    ['Above $5M', 5_000_000, null],
    ['More than $5M', 5_000_000, null],
    ['Greater than $5M', 5_000_000, null],
    ['> $100M', 100_000_000, null],
    ['Below $150K', null, 150_000],
    ['Under $150K', null, 150_000],
    ['Less than $150K', null, 150_000],
    ['Up to $150K', null, 150_000],
    ['NTE $150K', null, 150_000],
    ['< $25K', null, 25_000],
  ])('reads docs/record.md example %j as %s–%s', (written, min, max) => {
    expect(parseMoney(written)).toEqual({ text: written.replace(/\s+/g, ' '), min, max });
  });

  // Spellings from the agencies' July 2025 files and docs/sources.md.
  it.each([
    ['Gateway', '$251K - $500K', 251_000, 500_000],
    ['Gateway', '$150K - $250K', 150_000, 250_000],
    ['Gateway', 'Below $150K', null, 150_000],
    ['Gateway', '$1M - $5M', 1_000_000, 5_000_000],
    ['Gateway', '$50M+', 50_000_000, null],
    ['DHS', '$2M to $5M', 2_000_000, 5_000_000],
    ['DHS', '$500K to $1M', 500_000, 1_000_000],
    ['DHS', 'Over $100M', 100_000_000, null],
    ['DHS', '$5M to $10M', 5_000_000, 10_000_000],
    ['DHS', '$20M to $50M', 20_000_000, 50_000_000],
    ['Treasury', '> $10K to < or = $250K', 10_000, 250_000],
    ['Treasury', '> $50M to < or = $100M', 50_000_000, 100_000_000],
    ['Treasury', '> $250K to < or = $750K', 250_000, 750_000],
    ['Treasury', '> $100M', 100_000_000, null],
    ['DOT', '$250,000 to $700,000', 250_000, 700_000],
    ['DOT', '$2 million to $5 million', 2_000_000, 5_000_000],
    ['DOT', '$10 million to $20 million', 10_000_000, 20_000_000],
    ['DOT', '$700,000 to $1 million', 700_000, 1_000_000],
    ['DOT', '$100,000 to $250,000', 100_000, 250_000],
    ['HHS', '> $25K and < $250K', 25_000, 250_000],
    ['HHS', '> $250K and < $1M', 250_000, 1_000_000],
    ['HHS', '> $1M and < $5M', 1_000_000, 5_000_000],
    ['HHS', '< $25K', null, 25_000],
    ['DOC', '1.1M to 2M', 1_100_000, 2_000_000],
    ['DOC', '251K to 500k', 251_000, 500_000],
    ['DOC', '5.1M to 10M', 5_100_000, 10_000_000],
    ['DOC', '0 to 250K', 0, 250_000],
    ['DOJ', '$400,001  -  $425,000', 400_001, 425_000],
    ['DOJ', '$1,000,001  -  $2,000,000', 1_000_001, 2_000_000],
    ['DOJ', '$600,001  -  $650,000', 600_001, 650_000],
    ['DOS', '>$1M and <$5M', 1_000_000, 5_000_000],
    ['DOS', '>$20M and <$50M', 20_000_000, 50_000_000],
    ['DOS', '>$250K and <$1M', 250_000, 1_000_000],
    ['SSA', '$1,250,000.49', 1_250_000, 1_250_000],
    ['SSA', '$1,250,000.50', 1_250_001, 1_250_001],
    ['any', '$1.5B', 1_500_000_000, 1_500_000_000],
    ['any', '$1 billion to $2 billion', 1_000_000_000, 2_000_000_000],
    ['any', '$5MM - $10MM', 5_000_000, 10_000_000],
    ['any', '$25 thousand', 25_000, 25_000],
    ['any', '$1.5 - $2.5 million', 1_500_000, 2_500_000],
    ['any', '$500 - $1K', 500, 1_000],
    ['any', '$5M - $1M', 1_000_000, 5_000_000],
    ['any', '750000', 750_000, 750_000],
    ['any', '$2,024', 2_024, 2_024],
    ['any', 'Not to exceed $5M', null, 5_000_000],
    ['any', '$5M or more', 5_000_000, null],
    ['any', '$1M-$5M (FY2026)', 1_000_000, 5_000_000],
    ['any', '$5M for 3 years', 5_000_000, 5_000_000],
  ])('reads %s value %j as %s–%s', (_agency, written, min, max) => {
    const money = parseMoney(written);
    expect([money.min, money.max]).toEqual([min, max]);
    expect(money.text).toBe(written.replace(/\s+/g, ' '));
  });

  it.each([
    ['TBD', 'TBD'],
    ['Various', 'Various'],
    ['To be determined', 'To be determined'],
    ['N/A', 'N/A'],
    ['[TBD]', '[TBD]'],
    ['', null],
    ['   ', null],
    [null, null],
    [undefined, null],
  ])('keeps the text of empty marker %j but reads no amount', (written, text) => {
    expect(parseMoney(written)).toEqual({ text, min: null, max: null });
  });

  it.each([
    '2024',
    '2024-2025',
    '2024 - 2026',
    'FY2026',
    'FY 2025',
    '2026.0',
    'FY24-25',
    '5',
    '500',
    '12',
    'Q2 2026',
  ])('never reads a bare year or small bare number as money: %j', (written) => {
    expect(parseMoney(written)).toMatchObject({ min: null, max: null });
  });

  it.each([
    [750000, '750000', 750_000],
    [1500000.4, '1500000.4', 1_500_000],
    [0, '0', 0],
    [25000, '25000', 25_000],
  ])('reads number cell %s as its digits %j', (cell, text, amount) => {
    expect(parseMoney(cell)).toEqual({ text, min: amount, max: amount });
  });

  it.each([2024, 1999, -5, Number.NaN])('reads no value from number cell %s', (cell) => {
    expect(parseMoney(cell)).toMatchObject({ min: null, max: null });
  });

  it('collapses whitespace and non-breaking spaces in the text', () => {
    expect(parseMoney('\u00a0$1M\n-\t$5M ')).toEqual({ text: '$1M - $5M', min: 1_000_000, max: 5_000_000 });
  });
});
