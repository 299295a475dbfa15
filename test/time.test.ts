import { describe, expect, it } from 'vitest';
import { parseDuration, parseSince } from '../src/time.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');

describe('times users type', () => {
  it.each([
    ['7d', '2026-11-13T12:00:00.000Z'],
    ['90m', '2026-11-20T10:30:00.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2026-11-01T10:15:07+02:00', '2026-11-01T08:15:07.000Z'],
    ['0000-01-01T00:00Z', '0000-01-01T00:00:00.000Z'],
  ])('reads %s as %s', (text, at) => {
    expect(parseSince(text, NOW)).toEqual({ kind: 'time', at });
  });

  it.each([
    ['a duration reaching before the year 0', '99999999999d'],
    ['a duration past what a date can hold', `${'9'.repeat(400)}d`],
    ['a duration of 800,000 years', '292000000000000s'],
    ['a timestamp that falls in the year 10000', '9999-12-31T23:59:59-14:00'],
    ['no time at all', 'yesterday'],
  ])('refuses %s instead of making an invalid date', (_name, text) => {
    expect(parseSince(text, NOW)).toBeNull();
  });

  it('refuses a duration too long to be a span of time', () => {
    expect(parseDuration('99999999999d')).toBeNull();
    expect(parseDuration('36500d')).toBe(36500 * 86_400_000);
  });
});
