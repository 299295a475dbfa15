import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SetAsideCode } from '../../src/normalise/set-aside.js';
import { dhsSetAsideCode } from '../../src/sources/dhs.js';
import { apfsJson, DHS_ENTRIES, dhsCsvExport, type DhsEntry } from '../fixtures/dhs/apfs-forecast.js';
import { startFixtureServer, type FixtureRoute } from '../helpers/fixture-server.js';
import { runJps } from '../helpers/cli.js';
import { storedEvents, storedRecords } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const API = '/api/forecast/';

/** An APFS API whose answer the test controls, and a database in a temp folder. */
async function setup(
  answer: FixtureRoute = { headers: { 'content-type': 'application/json' }, body: apfsJson() },
) {
  const server = await startFixtureServer({ [API]: answer });
  const dir = tempDir();
  const dbPath = join(dir, 'jps.db');
  const scrape = async (...args: string[]) => {
    const result = await runJps(['scrape', '--source', 'dhs', '--format', 'json', ...args], {
      dbPath,
      env: { JPS_DHS_URL: server.url(API) },
    });
    return {
      ...result,
      summary: result.stdout ? (JSON.parse(result.stdout) as Record<string, unknown>[])[0] : undefined,
    };
  };
  return { server, dir, dbPath, scrape };
}

const byId = async (dbPath: string) =>
  new Map((await storedRecords(dbPath, 'dhs')).map((record) => [record.id, record]));

