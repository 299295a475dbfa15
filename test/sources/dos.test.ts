import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedKey } from '../../src/scraper/build-records.js';
import { buildDosWorkbook, dosForecastPage, dosNextReleaseRows } from '../fixtures/dos/dos-forecast.js';
import { scrapeSource } from '../helpers/cli.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { recordsById, runEvents } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const PAGE = '/procurement-forecast';
const FEBRUARY_RELEASE = '/wp-content/uploads/2025/02/FY25-Procurement-Forecast-2.xlsx';
const AUGUST_RELEASE = '/wp-content/uploads/2025/08/FY26-Procurement-Forecast.xlsx';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const WEEK_1 = new Date('2025-07-31T20:50:00Z');
const WEEK_2 = new Date('2025-08-07T20:50:00Z');

async function dosServer(): Promise<FixtureServer> {
  return startFixtureServer({
    [PAGE]: {
      headers: { 'content-type': 'text/html; charset=UTF-8' },
      body: dosForecastPage(FEBRUARY_RELEASE),
    },
    [FEBRUARY_RELEASE]: { headers: { 'content-type': XLSX_TYPE }, body: await buildDosWorkbook() },
    '/wp-content/uploads/2024/10/OSDBU-Vendor-Outreach-Calendar.xlsx': {
      headers: { 'content-type': XLSX_TYPE },
      body: 'not the forecast',
    },
  });
}

const scrape = (argv: string[], dbPath: string, env: NodeJS.ProcessEnv, now: Date) =>
  scrapeSource('dos', argv, { dbPath, env, now });

const derivedId = (title: string, office: string, place: string) =>
  `dos:${derivedKey({ title, office, naics: null, place_of_performance: place })}`;

const WAREHOUSE_ID = derivedId('Warehouse labor contract', 'A/GO/OPS/SL', 'Lorton, Virginia, United States');
const CARD_STOCK_ID = derivedId('Passport Card Stock', 'CA/EX', 'United States');
const AVIATION_ID = derivedId(
  'Aviation Maintenance Support',
  'INL/EX',
  'Patrick Space Force Base, Florida, United States',
);
const FRANKFURT_ID = derivedId(
  'Regional Procurement Support Office Warehouse Services',
  'A/LM/AQM/RSO',
  'Frankfurt, Germany',
);

