import { describe, expect, it } from 'vitest';
import {
  checkListFilters,
  describeListFilters,
  FilterValueError,
  parseListFilters,
  readMoney,
  readNaicsPrefix,
  readPositiveInteger,
  readSetAside,
} from '../src/list-filters.js';

const KNOWN = ['ssa', 'dhs', 'dot'];

describe('the values a filter takes', () => {
  it.each([
    ['250000', 250_000],
    ['250,000', 250_000],
    ['$250K', 250_000],
    ['1.5M', 1_500_000],
    [' 2b ', 2_000_000_000],
    ['.5m', 500_000],
    ['lots', null],
    ['-5', null],
    ['1e9', null],
    ['5 M dollars', null],
    ['9999999999999M', null],
  ])('reads the amount %j as %j', (text, dollars) => {
    expect(readMoney(text)).toBe(dollars);
  });

  it.each([
    ['541', '541'],
    [' 541512 ', '541512'],
    ['1234567', null],
    ['54-15', null],
  ])('reads the NAICS prefix %j as %j', (text, prefix) => {
    expect(readNaicsPrefix(text)).toBe(prefix);
  });

  it.each([
    ['eight_a', 'EIGHT_A'],
    [' HUBZONE', 'HUBZONE'],
    ['SMALL', null],
  ])('reads the set-aside %j as %j', (text, code) => {
    expect(readSetAside(text)).toBe(code);
  });

  it.each([
    ['1', 1],
    ['50', 50],
    ['0', null],
    ['1.5', null],
    ['two', null],
    ['99999999999999999999', null],
  ])('reads the whole number %j as %j', (text, value) => {
    expect(readPositiveInteger(text)).toBe(value);
  });
});

describe('a set of list filters', () => {
  it('reads every filter, dropping blank text and repeated sources', () => {
    expect(
      parseListFilters(
        {
          sources: ['dhs,ssa', 'dhs'],
          search: 'cyber',
          agency: '  homeland ',
          office: ' ',
          naics: '5415',
          setAside: 'eight_a',
          minValue: '1.5M',
          maxValue: '$20M',
          releaseFrom: '2026-01-01',
          awardTo: '2026-12-31',
        },
        KNOWN,
      ),
    ).toEqual({
      sources: ['dhs', 'ssa'],
      search: 'cyber',
      agency: 'homeland',
      naics: '5415',
      setAside: 'EIGHT_A',
      minValue: 1_500_000,
      maxValue: 20_000_000,
      releaseFrom: '2026-01-01',
      awardTo: '2026-12-31',
    });
  });

  it.each([
    [{ sources: ['nasa'] }, 'sources', 'unknown source "nasa" (known: ssa, dhs, dot)'],
    [
      { minValue: 'lots' },
      'minValue',
      '--min-value takes an amount in dollars like 250000 or 1.5M, not "lots"',
    ],
    [{ minValue: '2M', maxValue: '1M' }, 'minValue', '--min-value/--max-value: the start is after the end'],
    [{ releaseFrom: '2026-02-30' }, 'releaseFrom', '--release-from takes a date like 2026-11-20'],
    [{ awardFrom: '2026-05-01', awardTo: '2026-04-01' }, 'awardFrom', '--award-from/--award-to: the start'],
    [{ setAside: 'SMALL' }, 'setAside', '--set-aside takes one of EIGHT_A, HUBZONE,'],
    [{ naics: 'x' }, 'naics', '--naics takes the first 1 to 6 digits'],
  ])('refuses %j naming the flag', (text, key, message) => {
    let caught: unknown;
    try {
      parseListFilters(text, KNOWN);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FilterValueError);
    expect((caught as FilterValueError).key).toBe(key);
    expect((caught as FilterValueError).message).toContain(message);
    expect((caught as FilterValueError).exitCode).toBe(2);
  });

  it('checks saved filters with the same rules', () => {
    expect(checkListFilters({ sources: ['dhs'], minValue: 1_500_000, setAside: 'EIGHT_A' }, KNOWN)).toEqual({
      sources: ['dhs'],
      minValue: 1_500_000,
      setAside: 'EIGHT_A',
    });
    expect(() => checkListFilters({ colour: 'red' }, KNOWN)).toThrow('unknown filter "colour"');
    expect(() => checkListFilters({ sources: ['nasa'] }, KNOWN)).toThrow('unknown source "nasa"');
    expect(() => checkListFilters([], KNOWN)).toThrow('not an object');
  });

  it('describes filters in words, and no filter as everything', () => {
    expect(describeListFilters({})).toBe('everything');
    expect(
      describeListFilters({
        search: 'cyber',
        sources: ['dhs'],
        setAside: 'EIGHT_A',
        minValue: 1_500_000,
        releaseFrom: '2026-01-01',
      }),
    ).toBe('search "cyber" · source dhs · set-aside EIGHT_A · value ≥ $1,500,000 · release from 2026-01-01');
  });
});
