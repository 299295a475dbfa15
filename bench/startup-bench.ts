import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { syncDataSources } from '../src/store/data-sources.js';
import { openStoreForWriting } from '../src/store/connection.js';
import { loadProspects } from '../src/store/load-prospects.js';
import { startRun } from '../src/store/runs.js';
import { ALL_SOURCES } from '../src/sources/index.js';
import { gatewayRecord } from '../test/fixtures/acquisition-gateway/gateway-export.js';
import type { BenchFigure } from './ingest-bench.js';

const run = promisify(execFile);

function jpsBin(): string {
  for (const candidate of ['../../bin/jps.js', '../bin/jps.js']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('bin/jps.js not found next to the bench');
}

/** Median wall times of `a` and `b`, run in turn (`a`, `b`, `a`, `b`, …) so both see the same machine. */
async function pairedMedianMillis(
  runs: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[number, number]> {
  const timed = async (body: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await body();
    return performance.now() - started;
  };
  await a();
  await b();
  const millisA: number[] = [];
  const millisB: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    millisA.push(await timed(a));
    millisB.push(await timed(b));
  }
  const median = (millis: number[]) => millis.sort((x, y) => x - y)[Math.floor(runs / 2)]!;
  return [median(millisA), median(millisB)];
}

/**
 * Start-up: the whole `jps list` process on a small database (200 prospects) beside the whole
 * `node -e 0` process, in turn so both see the same machine; the median of each.
 */
export async function runStartupBench(runs = 11): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'jps-bench-startup-'));
  try {
    const dbPath = join(dir, 'small.db');
    const store = await openStoreForWriting(dbPath);
    await syncDataSources(store.db, ALL_SOURCES, '2026-11-01T00:00:00.000Z');
    const runId = await startRun(store.db, 'acquisition-gateway', '2026-11-20T10:00:00.000Z', 'bench');
    loadProspects(
      store.sqlite,
      Array.from({ length: 200 }, (_, i) => {
        const r = gatewayRecord(i);
        return {
          id: `acquisition-gateway:${r.nid}`,
          fields: {
            native_id: r.field_source_listing_id,
            title: r.title,
            description: null,
            agency: r.field_result_id,
            office: r.field_organization,
            naics: null,
            naics_description: null,
            estimated_value_text: null,
            estimated_value_min: null,
            estimated_value_max: null,
            release_date: '2026-09-01',
            award_date: null,
            award_fiscal_year: 2027,
            award_quarter: 1,
            place_of_performance: null,
            place_city: null,
            place_state: null,
            place_country: null,
            contract_type: null,
            set_aside: null,
            set_aside_standardized: 'NOT_AVAILABLE',
            set_aside_standardized_label: 'N/A',
            primary_contact_name: null,
            primary_contact_email: null,
            incumbent: null,
            url: null,
          },
          extra: {},
          raw: {},
        };
      }),
      { source: 'acquisition-gateway', runId, at: '2026-11-20T10:00:01.000Z', complete: true },
    );
    await store.close();

    const bin = jpsBin();
    const env = { ...process.env, NO_COLOR: '1' };
    const [jps, node] = await pairedMedianMillis(
      runs,
      () => run(process.execPath, [bin, 'list', '--db', dbPath], { env }),
      () => run(process.execPath, ['-e', '0'], { env }),
    );
    return [
      {
        work: 'jps list, whole process, 200-prospect database',
        jps: `${Math.round(jps)} ms`,
        yardstick: `node -e 0: ${Math.round(node)} ms`,
        ratio: jps / node,
        goal: '≤ 2×',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
