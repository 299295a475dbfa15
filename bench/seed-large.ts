import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStore } from '../src/store/connection.js';
import { TRACKED_FIELDS } from '../src/store/prospect-record.js';

/**
 * Fills a jps database with a large, realistic store: prospects across the nine sources, the weekly
 * runs that found them, and their change events (added, updated fields, removed, restored), as a
 * quarter of weekly scrapes would leave them. Deterministic for a given seed. A bench tool: it
 * writes through prepared statements in big transactions, not through the scrape pipeline.
 */

export interface SeedOptions {
  prospects: number;
  /** Weekly runs per source; the latest one starts a few days before `now`. */
  runsPerSource?: number;
  now?: Date;
  seed?: number;
  /** Progress lines (stderr by default from the CLI entry). */
  log?: (line: string) => void;
}

export interface SeedResult {
  prospects: number;
  events: number;
  runs: number;
  durationMillis: number;
}

interface SourceSeed {
  key: string;
  name: string;
  agency: string;
  share: number;
  agencies: readonly string[];
  offices: readonly string[];
  nativeId: (n: number, fy: number) => string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

const SOURCES: readonly SourceSeed[] = [
  {
    key: 'acquisition-gateway',
    name: 'Acquisition Gateway',
    agency: 'General Services Administration',
    share: 0.4,
    agencies: [
      'Department of Agriculture',
      'Department of the Interior',
      'Department of Veterans Affairs',
      'General Services Administration',
      'Department of Energy',
      'National Aeronautics and Space Administration',
      'Department of Education',
      'Department of Labor',
      'Environmental Protection Agency',
      'Small Business Administration',
      'Department of Housing and Urban Development',
      'Office of Personnel Management',
    ],
    offices: [
      'PBS Region 3',
      'FAS ITC',
      'Forest Service',
      'VHA NCO 21',
      'NPS Denver',
      'BLM Oregon',
      'EERE',
      'Goddard',
    ],
    nativeId: (n) => `AG-${pad(n, 7)}`,
  },
  {
    key: 'ssa',
    name: 'Social Security Administration',
    agency: 'Social Security Administration',
    share: 0.05,
    agencies: ['Social Security Administration'],
    offices: ['OHO', 'OAG', 'DCHO', 'OCIO', 'ODAR', 'OTSO'],
    nativeId: (n, fy) => `OHO-${fy % 100}-HQ${pad(n, 6)}`,
  },
  {
    key: 'dhs',
    name: 'Department of Homeland Security',
    agency: 'Department of Homeland Security',
    share: 0.15,
    agencies: ['Department of Homeland Security'],
    offices: ['CBP', 'USCG/CG-C5I', 'TSA', 'FEMA', 'ICE', 'CISA', 'USCIS', 'USSS', 'FLETC'],
    nativeId: (n, fy) => `F${fy}${pad(n, 7)}`,
  },
  {
    key: 'dot',
    name: 'Department of Transportation',
    agency: 'Department of Transportation',
    share: 0.06,
    agencies: ['Department of Transportation'],
    offices: ['FAA', 'FHWA', 'FMCSA', 'NHTSA', 'FTA', 'MARAD', 'PHMSA', 'Volpe Center'],
    nativeId: (n, fy) => `DOT-${fy % 100}-${pad(n, 6)}`,
  },
  {
    key: 'hhs',
    name: 'Department of Health and Human Services',
    agency: 'Department of Health and Human Services',
    share: 0.12,
    agencies: ['Department of Health and Human Services'],
    offices: ['NIH', 'CDC', 'FDA', 'CMS', 'IHS', 'HRSA', 'SAMHSA', 'ASPR'],
    nativeId: (n, fy) => `HHS-${fy}-${pad(n, 6)}`,
  },
  {
    key: 'doc',
    name: 'Department of Commerce',
    agency: 'Department of Commerce',
    share: 0.07,
    agencies: ['Department of Commerce'],
    offices: ['NOAA - PROGRAM OFFICE', 'Census Bureau', 'NIST', 'USPTO', 'ITA', 'NTIA'],
    nativeId: (n, fy) => `DOC-${fy}-${pad(n, 6)}`,
  },
  {
    key: 'doj',
    name: 'Department of Justice',
    agency: 'Department of Justice',
    share: 0.06,
    agencies: ['Department of Justice'],
    offices: ['FPI-1542', 'ATF', 'FBI', 'DEA', 'USMS', 'BOP', 'JMD'],
    nativeId: (n, fy) => `DOJ-${fy % 100}-${pad(n, 6)}`,
  },
  {
    key: 'dos',
    name: 'Department of State',
    agency: 'Department of State',
    share: 0.05,
    agencies: ['Department of State'],
    offices: ['A/LM/AQM', 'OBO', 'DS', 'INL', 'IRM', 'CA'],
    nativeId: (n, fy) => `DOS-${fy % 100}-${pad(n, 6)}`,
  },
  {
    key: 'treasury',
    name: 'Department of the Treasury',
    agency: 'Department of the Treasury',
    share: 0.04,
    agencies: ['Department of the Treasury'],
    offices: ['IRS', 'BFS', 'Mint', 'BEP', 'OCC', 'TTB', 'FinCEN'],
    nativeId: (n, fy) => `TREAS-${fy % 100}-${pad(n, 6)}`,
  },
];

const AREAS = [
  'Cloud',
  'Cybersecurity',
  'Network',
  'Data Center',
  'Help Desk',
  'Facilities',
  'Janitorial',
  'Medical Equipment',
  'Laboratory',
  'Training',
  'Software',
  'Records Management',
  'Translation',
  'Security Guard',
  'Construction',
  'HVAC',
  'Fleet',
  'Logistics',
  'Research',
  'Engineering',
  'Telecommunications',
  'Geospatial',
  'Financial Audit',
  'Call Center',
  'Grounds',
  'Café',
  'Satellite',
  'Body Armor',
  'Radio',
  'Identity Management',
];
const NOUNS = [
  'Support Services',
  'Modernization',
  'Maintenance',
  'Operations',
  'Licenses',
  'Equipment',
  'Consulting',
  'Program Management',
  'Assessment',
  'Migration',
  'Renewal',
  'Repair',
  'Analytics',
  'Integration',
  'Staffing',
];
const PLACES = [
  ['Washington', 'DC'],
  ['Baltimore', 'MD'],
  ['Silver Spring', 'MD'],
  ['Arlington', 'VA'],
  ['Denver', 'CO'],
  ['Atlanta', 'GA'],
  ['Seattle', 'WA'],
  ['San Antonio', 'TX'],
  ['Kansas City', 'MO'],
  ['Boston', 'MA'],
  ['Chicago', 'IL'],
  ['San Juan', 'PR'],
] as const;
const NAICS = [
  ['541512', 'Computer Systems Design Services'],
  ['541511', 'Custom Computer Programming Services'],
  ['541519', 'Other Computer Related Services'],
  ['541330', 'Engineering Services'],
  ['541611', 'Administrative Management and General Management Consulting Services'],
  ['541715', 'Research and Development in the Physical, Engineering, and Life Sciences'],
  ['561210', 'Facilities Support Services'],
  ['561720', 'Janitorial Services'],
  ['561612', 'Security Guards and Patrol Services'],
  ['561730', 'Landscaping Services'],
  ['236220', 'Commercial and Institutional Building Construction'],
  ['238220', 'Plumbing, Heating, and Air-Conditioning Contractors'],
  ['334111', 'Electronic Computer Manufacturing'],
  ['334220', 'Radio and Television Broadcasting and Wireless Communications Equipment Manufacturing'],
  ['339112', 'Surgical and Medical Instrument Manufacturing'],
  ['517111', 'Wired Telecommunications Carriers'],
  ['518210', 'Computing Infrastructure Providers, Data Processing, Web Hosting, and Related Services'],
  ['611430', 'Professional and Management Development Training'],
  ['621399', 'Offices of All Other Miscellaneous Health Practitioners'],
  ['488510', 'Freight Transportation Arrangement'],
  ['541930', 'Translation and Interpretation Services'],
  ['722310', 'Food Service Contractors'],
  ['811210', 'Electronic and Precision Equipment Repair and Maintenance'],
  ['541990', 'All Other Professional, Scientific, and Technical Services'],
] as const;
const SET_ASIDES = [
  ['8(a) Set-Aside', 'EIGHT_A', '8(a)'],
  ['HUBZone', 'HUBZONE', 'HUBZone'],
  ['WOSB', 'WOMEN_OWNED', 'Women-Owned'],
  ['SDVOSB Set-Aside', 'VETERAN_OWNED', 'Veteran-Owned'],
  ['Sole Source', 'SOLE_SOURCE', 'Sole Source'],
  ['Full and Open', 'FULL_AND_OPEN', 'Full and Open'],
  ['Total Small Business Set-Aside', 'SMALL_BUSINESS', 'Small Business'],
  ['TBD', 'NOT_AVAILABLE', 'N/A'],
] as const;
const CONTRACT_TYPES = ['Firm Fixed Price', 'Time and Materials', 'IDIQ', 'BPA', 'Cost Plus Fixed Fee', null];
const FIRST_NAMES = [
  'Ben',
  'Maria',
  'Charles',
  'Aisha',
  'José',
  'Linh',
  'Patricia',
  'Omar',
  'Grace',
  'Dmitri',
];
const LAST_NAMES = [
  'Anderson',
  'Nuñez',
  'Strickland',
  'Okafor',
  'Nguyen',
  'Miller',
  'Cohen',
  'Haddad',
  'Park',
  'Ivanov',
];
const INCUMBENTS = [
  'Acme Federal LLC',
  'Booz Allen Hamilton',
  'Leidos',
  'SAIC',
  'Peraton',
  'ManTech',
  null,
  null,
  null,
];
const VALUE_BANDS = [
  [0, 25_000],
  [25_000, 250_000],
  [150_000, 250_000],
  [250_000, 700_000],
  [700_000, 1_000_000],
  [1_000_000, 5_000_000],
  [5_000_000, 10_000_000],
  [10_000_000, 20_000_000],
  [20_000_000, 100_000_000],
] as const;

/** mulberry32: small, fast and deterministic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function money(value: number): string {
  if (value >= 1_000_000) return `$${value / 1_000_000}M`;
  if (value >= 1_000) return `$${value / 1_000}K`;
  return `$${value}`;
}

const DAY_MILLIS = 86_400_000;
const isoDate = (millis: number) => new Date(millis).toISOString().slice(0, 10);

function fiscalOf(date: string): { year: number; quarter: number } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month >= 10 ? { year: year + 1, quarter: 1 } : { year, quarter: Math.floor((month - 1) / 3) + 2 };
}

const PROSPECT_COLUMNS = [
  'id',
  'source',
  ...TRACKED_FIELDS,
  'status',
  'first_seen_at',
  'last_seen_at',
  'removed_at',
  'extra',
  'raw',
  'content_hash',
  'last_run_id',
  'last_event_at',
] as const;

const TRANSACTION_ROWS = 50_000;

export async function seedLarge(dbPath: string, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const next = random(options.seed ?? 20261120);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const runsPerSource = options.runsPerSource ?? 12;
  const now = (options.now ?? new Date()).getTime();
  // The latest run of each source starts three days ago, so `--changed-since 7d` sees one run each.
  const firstRunMillis = now - 3 * DAY_MILLIS - (runsPerSource - 1) * 7 * DAY_MILLIS;

  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(`${dbPath}${suffix}`)) rmSync(`${dbPath}${suffix}`);
  }
  const store = await openStore(dbPath);
  const sqlite = store.sqlite;
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');

  // Bulk loading is several times faster without the indexes and triggers of the two big tables:
  // they are put back, and what the triggers maintain rebuilt, once the rows are in.
  const deferred = sqlite
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
       WHERE tbl_name IN ('prospects', 'prospect_events') AND type IN ('index', 'trigger') AND sql IS NOT NULL`,
    )
    .all() as { type: 'index' | 'trigger'; name: string; sql: string }[];
  for (const item of deferred) sqlite.exec(`DROP ${item.type.toUpperCase()} "${item.name}"`);

  const insertSource = sqlite.prepare(
    'INSERT OR IGNORE INTO data_sources (key, name, agency, created_at) VALUES (?, ?, ?, ?)',
  );
  const insertRun = sqlite.prepare(
    `INSERT INTO scrape_runs (source, started_at, finished_at, status, origin, rows_read, added, updated, removed,
       restored, unchanged, skipped, skipped_reasons, coverage, duration_ms)
     VALUES (?, ?, ?, 'ok', ?, ?, 0, 0, 0, 0, 0, 0, '[]', NULL, ?)`,
  );
  const updateRunCounts = sqlite.prepare(
    'UPDATE scrape_runs SET added = ?, updated = ?, removed = ?, restored = ?, rows_read = ? WHERE id = ?',
  );
  const insertProspect = sqlite.prepare(
    `INSERT INTO prospects (${PROSPECT_COLUMNS.join(', ')}) VALUES (${PROSPECT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertEvent = sqlite.prepare(
    'INSERT INTO prospect_events (prospect_id, source, run_id, at, kind, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );

  // Runs: weekly per source, a few minutes apart between sources; events a second after the start.
  const runs = new Map<string, { id: number; startedAt: string; loadedAt: string }[]>();
  sqlite.transaction(() => {
    for (const [index, source] of SOURCES.entries()) {
      insertSource.run(source.key, source.name, source.agency, new Date(firstRunMillis).toISOString());
      const list: { id: number; startedAt: string; loadedAt: string }[] = [];
      for (let run = 0; run < runsPerSource; run += 1) {
        const start = firstRunMillis + run * 7 * DAY_MILLIS + index * 7 * 60_000;
        const startedAt = new Date(start).toISOString();
        const id = Number(
          insertRun.run(source.key, startedAt, new Date(start + 90_000).toISOString(), 'seed', 0, 90_000)
            .lastInsertRowid,
        );
        list.push({ id, startedAt, loadedAt: new Date(start + 1_000).toISOString() });
      }
      runs.set(source.key, list);
    }
  })();

  const counts = new Map<number, { added: number; updated: number; removed: number; restored: number }>();
  const countFor = (runId: number) => {
    let entry = counts.get(runId);
    if (!entry) counts.set(runId, (entry = { added: 0, updated: 0, removed: 0, restored: 0 }));
    return entry;
  };

  let events = 0;
  let made = 0;
  const hexDigits = '0123456789abcdef';
  const fakeHash = () => {
    let text = '';
    for (let i = 0; i < 64; i += 1) text += hexDigits[Math.floor(next() * 16)];
    return text;
  };

  for (const source of SOURCES) {
    const count =
      source === SOURCES[SOURCES.length - 1]
        ? options.prospects - made
        : Math.round(options.prospects * source.share);
    const sourceRuns = runs.get(source.key)!;
    const lastRun = sourceRuns[sourceRuns.length - 1]!;
    for (let start = 0; start < count; start += TRANSACTION_ROWS) {
      const end = Math.min(count, start + TRANSACTION_ROWS);
      sqlite.transaction(() => {
        for (let n = start; n < end; n += 1) {
          const area = pick(AREAS);
          const noun = pick(NOUNS);
          const office = pick(source.offices);
          const agency = pick(source.agencies);
          const [naics, naicsDescription] = next() < 0.1 ? [null, null] : pick(NAICS);
          const [city, state] = pick(PLACES);
          const releaseMillis = Date.UTC(2026, 0, 1) + Math.floor(next() * 1095) * DAY_MILLIS;
          const releaseDate = next() < 0.15 ? null : isoDate(releaseMillis);
          const awardDate =
            next() < 0.25 ? null : isoDate(releaseMillis + (30 + Math.floor(next() * 150)) * DAY_MILLIS);
          const fiscal = awardDate ? fiscalOf(awardDate) : null;
          const band = pick(VALUE_BANDS);
          const shape = next();
          const [valueText, valueMin, valueMax] =
            shape < 0.2
              ? ['TBD', null, null]
              : shape < 0.7
                ? [`${money(band[0])} - ${money(band[1])}`, band[0], band[1]]
                : shape < 0.9
                  ? [money(band[1]), band[1], band[1]]
                  : shape < 0.95
                    ? [`Over ${money(band[1])}`, band[1], null]
                    : [`Under ${money(band[1])}`, null, band[1]];
          const setAside = pick(SET_ASIDES);
          const first = pick(FIRST_NAMES);
          const last = pick(LAST_NAMES);
          const fy = fiscal?.year ?? 2026;
          const nativeId = source.nativeId(n + 1, fy);
          const id = `${source.key}:${nativeId}`;
          const title = `${area} ${noun}${next() < 0.3 ? ` for ${office}` : ''}`;
          const description =
            next() < 0.1
              ? null
              : `The ${agency} (${office}) requires ${area.toLowerCase()} ${noun.toLowerCase()} in ${city}, ${state}.\n` +
                `Work includes ${pick(AREAS).toLowerCase()} ${pick(NOUNS).toLowerCase()} and ${pick(NOUNS).toLowerCase()}.`;

          // History: most entries were in the first scrape; the rest appeared week by week.
          const firstRun = next() < 0.7 ? 0 : Math.floor(next() * sourceRuns.length);
          const seenRun = sourceRuns[firstRun]!;
          const removedRun =
            next() < 0.06 && firstRun < sourceRuns.length - 1
              ? firstRun + 1 + Math.floor(next() * (sourceRuns.length - 1 - firstRun))
              : null;
          const status = removedRun === null ? 'active' : 'removed';
          const lastSeen = removedRun === null ? lastRun : sourceRuns[removedRun - 1]!;
          // About one in six changed later (a date slipped, a value was revised); decided here so
          // the row can carry the time of its latest event.
          const lastUpdatable = removedRun ?? sourceRuns.length;
          const updateRun =
            next() < 0.16 && firstRun + 1 < lastUpdatable
              ? sourceRuns[firstRun + 1 + Math.floor(next() * (lastUpdatable - firstRun - 1))]!
              : null;
          const lastEventAt =
            removedRun !== null ? sourceRuns[removedRun]!.loadedAt : (updateRun ?? seenRun).loadedAt;
          insertProspect.run(
            id,
            source.key,
            nativeId,
            title,
            description,
            agency,
            office,
            naics,
            naicsDescription,
            valueText,
            valueMin,
            valueMax,
            releaseDate,
            awardDate,
            fiscal?.year ?? null,
            fiscal?.quarter ?? null,
            `${city}, ${state}`,
            city,
            state,
            'USA',
            pick(CONTRACT_TYPES),
            setAside[0],
            setAside[1],
            setAside[2],
            `${first} ${last}`,
            `${first.toLowerCase()}.${last.toLowerCase()}@example.gov`
              .normalize('NFD')
              .replace(/\p{M}/gu, ''),
            pick(INCUMBENTS),
            source.key === 'acquisition-gateway' ? `https://acquisitiongateway.gov/forecast/${n + 1}` : null,
            status,
            seenRun.loadedAt,
            lastSeen.loadedAt,
            removedRun === null ? null : sourceRuns[removedRun]!.loadedAt,
            next() < 0.3
              ? JSON.stringify({ 'Contracting Office': office, 'Requirement Type': pick(NOUNS) })
              : '{}',
            '{}',
            fakeHash(),
            removedRun === null ? lastRun.id : sourceRuns[removedRun]!.id,
            lastEventAt,
          );
          insertEvent.run(id, source.key, seenRun.id, seenRun.loadedAt, 'added', null, null, null);
          countFor(seenRun.id).added += 1;
          events += 1;

          if (updateRun) {
            const run = updateRun;
            const fields = Math.ceil(next() * 3);
            for (let f = 0; f < fields; f += 1) {
              const which = Math.floor(next() * 3);
              if (which === 0 && awardDate) {
                const before = isoDate(Date.parse(awardDate) - 90 * DAY_MILLIS);
                insertEvent.run(
                  id,
                  source.key,
                  run.id,
                  run.loadedAt,
                  'updated',
                  'award_date',
                  JSON.stringify(before),
                  JSON.stringify(awardDate),
                );
              } else if (which === 1 && releaseDate) {
                const before = isoDate(Date.parse(releaseDate) - 30 * DAY_MILLIS);
                insertEvent.run(
                  id,
                  source.key,
                  run.id,
                  run.loadedAt,
                  'updated',
                  'release_date',
                  JSON.stringify(before),
                  JSON.stringify(releaseDate),
                );
              } else {
                insertEvent.run(
                  id,
                  source.key,
                  run.id,
                  run.loadedAt,
                  'updated',
                  'estimated_value_text',
                  JSON.stringify('TBD'),
                  JSON.stringify(valueText),
                );
              }
              events += 1;
            }
            countFor(run.id).updated += 1;
          }
          if (removedRun !== null) {
            const run = sourceRuns[removedRun]!;
            insertEvent.run(id, source.key, run.id, run.loadedAt, 'removed', null, null, null);
            countFor(run.id).removed += 1;
            events += 1;
          }
        }
      })();
      log(`${source.key}: ${end.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} prospects`);
    }
    made += count;
  }

  log('rebuilding indexes, full-text index and totals…');
  for (const item of deferred.filter((entry) => entry.type === 'index')) sqlite.exec(item.sql);
  sqlite.exec("INSERT INTO prospects_fts (prospects_fts) VALUES ('rebuild')");
  sqlite.exec('DELETE FROM prospect_totals');
  sqlite.exec(
    'INSERT INTO prospect_totals (source, status, total) SELECT source, status, count(*) FROM prospects GROUP BY 1, 2',
  );
  for (const item of deferred.filter((entry) => entry.type === 'trigger')) sqlite.exec(item.sql);

  sqlite.transaction(() => {
    for (const [runId, c] of counts)
      updateRunCounts.run(c.added, c.updated, c.removed, c.restored, made, runId);
  })();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
  return {
    prospects: made,
    events,
    runs: SOURCES.length * runsPerSource,
    durationMillis: Math.round(performance.now() - started),
  };
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && import.meta.url === pathToFileURL(resolve(entry)).href;
}

if (isMain()) {
  const args = process.argv.slice(2);
  const countAt = args.indexOf('--prospects');
  const prospects = countAt >= 0 ? Number(args[countAt + 1]) : 1_000_000;
  const dbPath =
    args.find((arg, i) => !arg.startsWith('--') && (countAt < 0 || i !== countAt + 1)) ??
    join(tmpdir(), 'jps-1m.db');
  if (!Number.isInteger(prospects) || prospects <= 0) {
    console.error('usage: seed-large [db path, default $TMPDIR/jps-1m.db] [--prospects N, default 1000000]');
    process.exit(2);
  }
  console.error(`seeding ${dbPath} with ${prospects.toLocaleString('en-US')} prospects…`);
  const result = await seedLarge(dbPath, { prospects, log: (line) => console.error(line) });
  console.error(
    `done: ${result.prospects.toLocaleString('en-US')} prospects, ${result.events.toLocaleString('en-US')} events, ` +
      `${result.runs} runs in ${(result.durationMillis / 1000).toFixed(1)} s`,
  );
}
