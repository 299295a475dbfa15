/** Dollar amounts for a reader: `jps list`'s value column and the digests. */

const MONEY_STEPS = [
  [1_000_000_000, 'B'],
  [1_000_000, 'M'],
  [1_000, 'K'],
] as const;

/**
 * "$150K", "$1.1M", "$2B", "$950": whole dollars to one decimal of K, M or B. Written out rather
 * than Intl's compact notation, whose first use costs `jps list` ~10 ms of start-up.
 */
export function formatDollars(value: number): string {
  for (const [index, [size, unit]] of MONEY_STEPS.entries()) {
    if (value < size) continue;
    const scaled = Math.round((value / size) * 10) / 10;
    // $999,999 rounds to 1000K: that is $1M.
    const larger = MONEY_STEPS[index - 1];
    if (scaled >= 1000 && larger) return `$${Math.round((value / larger[0]) * 10) / 10}${larger[1]}`;
    return `$${scaled}${unit}`;
  }
  return `$${Math.round(value)}`;
}

/** An estimated value range for a terminal: "$150K–$250K", "$500K", "$10M+", "≤$150K", "". */
export function formatValueRange(min: number | null, max: number | null): string {
  if (min !== null && max !== null)
    return min === max ? formatDollars(min) : `${formatDollars(min)}–${formatDollars(max)}`;
  if (min !== null) return `${formatDollars(min)}+`;
  if (max !== null) return `≤${formatDollars(max)}`;
  return '';
}
