import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedKey } from '../../src/scraper/build-records.js';
import { buildDotCsv, DOT_ROWS, dotNextWeekRows, dotSummaryPage } from '../fixtures/dot/dot-forecast.js';
import { scrapeSource } from '../helpers/cli.js';
import { startFixtureServer, type FixtureServer } from '../helpers/fixture-server.js';
import { recordsById, runEvents } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const PAGE = '/osdbu/procurement-assistance/summary-forecast';
const CSV_PATH = '/osdbu/procurement-assistance/summary-forecast/export';
const WEEK_1 = new Date('2025-07-31T20:50:00Z');
const WEEK_2 = new Date('2025-08-07T20:50:00Z');

async function dotServer(csv: Buffer = buildDotCsv()): Promise<FixtureServer> {
  return startFixtureServer({
    [PAGE]: {
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: dotSummaryPage(`${CSV_PATH}?_format=csv`),
    },
    [CSV_PATH]: { headers: { 'content-type': 'text/csv; charset=utf-8' }, body: csv },
  });
}

const scrape = (argv: string[], dbPath: string, env: NodeJS.ProcessEnv, now: Date) =>
  scrapeSource('dot', argv, { dbPath, env, now });

const derivedId = (title: string, office: string, naics: string | null, place: string) =>
  `dot:${derivedKey({ title, office, naics, place_of_performance: place })}`;

const CAMINO_ID = derivedId(
  'CA ERFO FS LSPDR 2023-1(5) EAST CAMINO CIELO',
  'FHWA - Central Federal Lands Highway Division',
  '237310',
  'CA',
);
const BRIDGE_ID = derivedId(
  'Bridge inspection services for the Federal Lands Highway program',
  'FHWA - Office of Federal Lands Highway',
  null,
  'Washington, DC',
);
const SNOW_ID = derivedId(
  'Snow Removal Services',
  'FMCSA - Office of Acquisition',
  '561790',
  'Baltimore, MD',
);

