import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FISCAL_SERVICE,
  IRS,
  MINT,
  TREASURY_ENTRIES,
  TTB,
  treasuryApexResponse,
  treasuryXlsExport,
  type TreasuryEntry,
} from '../fixtures/treasury/treasury-forecast.js';
import { startFixtureServer, type FixtureRoute } from '../helpers/fixture-server.js';
import { runJps } from '../helpers/cli.js';
import { storedEvents, storedRecords, storedRuns } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const APEX_PATH = '/webruntime/api/apex/execute';
const APEX_QUERY = '?language=en-US&asGuest=true&htmlEncode=false';

/** What Treasury's guest Apex call is sent (docs/sources.md): getData with ten empty filters. */
const GET_DATA_BODY = {
  namespace: '',
  classname: '@udd/01pSJ000000H5BV',
  method: 'getData',
  isContinuation: false,
  params: {
    fiscalYearFilter: [],
    bureauFilter: [],
    NAICSFilter: [],
    PSCFilter: [],
    setAsideFilter: [],
    periodOfPerformanceFilter: [],
    totalContractValueFilter: [],
    vendorNameFilter: [],
    placeOfPerformanceFilter: [],
    opportunityTypeFilter: [],
  },
  cacheable: false,
};

/** A Salesforce site whose Apex answer the test controls, and a database in a temp folder. */
async function setup(answer: { body: string; status?: number }) {
  const posts: { method: string; contentType: string | undefined; body: unknown }[] = [];
  const route: FixtureRoute = (request) => {
    posts.push({
      method: request.method,
      contentType: request.headers['content-type'],
      body: JSON.parse(request.body),
    });
    return {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json' },
      body: answer.body,
    };
  };
  const server = await startFixtureServer({ [APEX_PATH]: route });
  const dir = tempDir();
  const dbPath = join(dir, 'jps.db');
  const scrape = async (...args: string[]) => {
    const result = await runJps(['scrape', '--source', 'treasury', '--format', 'json', ...args], {
      dbPath,
      env: { JPS_TREASURY_URL: server.url(`${APEX_PATH}${APEX_QUERY}`) },
    });
    return { ...result, summary: (JSON.parse(result.stdout) as Record<string, unknown>[])[0] };
  };
  return { server, dir, dbPath, scrape, posts };
}

const byId = async (dbPath: string) =>
  new Map((await storedRecords(dbPath, 'treasury')).map((record) => [record.id, record]));

