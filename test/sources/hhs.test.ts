import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedKey } from '../../src/scraper/build-records.js';
import {
  HHS_ROWS,
  hhsCsv,
  hhsNotFoundPage,
  hhsPageLinkingCsv,
  hhsPageWithTable,
  hhsSignInPage,
  type HhsRow,
} from '../fixtures/hhs/hhs-forecast.js';
import { startFixtureServer, type FixtureRoute } from '../helpers/fixture-server.js';
import { runJps } from '../helpers/cli.js';
import { storedEvents, storedRecords, storedRuns } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const PAGE = '/industry/opportunity-forecast';
const CSV = '/industry/opportunity-forecast/export?format=csv';
const HTML = { 'content-type': 'text/html; charset=utf-8' };

/** HHS has no id column: every id is derived from title, office, NAICS and place (none here). */
function hhsId(title: string, office: string, naics: string | null, twin = 1): string {
  const key = derivedKey({ title, office, naics, place_of_performance: null });
  return `hhs:${key}${twin > 1 ? `-${twin}` : ''}`;
}

const RICOH = hhsId('Ricoh', 'IHS', null);
const ANIMAL_CARE = hhsId('Laboratory Animal Care, Bethesda Campus', 'NIH', '541940');
const FOOD_SAFETY = hhsId('Food Safety Inspection Training', 'FDA', '611430');
const JANITORIAL = hhsId('Janitorial Services', 'HRSA', '561720');
const JANITORIAL_TWIN = hhsId('Janitorial Services', 'HRSA', '561720', 2);

/** An HHS site whose forecast page the test controls, and a database in a temp folder. */
async function setup(
  pageRoute: FixtureRoute,
  csv: FixtureRoute = { headers: { 'content-type': 'text/csv' }, body: hhsCsv() },
) {
  const server = await startFixtureServer({ [PAGE]: pageRoute, [CSV]: csv });
  const dir = tempDir();
  const dbPath = join(dir, 'jps.db');
  const scrape = async (...args: string[]) => {
    const result = await runJps(['scrape', '--source', 'hhs', '--format', 'json', ...args], {
      dbPath,
      env: { JPS_HHS_URL: server.url(PAGE) },
    });
    return { ...result, summary: (JSON.parse(result.stdout) as Record<string, unknown>[])[0] };
  };
  return { server, dir, dbPath, scrape };
}

/** Scrapes `--file` with the given CSV into `dbPath`. */
async function scrapeFile(dbPath: string, rows: readonly HhsRow[]) {
  const file = join(tempDir(), 'hhs-forecast-export.csv');
  writeFileSync(file, hhsCsv(rows));
  const result = await runJps(['scrape', '--source', 'hhs', '--file', file, '--format', 'json'], { dbPath });
  return { ...result, summary: (JSON.parse(result.stdout) as Record<string, unknown>[])[0] };
}

const byId = async (dbPath: string) =>
  new Map((await storedRecords(dbPath, 'hhs')).map((record) => [record.id, record]));

