import { writeFileSync } from 'node:fs';

/**
 * Writes an HHS forecast CSV of `count` distinct prospects (the export's headers, a row per
 * prospect) and returns its path: big enough to make a load take a while when `count` is large.
 * `edition` changes every description, so a second file updates every prospect.
 */
export function writeHhsCsv(path: string, count: number, edition = 1): string {
  const lines = ['Title,Description,Operating Division,Contracting Office,Primary NAICS'];
  for (let i = 0; i < count; i += 1) {
    lines.push(
      `Forecast item ${i},"Edition ${edition} of item ${i}, with some words to index",NIH,Office ${i % 37},541511 : Custom Computer Programming Services`,
    );
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}
