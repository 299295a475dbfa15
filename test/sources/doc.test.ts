import { writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDocWorkbook, docForecastsPage, docNextWeekRows } from '../fixtures/doc/doc-forecast.js';
import { scrapeSource } from '../helpers/cli.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { recordsById, runEvents } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const PAGE = '/oam/industry/procurement-forecasts';
const WORKBOOK = '/sites/default/files/2025-07/DOC%20Procurement%20Forecast%20July%202025.xlsx';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const WEEK_1 = new Date('2025-07-31T20:50:00Z');
const WEEK_2 = new Date('2025-08-07T20:50:00Z');

/** Commerce as it behaves: anything that does not ask like a browser is refused (403). */
function browserOnly(body: string | Buffer, type: string, seen: IncomingHttpHeaders[]) {
  return ({ headers }: { headers: IncomingHttpHeaders }) => {
    seen.push(headers);
    const browserLike =
      /text\/html/.test(headers.accept ?? '') && /en-US/.test(headers['accept-language'] ?? '');
    return browserLike
      ? { headers: { 'content-type': type }, body }
      : {
          status: 403,
          headers: { 'content-type': 'text/html' },
          body: '<html><head><title>Access Denied</title></head><body>Access Denied</body></html>',
        };
  };
}

async function docServer(workbook?: Buffer): Promise<{ server: FixtureServer; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = await startFixtureServer({
    [PAGE]: browserOnly(docForecastsPage(WORKBOOK), 'text/html; charset=utf-8', seen),
    [WORKBOOK]: browserOnly(workbook ?? (await buildDocWorkbook()), XLSX_TYPE, seen),
  });
  return { server, seen };
}

const scrape = (argv: string[], dbPath: string, env: NodeJS.ProcessEnv, now: Date) =>
  scrapeSource('doc', argv, { dbPath, env, now });