describe('dhs', () => {
  it('stores every record of the APFS array under its APFS number, with its public page', async () => {
    const { dir, dbPath, scrape, server } = await setup();
    const result = await scrape();

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.summary).toMatchObject({
      source: 'dhs',
      status: 'ok',
      rows_read: 9,
      added: 9,
      skipped: 0,
      error: null,
    });
    expect(server.requests).toEqual([`GET ${API}`]);

    const records = await byId(dbPath);
    expect([...records.keys()]).toEqual([
      'dhs:F2021052728',
      'dhs:F2021054660',
      'dhs:F2025069901',
      'dhs:F2026074190',
      'dhs:F2026074502',
      'dhs:F2026074511',
      'dhs:F2026074533',
      'dhs:F2026074560',
      'dhs:F2026074577',
    ]);

    expect(records.get('dhs:F2026074190')).toEqual({
      id: 'dhs:F2026074190',
      source: 'dhs',
      source_name: 'Department of Homeland Security',
      native_id: 'F2026074190',
      title: 'Procurement of new Biometrics at Sea System',
      description:
        "The expense is required to support the procurement and implementation of the USCG's new Biometric at Sea System to be deployed onboard Cutters.\n" +
        '- C5I-0041-21 Biometrics At Sea System Spend Plan\n- AR-21-005',
      agency: 'Department of Homeland Security',
      office: 'USCG/CG-C5I',
      naics: '541519',
      naics_description: 'Other Computer Related Services',
      estimated_value_text: '$2M to $5M',
      estimated_value_min: 2_000_000,
      estimated_value_max: 5_000_000,
      release_date: '2026-03-01',
      award_date: '2026-01-01',
      award_fiscal_year: 2026,
      award_quarter: 2,
      place_of_performance: 'Washington, DC',
      place_city: 'Washington',
      place_state: 'DC',
      place_country: 'USA',
      contract_type: 'Firm Fixed Price',
      set_aside: 'TBD',
      set_aside_standardized: 'NOT_AVAILABLE',
      set_aside_standardized_label: 'N/A',
      primary_contact_name: 'Robert Mason',
      primary_contact_email: 'robert.mason@uscg.mil',
      incumbent: null,
      url: 'https://apfs-cloud.dhs.gov/record/41873/public-print/',
      status: 'active',
      first_seen_at: expect.stringMatching(/Z$/),
      last_seen_at: expect.stringMatching(/Z$/),
      removed_at: null,
      // Every member no field reads, under its own name; `dollar_range.display_name` and `id` are read.
      extra: {
        competitive: 'No',
        contract_status: 'NEW',
        contract_vehicle: 'Existing DOD R3 Contract Vehicle',
        current_state: 'published',
        'dollar_range.display_order': '5',
        previous_published_date: '2025-04-15',
        published_date: '2025-07-15',
        requirements_contact_phone: '202-372-4611',
        requirements_office: 'USCG/CG-C5I Program Office',
      },
    });

    // The leading "*" of an APFS number is dropped from the id and the native id.
    expect(records.get('dhs:F2021054660')).toMatchObject({
      native_id: 'F2021054660',
      url: 'https://apfs-cloud.dhs.gov/record/40022/public-print/',
      estimated_value_text: 'Over $100M',
      estimated_value_min: 100_000_000,
      estimated_value_max: null,
      award_date: '2026-07-01',
      award_fiscal_year: 2026,
      award_quarter: 4,
      incumbent: 'Fairbanks Morse, LLC',
      place_of_performance: 'Beloit, WI',
    });
    // HTML is read as a browser shows it; escaped markup stays text.
    expect(records.get('dhs:F2026074502')!.description).toBe(
      'ICE Health Service Corps requires medical staffing & credentialing support at detention facilities.\n' +
        'Escaped markup stays text: <b>not bold</b>',
    );
    // A quarter of the next fiscal year: Q1 2027 starts on 1 October 2026.
    expect(records.get('dhs:F2025069901')).toMatchObject({
      award_date: '2026-10-01',
      award_fiscal_year: 2027,
      award_quarter: 1,
      place_of_performance: null,
      place_country: null,
    });

    // The answer is archived beside the database.
    expect(readdirSync(join(dir, 'raw', 'dhs'))).toEqual([expect.stringMatching(/^dhs_\d{8}_\d{6}\.json$/)]);
  });

  it('combines the set-aside and the program, and codes them by the program first', async () => {
    const { dbPath, scrape } = await setup();
    await scrape();
    const records = await byId(dbPath);
    const setAsides = Object.fromEntries(
      [...records.values()].map((r) => [
        r.native_id,
        [r.set_aside, r.set_aside_standardized, r.set_aside_standardized_label],
      ]),
    );
    expect(setAsides).toEqual({
      F2026074190: ['TBD', 'NOT_AVAILABLE', 'N/A'],
      F2021052728: ['Full / SB', 'SMALL_BUSINESS', 'Small Business'],
      // "None" is a value here: no set-aside.
      F2021054660: ['None', 'FULL_AND_OPEN', 'Full and Open'],
      F2026074502: ['Full / 8(a)', 'EIGHT_A', '8(a)'],
      F2026074511: ['HUBZone', 'HUBZONE', 'HUBZone'],
      F2026074533: ['Full / WOSB', 'WOMEN_OWNED', 'Women-Owned'],
      F2026074560: ['Partial / SDVOSB', 'VETERAN_OWNED', 'Veteran-Owned'],
      // DHS "Full" is a full small-business set-aside, whatever the program says.
      F2026074577: ['Full / TBD', 'SMALL_BUSINESS', 'Small Business'],
      F2025069901: [null, 'NOT_AVAILABLE', 'N/A'],
    });
  });

  it('reads the CSV export given with --file into the same records as the API, Component as office', async () => {
    const api = await setup();
    await api.scrape();
    const fromApi = await byId(api.dbPath);

    const dir = tempDir();
    const file = join(dir, 'apfs-export.csv');
    writeFileSync(file, dhsCsvExport());
    const dbPath = join(dir, 'jps.db');
    const result = await runJps(['scrape', '--source', 'dhs', '--file', file, '--format', 'json'], {
      dbPath,
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ status: 'ok', rows_read: 9, added: 9, skipped: 0 });
    expect(readdirSync(dir)).not.toContain('raw');

    const fromFile = await byId(dbPath);
    expect([...fromFile.keys()]).toEqual([...fromApi.keys()]);
    const comparable = ({
      url: _url,
      extra: _extra,
      first_seen_at: _f,
      last_seen_at: _l,
      ...fields
    }: Record<string, unknown>) => fields;
    for (const [id, record] of fromFile) {
      // The export has no record id, so no public page; everything else is the same.
      expect(record.url, id).toBeNull();
      expect(comparable({ ...record }), id).toEqual(comparable({ ...fromApi.get(id)! }));
    }
    expect(fromFile.get('dhs:F2021052728')).toMatchObject({
      office: 'CBP',
      description:
        'U.S. Customs and Border Protection (CBP), Office of Field Operations, Miami Service Port has an immediate requirement for an outdoor weapons firing range.\n' +
        'FACILITY REQUIREMENTS:\n- Main Range – 50 yards, up to 40 shooters\n- 100 yard range for rifle shooters\nAcquisition Strategy: Open Market',
      release_date: '2025-10-28',
      award_date: '2025-10-01',
      primary_contact_email: 'nisha.wills@cbp.dhs.gov',
      incumbent: 'Trigger Time, LLC',
      extra: {
        'Contract Vehicle': 'Open Market',
        'Contract Status': 'REC',
        'Primary Contact Phone': '305-869-2800',
        'Contract Number': '70B04C21P00000123',
        'Forecast Published': '07/15/2025',
        'Forecast Previously Published': '04/15/2025',
      },
    });
  });

  it('records nothing but the run when the same array is scraped again', async () => {
    const { dbPath, scrape } = await setup();
    await scrape();
    const events = await storedEvents(dbPath);
    expect(events.map((e) => e.kind)).toEqual(Array(9).fill('added'));

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

  it("records next week's changed value, the record that went and the one that came", async () => {
    const answer: { body: string } = { body: apfsJson() };
    const { dbPath, scrape } = await setup(() => answer);
    await scrape();

    const [biometrics, range, alco, , ...rest] = DHS_ENTRIES as [
      DhsEntry,
      DhsEntry,
      DhsEntry,
      DhsEntry,
      ...DhsEntry[],
    ];
    const newcomer: DhsEntry = {
      ...biometrics,
      id: 42100,
      apfsNumber: 'F2026074666',
      title: 'Canine Training Services',
      requirementHtml: '<p>CBP requires canine handler training.</p>',
      descriptionText: 'CBP requires canine handler training.',
      component: 'CBP',
    };
    // The ICE staffing record (F2026074502) is gone; the firing range's value band moves up.
    answer.body = apfsJson([
      biometrics,
      { ...range, dollarRange: '$1M to $2M', dollarRangeOrder: 4 },
      alco,
      ...rest,
      newcomer,
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
        prospect_id: 'dhs:F2021052728',
        kind: 'updated',
        field: 'estimated_value_text',
        old: '$500K to $1M',
        new: '$1M to $2M',
      },
      {
        prospect_id: 'dhs:F2021052728',
        kind: 'updated',
        field: 'estimated_value_min',
        old: 500_000,
        new: 1_000_000,
      },
      {
        prospect_id: 'dhs:F2021052728',
        kind: 'updated',
        field: 'estimated_value_max',
        old: 1_000_000,
        new: 2_000_000,
      },
      {
        prospect_id: 'dhs:F2021052728',
        kind: 'updated',
        field: 'extra.dollar_range.display_order',
        old: '3',
        new: '4',
      },
      { prospect_id: 'dhs:F2026074666', kind: 'added', field: null, old: undefined, new: undefined },
      { prospect_id: 'dhs:F2026074502', kind: 'removed', field: null, old: undefined, new: undefined },
    ]);
    const records = await byId(dbPath);
    expect(records.get('dhs:F2026074502')).toMatchObject({
      status: 'removed',
      removed_at: expect.stringMatching(/Z$/),
    });
    expect(records.get('dhs:F2026074666')).toMatchObject({
      status: 'active',
      url: 'https://apfs-cloud.dhs.gov/record/42100/public-print/',
    });
  });

  it('fails with the page title when the API answers an HTML page, and keeps the stored records', async () => {
    const answer: { body: string; headers?: Record<string, string> } = { body: apfsJson() };
    const { dbPath, scrape, server } = await setup(() => answer);
    await scrape();
    const before = await storedRecords(dbPath);

    answer.body =
      '<!DOCTYPE html><html><head><title>APFS Maintenance</title></head><body><p>Back soon.</p></body></html>';
    const result = await scrape();
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(
      `jps: dhs: expected JSON, got an HTML page "APFS Maintenance" from ${server.url(API)}`,
    );
    expect(await storedRecords(dbPath)).toEqual(before);
  });
});