describe('dot source', () => {
  it('stores every row of the CSV the summary-forecast page links, field by field', async () => {
    const server = await dotServer();
    const dbPath = join(tempDir(), 'jps.db');
    const { exitCode, summary } = await scrape([], dbPath, { JPS_DOT_URL: server.url(PAGE) }, WEEK_1);

    expect(exitCode).toBe(0);
    expect(summary).toMatchObject({ status: 'ok', rows_read: 9, added: 9, skipped: 0 });
    expect(server.requests).toEqual([`GET ${PAGE}`, `GET ${CSV_PATH}?_format=csv`]);

    const records = await recordsById(dbPath, 'dot');
    expect([...records.keys()].sort()).toEqual(
      [
        'dot:2025-079',
        'dot:2025-109',
        'dot:2026-004',
        'dot:2026-017',
        'dot:2026-021',
        CAMINO_ID,
        BRIDGE_ID,
        SNOW_ID,
        `${SNOW_ID}-2`,
      ].sort(),
    );
    expect(records.get('dot:2026-004')).toMatchObject({
      source: 'dot',
      source_name: 'Department of Transportation',
      native_id: '2026-004',
      title: 'PR ER DOT PRMNT RPR(24)',
      agency: 'Department of Transportation',
      office: 'FHWA - Eastern Federal Lands Highway Division',
      naics: '237310',
      naics_description: null,
      estimated_value_text: '$10 million to $20 million',
      estimated_value_min: 10_000_000,
      estimated_value_max: 20_000_000,
      // FY 2026, 1st QTR: the first day of FY2026 Q1.
      release_date: '2025-10-01',
      award_date: '2026-03-15',
      award_fiscal_year: 2026,
      award_quarter: 2,
      place_of_performance: 'PR',
      place_city: null,
      place_state: 'PR',
      place_country: 'USA',
      contract_type: null,
      set_aside: 'Small Business Set-Aside',
      set_aside_standardized: 'SMALL_BUSINESS',
      set_aside_standardized_label: 'Small Business',
      primary_contact_name: 'C. Shawn Long',
      primary_contact_email: 'eflhd.contracts@dot.gov',
      incumbent: null,
      url: null,
      status: 'active',
      first_seen_at: WEEK_1.toISOString(),
      removed_at: null,
    });
    expect(records.get('dot:2026-004')!.description).toBe(DOT_ROWS[0]!.Description);
    expect(records.get('dot:2026-004')!.extra).toEqual({
      Agency: 'FHWA',
      'Procurement Category': 'Construction',
      'Action/Award Type': 'New Contract',
      'Contact Phone': '703-404-6201',
      'Is this a follow-on to a current 8(a) contract?': 'No',
      'Is this funded through the American Recovery and Reinvestment Act?': 'No',
      'Bipartisan Infrastructure Law (BIL) Opportunity': 'Yes',
      'Contract Awarded': 'No',
      'Date Modified': '07/14/2025',
    });
    expect(records.get('dot:2026-017')).toMatchObject({
      office: 'Volpe National Transportation Systems Center',
      naics: '541512',
      estimated_value_min: 5_000_000,
      estimated_value_max: 10_000_000,
      release_date: '2026-01-01',
      award_date: '2026-06-30',
      award_fiscal_year: 2026,
      award_quarter: 3,
      place_city: 'Cambridge',
      place_state: 'MA',
      place_country: 'USA',
      set_aside_standardized: 'VETERAN_OWNED',
      primary_contact_email: 'maria.lopez@dot.gov',
      incumbent: 'Acme Analytics, LLC',
    });
    expect(records.get('dot:2026-021')).toMatchObject({
      estimated_value_text: 'Over $20 million',
      estimated_value_min: 20_000_000,
      estimated_value_max: null,
      place_of_performance: 'Nationwide',
      place_state: null,
      place_country: 'USA',
      set_aside_standardized: 'FULL_AND_OPEN',
    });
    expect(records.get('dot:2025-079')).toMatchObject({
      award_date: '2025-12-01',
      award_fiscal_year: 2026,
      award_quarter: 1,
      place_city: 'Norfolk',
      place_state: 'VA',
      set_aside_standardized: 'HUBZONE',
      incumbent: 'Tidewater Marine Services Inc',
    });

    const archived = readdirSync(join(dbPath, '..', 'raw', 'dot'));
    expect(archived).toEqual(['dot_20250731_205000.csv']);
  });

  it('reads the CSV’s BOM, quoted commas, quotes and line breaks', async () => {
    const server = await dotServer();
    const dbPath = join(tempDir(), 'jps.db');
    await scrape([], dbPath, { JPS_DOT_URL: server.url(PAGE) }, WEEK_1);
    const records = await recordsById(dbPath, 'dot');

    const ethics = records.get('dot:2025-109')!;
    // The BOM did not hide the first header: the key column was found.
    expect(ethics.native_id).toBe('2025-109');
    expect(ethics.description).toBe(
      'Support Off Highway Vehicle User Ethics Training. Anticipate 5-year contract or cooperative agreement. Previous agreement DTFH6116H00031 was with Tread Lightly!, Inc.',
    );
    expect(ethics.incumbent).toBe('Tread Lightly!, Inc.');
    expect(ethics.extra['Updates']).toBe('Moved from 2nd QTR, per program office');
    expect(records.get('dot:2026-004')!.description).toContain('construction of "Soil Nail" walls.');
  });

  it('dates the release from FY and RFP Quarter, and never sets the award year from FY', async () => {
    const server = await dotServer();
    const dbPath = join(tempDir(), 'jps.db');
    await scrape([], dbPath, { JPS_DOT_URL: server.url(PAGE) }, WEEK_1);
    const records = await recordsById(dbPath, 'dot');

    // FY 2025, 3rd QTR, no Anticipated Award Date.
    expect(records.get('dot:2025-109')).toMatchObject({
      release_date: '2025-04-01',
      award_date: null,
      award_fiscal_year: null,
      award_quarter: null,
      estimated_value_min: 250_000,
      estimated_value_max: 700_000,
      naics: '813312',
      set_aside: 'To be determined',
      set_aside_standardized: 'NOT_AVAILABLE',
      place_of_performance: 'TBD',
      place_state: null,
      place_country: null,
    });
    // "FY 2026", 4th QTR.
    expect(records.get(BRIDGE_ID)).toMatchObject({ release_date: '2026-07-01', award_fiscal_year: null });
    // FY 2026, 2nd QTR.
    expect(records.get(CAMINO_ID)).toMatchObject({
      release_date: '2026-01-01',
      award_date: null,
      award_fiscal_year: null,
    });
  });

  it('titles a row with an empty Project Title by its description’s first line', async () => {
    const server = await dotServer();
    const dbPath = join(tempDir(), 'jps.db');
    await scrape([], dbPath, { JPS_DOT_URL: server.url(PAGE) }, WEEK_1);
    const bridge = (await recordsById(dbPath, 'dot')).get(BRIDGE_ID)!;

    expect(bridge).toMatchObject({
      native_id: null,
      title: 'Bridge inspection services for the Federal Lands Highway program',
      description:
        'Bridge inspection services for the Federal Lands Highway program\nIncludes load rating, scour evaluation and reporting.',
      naics: null,
      estimated_value_min: 700_000,
      estimated_value_max: 1_000_000,
      set_aside_standardized: 'EIGHT_A',
      place_city: 'Washington',
      place_state: 'DC',
      place_country: 'USA',
    });
  });

  it('keys rows without a Sequence Number by their content, numbering twins in file order', async () => {
    const server = await dotServer();
    const dbPath = join(tempDir(), 'jps.db');
    await scrape([], dbPath, { JPS_DOT_URL: server.url(PAGE) }, WEEK_1);
    const records = await recordsById(dbPath, 'dot');

    expect(records.get(CAMINO_ID)).toMatchObject({ native_id: null, naics: '237310', place_state: 'CA' });
    expect(records.get(SNOW_ID)!.description).toBe('Snow and ice removal at the Eastern Service Center.');
    expect(records.get(`${SNOW_ID}-2`)!.description).toBe(
      'Snow and ice removal at the Western Service Center parking areas.',
    );
  });

  it('reads a downloaded CSV with --file exactly as the fetched one, without archiving it', async () => {
    const dir = tempDir();
    const file = join(dir, 'Summary Forecast.csv');
    writeFileSync(file, buildDotCsv());
    const fromFile = join(dir, 'file.db');
    const { exitCode, summary } = await scrape(['--file', file], fromFile, {}, WEEK_1);
    expect(exitCode).toBe(0);
    expect(summary).toMatchObject({ status: 'ok', rows_read: 9, added: 9 });

    const server = await dotServer();
    const fetched = join(tempDir(), 'jps.db');
    await scrape([], fetched, { JPS_DOT_URL: server.url(PAGE) }, WEEK_1);
    expect([...(await recordsById(fromFile, 'dot')).values()]).toEqual([
      ...(await recordsById(fetched, 'dot')).values(),
    ]);
    expect(readdirSync(dir)).not.toContain('raw');
  });

  it('fails with a clear message when the page offers no CSV (the forecast moved to the Acquisition Gateway)', async () => {
    const server = await startFixtureServer({
      [PAGE]: { headers: { 'content-type': 'text/html' }, body: dotSummaryPage(null) },
    });
    const dbPath = join(tempDir(), 'jps.db');
    const { exitCode, stderr, summary } = await scrape([], dbPath, { JPS_DOT_URL: server.url(PAGE) }, WEEK_1);

    expect(exitCode).toBe(3);
    expect(summary).toMatchObject({ status: 'failed', rows_read: 0, added: 0, error: { code: 'NO_LINK' } });
    expect(stderr).toMatch(
      /^jps: dot: the page .* does not have a CSV download link \(DOT was reported moving/,
    );
    expect(stderr).toContain('Acquisition Gateway');
    expect(stderr).toContain('jps scrape --source acquisition-gateway');
    expect(stderr).toContain('jps scrape --source dot --file <file>');
    expect(server.requests).toEqual([`GET ${PAGE}`]);
    expect((await recordsById(dbPath, 'dot')).size).toBe(0);
  });

  it('records nothing when the same CSV is scraped again', async () => {
    const server = await dotServer();
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DOT_URL: server.url(PAGE) };
    await scrape([], dbPath, env, WEEK_1);
    const { summary } = await scrape([], dbPath, env, WEEK_2);

    expect(summary).toMatchObject({
      status: 'ok',
      rows_read: 9,
      added: 0,
      updated: 0,
      removed: 0,
      restored: 0,
      unchanged: 9,
    });
    expect(await runEvents(dbPath, summary.run_id!)).toEqual([]);
  });

  it('records next week’s changed value, withdrawn row and new row as exactly three changes', async () => {
    const server = await dotServer();
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DOT_URL: server.url(PAGE) };
    await scrape([], dbPath, env, WEEK_1);
    server.route(CSV_PATH, { headers: { 'content-type': 'text/csv' }, body: buildDotCsv(dotNextWeekRows()) });
    const { exitCode, summary } = await scrape([], dbPath, env, WEEK_2);

    expect(exitCode).toBe(0);
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
        prospect_id: 'dot:2026-004',
        kind: 'updated',
        field: 'estimated_value_text',
        old: '$10 million to $20 million',
        new: '$20 million to $50 million',
      },
      {
        prospect_id: 'dot:2026-004',
        kind: 'updated',
        field: 'estimated_value_min',
        old: 10_000_000,
        new: 20_000_000,
      },
      {
        prospect_id: 'dot:2026-004',
        kind: 'updated',
        field: 'estimated_value_max',
        old: 20_000_000,
        new: 50_000_000,
      },
      { prospect_id: 'dot:2026-030', kind: 'added', field: null },
      { prospect_id: 'dot:2026-021', kind: 'removed', field: null },
    ]);
    const records = await recordsById(dbPath, 'dot');
    expect(records.get('dot:2026-021')).toMatchObject({
      status: 'removed',
      removed_at: WEEK_2.toISOString(),
    });
    expect(records.get('dot:2026-030')).toMatchObject({
      status: 'active',
      release_date: '2026-01-01',
      place_state: 'DC',
    });
  });
});
