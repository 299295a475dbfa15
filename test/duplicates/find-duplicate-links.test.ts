import { describe, expect, it } from 'vitest';
import { departmentKey } from '../../src/duplicates/department-key.js';
import { findDuplicateLinks, type DuplicateCandidate } from '../../src/duplicates/find-duplicate-links.js';
import { groupDuplicates } from '../../src/duplicates/group-duplicates.js';
import { titleWords } from '../../src/duplicates/title-tokens.js';

function prospect(id: string, fields: Partial<DuplicateCandidate> = {}): DuplicateCandidate {
  return {
    id,
    source: id.slice(0, id.indexOf(':')),
    agency: 'Department of Transportation',
    office: null,
    title: 'Untitled',
    description: null,
    naics: null,
    estimated_value_min: null,
    estimated_value_max: null,
    release_date: null,
    award_date: null,
    award_fiscal_year: null,
    award_quarter: null,
    place_city: null,
    place_state: null,
    primary_contact_email: null,
    ...fields,
  };
}

/** Unrelated forecasts, so that word rarity is what it is in a real file. */
const BACKGROUND = [
  'Airport Surface Detection Equipment Spares',
  'Highway Safety Improvement Program Evaluation',
  'Transit Bus Testing Center Operations',
  'Hazardous Materials Emergency Response Training',
  'Maritime Academy Training Ship Maintenance',
  'Railroad Track Inspection Vehicle Lease',
].map((title, index) => prospect(`dot:bg-${index}`, { title }));

const pairsOf = (prospects: DuplicateCandidate[]) =>
  findDuplicateLinks([...prospects, ...BACKGROUND]).map((link) => [link.a, link.b]);

describe('normalising titles', () => {
  it.each([
    ['Cloud Migration Services (Amended)', ['cloud', 'migration', 'service']],
    ['CLOUD MIGRATION SVCS - Amended', ['cloud', 'migration', 'service']],
    ['O&M Support for the Volpe Center', ['operation', 'maintenance', 'support', 'volpe', 'center']],
    ['Biometrics-at-Sea System', ['biometric', 'sea', 'system']],
  ])('reads "%s" as %j', (title, words) => {
    expect(titleWords(title).all).toEqual(words);
  });

  it('keeps a short leading segment aside, to drop when it names the office', () => {
    expect(titleWords('FAA - Cloud Migration Services').prefix).toEqual(['faa']);
    expect(titleWords('NOAA: Ship Fuel').prefix).toEqual(['noaa']);
    expect(titleWords('Cloud Migration Services').prefix).toEqual([]);
  });

  it.each([
    ['Department of Transportation', 'transportation'],
    ['U.S. Department of Transportation', 'transportation'],
    ['Transportation, Department of', 'transportation'],
    ['DOT', 'transportation'],
    ['Department of the Treasury', 'treasury'],
    ['Social Security Administration', 'social security administration'],
  ])('puts "%s" in the department %s', (agency, key) => {
    expect(departmentKey(agency)).toBe(key);
  });
});

