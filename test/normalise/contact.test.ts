import { describe, expect, it } from 'vitest';

import { parseEmail, personName, pickContact, type RawContact } from '../../src/normalise/contact.js';

describe('personName', () => {
  it.each([
    // docs/record.md and DOJ's "Last, First (ORG)"
    ['Strickland Jr, Charles P. (ATF)', 'Charles P. Strickland Jr'],
    ['Smith, David (FPI)', 'David Smith'],
    ['Porras, Edward (FPI)', 'Edward Porras'],
    ['Connolly, Robert L. (JMD)', 'Robert L. Connolly'],
    ['Smith, David', 'David Smith'],
    // Already "First Last"
    ['Nadia Shokry Burns', 'Nadia Shokry Burns'],
    ['BEN ANDERSON', 'BEN ANDERSON'],
    ['C. Shawn Long', 'C. Shawn Long'],
    ['Melissa Harbarger', 'Melissa Harbarger'],
    ['Christopher Douwes', 'Christopher Douwes'],
    ['John Smith, Jr.', 'John Smith, Jr.'],
    ['Jane Doe, PMP', 'Jane Doe, PMP'],
    ['Smith, Jr., John', 'John Smith Jr.'],
    ['(FPI)', null],
  ])('reads %j as %j', (text, name) => {
    expect(personName(text)).toBe(name);
  });
});

describe('parseEmail', () => {
  it.each([
    ['Nadia.Shokry.Burns@gsa.gov', 'nadia.shokry.burns@gsa.gov'],
    ['  Robert.Mason@uscg.mil ', 'robert.mason@uscg.mil'],
    ['nisha.Wills@cbp.dhs.gov', 'nisha.wills@cbp.dhs.gov'],
    ['mark.a.lovingood2@uscg.mil', 'mark.a.lovingood2@uscg.mil'],
    ['EFLHD.Contracts@dot.gov', 'eflhd.contracts@dot.gov'],
    ['Melissa.wakonabo@ihs.gov', 'melissa.wakonabo@ihs.gov'],
    ['BENJAMIN.ANDERSON@NOAA.GOV', 'benjamin.anderson@noaa.gov'],
    ['Robert.L.Connolly@usdoj.gov', 'robert.l.connolly@usdoj.gov'],
    ['John.Klar@atf.gov', 'john.klar@atf.gov'],
    ['mailto:someone@state.gov', 'someone@state.gov'],
    ['<someone@ssa.gov>', 'someone@ssa.gov'],
    ['a@treasury.gov; b@treasury.gov', 'a@treasury.gov'],
    ['TBD', null],
    ['N/A', null],
    ['not an address', null],
    ['someone@', null],
    ['someone@localhost', null],
    ['', null],
    [null, null],
    [12345, null],
  ])('reads %j as %j', (cell, email) => {
    expect(parseEmail(cell)).toBe(email);
  });
});

describe('pickContact', () => {
  it.each<[string, RawContact[], string | null, string | null]>([
    [
      'DHS first + last',
      [{ firstName: 'Robert', lastName: 'Mason', email: 'Robert.Mason@uscg.mil' }],
      'Robert Mason',
      'robert.mason@uscg.mil',
    ],
    [
      'HHS first + last',
      [{ firstName: 'Melissa', lastName: 'Wakonabo', email: 'Melissa.wakonabo@ihs.gov' }],
      'Melissa Wakonabo',
      'melissa.wakonabo@ihs.gov',
    ],
    ['HHS last name only', [{ firstName: 'TBD', lastName: 'Wright', email: null }], 'Wright', null],
    [
      'DOJ requirement POC',
      [
        { name: 'Smith, David (FPI)', email: 'David.Smith@usdoj.gov' },
        { name: 'Connolly, Robert', email: 'Robert.L.Connolly@usdoj.gov' },
      ],
      'David Smith',
      'david.smith@usdoj.gov',
    ],
    [
      'DOJ falls back to small business POC',
      [
        { name: null, email: '' },
        { name: 'Connolly, Robert', email: 'Robert.L.Connolly@usdoj.gov' },
      ],
      'Robert Connolly',
      'robert.l.connolly@usdoj.gov',
    ],
    [
      'DOJ first contact with a name only keeps its empty e-mail',
      [
        { name: 'Porras, Edward (FPI)', email: null },
        { name: 'X', email: 'x@usdoj.gov' },
      ],
      'Edward Porras',
      null,
    ],
    [
      'DOJ first contact with an e-mail only keeps its empty name',
      [
        { name: 'TBD', email: 'John.Klar@atf.gov' },
        { name: 'X', email: 'x@usdoj.gov' },
      ],
      null,
      'john.klar@atf.gov',
    ],
    [
      'DOC',
      [{ name: 'BEN ANDERSON', email: 'BENJAMIN.ANDERSON@NOAA.GOV' }],
      'BEN ANDERSON',
      'benjamin.anderson@noaa.gov',
    ],
    [
      'DOT',
      [{ name: 'C. Shawn Long', email: 'EFLHD.Contracts@dot.gov' }],
      'C. Shawn Long',
      'eflhd.contracts@dot.gov',
    ],
    [
      'Gateway',
      [{ name: 'Nadia Shokry Burns', email: 'Nadia.Shokry.Burns@gsa.gov' }],
      'Nadia Shokry Burns',
      'nadia.shokry.burns@gsa.gov',
    ],
    ['Treasury name only', [{ name: 'Melissa Harbarger' }], 'Melissa Harbarger', null],
    ['an invalid e-mail', [{ name: 'Toni Pankau', email: 'toni.pankau at dot.gov' }], 'Toni Pankau', null],
    ['nobody', [{ name: 'N/A', email: 'TBD' }, {}], null, null],
    ['no contacts', [], null, null],
  ])('picks %s', (_what, contacts, name, email) => {
    expect(pickContact(contacts)).toEqual({ name, email });
  });
});
