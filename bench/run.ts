import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFigures, runIngestBench, type BenchFigure } from './ingest-bench.js';
import { formatDuplicatesBench, runDuplicatesBench } from './duplicates-bench.js';
import { runListBench } from './list-bench.js';
import { runLoadBench } from './load-bench.js';
import { seedLarge } from './seed-large.js';
import { formatServeBench, runServeBench } from './serve-bench.js';
import { runServePoolBench } from './serve-pool-bench.js';
import { runStartupBench } from './startup-bench.js';
import { formatWebBench, runWebBench } from './web-bench.js';

/**
 * `npm run bench`: every benchmark of jps on this machine, printed as plain lines.
 *   --only ingest|startup|load|list|serve|web|duplicates   run one group
 * The goals' figures (ingest, start-up) end the output as one table: jps, yardstick, ratio, goal.
 *   JPS_BENCH_DB             the 1,000,000-prospect database (seeded there when missing;
 *                            default: jps-bench-1m.db in the OS temp folder)
 */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const wants = (group: string) => only === undefined || only === group;

const figures: BenchFigure[] = [];
if (wants('ingest')) {
  console.error('# ingest: a 100,000-row Gateway CSV export, three times each (takes a few minutes)');
  figures.push(...(await runIngestBench()));
}
if (wants('startup')) figures.push(...(await runStartupBench()));

if (wants('load')) {
  console.log('# scrape throughput (loopback fetch, parse, normalise, load)');
  for (const result of await runLoadBench()) {
    console.log(
      `${result.name.padEnd(48)} ${String(result.millis).padStart(7)} ms  ${String(result.rowsPerSecond).padStart(7)} rows/s  peak RSS ${result.peakRssMegabytes} MB`,
    );
  }
}

if (wants('list') || wants('serve') || wants('web')) {
  const dbPath = process.env['JPS_BENCH_DB'] ?? join(tmpdir(), 'jps-bench-1m.db');
  if (!existsSync(dbPath)) {
    console.log(`# seeding ${dbPath} with 1,000,000 prospects (once; reused by later runs)`);
    const seeded = await seedLarge(dbPath, { prospects: 1_000_000, log: (line) => console.error(line) });
    console.log(
      `seeded ${seeded.prospects} prospects, ${seeded.events} events, ${seeded.runs} runs in ${Math.round(seeded.durationMillis / 1000)} s`,
    );
  }
  if (wants('list')) {
    console.log('# jps list / jps history on 1,000,000 prospects (query time; process = whole jps list)');
    for (const result of await runListBench(dbPath)) {
      console.log(
        `${result.name.padEnd(48)} median ${String(result.medianMillis).padStart(8)} ms  p95 ${String(result.p95Millis).padStart(8)} ms  (${result.detail})`,
      );
    }
  }
  if (wants('serve')) {
    console.log('# jps serve on 1,000,000 prospects vs a bare node:http server answering the same bytes');
    console.log(formatServeBench(await runServeBench(dbPath)));
    figures.push(...(await runServePoolBench(dbPath)));
  }
  if (wants('web')) {
    console.log("# jps serve's pages on 1,000,000 prospects (server time per request; bytes of the answer)");
    console.log(formatWebBench(await runWebBench(dbPath)));
  }
}

if (wants('duplicates')) {
  console.log('# likely duplicates: the labelled set, and linking 100,000 prospects (goal < 10 s)');
  console.log(formatDuplicatesBench(await runDuplicatesBench(100_000)));
}

if (figures.length > 0) {
  console.log('# goals: each figure beside its yardstick');
  console.log(formatFigures(figures));
}
