import { writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSsaWorkbook, ssaLandingPage, SSA_ROWS } from '../fixtures/ssa/ssa-forecast.js';
import { startFixtureServer } from '../helpers/fixture-server.js';
import { runJps } from '../helpers/cli.js';
import { storedRecords } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const XLSM = 'application/vnd.ms-excel.sheet.macroEnabled.12';

async function ssaSite(workbook: Buffer) {
  return startFixtureServer({
    '/osdbu/contract-forecast-intro.html': {
      headers: { 'content-type': 'text/html' },
      body: ssaLandingPage('/osdbu/docs/FY26-Contract-Forecast.xlsm'),
    },
    '/osdbu/docs/FY26-Contract-Forecast.xlsm': { headers: { 'content-type': XLSM }, body: workbook },
    '/osdbu/docs/small-business-goals.xlsx': { status: 500 },
  });
}

async function listJson(dbPath: string) {
  return (await storedRecords(dbPath, 'ssa')) as unknown as Record<string, unknown>[];
}

describe('ssa', () => {
  it('follows the landing page to the forecast workbook and stores every row under its APP #', async () => {
    const server = await ssaSite(await buildSsaWorkbook());
    const dir = tempDir();
    const dbPath = join(dir, 'jps.db');
    const result = await runJps(['scrape', '--source', 'ssa', '--format', 'json'], {
      dbPath,
      env: { JPS_SSA_URL: server.url('/osdbu/contract-forecast-intro.html') },
    });

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const [summary] = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(summary).toMatchObject({
      source: 'ssa',
      status: 'ok',
      rows_read: 4,
      added: 4,
      skipped: 0,
      error: null,
    });
    // The forecast link was chosen over the other workbook on the page.
    expect(server.requests).not.toContain('GET /osdbu/docs/small-business-goals.xlsx');

    const records = await listJson(dbPath);
    expect(records.map((r) => r['id']).sort()).toEqual([
      'ssa:OAG-26-0113',
      'ssa:OHO-26-HQ0007',
      'ssa:RCF-25-11024-02',
      'ssa:RCF-25-11026-02',
    ]);
    const expert = records.find((r) => r['id'] === 'ssa:OHO-26-HQ0007')!;
    expect(expert).toMatchObject({
      source: 'ssa',
      source_name: 'Social Security Administration',
      native_id: 'OHO-26-HQ0007',
      title: 'Western Medical Expert Recompete',
      agency: 'Social Security Administration',
      office: 'DCHO',
      naics: '621111',
      naics_description: 'Offices of Physicians (except Mental Health Specialists)',
      estimated_value_text: '$1,000,000',
      estimated_value_min: 1000000,
      estimated_value_max: 1000000,
      award_date: '2026-07-01',
      award_fiscal_year: 2026,
      award_quarter: 4,
      contract_type: 'Delivery / Task Order',
      set_aside: 'Full and Open',
      set_aside_standardized: 'FULL_AND_OPEN',
      place_of_performance: 'Headquarters',
      place_city: null,
      place_state: null,
      incumbent: 'Medical Experts Group LLC',
      status: 'active',
    });
    expect(expert['extra']).toEqual({
      'REQUIREMENT TYPE': 'Recompete',
      'EXISTING AWD #': '28321320D00060012',
      'NET VIEW TOTAL OBLIGATED AMT': '2450000',
      'ULTIMATE COMPLETION DATE': '2026-06-30',
    });
    // SSA has no title column: the description's first line is the title.
    const utility = records.find((r) => r['id'] === 'ssa:RCF-25-11024-02')!;
    expect(utility['title']).toBe('New York- Electric Delivery Utility Service (Con');
    expect(utility['description']).toBe(
      'New York- Electric Delivery Utility Service (Con\nEdison) - Addabbo',
    );
    expect(utility).toMatchObject({
      estimated_value_text: 'Various',
      estimated_value_min: null,
      naics: '221112',
    });
    // A planned award written as a quarter sets the quarter's first day.
    expect(records.find((r) => r['id'] === 'ssa:OAG-26-0113')).toMatchObject({
      award_date: '2026-01-01',
      award_fiscal_year: 2026,
      award_quarter: 2,
      naics: '541519',
      set_aside_standardized: 'EIGHT_A',
    });

    // The workbook is archived beside the database.
    expect(readdirSync(join(dir, 'raw', 'ssa'))).toEqual([expect.stringMatching(/^ssa_\d{8}_\d{6}\.xlsm$/)]);
  });

  it('reads a workbook given with --file exactly as a fetched one, without archiving it', async () => {
    const dir = tempDir();
    const file = join(dir, 'forecast.xlsm');
    writeFileSync(file, await buildSsaWorkbook());
    const dbPath = join(dir, 'jps.db');
    const result = await runJps(['scrape', '--source', 'ssa', '--file', file, '--format', 'json'], {
      dbPath,
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({
      status: 'ok',
      rows_read: SSA_ROWS.length,
      added: SSA_ROWS.length,
    });
    expect((await listJson(dbPath)).map((r) => r['id'])).toContain('ssa:OHO-26-HQ0007');
    expect(readdirSync(dir)).not.toContain('raw');
  });
});