describe('dos source', () => {
  it('stores every row of the workbook the page links, field by field', async () => {
    const server = await dosServer();
    const dbPath = join(tempDir(), 'jps.db');
    const { exitCode, summary } = await scrape([], dbPath, { JPS_DOS_URL: server.url(PAGE) }, WEEK_1);

    expect(exitCode).toBe(0);
    expect(summary).toMatchObject({ status: 'ok', rows_read: 9, added: 9, skipped: 0 });
    expect(server.requests).toEqual([`GET ${PAGE}`, `GET ${FEBRUARY_RELEASE}`]);

    const records = await recordsById(dbPath, 'dos');
    expect(records.size).toBe(9);
    expect(records.get('dos:19AQMM24C0074 P00002')).toMatchObject({
      source: 'dos',
      source_name: 'Department of State',
      native_id: '19AQMM24C0074 P00002',
      title: 'Contract - COLA',
      description: 'Information necessary to complete COLA adjustments',
      agency: 'Department of State',
      office: 'A/GO/AL',
      naics: null,
      estimated_value_text: '>$1M and <$5M',
      estimated_value_min: 1_000_000,
      estimated_value_max: 5_000_000,
      release_date: '2025-03-14',
      award_date: '2025-06-06',
      award_fiscal_year: 2025,
      award_quarter: 3,
      place_of_performance: 'Washington, District of Columbia, United States',
      place_city: 'Washington',
      place_state: 'DC',
      place_country: 'USA',
      contract_type: 'Fixed Price',
      set_aside: 'HUBZone',
      set_aside_standardized: 'HUBZONE',
      primary_contact_name: null,
      primary_contact_email: null,
      incumbent: 'Allied Consulting Group, LLC',
      url: null,
      status: 'active',
    });
    expect(records.get('dos:19AQMM24C0074 P00002')!.extra).toEqual({
      'New Requirement?': 'No',
      'Past Set-Aside': 'HUBZone',
      'Past Competition': 'Competed',
      'Acquisition Phase': 'Acquisition Planning',
      Modified: '2025-07-01',
    });
    expect(records.get('dos:19AQMM25C0078')).toMatchObject({
      office: 'A/GO/OPS/DPM',
      title: 'Labor Contract',
      description: 'DPM Management & Mail Support Services',
      estimated_value_min: 20_000_000,
      estimated_value_max: 50_000_000,
      award_date: '2024-12-11',
      award_fiscal_year: 2025,
      award_quarter: 1,
      place_city: 'Sterling',
      place_state: 'VA',
      set_aside: 'Small Disadvantaged Business',
      set_aside_standardized: 'SMALL_BUSINESS',
      incumbent: 'Mail Logistics Inc.',
    });
    expect(records.get(FRANKFURT_ID)).toMatchObject({
      native_id: null,
      place_city: 'Frankfurt',
      place_state: null,
      place_country: 'Germany',
      set_aside: 'None',
      set_aside_standardized: 'FULL_AND_OPEN',
      award_date: '2025-11-14',
      award_fiscal_year: 2026,
      award_quarter: 1,
    });
    expect(records.get('dos:19AQMM25R0031')).toMatchObject({
      description: null,
      set_aside_standardized: 'VETERAN_OWNED',
    });
  });

  it('keys a row by its whole trimmed Contract Number, and the rows without one by their content', async () => {
    const server = await dosServer();
    const dbPath = join(tempDir(), 'jps.db');
    await scrape([], dbPath, { JPS_DOS_URL: server.url(PAGE) }, WEEK_1);
    const records = await recordsById(dbPath, 'dos');

    expect([...records.keys()].sort()).toEqual(
      [
        'dos:19AQMM24C0074 P00002',
        'dos:19AQMM25C0078',
        'dos:19AQMM25R0031',
        WAREHOUSE_ID,
        CARD_STOCK_ID,
        AVIATION_ID,
        FRANKFURT_ID,
        derivedId('Help Desk Modernization', 'IRM/OPS', 'Washington, District of Columbia, United States'),
        derivedId('Armored Vehicle Parts', 'DS/EX/CTO', 'Dulles, Virginia, United States'),
      ].sort(),
    );
  });

  it('dates the award from the Anticipated Award Date, else the Target Award Quarter of the Fiscal Year', async () => {
    const server = await dosServer();
    const dbPath = join(tempDir(), 'jps.db');
    await scrape([], dbPath, { JPS_DOS_URL: server.url(PAGE) }, WEEK_1);
    const records = await recordsById(dbPath, 'dos');

    // No date; Q3 of FY 2026.
    expect(records.get(WAREHOUSE_ID)).toMatchObject({
      award_date: '2026-04-01',
      award_fiscal_year: 2026,
      award_quarter: 3,
      release_date: '2025-12-01',
    });
    // "TBD" in the date column; "4th" of FY 2025.
    expect(records.get('dos:19AQMM25R0031')).toMatchObject({
      award_date: '2025-07-01',
      award_fiscal_year: 2025,
      award_quarter: 4,
    });
    // A date cell wins over the quarter column (Q2 FY2026 says the same here).
    expect(records.get(CARD_STOCK_ID)).toMatchObject({
      award_date: '2026-02-27',
      award_fiscal_year: 2026,
      award_quarter: 2,
    });
  });

  it('takes the Dollar Value when Estimated Value gives none', async () => {
    const server = await dosServer();
    const dbPath = join(tempDir(), 'jps.db');
    await scrape([], dbPath, { JPS_DOS_URL: server.url(PAGE) }, WEEK_1);
    const records = await recordsById(dbPath, 'dos');

    expect(records.get(CARD_STOCK_ID)).toMatchObject({
      estimated_value_text: '750000',
      estimated_value_min: 750_000,
      estimated_value_max: 750_000,
      place_of_performance: 'United States',
      place_city: null,
      place_state: null,
      place_country: 'USA',
      set_aside_standardized: 'EIGHT_A',
    });
    expect(records.get(AVIATION_ID)).toMatchObject({
      estimated_value_text: '$2,500,000',
      estimated_value_min: 2_500_000,
      estimated_value_max: 2_500_000,
      place_state: 'FL',
    });
    // Dollar Value is read (as the fallback), so it is never in extra.
    for (const record of records.values()) expect(record.extra).not.toHaveProperty('Dollar Value');
  });

  it('reads a downloaded workbook with --file exactly as the fetched one', async () => {
    const dir = tempDir();
    const file = join(dir, 'FY25-Procurement-Forecast-2.xlsx');
    writeFileSync(file, await buildDosWorkbook());
    const fromFile = join(dir, 'file.db');
    const { exitCode, summary } = await scrape(['--file', file], fromFile, {}, WEEK_1);
    expect(exitCode).toBe(0);
    expect(summary).toMatchObject({ status: 'ok', rows_read: 9, added: 9 });

    const server = await dosServer();
    const fetched = join(tempDir(), 'jps.db');
    await scrape([], fetched, { JPS_DOS_URL: server.url(PAGE) }, WEEK_1);
    expect([...(await recordsById(fromFile, 'dos')).values()]).toEqual([
      ...(await recordsById(fetched, 'dos')).values(),
    ]);
  });

  it('records nothing when the same workbook is scraped again', async () => {
    const server = await dosServer();
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DOS_URL: server.url(PAGE) };
    await scrape([], dbPath, env, WEEK_1);
    const { summary } = await scrape([], dbPath, env, WEEK_2);

    expect(summary).toMatchObject({
      status: 'ok',
      rows_read: 9,
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 9,
    });
    expect(await runEvents(dbPath, summary.run_id!)).toEqual([]);
  });

  it('follows the workbook to its new path next week and records exactly the three changes', async () => {
    const server = await dosServer();
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DOS_URL: server.url(PAGE) };
    await scrape([], dbPath, env, WEEK_1);

    // The new release lives at another path; the old one is gone.
    server.route(PAGE, {
      headers: { 'content-type': 'text/html; charset=UTF-8' },
      body: dosForecastPage(AUGUST_RELEASE),
    });
    server.route(AUGUST_RELEASE, {
      headers: { 'content-type': XLSX_TYPE },
      body: await buildDosWorkbook(dosNextReleaseRows()),
    });
    server.route(FEBRUARY_RELEASE, {
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: '<title>Page not found</title>',
    });
    const { exitCode, summary } = await scrape([], dbPath, env, WEEK_2);

    expect(exitCode).toBe(0);
    expect(server.requests.slice(2)).toEqual([`GET ${PAGE}`, `GET ${AUGUST_RELEASE}`]);
    expect(summary).toMatchObject({
      status: 'ok',
      rows_read: 9,
      added: 1,
      updated: 1,
      removed: 1,
      restored: 0,
      unchanged: 7,
    });
    expect(await runEvents(dbPath, summary.run_id!)).toEqual([
      {
        prospect_id: 'dos:19AQMM25C0078',
        kind: 'updated',
        field: 'award_date',
        old: '2024-12-11',
        new: '2025-01-15',
      },
      { prospect_id: 'dos:19AQMM25C0078', kind: 'updated', field: 'award_quarter', old: 1, new: 2 },
      { prospect_id: 'dos:19AQMM26C0004', kind: 'added', field: null },
      { prospect_id: 'dos:19AQMM25R0031', kind: 'removed', field: null },
    ]);
  });

  it('fails naming what it looked for when the page links no forecast workbook', async () => {
    const server = await startFixtureServer({
      [PAGE]: {
        headers: { 'content-type': 'text/html' },
        body: dosForecastPage('/wp-content/uploads/2025/08/forecast-coming-soon.pdf'),
      },
    });
    const dbPath = join(tempDir(), 'jps.db');
    const { exitCode, stderr, summary } = await scrape([], dbPath, { JPS_DOS_URL: server.url(PAGE) }, WEEK_1);

    expect(exitCode).toBe(3);
    expect(summary).toMatchObject({ status: 'failed', error: { code: 'NO_LINK' } });
    expect(stderr).toContain('Procurement-Forecast .xlsx workbook');
    // Neither the page's link to itself nor the other workbook was taken for the forecast.
    expect(server.requests).toEqual([`GET ${PAGE}`]);
  });
});
