import { openStore, type Store } from '../../src/store/connection.js';
import { syncDataSources } from '../../src/store/data-sources.js';
import { ALL_SOURCES } from '../../src/sources/index.js';
import { saveWatch } from '../../src/store/watches.js';
import type { IncomingProspect } from '../../src/store/load-prospects.js';
import { makeProspect, recordScrape } from '../helpers/store.js';

/** The forecast the user follows: cyber, 8(a), at DHS, its award slipping April → July. */
export const SLIPPING_ID = 'dhs:F2026017408';

const DAY_MILLIS = 86_400_000;

const DHS = 'Department of Homeland Security';
const SSA = 'Social Security Administration';

const SUBJECTS = [
  'Cyber threat hunting support',
  'Cybersecurity operations centre staffing',
  'Janitorial services',
  'Cloud migration of case systems',
  'Cyber range training',
  'Biometrics at sea system support',
  'Help desk modernisation',
  'Secure network engineering',
  'Grounds maintenance',
  'Data analytics platform',
];
const OFFICES = ['CBP', 'USCG', 'TSA', 'CISA', 'FEMA', 'OCIO', 'OHO', 'DCHO'];
const SET_ASIDES: [string, string, string][] = [
  ['8(a) Sole Source', 'EIGHT_A', '8(a)'],
  ['Small Business Set-Aside', 'SMALL_BUSINESS', 'Small Business'],
  ['HUBZone', 'HUBZONE', 'HUBZone'],
  ['Full and Open', 'FULL_AND_OPEN', 'Full and Open'],
  ['WOSB', 'WOMEN_OWNED', 'Women-Owned'],
  ['', 'NOT_AVAILABLE', 'N/A'],
];
const NAICS = ['541512', '541519', '561720', '541611', '518210', '561730'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A forecast of `source` made from its number alone, so every run of the suite has the same data. */
function generated(source: 'dhs' | 'ssa' | 'acquisition-gateway', n: number): IncomingProspect {
  const subject = SUBJECTS[n % SUBJECTS.length]!;
  const [setAside, code, label] = SET_ASIDES[n % SET_ASIDES.length]!;
  const min = ((n % 7) + 1) * 250_000;
  const month = (n % 12) + 1;
  const agency =
    source === 'dhs'
      ? DHS
      : source === 'ssa'
        ? SSA
        : n % 2 === 0
          ? 'Department of Veterans Affairs'
          : 'Department of Energy';
  return makeProspect(
    `${source}:${source === 'dhs' ? 'F2026' : 'N'}${String(100 + n)}`,
    {
      title: `${subject} ${n}`,
      description: `${subject} for the ${OFFICES[n % OFFICES.length]} programme, lot ${n}.`,
      agency,
      office: OFFICES[(n * 3) % OFFICES.length]!,
      naics: NAICS[n % NAICS.length]!,
      estimated_value_text: `$${min / 1000}K - $${(min * 4) / 1000}K`,
      estimated_value_min: min,
      estimated_value_max: min * 4,
      release_date: n % 9 === 4 ? null : `2026-${pad(month)}-${pad((n % 27) + 1)}`,
      award_date: n % 5 === 3 ? null : `2027-${pad(((n + 3) % 12) + 1)}-01`,
      set_aside: setAside === '' ? null : setAside,
      set_aside_standardized: code,
      set_aside_standardized_label: label,
      place_state: n % 2 === 0 ? 'VA' : 'DC',
      place_country: 'USA',
    },
    n % 4 === 0 ? { 'Contracting Office': `Office ${n}`, 'Program Number': `P-${n}` } : {},
  );
}

function slipping(awardDate: string, valueMax: number): IncomingProspect {
  return makeProspect(
    SLIPPING_ID,
    {
      title: 'Cyber incident response services for CISA',
      description: 'Incident response and forensics for federal civilian networks.',
      agency: DHS,
      office: 'CISA',
      naics: '541519',
      naics_description: 'Other Computer Related Services',
      estimated_value_text: '$2M to $5M',
      estimated_value_min: 2_000_000,
      estimated_value_max: valueMax,
      release_date: '2026-02-15',
      award_date: awardDate,
      award_fiscal_year: 2026,
      award_quarter: awardDate.slice(5, 7) === '04' ? 3 : 4,
      set_aside: '8(a) Competitive',
      set_aside_standardized: 'EIGHT_A',
      set_aside_standardized_label: '8(a)',
      place_of_performance: 'Arlington, VA',
      place_city: 'Arlington',
      place_state: 'VA',
      place_country: 'USA',
      contract_type: 'Firm Fixed Price',
      primary_contact_name: 'Dana Reyes',
      primary_contact_email: 'dana.reyes@example.gov',
      url: 'https://apfs-cloud.dhs.gov/forecast/F2026017408',
    },
    { 'Contract Vehicle': 'SBA 8(a) STARS III', 'Estimated Solicitation Release': 'FY26 Q2' },
  );
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

/**
 * Two weeks of scrapes of three sources, the last a day before `now`: additions, field changes, a
 * removal and its restoration, and a failed run, so every page has something to show.
 */
export async function seedTwoWeeks(writer: Store, now: Date): Promise<void> {
  const at = (daysAgo: number, hour: number) =>
    new Date(
      Math.floor(now.getTime() / DAY_MILLIS) * DAY_MILLIS - daysAgo * DAY_MILLIS + hour * 3_600_000,
    ).toISOString();
  const dhs = (ns: number[]) => ns.map((n) => generated('dhs', n));
  const ssa = (ns: number[]) => ns.map((n) => generated('ssa', n));
  const gateway = (ns: number[]) => ns.map((n) => generated('acquisition-gateway', n));

  // Week one.
  await recordScrape(writer, 'dhs', [slipping('2026-04-01', 5_000_000), ...dhs(range(0, 24))], {
    at: at(14, 6),
  });
  await recordScrape(writer, 'ssa', ssa(range(0, 14)), { at: at(14, 7) });
  await recordScrape(writer, 'acquisition-gateway', gateway(range(0, 12)), { at: at(14, 8) });

  // A team starts watching cyber 8(a) work at DHS after the first week; another watches everything.
  await saveWatch(
    writer.db,
    {
      name: 'cyber-8a',
      filters: { search: 'cyber', setAside: 'EIGHT_A', agency: 'homeland' },
      targets: [{ kind: 'webhook', target: 'https://hooks.example.org/services/T000/SECRET' }],
      now: at(13, 0),
    },
    { replace: false },
  );
  await saveWatch(
    writer.db,
    { name: 'everything', filters: {}, targets: [], now: at(13, 0) },
    { replace: false },
  );

  // Week two: the award slips, one forecast goes away, two arrive.
  const changed = generated('dhs', 5);
  changed.fields = { ...changed.fields, estimated_value_max: 9_000_000, estimated_value_text: '$1.5M - $9M' };
  const withChange = (prospects: IncomingProspect[]) =>
    prospects.map((p) => (p.id === changed.id ? changed : p));
  await recordScrape(
    writer,
    'dhs',
    [slipping('2026-07-01', 5_000_000), ...withChange(dhs(range(0, 26).filter((n) => n !== 2)))],
    { at: at(7, 6) },
  );
  await recordScrape(writer, 'ssa', ssa(range(0, 15)), { at: at(7, 7) });

  // Yesterday: the removed one is back, the value of the slipping one grows; SSA's site fails.
  await recordScrape(writer, 'dhs', [slipping('2026-07-01', 6_000_000), ...withChange(dhs(range(0, 26)))], {
    at: at(1, 6),
  });
  await recordScrape(writer, 'ssa', [], { at: at(1, 7), status: 'failed' });
  await recordScrape(writer, 'acquisition-gateway', gateway(range(0, 13)), {
    at: at(1, 8),
    status: 'partial',
    coverage: 0.8,
  });
}

/** Writes the two weeks into a new database file at `path` (every source registered). */
export async function writeTwoWeeksDatabase(path: string, now: Date): Promise<void> {
  const store = await openStore(path);
  try {
    await syncDataSources(store.db, ALL_SOURCES, '2026-01-01T00:00:00.000Z');
    await seedTwoWeeks(store, now);
  } finally {
    await store.close();
  }
}