describe("DHS's set-aside code from its two members", () => {
  it.each<[string | null, string | null, SetAsideCode]>([
    ['Full', '8(a)', 'EIGHT_A'],
    ['Partial', 'HUBZone', 'HUBZONE'],
    ['Full', 'WOSB', 'WOMEN_OWNED'],
    [null, 'EDWOSB', 'WOMEN_OWNED'],
    ['Full', 'SDVOSB', 'VETERAN_OWNED'],
    [null, '8(a)', 'EIGHT_A'],
    ['Full', 'TBD', 'SMALL_BUSINESS'],
    ['Full', null, 'SMALL_BUSINESS'],
    ['Partial', 'TBD', 'SMALL_BUSINESS'],
    [null, 'SB', 'SMALL_BUSINESS'],
    ['Full', 'SB', 'SMALL_BUSINESS'],
    ['Full', 'None', 'SMALL_BUSINESS'],
    [null, 'None', 'FULL_AND_OPEN'],
    ['TBD', 'None', 'FULL_AND_OPEN'],
    [null, 'TBD', 'NOT_AVAILABLE'],
    ['TBD', 'TBD', 'NOT_AVAILABLE'],
    [null, null, 'NOT_AVAILABLE'],
    ['None', null, 'NOT_AVAILABLE'],
  ])('codes set-aside %j with program %j as %s', (setAside, program, code) => {
    expect(dhsSetAsideCode(setAside, program)).toBe(code);
  });
});
