import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScrapeResult } from '../../src/scraper/scrape.js';
import { ALL_SOURCES } from '../../src/sources/index.js';
import { gatewayPage, gatewayRecord } from '../fixtures/acquisition-gateway/gateway-export.js';
import { apfsJson } from '../fixtures/dhs/apfs-forecast.js';
import { buildDocWorkbook, docForecastsPage } from '../fixtures/doc/doc-forecast.js';
import { buildDojWorkbook, dojForecastPage } from '../fixtures/doj/doj-forecast.js';
import { buildDosWorkbook, dosForecastPage } from '../fixtures/dos/dos-forecast.js';
import { buildDotCsv, dotSummaryPage } from '../fixtures/dot/dot-forecast.js';
import { hhsSignInPage } from '../fixtures/hhs/hhs-forecast.js';
import { buildSsaWorkbook, ssaLandingPage } from '../fixtures/ssa/ssa-forecast.js';
import { treasuryApexResponse } from '../fixtures/treasury/treasury-forecast.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { runJps } from '../helpers/cli.js';
import { storedRecords, storedRuns } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HTML = 'text/html; charset=utf-8';

/** Where each source's entry URL points on the one loopback server. */
const ENTRY: Record<string, string> = {
  'acquisition-gateway': '/api/v3.0/export/forecast',
  ssa: '/osdbu/contract-forecast-intro.html',
  dhs: '/api/forecast/',
  treasury: '/webruntime/api/apex/execute?language=en-US&asGuest=true&htmlEncode=false',
  dot: '/osdbu/procurement-assistance/summary-forecast',
  hhs: '/industry/opportunity-forecast',
  doc: '/oam/industry/procurement-forecasts',
  doj: '/jmd/doj-forecast-contracting-opportunities',
  dos: '/procurement-forecast',
};

/** Every agency's site on one loopback server, HHS behind its sign-in wall. */
async function everyAgency(): Promise<FixtureServer> {
  const gateway = Array.from({ length: 8 }, (_, index) => gatewayRecord(index));
  const files = {
    ssa: '/osdbu/docs/FY26-Contract-Forecast.xlsm',
    dot: '/osdbu/procurement-assistance/summary-forecast/export',
    doc: '/sites/default/files/2025-07/DOC%20Procurement%20Forecast%20July%202025.xlsx',
    doj: '/media/1381791/dl',
    dos: '/wp-content/uploads/2025/08/FY26-Procurement-Forecast.xlsx',
  };
  return startFixtureServer({
    [ENTRY['acquisition-gateway']!]: ({ url }) => ({
      headers: { 'content-type': 'application/json' },
      body: gatewayPage(url.searchParams.get('page') === '1' ? gateway : [], gateway.length),
    }),
    [ENTRY.ssa!]: { headers: { 'content-type': HTML }, body: ssaLandingPage(files.ssa) },
    [files.ssa]: {
      headers: { 'content-type': 'application/vnd.ms-excel.sheet.macroEnabled.12' },
      body: await buildSsaWorkbook(),
    },
    [ENTRY.dhs!]: { headers: { 'content-type': 'application/json' }, body: apfsJson() },
    '/webruntime/api/apex/execute': {
      headers: { 'content-type': 'application/json' },
      body: treasuryApexResponse(),
    },
    [ENTRY.dot!]: { headers: { 'content-type': HTML }, body: dotSummaryPage(`${files.dot}?_format=csv`) },
    [files.dot]: { headers: { 'content-type': 'text/csv; charset=utf-8' }, body: buildDotCsv() },
    // HHS's forecast sits behind a sign-in with MFA (2026).
    [ENTRY.hhs!]: { status: 302, headers: { location: '/account/sign-in' } },
    '/account/sign-in': { headers: { 'content-type': HTML }, body: hhsSignInPage() },
    [ENTRY.doc!]: { headers: { 'content-type': HTML }, body: docForecastsPage(files.doc) },
    [files.doc]: { headers: { 'content-type': XLSX }, body: await buildDocWorkbook() },
    [ENTRY.doj!]: { headers: { 'content-type': HTML }, body: dojForecastPage(files.doj) },
    [files.doj]: { headers: { 'content-type': XLSX }, body: await buildDojWorkbook() },
    [ENTRY.dos!]: { headers: { 'content-type': HTML }, body: dosForecastPage(files.dos) },
    [files.dos]: { headers: { 'content-type': XLSX }, body: await buildDosWorkbook() },
  });
}

describe('jps scrape with no --source', () => {
  it('scrapes all nine sources independently: HHS fails with its sign-in message, the other eight store their data', async () => {
    const server = await everyAgency();
    const dbPath = join(tempDir(), 'jps.db');
    const env = Object.fromEntries(
      Object.entries(ENTRY).map(([key, path]) => [
        `JPS_${key.toUpperCase().replaceAll('-', '_')}_URL`,
        server.url(path),
      ]),
    );
    const result = await runJps(['scrape', '--format', 'json'], { dbPath, env });

    expect(result.exitCode).toBe(3);
    // One line on stderr: HHS's, and nothing from the sources that worked.
    expect(result.stderr).toBe(
      `jps: hhs: the forecast at ${server.url('/account/sign-in')} is behind a sign-in page; sign in with a browser, ` +
        'export the forecast as CSV and run: jps scrape --source hhs --file <export.csv>',
    );

    const summaries = JSON.parse(result.stdout) as ScrapeResult[];
    expect(summaries.map((s) => s.source)).toEqual(ALL_SOURCES.map((source) => source.key));
    expect(summaries.find((s) => s.source === 'hhs')).toMatchObject({
      status: 'failed',
      rows_read: 0,
      added: 0,
      error: { code: 'SIGN_IN' },
    });
    const stored = await storedRecords(dbPath);
    for (const summary of summaries.filter((s) => s.source !== 'hhs')) {
      expect(summary, summary.source).toMatchObject({ status: 'ok', error: null, removed: 0, unchanged: 0 });
      expect(summary.added, summary.source).toBeGreaterThan(0);
      expect(summary.added, summary.source).toBe(summary.rows_read - summary.skipped);
      expect(
        stored.filter((record) => record.source === summary.source),
        summary.source,
      ).toHaveLength(summary.added);
    }
    expect(stored.filter((record) => record.source === 'hhs')).toEqual([]);

    const runs = await storedRuns(dbPath);
    expect(Object.fromEntries(runs.map((run) => [run.source, run.status]))).toEqual({
      'acquisition-gateway': 'ok',
      ssa: 'ok',
      dhs: 'ok',
      treasury: 'ok',
      dot: 'ok',
      hhs: 'failed',
      doc: 'ok',
      doj: 'ok',
      dos: 'ok',
    });
  });
});
