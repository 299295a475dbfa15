import { writeFileSync } from 'node:fs';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'be', 'du'];

/** A made-up word for `n` ("kalo" for 1), so that titles share no words but by design. */
function word(n: number): string {
  return [...String(n)].map((digit) => SYLLABLES[Number(digit)]).join('');
}

/**
 * Writes an HHS forecast CSV of `count` distinct prospects (the export's headers, a row per
 * prospect, titles that share no words, so no two look like duplicates) and returns its path: big
 * enough to make a load take a while when `count` is large. `edition` changes every description,
 * so a second file updates every prospect.
 */
export function writeHhsCsv(path: string, count: number, edition = 1): string {
  const lines = ['Title,Description,Operating Division,Contracting Office,Primary NAICS'];
  for (let i = 0; i < count; i += 1) {
    const title = `${word(i + 10_000)} ${word(i * 7 + 30_001)} ${word(i * 13 + 500_003)}`;
    lines.push(
      `${title},"Edition ${edition} of item ${i}, with some words to index",NIH,Office ${i % 37},541511 : Custom Computer Programming Services`,
    );
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}
