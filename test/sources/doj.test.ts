import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProspectRecord } from '../../src/store/prospect-record.js';
import { buildDojWorkbook, dojForecastPage, dojNextWeekRows } from '../fixtures/doj/doj-forecast.js';
import { scrapeSource } from '../helpers/cli.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { recordsById, runEvents } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const PAGE = '/jmd/doj-forecast-contracting-opportunities';
// Justice serves its media without an extension.
const WORKBOOK = '/media/1381791/dl';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const WEEK_1 = new Date('2025-07-31T20:50:00Z');
const WEEK_2 = new Date('2025-08-07T20:50:00Z');

async function dojServer(workbook?: Buffer): Promise<FixtureServer> {
  const notThisOne = { headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.7 not the forecast' };
  return startFixtureServer({
    [PAGE]: {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: dojForecastPage(`${WORKBOOK}?inline`),
    },
    [WORKBOOK]: { headers: { 'content-type': XLSX_TYPE }, body: workbook ?? (await buildDojWorkbook()) },
    '/media/1381790/dl': notThisOne,
    '/jmd/file/1290411/FY24-forecast-archive.xlsx': notThisOne,
  });
}

const scrape = (argv: string[], dbPath: string, env: NodeJS.ProcessEnv, now: Date) =>
  scrapeSource('doj', argv, { dbPath, env, now });

async function scrapedRecords(): Promise<Map<string, ProspectRecord>> {
  const server = await dojServer();
  const dbPath = join(tempDir(), 'jps.db');
  await scrape([], dbPath, { JPS_DOJ_URL: server.url(PAGE) }, WEEK_1);
  return recordsById(dbPath, 'doj');
}

describe('doj source', () => {
  it('stores every row of the "Download the Excel File" workbook, field by field', async () => {
    const server = await dojServer();
    const dbPath = join(tempDir(), 'jps.db');
    const { exitCode, summary } = await scrape([], dbPath, { JPS_DOJ_URL: server.url(PAGE) }, WEEK_1);

    expect(exitCode).toBe(0);
    expect(summary).toMatchObject({ status: 'ok', rows_read: 8, added: 8, skipped: 0 });
    // Picked by its text: neither the extension-less PDF link nor the older .xlsx.
    expect(server.requests).toEqual([`GET ${PAGE}`, `GET ${WORKBOOK}?inline`]);

    const records = await recordsById(dbPath, 'doj');
    expect(records.get('doj:FY25-FPI-1542-63')).toMatchObject({
      source: 'doj',
      source_name: 'Department of Justice',
      native_id: 'FY25-FPI-1542-63',
      title: 'RIDDICK FIEDLER STERN, P.C',
      description: 'AE Roof repair design',
      agency: 'Department of Justice',
      office: 'FPI-1542',
      naics: '541310',
      naics_description: 'Architectural Services',
      estimated_value_text: '$400,001 - $425,000',
      estimated_value_min: 400_001,
      estimated_value_max: 425_000,
      // "Q2, 2025" and "Q3, 2025": the first days of those fiscal quarters.
      release_date: '2025-01-01',
      award_date: '2025-04-01',
      award_fiscal_year: 2025,
      award_quarter: 3,
      place_of_performance: 'Lexington, KY, United States',
      place_city: 'Lexington',
      place_state: 'KY',
      place_country: 'USA',
      contract_type: 'Firm-Fixed-Price',
      set_aside: 'Small Business Total Set-aside',
      set_aside_standardized: 'SMALL_BUSINESS',
      primary_contact_name: 'David Smith',
      primary_contact_email: 'david.smith2@usdoj.gov',
      incumbent: null,
      url: null,
      status: 'active',
    });
    expect(records.get('doj:FY25-FPI-1542-63')!.extra).toEqual({
      'Fiscal Year': '2025',
      OBD: 'Federal Prison Industries',
      'Contracting Office': 'FPI Contracting Office - Washington',
      Category: 'Facilities & Construction',
      Subcategory: 'Architect & Engineering Services',
      'Product Service Code': 'C1AZ',
      'Award Type': 'Contract',
      'Competition Approach': 'Competitive',
      'Request for Information (RFI) Planned': 'No',
      'Acquisition History': 'New Requirement',
    });
    expect(records.get('doj:FY25-FBI-1549-12')).toMatchObject({
      office: 'FBI-1549',
      description:
        'Engineering support for the Next Generation Identification system, including:\n- systems engineering\n- test and evaluation',
      estimated_value_min: 20_000_001,
      estimated_value_max: 50_000_000,
      release_date: '2025-04-01',
      place_city: 'Clarksburg',
      place_state: 'WV',
      set_aside_standardized: 'EIGHT_A',
      primary_contact_name: 'Thi Nguyen',
      primary_contact_email: 'tnguyen@fbi.gov',
    });
    expect(records.get('doj:FY25-FBI-1549-12')!.extra['Solicitation Link']).toBe(
      'https://sam.gov/opp/0000000000/view',
    );
    expect(records.get('doj:FY25-DEA-1520-7')).toMatchObject({
      place_of_performance: 'Bogota, Colombia',
      place_city: 'Bogota',
      place_state: null,
      place_country: 'Colombia',
      set_aside_standardized: 'FULL_AND_OPEN',
      release_date: '2025-07-01',
      award_date: '2025-10-01',
      award_fiscal_year: 2026,
      award_quarter: 1,
    });
    expect(records.get('doj:FY25-BOP-1540-118')).toMatchObject({
      title: 'Comprehensive Medical Services - FCC Butner',
      description: null,
      set_aside_standardized: 'VETERAN_OWNED',
      place_state: 'NC',
    });
    expect(records.get('doj:FY25-USMS-1544-31')).toMatchObject({
      set_aside_standardized: 'HUBZONE',
      primary_contact_name: null,
      primary_contact_email: null,
    });
  });

  it('reads the "Contracting Opportunities Data" sheet, not the Instructions sheet before it', async () => {
    const records = await scrapedRecords();

    expect([...records.keys()]).toEqual([
      'doj:FY25-ATF-1560-4',
      'doj:FY25-BOP-1540-118',
      'doj:FY25-DEA-1520-7',
      'doj:FY25-FBI-1549-12',
      'doj:FY25-FPI-1542-53',
      'doj:FY25-FPI-1542-63',
      'doj:FY25-FPI-1542-71',
      'doj:FY25-USMS-1544-31',
    ]);
    expect(records.has('doj:FY25-XXX-0000-0')).toBe(false);
  });

  it('reads a Target Award Date written as a date cell or as a quarter', async () => {
    const records = await scrapedRecords();

    expect(records.get('doj:FY25-ATF-1560-4')).toMatchObject({
      award_date: '2025-06-30',
      award_fiscal_year: 2025,
      award_quarter: 3,
    });
    expect(records.get('doj:FY25-FBI-1549-12')).toMatchObject({
      award_date: '2025-09-15',
      award_fiscal_year: 2025,
      award_quarter: 4,
    });
    expect(records.get('doj:FY25-FPI-1542-53')).toMatchObject({
      award_date: '2025-07-01',
      award_fiscal_year: 2025,
      award_quarter: 4,
    });
  });

  it('turns "Last, First (ORG)" into the contact, else takes the small-business POC', async () => {
    const records = await scrapedRecords();

    expect(records.get('doj:FY25-ATF-1560-4')).toMatchObject({
      primary_contact_name: 'Charles P. Strickland Jr',
      primary_contact_email: 'charles.strickland@atf.gov',
      // "[TBD]" is kept as written; the Country column still says where.
      place_of_performance: '[TBD], United States',
      place_city: null,
      place_state: null,
      place_country: 'USA',
    });
    expect(records.get('doj:FY25-FPI-1542-53')).toMatchObject({
      primary_contact_name: 'Robert Connolly',
      primary_contact_email: 'robert.l.connolly@usdoj.gov',
      place_city: 'Washington',
      place_state: 'DC',
    });
    expect(records.get('doj:FY25-FPI-1542-71')).toMatchObject({
      primary_contact_name: 'Edward Porras',
      primary_contact_email: 'edward.porras@usdoj.gov',
    });
    // The POC columns are read (as contact or fallback): none of them is kept in extra.
    for (const record of records.values()) {
      expect(Object.keys(record.extra).filter((key) => key.includes('POC'))).toEqual([]);
    }
  });

  it('reads a downloaded workbook with --file exactly as the fetched one', async () => {
    const dir = tempDir();
    const file = join(dir, 'doj-forecast.xlsx');
    writeFileSync(file, await buildDojWorkbook());
    const fromFile = join(dir, 'file.db');
    const { exitCode, summary } = await scrape(['--file', file], fromFile, {}, WEEK_1);
    expect(exitCode).toBe(0);
    expect(summary).toMatchObject({ status: 'ok', rows_read: 8, added: 8 });

    const server = await dojServer();
    const fetched = join(tempDir(), 'jps.db');
    await scrape([], fetched, { JPS_DOJ_URL: server.url(PAGE) }, WEEK_1);
    expect([...(await recordsById(fromFile, 'doj')).values()]).toEqual([
      ...(await recordsById(fetched, 'doj')).values(),
    ]);
  });

  it('fails naming the link when the page no longer offers "Download the Excel File"', async () => {
    const server = await startFixtureServer({
      [PAGE]: {
        headers: { 'content-type': 'text/html' },
        body: dojForecastPage('/media/1381791/dl').replace('Download the Excel File', 'Download the data'),
      },
    });
    const dbPath = join(tempDir(), 'jps.db');
    const { exitCode, stderr, summary } = await scrape([], dbPath, { JPS_DOJ_URL: server.url(PAGE) }, WEEK_1);

    expect(exitCode).toBe(3);
    expect(summary).toMatchObject({ status: 'failed', error: { code: 'NO_LINK' } });
    expect(stderr).toContain('"Download the Excel File"');
    expect(stderr).toContain('jps scrape --source doj --file <file>');
  });

  it('records nothing when the same workbook is scraped again', async () => {
    const server = await dojServer();
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DOJ_URL: server.url(PAGE) };
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

  it('records next week’s slipped award, withdrawn row and new row as exactly three changes', async () => {
    const server = await dojServer();
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DOJ_URL: server.url(PAGE) };
    await scrape([], dbPath, env, WEEK_1);
    server.route(WORKBOOK, {
      headers: { 'content-type': XLSX_TYPE },
      body: await buildDojWorkbook(dojNextWeekRows()),
    });
    const { exitCode, summary } = await scrape([], dbPath, env, WEEK_2);

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
        prospect_id: 'doj:FY25-FPI-1542-63',
        kind: 'updated',
        field: 'award_date',
        old: '2025-04-01',
        new: '2025-07-01',
      },
      { prospect_id: 'doj:FY25-FPI-1542-63', kind: 'updated', field: 'award_quarter', old: 3, new: 4 },
      { prospect_id: 'doj:FY25-FPI-1542-80', kind: 'added', field: null },
      { prospect_id: 'doj:FY25-DEA-1520-7', kind: 'removed', field: null },
    ]);
  });
});
