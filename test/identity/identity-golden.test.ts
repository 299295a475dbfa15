// Golden values for what a record's identity is made of. A prospect's id is how a scrape finds it
// again; its content hash is how a scrape tells "unchanged" from "updated". If any value here
// changes, every stored record of that kind would be re-keyed (its history cut off, the old record
// marked removed and a new one added) or reported changed when nothing changed. Such a change
// needs a migration that re-keys the stored records — never an update of these literals alone.
import { describe, expect, it } from 'vitest';
import { readFilePayload } from '../../src/scraper/acquire.js';
import { buildRecords, derivedKey } from '../../src/scraper/build-records.js';
import { mapRows } from '../../src/scraper/map-rows.js';
import { ALL_SOURCES } from '../../src/sources/index.js';
import { contentHash } from '../../src/store/prospect-record.js';
import type { ProspectFields } from '../../src/normalise/prospect.js';

async function idsFrom(sourceKey: string, file: string, text: string): Promise<string[]> {
  const source = ALL_SOURCES.find((candidate) => candidate.key === sourceKey);
  if (!source) throw new Error(`no source ${sourceKey}`);
  const { rowSet, layout } = await readFilePayload(source, new TextEncoder().encode(text), file);
  return [...buildRecords(source.key, source.agency, mapRows(rowSet, layout)).records].map(
    (record) => record.id,
  );
}

const csv = (...lines: string[]) => lines.join('\r\n') + '\r\n';

describe('derivedKey', () => {
  it('is the first 16 hex digits of SHA-256 over title|office|naics|place, trimmed and lower-cased', () => {
    expect(
      derivedKey({
        title: '  Cloud  Hosting Services ',
        office: 'CMS',
        naics: '518210',
        place_of_performance: 'Baltimore, MD',
      }),
    ).toBe('7eee604535216350');
    // Missing parts count as empty strings.
    expect(derivedKey({ title: 'Janitorial', office: null, naics: null, place_of_performance: null })).toBe(
      '123b5b136413e5a7',
    );
  });
});

describe('contentHash', () => {
  const fields: ProspectFields = {
    native_id: 'F2026074190',
    title: 'Cyber threat hunting',
    description: null,
    agency: 'Department of Homeland Security',
    office: 'CISA',
    naics: '541512',
    naics_description: 'Custom Computer Programming Services',
    estimated_value_text: '$1M - $5M',
    estimated_value_min: 1000000,
    estimated_value_max: 5000000,
    release_date: '2026-03-01',
    award_date: null,
    award_fiscal_year: 2026,
    award_quarter: 3,
    place_of_performance: 'Arlington, VA',
    place_city: 'Arlington',
    place_state: 'VA',
    place_country: 'USA',
    contract_type: 'Firm Fixed Price',
    set_aside: 'Small Business',
    set_aside_standardized: 'SMALL_BUSINESS',
    set_aside_standardized_label: 'Small Business',
    primary_contact_name: 'Pat Lee',
    primary_contact_email: 'pat.lee@example.gov',
    incumbent: null,
    url: null,
  };

  it('hashes every tracked field and extra member, in a fixed order, to a fixed value', () => {
    const hash = contentHash(fields, { Program: 'CDM', 'Contract Vehicle': 'GSA' });
    expect(hash).toBe('280e61821c8084e167e4bdc4e18dbe07cd2002367d4f65dec002acbc8f9315b4');
  });

  it('does not depend on the order of the extra members', () => {
    expect(contentHash(fields, { b: '2', a: '1' })).toBe(contentHash(fields, { a: '1', b: '2' }));
  });
});

describe("every source's id form", () => {
  it('covers all nine sources', () => {
    expect(ALL_SOURCES.map((source) => source.key).sort()).toEqual([
      'acquisition-gateway',
      'dhs',
      'doc',
      'doj',
      'dos',
      'dot',
      'hhs',
      'ssa',
      'treasury',
    ]);
  });

  it.each([
    [
      'acquisition-gateway',
      'export.json',
      JSON.stringify({
        listing: { data: { 101: { render: { nid: '101', title: 'Fleet telematics' } } }, total: '1' },
      }),
      ['acquisition-gateway:101'],
    ],
    [
      'acquisition-gateway',
      'export.csv',
      csv('Node_ID,Title,Listing ID', '202,Fleet telematics,AG-7', ',Grounds upkeep,'),
      ['acquisition-gateway:202', 'acquisition-gateway:cfb9127ff79b720f'],
    ],
    [
      'dhs',
      'apfs.json',
      JSON.stringify([
        { apfs_number: 'F2026074190', requirements_title: 'Cyber threat hunting' },
        { apfs_number: '*F2021054660', requirements_title: 'Border sensors' },
      ]),
      ['dhs:F2026074190', 'dhs:F2021054660'],
    ],
    ['dhs', 'apfs.csv', csv('APFS Number,Title', 'F2026074502,Body armor'), ['dhs:F2026074502']],
    [
      'treasury',
      'apex.json',
      JSON.stringify({
        returnValue: [{ Name: 'IRS', newOppData: [{ Id: 'a0B3d000001XyZ', Name: 'Taxpayer portal' }] }],
      }),
      ['treasury:a0B3d000001XyZ'],
    ],
    [
      'treasury',
      'export.csv',
      csv(
        'Bureau,PSC,Specific Id,ShopCart/req,Contract Number',
        'IRS,7J20-IT AND TELECOM,TR-1,,',
        'OCC,R408-SUPPORT,,SC-22,',
        'Mint,J099-MAINTENANCE,,,2032H5-24-C-0001',
      ),
      ['treasury:TR-1', 'treasury:SC-22', 'treasury:2032H5-24-C-0001'],
    ],
    ['ssa', 'forecast.csv', csv('APP #,DESCRIPTION', 'APP-26-0042,Mainframe support'), ['ssa:APP-26-0042']],
    ['dot', 'forecast.csv', csv('Sequence Number,Project Title', '8123,Runway lighting'), ['dot:8123']],
    [
      'hhs',
      'forecast.csv',
      csv('Title,Operating Division', 'Cloud hosting,CMS', 'Cloud hosting,CMS'),
      ['hhs:3f0157714ea0783d', 'hhs:3f0157714ea0783d-2'],
    ],
    ['doc', 'forecast.csv', csv('Forecast ID,Title', 'DOC-2026-17,Weather satellites'), ['doc:DOC-2026-17']],
    [
      'doj',
      'forecast.csv',
      csv('Action Tracking Number,Contract Name', 'ATN-9912,Body cameras'),
      ['doj:ATN-9912'],
    ],
    [
      'dos',
      'forecast.csv',
      csv('Contract Number,Requirement Title', '19AQMM26C0001,Embassy security'),
      ['dos:19AQMM26C0001'],
    ],
  ])('%s reads ids from %s as the stored ids', async (source, file, text, expected) => {
    expect(await idsFrom(source, file, text)).toEqual(expected);
  });
});