describe('finding likely duplicates', () => {
  it('links a Gateway listing with an office prefix and an amendment marker to the department file', () => {
    expect(
      pairsOf([
        prospect('dot:1', {
          title: 'Cloud Migration Services',
          office: 'FAA - Office of IT',
          naics: '541512',
        }),
        prospect('acquisition-gateway:2', {
          title: 'FAA - Cloud Migration Services (Amended)',
          office: 'Federal Aviation Administration',
          naics: '541512',
        }),
      ]),
    ).toEqual([['acquisition-gateway:2', 'dot:1']]);
  });

  it('never links two departments, even with the same title', () => {
    expect(
      pairsOf([
        prospect('dot:1', { title: 'Cloud Migration Services' }),
        prospect('acquisition-gateway:2', {
          title: 'Cloud Migration Services',
          agency: 'Department of Veterans Affairs',
        }),
      ]),
    ).toEqual([]);
  });

  it('never links two department files to each other', () => {
    expect(
      pairsOf([
        prospect('dot:1', { title: 'Cloud Migration Services' }),
        prospect('dos:2', { title: 'Cloud Migration Services' }),
      ]),
    ).toEqual([]);
  });

  it('keeps a recompete apart from the contract it replaces', () => {
    const [link] = findDuplicateLinks(
      [
        prospect('dhs:F2025052728', { title: 'Firing Range Service', award_date: '2024-10-01' }),
        prospect('dhs:F2026052991', { title: 'Firing Range Service', award_date: '2025-10-01' }),
        ...BACKGROUND,
      ],
      { minScore: 0 },
    );
    expect(link).toMatchObject({
      score: 0.5,
      reasons: expect.arrayContaining(['award dates 4 quarters apart']),
    });
  });

  it('keeps apart two things one office buys under one NAICS', () => {
    const volpe = { office: 'OST - Volpe Center', naics: '561730', primary_contact_email: 'p@dot.gov' };
    expect(
      pairsOf([
        prospect('dot:1', { title: 'Snow Removal Services - Volpe Center', ...volpe }),
        prospect('dot:2', { title: 'Landscaping Services - Volpe Center', ...volpe }),
      ]),
    ).toEqual([]);
  });

  it('tells numbered listings of one template apart, and still links each to its unnumbered twin', () => {
    // Every numbered title has a word no other title has: those titles are never alike, but the
    // plain template, which adds nothing of its own, is alike to each of them.
    const numbered = Array.from({ length: 400 }, (_, i) =>
      prospect(`acquisition-gateway:${i}`, {
        title: `Janitorial Services Federal Building Klamath Falls Oregon ${1000 + i}`,
      }),
    );
    const plain = prospect('dot:plain', {
      title: 'Janitorial Services Federal Building Klamath Falls Oregon',
    });
    const links = findDuplicateLinks([...numbered, plain, ...BACKGROUND]);
    expect(links).toHaveLength(400);
    expect(links.every((link) => link.b === 'dot:plain')).toBe(true);
  });

  it('compares titles whole when their leading segment names no office ("Requirement 12: …")', () => {
    const numbered = Array.from({ length: 300 }, (_, i) =>
      prospect(`ssa:OAG-${i}`, {
        title: `Requirement ${i}: facility maintenance and support services`,
        office: 'Office of Acquisition Grants',
      }),
    );
    expect(findDuplicateLinks([...numbered, ...BACKGROUND])).toEqual([]);
  });

  it('judges only the pairs of changed prospects when asked', () => {
    const all = [
      prospect('dot:1', { title: 'Cloud Migration Services' }),
      prospect('acquisition-gateway:2', { title: 'Cloud Migration Services' }),
      prospect('dot:3', { title: 'Runway Rubber Removal' }),
      prospect('acquisition-gateway:4', { title: 'Runway Rubber Removal' }),
      ...BACKGROUND,
    ];
    expect(findDuplicateLinks(all, { only: new Set(['dot:3']) }).map((l) => [l.a, l.b])).toEqual([
      ['acquisition-gateway:4', 'dot:3'],
    ]);
  });

  it("groups linked prospects and shows the department's own listing first", () => {
    const link = (a: string, b: string) => ({ a, b, score: 1, reasons: [] });
    const members = new Map([
      [
        'acquisition-gateway:1',
        { id: 'acquisition-gateway:1', source: 'acquisition-gateway', changed_at: '2026-11-02' },
      ],
      [
        'acquisition-gateway:2',
        { id: 'acquisition-gateway:2', source: 'acquisition-gateway', changed_at: '2026-11-03' },
      ],
      ['dot:9', { id: 'dot:9', source: 'dot', changed_at: '2026-10-01' }],
    ]);
    const groups = groupDuplicates(
      [link('acquisition-gateway:1', 'acquisition-gateway:2'), link('acquisition-gateway:1', 'dot:9')],
      members,
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toEqual(['dot:9', 'acquisition-gateway:2', 'acquisition-gateway:1']);
  });
});
