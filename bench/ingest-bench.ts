import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gatewayCsv, gatewayRecord } from '../test/fixtures/acquisition-gateway/gateway-export.js';

const run = promisify(execFile);

/** One figure of the table: jps's number beside its yardstick. */
export interface BenchFigure {
  work: string;
  jps: string;
  yardstick: string;
  /** jps over yardstick, or null when there is no yardstick to divide by. */
  ratio: number | null;
  /** What the figure must stay under ("≤ 6×"), when a goal says. */
  goal?: string;
}

export interface IngestBenchOptions {
  rows?: number;
  /** One row in `changeEvery` has its title changed in the changed re-ingest. */
  changeEvery?: number;
}

/** bin/jps.js, whether this file runs compiled (dist/bench/) or from source (bench/). */
function jpsBin(): string {
  for (const candidate of ['../../bin/jps.js', '../bin/jps.js']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('bin/jps.js not found next to the bench');
}

// Printed by the jps process itself as it exits: its own peak resident set, whatever it ran.
const PEAK_RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\npeak-rss-kb '+process.resourceUsage().maxRSS+'\\n'))`;

interface Timed {
  millis: number;
  peakRssMegabytes: number;
  summary: { added: number; updated: number; removed: number; unchanged: number; status: string };
}

async function timedIngest(dbPath: string, csvPath: string): Promise<Timed> {
  const started = performance.now();
  const { stdout, stderr } = await run(
    process.execPath,
    [
      '--import',
      PEAK_RSS_HOOK,
      jpsBin(),
      'scrape',
      '--source',
      'acquisition-gateway',
      '--file',
      csvPath,
      '--db',
      dbPath,
      '--format',
      'json',
    ],
    { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const millis = performance.now() - started;
  const rss = /peak-rss-kb (\d+)/.exec(stderr);
  const parsed = JSON.parse(stdout) as Timed['summary'] | Timed['summary'][];
  return {
    millis,
    peakRssMegabytes: rss ? Math.round(Number(rss[1]) / 1024) : NaN,
    summary: Array.isArray(parsed) ? parsed[0]! : parsed,
  };
}

/** `sqlite3 new.db ".import --csv file t"`: SQLite's own CSV loader, as a whole process. */
function sqliteImport(dir: string, csvPath: string, attempt: number): number | null {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  const dbPath = join(dir, `sqlite-import-${attempt}.db`);
  const started = performance.now();
  const result = spawnSync('sqlite3', [dbPath, `.import --csv ${csvPath} forecast`], { encoding: 'utf8' });
  const millis = performance.now() - started;
  if (result.status !== 0) throw new Error(`sqlite3 .import failed: ${result.stderr}`);
  rmSync(dbPath, { force: true });
  return millis;
}

/**
 * The store's own floor: the rows a first load stored, copied by `sqlite3` alone into a new
 * database with jps's schema (every index, the full-text index) — what the load costs with no
 * parsing, normalising or JavaScript at all.
 */
function storeFloor(dir: string, loadedPath: string): number | null {
  const probe = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return null;
  const schema = spawnSync('sqlite3', [loadedPath, '.schema'], { encoding: 'utf8' }).stdout;
  const columns = spawnSync(
    'sqlite3',
    [loadedPath, "SELECT group_concat(name, ',') FROM pragma_table_info('prospects')"],
    {
      encoding: 'utf8',
    },
  ).stdout.trim();
  const floorPath = join(dir, 'store-floor.db');
  rmSync(floorPath, { force: true });
  const made = spawnSync('sqlite3', [floorPath], {
    input: `PRAGMA journal_mode = WAL;\n${schema}`,
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`sqlite3 could not make the schema: ${made.stderr}`);
  const copy = [
    `ATTACH '${loadedPath}' AS loaded;`,
    'PRAGMA foreign_keys = OFF;',
    'BEGIN;',
    `INSERT INTO main.prospects (${columns}) SELECT ${columns} FROM loaded.prospects;`,
    'INSERT INTO prospects_fts (rowid, title, description, agency, office) SELECT pk, title, description, agency, office FROM main.prospects;',
    'INSERT INTO main.prospect_events SELECT * FROM loaded.prospect_events;',
    'COMMIT;',
  ].join('\n');
  const started = performance.now();
  const result = spawnSync('sqlite3', [floorPath], { input: copy, encoding: 'utf8' });
  const millis = performance.now() - started;
  if (result.status !== 0) throw new Error(`sqlite3 could not copy the rows: ${result.stderr}`);
  rmSync(floorPath, { force: true });
  return millis;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (millis: number) => `${(millis / 1000).toFixed(2)} s`;

/**
 * The ingest goal of the store: a large Gateway CSV export (`jps scrape --file`) loaded into a new
 * database, loaded again unchanged, and loaded with one row in twenty changed — each beside
 * `sqlite3 .import --csv` of the same file, or the first load. Whole processes, medians of three.
 */
export async function runIngestBench(options: IngestBenchOptions = {}): Promise<BenchFigure[]> {
  const rows = options.rows ?? 100_000;
  const changeEvery = options.changeEvery ?? 20;
  const dir = mkdtempSync(join(tmpdir(), 'jps-bench-ingest-'));
  try {
    const csvPath = join(dir, 'gateway.csv');
    const changedPath = join(dir, 'gateway-changed.csv');
    const records = Array.from({ length: rows }, (_, i) => gatewayRecord(i));
    writeFileSync(csvPath, gatewayCsv(records));
    writeFileSync(
      changedPath,
      gatewayCsv(
        records.map((r, i) => (i % changeEvery === 0 ? { ...r, title: `${r.title} (revised)` } : r)),
      ),
    );
    const megabytes = Math.round(statSync(csvPath).size / 1048576);

    const imports: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const millis = sqliteImport(dir, csvPath, attempt);
      if (millis !== null) imports.push(millis);
    }
    const yardstick = imports.length > 0 ? median(imports) : null;

    const firsts: Timed[] = [];
    const agains: Timed[] = [];
    const changes: Timed[] = [];
    const floors: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const dbPath = join(dir, `jps-${attempt}.db`);
      firsts.push(await timedIngest(dbPath, csvPath));
      const floor = storeFloor(dir, dbPath);
      if (floor !== null) floors.push(floor);
      agains.push(await timedIngest(dbPath, csvPath));
      changes.push(await timedIngest(dbPath, changedPath));
      rmSync(dbPath, { force: true });
    }
    const first = median(firsts.map((t) => t.millis));
    const again = median(agains.map((t) => t.millis));
    const changed = median(changes.map((t) => t.millis));
    const peakRss = Math.max(...[...firsts, ...agains, ...changes].map((t) => t.peakRssMegabytes));
    const updated = changes[0]!.summary.updated;
    const expected = Math.ceil(rows / changeEvery);
    if (changes.some((t) => t.summary.updated !== expected || t.summary.added !== 0)) {
      throw new Error(`the changed re-ingest recorded ${updated} updates, not the ${expected} rows changed`);
    }
    const label = `${rows.toLocaleString('en-US')}-row Gateway CSV (${megabytes} MB)`;
    return [
      {
        work: `ingest ${label}, first load`,
        jps: seconds(first),
        yardstick:
          yardstick === null
            ? 'sqlite3 CLI not installed (apt-get install sqlite3): no yardstick'
            : `sqlite3 .import --csv: ${seconds(yardstick)}`,
        ratio: yardstick === null ? null : first / yardstick,
        goal: '≤ 6×',
      },
      {
        work: "  the store alone: the same rows copied by sqlite3 into jps's schema",
        jps: floors.length > 0 ? seconds(median(floors)) : 'sqlite3 CLI not installed',
        yardstick: yardstick === null ? '—' : `sqlite3 .import --csv: ${seconds(yardstick)}`,
        ratio: yardstick === null || floors.length === 0 ? null : median(floors) / yardstick,
      },
      {
        work: 'ingest peak RSS (any of the loads)',
        jps: `${peakRss} MB`,
        yardstick: 'goal: 300 MB',
        ratio: peakRss / 300,
        goal: '≤ 1×',
      },
      {
        work: 'identical re-ingest',
        jps: seconds(again),
        yardstick: `first load: ${seconds(first)}`,
        ratio: again / first,
        goal: '≤ 0.4×',
      },
      {
        work: `re-ingest, 1 row in ${changeEvery} changed (${updated.toLocaleString('en-US')} updated)`,
        jps: seconds(changed),
        yardstick: `first load: ${seconds(first)}`,
        ratio: changed / first,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures as one plain table: work, jps, yardstick, ratio (and the goal). */
export function formatFigures(figures: readonly BenchFigure[]): string {
  const header = ['work', 'jps', 'yardstick', 'ratio', 'goal'];
  const rows = figures.map((f) => [
    f.work,
    f.jps,
    f.yardstick,
    f.ratio === null ? '—' : `${f.ratio.toFixed(2)}×`,
    f.goal ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('--+-'), ...rows.map(line)].join('\n');
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href;
}

if (isMain()) {
  const rowsArg = process.argv.indexOf('--rows');
  console.log(
    formatFigures(
      await runIngestBench({ rows: rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : undefined }),
    ),
  );
}
