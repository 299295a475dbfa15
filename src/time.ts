/** Durations and points in time as users type them on the command line and in query strings. */

const UNIT_MILLIS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * The widest span a JavaScript date can step (±100,000,000 days): a longer duration is no time
 * anyone means, and subtracting it from now would be an invalid date.
 */
const MAX_DURATION_MILLIS = 8.64e15;

/** The ISO years a point in time may fall in: four digits, as stored and compared as text. */
const FIRST_MILLIS = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_MILLIS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * `30s`, `90m`, `12h`, `7d` → milliseconds; null when the text is not such a duration, or one
 * too long to be a span of time (`99999999999d`).
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/i.exec(text);
  if (!match) return null;
  const unit = match[2]!.toLowerCase() as keyof typeof UNIT_MILLIS;
  const millis = Math.round(Number(match[1]) * UNIT_MILLIS[unit]);
  return Number.isFinite(millis) && millis <= MAX_DURATION_MILLIS ? millis : null;
}

/** A point in time to count from, or "the start of each source's latest run". */
export type Since = { kind: 'time'; at: string } | { kind: 'last-run' };

/**
 * Reads `--since` / `--changed-since`: an ISO date (that day at 00:00 UTC), an ISO timestamp, a
 * duration back from `now`, or `last-run`. Null when the text is none of these, or names a time
 * outside the years 0000–9999 (`99999999999d` back from now): every caller turns null into a
 * usage error (exit 2) or a 400, never an invalid date.
 */
export function parseSince(text: string, now: Date): Since | null {
  const value = text.trim();
  if (value.toLowerCase() === 'last-run') return { kind: 'last-run' };
  const millis = parseDuration(value);
  if (millis !== null) return timeAt(now.getTime() - millis);
  const date = parseIsoDate(value);
  if (date !== null) return { kind: 'time', at: `${date}T00:00:00.000Z` };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    return timeAt(Date.parse(value));
  }
  return null;
}

/** A time as stored (ISO 8601 UTC, four-digit year), or null outside the years 0000–9999. */
function timeAt(millis: number): Since | null {
  if (!(millis >= FIRST_MILLIS && millis <= LAST_MILLIS)) return null;
  return { kind: 'time', at: new Date(millis).toISOString() };
}

/** `YYYY-MM-DD` when it names a real calendar day, else null. */
export function parseIsoDate(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? match[0]
    : null;
}