describe('hhs', () => {
  it('reads the forecast page even when it answers 404 with the whole page, and follows its CSV link', async () => {
    // HHS has answered 404 while showing the full forecast (seen 2025).
    const body = hhsPageLinkingCsv(CSV);
    expect(body.length).toBeGreaterThan(1000);
    const { dir, dbPath, scrape, server } = await setup({ status: 404, headers: HTML, body });
    const result = await scrape();

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.summary).toMatchObject({ source: 'hhs', status: 'ok', rows_read: 9, added: 9, skipped: 0 });
    expect(server.requests).toEqual([`GET ${PAGE}`, `GET ${CSV}`]);

    const records = await byId(dbPath);
    expect(records.size).toBe(9);
    expect(records.get(RICOH)).toEqual({
      id: RICOH,
      source: 'hhs',
      source_name: 'Department of Health and Human Services',
      native_id: null,
      title: 'Ricoh',
      description: 'equipment',
      agency: 'Department of Health and Human Services',
      office: 'IHS',
      naics: null,
      naics_description: null,
      estimated_value_text: '> $25K and < $250K',
      estimated_value_min: 25_000,
      estimated_value_max: 250_000,
      release_date: '2024-08-01',
      award_date: '2033-03-01',
      award_fiscal_year: 2033,
      award_quarter: 2,
      place_of_performance: null,
      place_city: null,
      place_state: null,
      place_country: null,
      contract_type: null,
      set_aside: 'To be determined',
      set_aside_standardized: 'NOT_AVAILABLE',
      set_aside_standardized_label: 'N/A',
      primary_contact_name: 'Melissa Wakonabo',
      primary_contact_email: 'melissa.wakonabo@ihs.gov',
      incumbent: null,
      url: null,
      status: 'active',
      first_seen_at: expect.stringMatching(/Z$/),
      last_seen_at: expect.stringMatching(/Z$/),
      removed_at: null,
      extra: {
        'Contracting Office': 'Great Plains Area Office',
        'Program POC Office': 'Quentin N. Burdick Memorial Health Care Facility',
        'CO First Name': 'Daniel',
        'CO Last Name': 'Two Bulls',
        'CO Email': 'daniel.twobulls@ihs.gov',
      },
    });
    expect(records.get(ANIMAL_CARE)).toMatchObject({
      title: 'Laboratory Animal Care, Bethesda Campus',
      description:
        'Husbandry and veterinary care for the "Building 14" vivarium.\nIncludes:\n- daily care\n- cage wash',
      naics: '541940',
      naics_description: 'Veterinary Services',
      estimated_value_min: 5_000_000,
      estimated_value_max: 10_000_000,
      release_date: '2025-11-01',
      award_date: '2026-06-01',
      award_fiscal_year: 2026,
      award_quarter: 3,
      set_aside_standardized: 'FULL_AND_OPEN',
      primary_contact_name: "Grace O'Neill",
      primary_contact_email: 'grace.oneill@nih.gov',
      incumbent: 'Charles River Laboratories, Inc.',
      extra: expect.objectContaining({ 'Existing Contract number (if applicable)': '75N95021C00012' }),
    });
    expect(
      Object.fromEntries(
        [...records.values()].map((r) => [`${r.office} ${r.title}`, r.set_aside_standardized]),
      ),
    ).toEqual({
      'IHS Ricoh': 'NOT_AVAILABLE',
      'IHS MEDICAL SUPPLIES - (colostomy supplies)': 'SMALL_BUSINESS',
      'IHS Blood Culture Collection set': 'SMALL_BUSINESS',
      'NIH Laboratory Animal Care, Bethesda Campus': 'FULL_AND_OPEN',
      'CDC Public Health Emergency Communications Support': 'EIGHT_A',
      'CMS Medicare Claims Data Analytics': 'VETERAN_OWNED',
      'FDA Food Safety Inspection Training': 'WOMEN_OWNED',
      'HRSA Janitorial Services': 'HUBZONE',
    });
    // Twins (same title, office and NAICS) are told apart by file order.
    expect(records.get(JANITORIAL)!.description).toBe('Janitorial services, Rockville clinic.');
    expect(records.get(JANITORIAL_TWIN)!.description).toBe('Janitorial services, Parklawn building annex.');

    expect(readdirSync(join(dir, 'raw', 'hhs'))).toEqual([expect.stringMatching(/^hhs_\d{8}_\d{6}\.csv$/)]);
  });

  it('reads the forecast shown as a table on the page into the same records as the CSV', async () => {
    const csv = await setup({ headers: HTML, body: hhsPageLinkingCsv(CSV) });
    await csv.scrape();
    const table = await setup({ headers: HTML, body: hhsPageWithTable() });
    const result = await table.scrape();

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.summary).toMatchObject({ status: 'ok', rows_read: 9, added: 9 });
    expect(table.server.requests).toEqual([`GET ${PAGE}`]);
    const withoutTimes = ({ first_seen_at: _f, last_seen_at: _l, ...fields }: Record<string, unknown>) =>
      fields;
    expect((await storedRecords(table.dbPath)).map((r) => withoutTimes({ ...r }))).toEqual(
      (await storedRecords(csv.dbPath)).map((r) => withoutTimes({ ...r })),
    );
  });

  it('fails on a short 404 page: a real "not found" is not content', async () => {
    const { scrape, server } = await setup({ status: 404, headers: HTML, body: hhsNotFoundPage() });
    const result = await scrape();
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(`jps: hhs: HTTP 404 from ${server.url(PAGE)}`);
    expect(result.summary).toMatchObject({ status: 'failed', error: { code: 'HTTP_STATUS' } });
  });

  it('fails behind the sign-in wall with one line telling the user to export the CSV and use --file', async () => {
    const { scrape, dbPath, server } = await setup({
      status: 302,
      headers: { location: '/account/sign-in' },
    });
    server.route('/account/sign-in', { headers: HTML, body: hhsSignInPage() });
    const result = await scrape();

    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(
      `jps: hhs: the forecast at ${server.url('/account/sign-in')} is behind a sign-in page; sign in with a browser, ` +
        'export the forecast as CSV and run: jps scrape --source hhs --file <export.csv>',
    );
    expect(result.summary).toMatchObject({ status: 'failed', error: { code: 'SIGN_IN' } });
    expect(server.requests).not.toContain(`GET ${CSV}`);
    expect(await storedRecords(dbPath)).toEqual([]);
    expect((await storedRuns(dbPath)).map((run) => [run.status, run.error_code])).toEqual([
      ['failed', 'SIGN_IN'],
    ]);
  });

  it('reads the CSV export given with --file; a changed title makes a new entry and removes the old one', async () => {
    const dbPath = join(tempDir(), 'jps.db');
    const first = await scrapeFile(dbPath, HHS_ROWS);
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.summary).toMatchObject({ status: 'ok', rows_read: 9, added: 9, skipped: 0 });
    expect(await byId(dbPath)).toHaveProperty('size', 9);

    const renamed = HHS_ROWS.map((row) =>
      row.Title === 'Ricoh' ? { ...row, Title: 'Ricoh Copier Lease' } : row,
    );
    const second = await scrapeFile(dbPath, renamed);
    expect(second.summary).toMatchObject({
      status: 'ok',
      rows_read: 9,
      added: 1,
      updated: 0,
      removed: 1,
      unchanged: 8,
    });

    const newId = hhsId('Ricoh Copier Lease', 'IHS', null);
    const events = (await storedEvents(dbPath)).slice(9);
    expect(events.map(({ prospect_id, kind, field }) => ({ prospect_id, kind, field }))).toEqual([
      { prospect_id: newId, kind: 'added', field: null },
      { prospect_id: RICOH, kind: 'removed', field: null },
    ]);
    const records = await byId(dbPath);
    expect(records.get(RICOH)).toMatchObject({ title: 'Ricoh', status: 'removed' });
    expect(records.get(newId)).toMatchObject({
      title: 'Ricoh Copier Lease',
      status: 'active',
      office: 'IHS',
    });
  });

  it('skips and counts a row with neither a title nor a description', async () => {
    const dbPath = join(tempDir(), 'jps.db');
    const result = await scrapeFile(dbPath, [
      ...HHS_ROWS,
      { 'Operating Division': 'NIH', 'Primary NAICS': 'TBD' },
    ]);
    expect(result.summary).toMatchObject({
      status: 'ok',
      rows_read: 10,
      added: 9,
      skipped: 1,
      skipped_reasons: ['row 11: no title'],
    });
  });

  it('records nothing but the run when the same forecast is scraped again', async () => {
    const { dbPath, scrape } = await setup({ headers: HTML, body: hhsPageLinkingCsv(CSV) });
    await scrape();
    const events = await storedEvents(dbPath);
    expect(events).toHaveLength(9);

    const again = await scrape();
    expect(again.summary).toMatchObject({
      status: 'ok',
      rows_read: 9,
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 9,
    });
    expect(await storedEvents(dbPath)).toEqual(events);
  });

  it("records next week's changed range, the row that went and the one that came", async () => {
    const csv = { headers: { 'content-type': 'text/csv' }, body: hhsCsv() };
    const { dbPath, scrape } = await setup({ headers: HTML, body: hhsPageLinkingCsv(CSV) }, () => csv);
    await scrape();

    const newRow: HhsRow = {
      Title: 'Tribal Health Data Modernization',
      Description: 'Electronic health record interoperability for tribal facilities.',
      'Operating Division': 'IHS',
      'Primary NAICS': '541512 : Computer Systems Design Services',
      'Total Contract Range': '> $1M and < $5M',
      'Target Award Month/Year (Award by)': '2/2027',
      'Anticipated Acquisition Strategy': 'Small Business Set-Aside',
    };
    csv.body = hhsCsv([
      ...HHS_ROWS.filter((row) => row.Title !== 'Food Safety Inspection Training').map((row) =>
        row.Title === 'Laboratory Animal Care, Bethesda Campus'
          ? { ...row, 'Total Contract Range': '> $10M' }
          : row,
      ),
      newRow,
    ]);
    const week2 = await scrape();
    expect(week2.summary).toMatchObject({
      status: 'ok',
      rows_read: 9,
      added: 1,
      updated: 1,
      removed: 1,
      unchanged: 7,
    });

    const newId = hhsId('Tribal Health Data Modernization', 'IHS', '541512');
    const events = (await storedEvents(dbPath)).slice(9);
    expect(
      events.map(({ prospect_id, kind, field, old, new: value }) => ({
        prospect_id,
        kind,
        field,
        old,
        new: value,
      })),
    ).toEqual([
      {
        prospect_id: ANIMAL_CARE,
        kind: 'updated',
        field: 'estimated_value_text',
        old: '> $5M and < $10M',
        new: '> $10M',
      },
      {
        prospect_id: ANIMAL_CARE,
        kind: 'updated',
        field: 'estimated_value_min',
        old: 5_000_000,
        new: 10_000_000,
      },
      { prospect_id: ANIMAL_CARE, kind: 'updated', field: 'estimated_value_max', old: 10_000_000, new: null },
      { prospect_id: newId, kind: 'added', field: null, old: undefined, new: undefined },
      { prospect_id: FOOD_SAFETY, kind: 'removed', field: null, old: undefined, new: undefined },
    ]);
    expect((await byId(dbPath)).get(FOOD_SAFETY)!.status).toBe('removed');
  });
});
