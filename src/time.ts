/** Durations and points in time as users type them on the command line and in query strings. */

const UNIT_MILLIS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30s`, `90m`, `12h`, `7d` → milliseconds; null when the text is not such a duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$/i.exec(text);
  if (!match) return null;
  const unit = match[2]!.toLowerCase() as keyof typeof UNIT_MILLIS;
  return Math.round(Number(match[1]) * UNIT_MILLIS[unit]);
}

/** A point in time to count from, or "the start of each source's latest run". */
export type Since = { kind: 'time'; at: string } | { kind: 'last-run' };

/**
 * Reads `--since` / `--changed-since`: an ISO date (that day at 00:00 UTC), an ISO timestamp, a
 * duration back from `now`, or `last-run`. Null when the text is none of these.
 */
export function parseSince(text: string, now: Date): Since | null {
  const value = text.trim();
  if (value.toLowerCase() === 'last-run') return { kind: 'last-run' };
  const millis = parseDuration(value);
  if (millis !== null) return { kind: 'time', at: new Date(now.getTime() - millis).toISOString() };
  const date = parseIsoDate(value);
  if (date !== null) return { kind: 'time', at: `${date}T00:00:00.000Z` };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const parsed = new Date(value);
    if (!Number.isNaN(parsed.getTime())) return { kind: 'time', at: parsed.toISOString() };
  }
  return null;
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
