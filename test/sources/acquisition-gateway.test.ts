import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  gatewayCsv,
  gatewayPage,
  gatewayRecord,
  paginate,
  type GatewayRender,
} from '../fixtures/acquisition-gateway/gateway-export.js';
import { startFixtureServer } from '../helpers/fixture-server.js';
import { runJps } from '../helpers/cli.js';
import { storedEvents, storedRecords, storedRuns } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const API = '/api/v3.0/export/forecast';

/**
 * The export API answering `?range=500&page=N` from `pages` (1-based); past the end an empty listing.
 * `repeat` serves page N-1 again in place of page N, as the live API sometimes does.
 */
async function gatewaySite(pages: GatewayRender[][], total: number, options: { repeatAt?: number } = {}) {
  const seen: string[] = [];
  const server = await startFixtureServer({
    [API]: ({ url, headers }) => {
      seen.push(
        `${url.searchParams.get('range')}:${url.searchParams.get('page')}:${headers['accept']}:${headers['origin']}`,
      );
      const page = Number(url.searchParams.get('page'));
      const index = page === options.repeatAt ? page - 2 : page - 1;
      return {
        headers: { 'content-type': 'application/json' },
        body: gatewayPage(pages[index] ?? [], total),
      };
    },
  });
  return { server, seen };
}

async function scrape(server: { url(path: string): string }, dbPath: string, ...args: string[]) {
  return runJps(['scrape', '--source', 'acquisition-gateway', '--format', 'json', ...args], {
    dbPath,
    env: { JPS_ACQUISITION_GATEWAY_URL: server.url(API) },
  });
}

const records = (count: number, from = 0) => Array.from({ length: count }, (_, i) => gatewayRecord(from + i));