describe('doc source', () => {
  it('stores every row of the linked forecast workbook, header on row 3, field by field', async () => {
    const { server } = await docServer();
    const dbPath = join(tempDir(), 'jps.db');
    const { exitCode, summary } = await scrape([], dbPath, { JPS_DOC_URL: server.url(PAGE) }, WEEK_1);

    expect(exitCode).toBe(0);
    expect(summary).toMatchObject({ status: 'ok', rows_read: 8, added: 8, skipped: 0 });
    expect(server.requests).toEqual([`GET ${PAGE}`, `GET ${WORKBOOK}`]);

    const records = await recordsById(dbPath, 'doc');
    // Forecast ID is a number cell: the key is its digits.
    expect([...records.keys()]).toEqual([
      'doc:30002',
      'doc:30004',
      'doc:30005',
      'doc:30011',
      'doc:30020',
      'doc:30031',
      'doc:30040',
      'doc:30052',
    ]);
    expect(records.get('doc:30002')).toMatchObject({
      source: 'doc',
      source_name: 'Department of Commerce',
      native_id: '30002',
      title: 'MARS Business Objects',
      agency: 'Department of Commerce',
      office: 'NOAA - PROGRAM OFFICE',
      naics: '111110',
      naics_description: 'Soybean Farming',
      estimated_value_text: '1.1M to 2M',
      estimated_value_min: 1_100_000,
      estimated_value_max: 2_000_000,
      // Estimated Solicitation FY 2026, Q2.
      release_date: '2026-01-01',
      award_date: null,
      award_fiscal_year: null,
      award_quarter: null,
      place_of_performance: 'SILVER SPRING, MARYLAND, UNITED STATES',
      place_city: 'SILVER SPRING',
      place_state: 'MD',
      place_country: 'USA',
      contract_type: null,
      set_aside: 'Competitive',
      set_aside_standardized: 'FULL_AND_OPEN',
      primary_contact_name: 'BEN ANDERSON',
      primary_contact_email: 'benjamin.anderson@noaa.gov',
      incumbent: null,
      url: null,
      status: 'active',
    });
    expect(records.get('doc:30002')!.description).toBe(
      'The purpose of this acquisition is to establish a multi-year contract for software maintenance and support for the suite of SAP Business Objects software used to support NOAA\u2019s Management Analysis and Reporting System (MARS) development and production. The current software maintenance and support contract expires July 18, 2023.',
    );
    expect(records.get('doc:30002')!.extra).toEqual({
      'Workspace Number': 'WS-2023-0412',
      'Date Created': '2023-05-11',
      Office: 'NOAA ACQUISITION AND GRANTS OFFICE',
      'Organization Unit': 'NESDIS',
      Months: '12',
      Years: '5',
      'Type Of Awardee': 'Small Business',
      'Competition Strategy': 'Full and Open after exclusion of sources',
      'Anticipated Action Award Type': 'Contract',
      'Anticipated Contract Vehicle': 'GSA Schedule',
      'New Requirement Or Recompete': 'Recompete',
      'Incumbent Contractor Name': 'Carahsoft Technology Corp.',
      'Does This Acquisition Contain Information Technology': 'Yes',
      'Date Created or Modified': '2025-07-15',
      'Awarded?': 'No',
    });
    expect(records.get('doc:30004')).toMatchObject({
      office: 'NIST - PROGRAM OFFICE',
      naics: '334516',
      naics_description: 'Analytical Laboratory Instrument Manufacturing',
      estimated_value_min: 251_000,
      estimated_value_max: 500_000,
      // FY 2025, Q4.
      release_date: '2025-07-01',
      place_city: 'GAITHERSBURG',
      place_state: 'MD',
      set_aside_standardized: 'SOLE_SOURCE',
      primary_contact_name: 'JOHN PETTIBONE',
    });
    expect(records.get('doc:30005')).toMatchObject({
      release_date: '2025-10-01',
      place_state: 'CO',
      set_aside: 'Currently, this information is not available',
      set_aside_standardized: 'NOT_AVAILABLE',
    });
    expect(records.get('doc:30011')).toMatchObject({
      description:
        'Support for field data collection operations,\nincluding listing, interviewing and quality control.',
      // A quarter given as a number cell (3) with FY 2026.
      release_date: '2026-04-01',
      set_aside: null,
      set_aside_standardized: 'NOT_AVAILABLE',
    });
    expect(records.get('doc:30031')).toMatchObject({
      place_of_performance: 'GENEVA, SWITZERLAND',
      place_city: 'GENEVA',
      place_state: null,
      place_country: 'SWITZERLAND',
    });
    expect(records.get('doc:30040')).toMatchObject({
      place_city: 'WASHINGTON',
      place_state: 'DC',
      place_country: 'USA',
      set_aside_standardized: 'EIGHT_A',
      primary_contact_email: 'david.okafor@bis.doc.gov',
    });
    expect(records.get('doc:30052')).toMatchObject({
      release_date: '2026-07-01',
      set_aside_standardized: 'WOMEN_OWNED',
    });
  });

  it('asks for the page and the workbook with a browser’s Accept headers, naming jps as the client', async () => {
    const { server, seen } = await docServer();
    const dbPath = join(tempDir(), 'jps.db');
    await scrape([], dbPath, { JPS_DOC_URL: server.url(PAGE) }, WEEK_1);

    expect(seen).toHaveLength(2);
    for (const headers of seen) {
      expect(headers.accept).toMatch(/^text\/html,application\/xhtml\+xml,/);
      expect(headers['accept-language']).toBe('en-US,en;q=0.9');
      expect(headers['user-agent']).toMatch(/jps/i);
    }
  });

  it('suggests --file when Commerce refuses jps (HTTP 403), storing nothing', async () => {
    const server = await startFixtureServer({
      [PAGE]: {
        status: 403,
        headers: { 'content-type': 'text/html' },
        body: '<html><head><title>Access Denied</title></head></html>',
      },
    });
    const dbPath = join(tempDir(), 'jps.db');
    const { exitCode, stderr, summary } = await scrape([], dbPath, { JPS_DOC_URL: server.url(PAGE) }, WEEK_1);

    expect(exitCode).toBe(3);
    expect(summary).toMatchObject({ status: 'failed', added: 0, error: { code: 'HTTP_BLOCKED' } });
    expect(stderr).toContain('HTTP 403');
    expect(stderr).toContain('jps scrape --source doc --file <file>');
    // Blocked is not retried.
    expect(server.requests).toEqual([`GET ${PAGE}`]);
    expect((await recordsById(dbPath, 'doc')).size).toBe(0);
  });

  it('reads a downloaded workbook with --file exactly as the fetched one', async () => {
    const dir = tempDir();
    const file = join(dir, 'DOC Procurement Forecast July 2025.xlsx');
    writeFileSync(file, await buildDocWorkbook());
    const fromFile = join(dir, 'file.db');
    const { exitCode, summary } = await scrape(['--file', file], fromFile, {}, WEEK_1);
    expect(exitCode).toBe(0);
    expect(summary).toMatchObject({ status: 'ok', rows_read: 8, added: 8 });

    const { server } = await docServer();
    const fetched = join(tempDir(), 'jps.db');
    await scrape([], fetched, { JPS_DOC_URL: server.url(PAGE) }, WEEK_1);
    expect([...(await recordsById(fromFile, 'doc')).values()]).toEqual([
      ...(await recordsById(fetched, 'doc')).values(),
    ]);
  });

  it('records nothing when the same workbook is scraped again', async () => {
    const { server } = await docServer();
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DOC_URL: server.url(PAGE) };
    await scrape([], dbPath, env, WEEK_1);
    const { summary } = await scrape([], dbPath, env, WEEK_2);

    expect(summary).toMatchObject({
      status: 'ok',
      rows_read: 8,
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 8,
    });
    expect(await runEvents(dbPath, summary.run_id!)).toEqual([]);
  });

  it('records next week’s changed value, withdrawn row and new row as exactly three changes', async () => {
    const dbPath = join(tempDir(), 'jps.db');
    const first = await docServer();
    await scrape([], dbPath, { JPS_DOC_URL: first.server.url(PAGE) }, WEEK_1);
    const next = await docServer(await buildDocWorkbook(docNextWeekRows()));
    const { exitCode, summary } = await scrape([], dbPath, { JPS_DOC_URL: next.server.url(PAGE) }, WEEK_2);

    expect(exitCode).toBe(0);
    expect(summary).toMatchObject({
      status: 'ok',
      rows_read: 8,
      added: 1,
      updated: 1,
      removed: 1,
      restored: 0,
      unchanged: 6,
    });
    expect(await runEvents(dbPath, summary.run_id!)).toEqual([
      {
        prospect_id: 'doc:30004',
        kind: 'updated',
        field: 'estimated_value_text',
        old: '251K to 500k',
        new: '501K to 1M',
      },
      {
        prospect_id: 'doc:30004',
        kind: 'updated',
        field: 'estimated_value_min',
        old: 251_000,
        new: 501_000,
      },
      {
        prospect_id: 'doc:30004',
        kind: 'updated',
        field: 'estimated_value_max',
        old: 500_000,
        new: 1_000_000,
      },
      { prospect_id: 'doc:30077', kind: 'added', field: null },
      { prospect_id: 'doc:30011', kind: 'removed', field: null },
    ]);
    expect((await recordsById(dbPath, 'doc')).get('doc:30011')).toMatchObject({
      status: 'removed',
      removed_at: WEEK_2.toISOString(),
    });
  });
});