describe('treasury', () => {
  it('posts getData and stores each record once, under its Salesforce Id, its bureau as office', async () => {
    const { dir, dbPath, scrape, posts, server } = await setup({ body: treasuryApexResponse() });
    const result = await scrape();

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    // 13 array entries, 8 records: a record listed in several arrays is read once.
    expect(result.summary).toMatchObject({
      source: 'treasury',
      status: 'ok',
      rows_read: 8,
      added: 8,
      skipped: 0,
    });
    expect(server.requests).toEqual([`POST ${APEX_PATH}${APEX_QUERY}`]);
    expect(posts).toEqual([{ method: 'POST', contentType: 'application/json', body: GET_DATA_BODY }]);

    const records = await byId(dbPath);
    expect([...records.keys()]).toEqual(TREASURY_ENTRIES.map((entry) => `treasury:${entry.id}`).sort());
    expect(records.get('treasury:a0B8z00000KQx1AEAT')).toEqual({
      id: 'treasury:a0B8z00000KQx1AEAT',
      source: 'treasury',
      source_name: 'Department of the Treasury',
      native_id: 'a0B8z00000KQx1AEAT',
      title: 'Security Information and Event Management Licenses',
      description: 'Renewal of SIEM perpetual licenses and hardware appliances for the TTB network.',
      agency: 'Department of the Treasury',
      office: TTB,
      naics: '541519',
      naics_description: 'Other Computer Related Services',
      estimated_value_text: '> $250K to < or = $750K',
      estimated_value_min: 250_000,
      estimated_value_max: 750_000,
      release_date: null,
      award_date: '2025-01-01',
      award_fiscal_year: 2025,
      award_quarter: 2,
      place_of_performance: 'MD',
      place_city: null,
      place_state: 'MD',
      place_country: 'USA',
      contract_type: null,
      set_aside: '8(a)',
      set_aside_standardized: 'EIGHT_A',
      set_aside_standardized_label: '8(a)',
      primary_contact_name: 'Melissa Harbarger',
      primary_contact_email: null,
      incumbent: null,
      url: null,
      status: 'active',
      first_seen_at: expect.stringMatching(/Z$/),
      last_seen_at: expect.stringMatching(/Z$/),
      removed_at: null,
      extra: {
        Active__c: 'TRUE',
        opportunity_type: 'recompeteOppData',
        sbfAcquisitionPhase__c: 'Acquisition Planning',
        sbfContractNumber__c: '20341420F00043',
        sbfNAICSCode__c: 'a0N8z0000x1AEATNAI',
        'sbfNAICSCode__r.Id': 'a0N8z0000x1AEATNAI',
        sbfPSCCode__c: 'a0P8z0000x1AEATPSC',
        'sbfPSCCode__r.Id': 'a0P8z0000x1AEATPSC',
        'sbfPSCCode__r.sbfPSCCodeandDefinition__c':
          '7J20-IT AND TELECOM - SECURITY AND COMPLIANCE PRODUCTS (HARDWARE AND PERPETUAL LICENSE SOFTWARE)',
        sbfProgramOfficePointofContact__c: 'Dana Whitfield',
        sbfProjectedContractVehicle__c: 'NASA SEWP V',
        sbfProjectedPeriodofPerformanceEnd__c: '2026-03-31',
        sbfProjectedPeriodofPerformanceStart__c: '2025-04-01',
        sbfTypeofRequirement__c: 'Recompete',
      },
    });
    expect(records.get('treasury:a0B8z00000KQz3MEAT')).toMatchObject({
      office: IRS,
      place_of_performance: 'Virginia',
      place_state: 'VA',
      award_date: '2025-07-01',
      award_quarter: 4,
    });
    expect(records.get('treasury:a0B8z00000KQx1CEAT')).toMatchObject({
      description: null,
      estimated_value_min: null,
      estimated_value_max: 10_000,
    });

    expect(readdirSync(join(dir, 'raw', 'treasury'))).toEqual([
      expect.stringMatching(/^treasury_\d{8}_\d{6}\.json$/),
    ]);
  });

  it('names the opportunity type after the first array, in the source order, that lists the record', async () => {
    const { dbPath, scrape } = await setup({ body: treasuryApexResponse() });
    await scrape();
    const types = Object.fromEntries(
      [...(await byId(dbPath)).values()].map((record) => [
        record.native_id,
        record.extra['opportunity_type'],
      ]),
    );
    // The answer lists above250kData first; it names only the records no other array holds.
    expect(types).toEqual({
      a0B8z00000KQx1AEAT: 'recompeteOppData',
      a0B8z00000KQx1BEAT: 'newOppData',
      a0B8z00000KQx1CEAT: 'micropurchaseAwardData',
      a0B8z00000KQy7QEAT: 'recompeteOppData',
      a0B8z00000KQy7REAT: 'above250kData',
      a0B8z00000KQz3MEAT: 'newOppData',
      a0B8z00000KQz3NEAT: 'recompeteOppData',
      a0B8z00000KR05TEAT: 'above250kData',
    });
  });

  it('takes the type of set-aside only where the small-business set-aside flag says Yes', async () => {
    const { dbPath, scrape } = await setup({ body: treasuryApexResponse() });
    await scrape();
    const setAsides = Object.fromEntries(
      [...(await byId(dbPath)).values()].map((r) => [r.title, [r.set_aside, r.set_aside_standardized]]),
    );
    expect(setAsides).toEqual({
      'Security Information and Event Management Licenses': ['8(a)', 'EIGHT_A'],
      'Permits Online Modernization': ['SB', 'SMALL_BUSINESS'],
      // Flag "No": the filled-in type is not a set-aside.
      'Laboratory Glassware': [null, 'NOT_AVAILABLE'],
      'Payment Processing Help Desk': ['HUBZone', 'HUBZONE'],
      'Cloud Hosting for Treasury Web Applications': [null, 'NOT_AVAILABLE'],
      'Taxpayer Correspondence Printing': ['WOSB', 'WOMEN_OWNED'],
      'Facilities Maintenance, Austin Campus': ['SDVOSB', 'VETERAN_OWNED'],
      // No flag at all: none either.
      'Coin Blank Annealing Furnace Parts': [null, 'NOT_AVAILABLE'],
    });
  });

  it('fails saying the Apex classname stopped answering when returnValue is missing, and keeps the stored records', async () => {
    const answer: { body: string; status?: number } = { body: treasuryApexResponse() };
    const { dbPath, scrape } = await setup(answer);
    await scrape();
    const before = await storedRecords(dbPath);

    // What the site answers a classname that no longer exists after a redeploy.
    answer.body = JSON.stringify({ cacheable: false, isContinuation: false, error: [] });
    const result = await scrape();
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(
      'jps: treasury: the Treasury forecast answered without "returnValue": the Apex classname @udd/01pSJ000000H5BV ' +
        'stopped answering (the site was redeployed under a new classname); download the opportunity data in a browser ' +
        'and run: jps scrape --source treasury --file <export.xls>',
    );
    expect(result.summary).toMatchObject({ status: 'failed', error: { code: 'UNEXPECTED_JSON' } });
    expect(await storedRecords(dbPath)).toEqual(before);
    expect((await storedRuns(dbPath)).map((run) => run.status)).toEqual(['ok', 'failed']);
  });

  it('reads the HTML-table ".xls" export given with --file: Specific Id, else ShopCart/req, else Contract Number', async () => {
    const dir = tempDir();
    const file = join(dir, 'OpportunityData.xls');
    writeFileSync(file, treasuryXlsExport());
    const dbPath = join(dir, 'jps.db');
    const result = await runJps(['scrape', '--source', 'treasury', '--file', file, '--format', 'json'], {
      dbPath,
    });

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ status: 'ok', rows_read: 8, added: 8, skipped: 0 });
    expect(readdirSync(dir)).not.toContain('raw');

    const records = await byId(dbPath);
    expect([...records.keys()]).toEqual([
      'treasury:2032-SC-25-0457',
      'treasury:20340125P00009',
      'treasury:20341420F00043',
      'treasury:20341424F00013',
      'treasury:20341424F00016',
      'treasury:20342825F00031',
      'treasury:20343320C00008',
      'treasury:20343325F00102',
    ]);
    expect(records.get('treasury:20341424F00016')).toEqual({
      id: 'treasury:20341424F00016',
      source: 'treasury',
      source_name: 'Department of the Treasury',
      native_id: '20341424F00016',
      // The export has no title: the PSC's text after its code.
      title: 'IT AND TELECOM - SECURITY AND COMPLIANCE PRODUCTS (HARDWARE AND PERPETUAL LICENSE SOFTWARE)',
      description: null,
      agency: 'Department of the Treasury',
      office: TTB,
      naics: '541519',
      naics_description: 'Other Computer Related Services',
      estimated_value_text: '> $250K to < or = $750K',
      estimated_value_min: 250_000,
      estimated_value_max: 750_000,
      release_date: null,
      award_date: '2025-01-01',
      award_fiscal_year: 2025,
      award_quarter: 2,
      place_of_performance: 'MD, United States',
      place_city: null,
      place_state: 'MD',
      place_country: 'USA',
      contract_type: 'Fixed-Price (see FAR 16.2)',
      set_aside: '8(a)',
      set_aside_standardized: 'EIGHT_A',
      set_aside_standardized_label: '8(a)',
      primary_contact_name: 'Melissa Harbarger',
      primary_contact_email: null,
      incumbent: null,
      url: null,
      status: 'active',
      first_seen_at: expect.stringMatching(/Z$/),
      last_seen_at: expect.stringMatching(/Z$/),
      removed_at: null,
      // ShopCart/req and Contract Number are the key's fallbacks, PSC the title's source, the flag a condition.
      extra: {
        Agency: 'DEPARTMENT OF THE TREASURY',
        'Program Office': 'Office of the Chief Information Officer',
        'Type of Requirement': 'Recompete',
        Status: 'Acquisition Planning',
        Competition: 'Competitive',
        'Award Type': 'Delivery Order',
        'Program Office Point of Contact': 'Dana Whitfield',
      },
    });
    expect(records.get('treasury:2032-SC-25-0457')).toMatchObject({
      native_id: '2032-SC-25-0457',
      title: 'SUPPORT- PROFESSIONAL: OTHER',
      office: FISCAL_SERVICE,
      set_aside: 'HUBZone',
    });
    expect(records.get('treasury:20343320C00008')).toMatchObject({
      native_id: '20343320C00008',
      office: IRS,
      award_date: '2026-01-01',
      award_fiscal_year: 2026,
      place_state: 'TX',
    });
    // Flag "No": the type written beside it is no set-aside; no flag at all: the type as written.
    expect(records.get('treasury:20341420F00043')).toMatchObject({
      set_aside: null,
      set_aside_standardized: 'NOT_AVAILABLE',
    });
    expect(records.get('treasury:20340125P00009')).toMatchObject({
      office: MINT,
      set_aside: 'Partial Small Business',
      set_aside_standardized: 'SMALL_BUSINESS',
    });
    // A <br> inside a cell, and an entity.
    expect(records.get('treasury:20343325F00102')!.extra['Program Office']).toBe(
      'Media & Publications Wage and Investment',
    );
    expect(records.get('treasury:20343325F00102')).toMatchObject({ place_state: 'VA', place_country: 'USA' });
  });

  it('records nothing but the run when the same answer comes again', async () => {
    const { dbPath, scrape } = await setup({ body: treasuryApexResponse() });
    await scrape();
    const events = await storedEvents(dbPath);
    expect(events).toHaveLength(8);

    const again = await scrape();
    expect(again.summary).toMatchObject({
      status: 'ok',
      rows_read: 8,
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 8,
    });
    expect(await storedEvents(dbPath)).toEqual(events);
  });

  it("records next week's slipped award, the record that went and the one that came", async () => {
    const answer = { body: treasuryApexResponse() };
    const { dbPath, scrape } = await setup(answer);
    await scrape();

    const entries = TREASURY_ENTRIES.filter((entry) => entry.name !== 'Laboratory Glassware').map((entry) =>
      entry.name === 'Taxpayer Correspondence Printing' ? { ...entry, awardQuarter: 'FY 2026 Q1' } : entry,
    );
    const newcomer: TreasuryEntry = {
      ...TREASURY_ENTRIES[4]!,
      id: 'a0B8z00000KR0AAEA1',
      arrays: ['newOppData', 'simplifiedAcquisitionAwardData'],
      name: 'Data Center Cooling Maintenance',
    };
    answer.body = treasuryApexResponse([...entries, newcomer]);
    const week2 = await scrape();
    expect(week2.summary).toMatchObject({
      status: 'ok',
      rows_read: 8,
      added: 1,
      updated: 1,
      removed: 1,
      unchanged: 6,
    });

    const events = (await storedEvents(dbPath)).slice(8);
    // In answer order: the newcomer's bureau (Fiscal Service) comes before the IRS.
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
        prospect_id: 'treasury:a0B8z00000KR0AAEA1',
        kind: 'added',
        field: null,
        old: undefined,
        new: undefined,
      },
      {
        prospect_id: 'treasury:a0B8z00000KQz3MEAT',
        kind: 'updated',
        field: 'award_date',
        old: '2025-07-01',
        new: '2025-10-01',
      },
      {
        prospect_id: 'treasury:a0B8z00000KQz3MEAT',
        kind: 'updated',
        field: 'award_fiscal_year',
        old: 2025,
        new: 2026,
      },
      { prospect_id: 'treasury:a0B8z00000KQz3MEAT', kind: 'updated', field: 'award_quarter', old: 4, new: 1 },
      {
        prospect_id: 'treasury:a0B8z00000KQx1CEAT',
        kind: 'removed',
        field: null,
        old: undefined,
        new: undefined,
      },
    ]);
    const records = await byId(dbPath);
    expect(records.get('treasury:a0B8z00000KQx1CEAT')!.status).toBe('removed');
    expect(records.get('treasury:a0B8z00000KR0AAEA1')).toMatchObject({
      office: FISCAL_SERVICE,
      extra: expect.objectContaining({ opportunity_type: 'newOppData' }),
    });
  });
});