describe('acquisition-gateway', () => {
  it('reads every page of the export API with the headers the site needs and stores each record under its nid', async () => {
    const all = records(12);
    const { server, seen } = await gatewaySite(paginate(all, 5), 12);
    const dbPath = join(tempDir(), 'jps.db');

    const result = await scrape(server, dbPath);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({
      status: 'ok',
      rows_read: 12,
      added: 12,
      coverage: 1,
    });
    expect(seen).toEqual([
      '500:1:application/json:https://acquisitiongateway.gov',
      '500:2:application/json:https://acquisitiongateway.gov',
      '500:3:application/json:https://acquisitiongateway.gov',
      '500:4:application/json:https://acquisitiongateway.gov',
    ]);

    const stored = await storedRecords(dbPath);
    expect(stored).toHaveLength(12);
    const first = stored.find((r) => r.id === 'acquisition-gateway:30000')!;
    expect(first).toMatchObject({
      native_id: 'PBS_R02_FY250000',
      title: 'Fire Door replacement and PACS - CM',
      description:
        'Fire Door replacement and PACS - CM at the federal building.\n- Base year\n- Four option years',
      agency: 'General Services Administration',
      office: 'PBS R02',
      naics: '236220',
      estimated_value_text: '$150K - $250K',
      estimated_value_min: 150000,
      estimated_value_max: 250000,
      release_date: '2026-09-01',
      award_fiscal_year: 2027,
      award_quarter: 1,
      award_date: '2026-10-01',
      place_city: 'Jamestown',
      place_state: 'NY',
      place_country: 'USA',
      set_aside: 'Small Business Set Aside - Total',
      set_aside_standardized: 'SMALL_BUSINESS',
      primary_contact_name: 'Nadia Shokry Burns',
      primary_contact_email: 'nadia.shokry.burns@gsa.gov',
      incumbent: 'Acme Facilities LLC',
      url: 'https://sam.gov/opp/0/view',
    });
    // Other members are kept in extra; the view counter and the raw `values` copy are not.
    expect(first.extra).toEqual({
      field_requirement_status: 'Active',
      field_award_status: 'Not Awarded',
      field_period_of_performance: '1 year base + 4 option years',
    });
    expect(stored.find((r) => r.id === 'acquisition-gateway:30003')).toMatchObject({
      agency: 'Department of Agriculture',
      set_aside_standardized: 'HUBZONE',
      estimated_value_min: 1000000,
      estimated_value_max: 5000000,
    });
    expect(stored.find((r) => r.id === 'acquisition-gateway:30001')).toMatchObject({
      estimated_value_text: 'Below $150K',
      estimated_value_min: null,
      estimated_value_max: 150000,
      set_aside_standardized: 'EIGHT_A',
    });
  });

  it('de-duplicates a repeated page and stops after three pages that add nothing', async () => {
    const all = records(9);
    const pages = paginate(all, 3);
    // Page 2 answers page 1 again; from page 5 on, the API keeps answering the last page forever.
    const server = await startFixtureServer({
      [API]: ({ url }) => {
        const page = Number(url.searchParams.get('page'));
        const served = page === 1 ? pages[0]! : page <= 4 ? pages[page - 2]! : pages[2]!;
        return { body: gatewayPage(served, 9) };
      },
    });
    const dbPath = join(tempDir(), 'jps.db');
    const result = await scrape(server, dbPath);
    const summary = JSON.parse(result.stdout)[0];
    expect(summary).toMatchObject({ rows_read: 9, added: 9, status: 'ok', coverage: 1 });
    // Pages 5, 6 and 7 add nothing new: the pull stops there instead of running to 60 pages.
    expect(server.requests).toHaveLength(7);
  });

  it('stores a pull short of the reported total as partial, with its coverage, and removes nothing', async () => {
    const dbPath = join(tempDir(), 'jps.db');
    const full = await gatewaySite(paginate(records(10), 5), 10);
    expect(JSON.parse((await scrape(full.server, dbPath)).stdout)[0]).toMatchObject({
      status: 'ok',
      added: 10,
    });

    // The next pull serves 8 of the 12 records it says exist.
    const short = await gatewaySite(paginate([...records(6), ...records(2, 20)], 5), 12);
    const result = await scrape(short.server, dbPath);
    expect(result.exitCode).toBe(0);
    const summary = JSON.parse(result.stdout)[0];
    expect(summary).toMatchObject({ status: 'partial', added: 2, removed: 0, unchanged: 6 });
    expect(summary.coverage).toBeCloseTo(8 / 12);
    expect(result.stderr).toBe(
      'jps: acquisition-gateway: partial: 8 of the 12 records the source reported arrived',
    );
    expect((await storedRecords(dbPath)).filter((r) => r.status === 'active')).toHaveLength(12);
    expect((await storedRuns(dbPath)).map((r) => [r.status, r.coverage])).toEqual([
      ['ok', 1],
      ['partial', 8 / 12],
    ]);
  });

  it('never records a change for a page-view counter', async () => {
    const dbPath = join(tempDir(), 'jps.db');
    const week1 = await gatewaySite([records(3)], 3);
    await scrape(week1.server, dbPath);
    const week2 = await gatewaySite([records(3).map((r) => ({ ...r, field_view_count: '999999' }))], 3);
    const result = await scrape(week2.server, dbPath);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ updated: 0, unchanged: 3 });
    expect((await storedEvents(dbPath)).filter((e) => e.kind === 'updated')).toEqual([]);
  });

  it('fails the source when the first page is not JSON', async () => {
    const server = await startFixtureServer({
      [API]: {
        status: 200,
        body: '<html><head><title>Service Unavailable</title></head><body>Maintenance</body></html>',
      },
    });
    const result = await scrape(server, join(tempDir(), 'jps.db'));
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe(
      `jps: acquisition-gateway: expected JSON, got an HTML page "Service Unavailable" from ${server.url(API)}?range=500&page=1`,
    );
  });

  it("reads the site's CSV export with --file under the same ids as the API", async () => {
    const dir = tempDir();
    const file = join(dir, 'forecast.csv');
    writeFileSync(file, gatewayCsv(records(6)));
    const dbPath = join(dir, 'jps.db');
    const result = await runJps(
      ['scrape', '--source', 'acquisition-gateway', '--file', file, '--format', 'json'],
      { dbPath },
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ status: 'ok', rows_read: 6, added: 6 });
    const stored = await storedRecords(dbPath);
    expect(stored.map((r) => r.id)).toEqual(
      Array.from({ length: 6 }, (_, i) => `acquisition-gateway:${30000 + i}`),
    );
    expect(stored[0]).toMatchObject({
      title: 'Fire Door replacement and PACS - CM',
      primary_contact_name: 'Nadia Shokry Burns',
      place_state: 'NY',
      place_country: 'USA',
      award_quarter: 1,
      award_fiscal_year: 2027,
    });
    expect(stored[0]!.extra).toMatchObject({
      'Requirement Status': 'Active',
      'Funding Source': 'Annual appropriation',
    });
  });
});
