import { describe, expect, it } from 'vitest';

import { isUnitedStates, parsePlace, stateCode } from '../../src/normalise/place.js';

type Expected = [city: string | null, state: string | null, country: string | null];

describe('parsePlace from one text', () => {
  // docs/record.md's rules, and the agencies' spellings (DOJ, SSA, DOT, Treasury write one text).
  it.each<[string, Expected]>([
    ['Lexington, KY', ['Lexington', 'KY', 'USA']],
    ['Silver Spring, Maryland', ['Silver Spring', 'MD', 'USA']],
    ['MD, United States', [null, 'MD', 'USA']],
    ['Maryland', [null, 'MD', 'USA']],
    ['MD', [null, 'MD', 'USA']],
    ['Washington', [null, 'WA', 'USA']],
    ['Washington, DC', ['Washington', 'DC', 'USA']],
    ['Paris, France', ['Paris', null, 'France']],
    ['MARYLAND', [null, 'MD', 'USA']],
    ['District of Columbia', [null, 'DC', 'USA']],
    ['Puerto Rico', [null, 'PR', 'USA']],
    ['AZ, CA, OK, TX', [null, null, 'USA']],
    ['Nationwide', [null, null, 'USA']],
    ['any: Nationwide - United States', [null, null, 'USA']],
    ['any: NATIONWIDE (all field offices)', [null, null, 'USA']],
    ['any: CONUS', [null, null, 'USA']],
    ['any: OCONUS', [null, null, null]],
    ['any: Bethesda, MD and Rockville, MD', [null, null, 'USA']],
    ['any: Guaynabo, PR', ['Guaynabo', 'PR', 'USA']],
    ['any: Fort Worth, Texas', ['Fort Worth', 'TX', 'USA']],
    ['Remote', [null, null, null]],
    ['Region 02', [null, null, null]],
    ['Headquarters', [null, null, null]],
    ['UNITED STATES', [null, null, 'USA']],
    ['US', [null, null, 'USA']],
    ['U.S.', [null, null, 'USA']],
    // Agencies
    ['DOJ: Washington, DC', ['Washington', 'DC', 'USA']],
    ['DOJ: Beaumont, TX', ['Beaumont', 'TX', 'USA']],
    ['DOJ: Lexington, KY 40511', ['Lexington', 'KY', 'USA']],
    ['DOJ: Washington, D.C.', ['Washington', 'DC', 'USA']],
    ['Treasury: VA, United States', [null, 'VA', 'USA']],
    ['Treasury: GA, United States', [null, 'GA', 'USA']],
    ['Treasury: Parkersburg, WV, United States', ['Parkersburg', 'WV', 'USA']],
    ['DOT: PR', [null, 'PR', 'USA']],
    ['DOT: CA', [null, 'CA', 'USA']],
    ['DOT: Guam', [null, 'GU', 'USA']],
    ['DOT: VA/MD/DC', [null, null, 'USA']],
    ['SSA: Region 02', [null, null, null]],
    ['SSA: Headquarters', [null, null, null]],
    ['any: New York, NY', ['New York', 'NY', 'USA']],
    ['any: San Juan, Puerto Rico', ['San Juan', 'PR', 'USA']],
    ['any: U.S. Virgin Islands', [null, 'VI', 'USA']],
    ['any: Hawai\u02bbi', [null, 'HI', 'USA']],
    ['any: Silver Spring MD', ['Silver Spring', 'MD', 'USA']],
    ['any: Washington DC', ['Washington', 'DC', 'USA']],
    ['any: VA, MD', [null, null, 'USA']],
    ['any: Maryland and Virginia', [null, null, 'USA']],
    ['any: Arlington, VA; Washington, DC', [null, null, 'USA']],
    ['any: Kabul, Afghanistan', ['Kabul', null, 'Afghanistan']],
    ['any: Germany', [null, null, 'Germany']],
    ['any: Chicago, United States', ['Chicago', null, 'USA']],
    ['any: Multiple Locations, VA', [null, 'VA', 'USA']],
    ['any: Contractor Site', [null, null, null]],
    ['any: Fort Meade, Annapolis Junction', [null, null, null]],
    ['any: Chicago', [null, null, null]],
  ])('reads %j', (written, [city, state, country]) => {
    const text = written.replace(/^[A-Za-z]+: /, '');
    expect(parsePlace({ text })).toEqual({
      place_of_performance: text,
      place_city: city,
      place_state: state,
      place_country: country,
    });
  });

  it.each(['TBD', '[TBD]', 'Various', 'N/A', 'To be determined'])(
    'keeps empty marker %j as the place but reads nothing from it',
    (text) => {
      expect(parsePlace({ text })).toEqual({
        place_of_performance: text,
        place_city: null,
        place_state: null,
        place_country: null,
      });
    },
  );

  it('has no place when nothing is given', () => {
    expect(parsePlace({})).toEqual({
      place_of_performance: null,
      place_city: null,
      place_state: null,
      place_country: null,
    });
  });
});

describe('parsePlace from split columns', () => {
  it.each<
    [string, { city?: string | null; state?: string | null; country?: string | null }, string, Expected]
  >([
    [
      'Gateway',
      { city: 'Jamestown', state: 'New York', country: 'United States' },
      'Jamestown, New York, United States',
      ['Jamestown', 'NY', 'USA'],
    ],
    [
      'Gateway',
      { city: 'Klamath Falls', state: 'Oregon' },
      'Klamath Falls, Oregon',
      ['Klamath Falls', 'OR', 'USA'],
    ],
    ['Gateway', { city: 'Tulsa', state: 'OK' }, 'Tulsa, OK', ['Tulsa', 'OK', 'USA']],
    [
      'Gateway',
      { city: 'Tulsa', state: 'Not Applicable', country: 'United States' },
      'Tulsa, Not Applicable, United States',
      ['Tulsa', null, 'USA'],
    ],
    ['Gateway', { city: 'Tulsa' }, 'Tulsa', ['Tulsa', null, null]],
    ['DHS', { city: 'Miami', state: 'FL' }, 'Miami, FL', ['Miami', 'FL', 'USA']],
    ['DHS', { city: 'Beloit', state: 'WI' }, 'Beloit, WI', ['Beloit', 'WI', 'USA']],
    [
      'DHS',
      { city: 'Existing DOD R3 Contact Vehicle', state: 'DC' },
      'Existing DOD R3 Contact Vehicle, DC',
      ['Existing DOD R3 Contact Vehicle', 'DC', 'USA'],
    ],
    ['DHS', { city: 'TBD', state: 'TBD' }, 'TBD', [null, null, null]],
    ['DHS', { city: 'Nationwide', state: null }, 'Nationwide', [null, null, 'USA']],
    [
      'DOC',
      { city: 'SILVER SPRING', state: 'MARYLAND', country: 'UNITED STATES' },
      'SILVER SPRING, MARYLAND, UNITED STATES',
      ['SILVER SPRING', 'MD', 'USA'],
    ],
    [
      'DOC',
      { city: 'BOULDER', state: 'COLORADO', country: 'UNITED STATES' },
      'BOULDER, COLORADO, UNITED STATES',
      ['BOULDER', 'CO', 'USA'],
    ],
    [
      'DOC',
      { city: 'GAITHERSBURG', state: null, country: 'UNITED STATES' },
      'GAITHERSBURG, UNITED STATES',
      ['GAITHERSBURG', null, 'USA'],
    ],
    [
      'DOS',
      { city: 'Washington', state: 'District of Columbia', country: 'United States' },
      'Washington, District of Columbia, United States',
      ['Washington', 'DC', 'USA'],
    ],
    [
      'DOS',
      { city: 'Sterling', state: 'Virginia', country: 'United States' },
      'Sterling, Virginia, United States',
      ['Sterling', 'VA', 'USA'],
    ],
    ['DOS', { city: null, state: null, country: 'United States' }, 'United States', [null, null, 'USA']],
    [
      'DOS',
      { city: 'Frankfurt', state: null, country: 'Germany' },
      'Frankfurt, Germany',
      ['Frankfurt', null, 'Germany'],
    ],
    ['DOS', { city: 'Washington' }, 'Washington', ['Washington', null, null]],
    ['Treasury', { state: 'MD' }, 'MD', [null, 'MD', 'USA']],
    ['any', { state: 'AZ, CA, OK, TX' }, 'AZ, CA, OK, TX', [null, null, 'USA']],
    ['any', { city: 'Lexington, KY' }, 'Lexington, KY', ['Lexington', 'KY', 'USA']],
    ['any', { city: 'Various', state: 'VA' }, 'Various, VA', [null, 'VA', 'USA']],
    ['any', { state: 'Ontario', country: 'Canada' }, 'Ontario, Canada', [null, null, 'Canada']],
  ])('reads %s columns %j', (_agency, columns, place, [city, state, country]) => {
    expect(parsePlace(columns)).toEqual({
      place_of_performance: place,
      place_city: city,
      place_state: state,
      place_country: country,
    });
  });

  it.each<[{ text: string; country: string }, string, Expected]>([
    [
      { text: 'Lexington, KY', country: 'United States' },
      'Lexington, KY, United States',
      ['Lexington', 'KY', 'USA'],
    ],
    [{ text: '[TBD]', country: 'USA' }, '[TBD], USA', [null, null, 'USA']],
    [{ text: 'Washington, DC', country: 'US' }, 'Washington, DC, US', ['Washington', 'DC', 'USA']],
    [{ text: 'Kabul', country: 'Afghanistan' }, 'Kabul, Afghanistan', ['Kabul', null, 'Afghanistan']],
    [{ text: 'Paris, France', country: 'France' }, 'Paris, France', ['Paris', null, 'France']],
    [{ text: 'Region 02', country: 'United States' }, 'Region 02, United States', [null, null, 'USA']],
    [{ text: 'KY', country: 'United States' }, 'KY, United States', [null, 'KY', 'USA']],
    [{ text: 'Lexington, KY', country: 'TBD' }, 'Lexington, KY, TBD', ['Lexington', 'KY', 'USA']],
  ])('reads DOJ place and country %j', (columns, place, [city, state, country]) => {
    expect(parsePlace(columns)).toEqual({
      place_of_performance: place,
      place_city: city,
      place_state: state,
      place_country: country,
    });
  });
});

describe('stateCode and isUnitedStates', () => {
  it.each([
    ['Maryland', 'MD'],
    ['MARYLAND', 'MD'],
    ['maryland', 'MD'],
    ['md', 'MD'],
    ['District of Columbia', 'DC'],
    ['D.C.', 'DC'],
    ['Puerto Rico', 'PR'],
    ['American Samoa', 'AS'],
    ['Northern Mariana Islands', 'MP'],
    ['Virgin Islands', 'VI'],
    ['NEW HAMPSHIRE', 'NH'],
    ['Washington', 'WA'],
    ['Ontario', null],
    ['US', null],
  ])('codes %j as %s', (text, code) => {
    expect(stateCode(text)).toBe(code);
  });

  it.each([
    ['United States', true],
    ['UNITED STATES', true],
    ['United States of America', true],
    ['USA', true],
    ['U.S.A.', true],
    ['US', true],
    ['U.S.', true],
    ['Canada', false],
    ['USVI', false],
  ])('knows %j is the United States: %s', (text, expected) => {
    expect(isUnitedStates(text)).toBe(expected);
  });
});
