import { describe, expect, it } from 'vitest';

import { SET_ASIDE_LABELS, standardiseSetAside, type SetAsideCode } from '../../src/normalise/set-aside.js';

describe('standardiseSetAside', () => {
  // docs/record.md's table and examples.
  it.each<[string | null, SetAsideCode]>([
    ['8(a)', 'EIGHT_A'],
    ['8a', 'EIGHT_A'],
    ['HUBZone', 'HUBZONE'],
    ['HUB Zone', 'HUBZONE'],
    ['WOSB', 'WOMEN_OWNED'],
    ['EDWOSB', 'WOMEN_OWNED'],
    ['women-owned', 'WOMEN_OWNED'],
    ['Women Owned Small Business', 'WOMEN_OWNED'],
    ['Woman-Owned', 'WOMEN_OWNED'],
    ['SDVOSB', 'VETERAN_OWNED'],
    ['VOSB', 'VETERAN_OWNED'],
    ['Veteran-Owned Small Business', 'VETERAN_OWNED'],
    ['Service-Disabled Veteran-Owned Small Business', 'VETERAN_OWNED'],
    ['Sole Source', 'SOLE_SOURCE'],
    ['Full and Open', 'FULL_AND_OPEN'],
    ['Unrestricted', 'FULL_AND_OPEN'],
    ['Other Than Small Business', 'FULL_AND_OPEN'],
    ['Competitive', 'FULL_AND_OPEN'],
    ['Competition', 'FULL_AND_OPEN'],
    ['Open Market', 'FULL_AND_OPEN'],
    ['None', 'FULL_AND_OPEN'],
    ['Small Business', 'SMALL_BUSINESS'],
    ['Small Disadvantaged Business', 'SMALL_BUSINESS'],
    ['Total Set-Aside', 'SMALL_BUSINESS'],
    ['Partial Set Aside', 'SMALL_BUSINESS'],
    ['SB', 'SMALL_BUSINESS'],
    ['Full', 'SMALL_BUSINESS'],
    ['Partial', 'SMALL_BUSINESS'],
    ['Total', 'SMALL_BUSINESS'],
    ['TBD', 'NOT_AVAILABLE'],
    ['To be determined', 'NOT_AVAILABLE'],
    ['N/A', 'NOT_AVAILABLE'],
    ['Set-aside', 'NOT_AVAILABLE'],
    ['Something else', 'NOT_AVAILABLE'],
    ['', 'NOT_AVAILABLE'],
    [null, 'NOT_AVAILABLE'],
    ['8(a) Small Business Set-Aside', 'EIGHT_A'],
    ['WOSB Sole Source', 'WOMEN_OWNED'],
    ['Small Business Sole Source', 'SOLE_SOURCE'],
    ['Small Business Competitive', 'SMALL_BUSINESS'],
  ])('codes docs/record.md example %j as %s', (text, code) => {
    expect(standardiseSetAside(text)).toBe(code);
  });

  // The agencies' spellings.
  it.each<[string, string, SetAsideCode]>([
    ['Gateway', 'Small Business Set Aside - Total', 'SMALL_BUSINESS'],
    ['Gateway', 'Small Business Set Aside - Partial', 'SMALL_BUSINESS'],
    ['Gateway', '8(a) Sole Source', 'EIGHT_A'],
    ['Gateway', 'Full and Open Competition', 'FULL_AND_OPEN'],
    ['Gateway', 'Service-Disabled Veteran-Owned Small Business (SDVOSB) Set Aside', 'VETERAN_OWNED'],
    ['Gateway', 'Historically Underutilized Business Zone (HUBZone) Set Aside', 'HUBZONE'],
    ['SSA', 'Full & Open', 'FULL_AND_OPEN'],
    ['SSA', 'Small Business Set-Aside', 'SMALL_BUSINESS'],
    ['Treasury', 'Women-Owned Small Business (WOSB)', 'WOMEN_OWNED'],
    ['Treasury', 'Economically Disadvantaged Women-Owned Small Business (EDWOSB)', 'WOMEN_OWNED'],
    ['DOT', 'Small Business Set-Aside', 'SMALL_BUSINESS'],
    ['DOT', 'To be determined', 'NOT_AVAILABLE'],
    ['DOT', '8(a) Competitive', 'EIGHT_A'],
    ['HHS', 'Small Business Set-Aside', 'SMALL_BUSINESS'],
    ['HHS', 'Full and Open Competition', 'FULL_AND_OPEN'],
    ['HHS', 'Other Than Small', 'FULL_AND_OPEN'],
    ['DOC', 'Competitive', 'FULL_AND_OPEN'],
    ['DOC', 'Sole Source', 'SOLE_SOURCE'],
    ['DOC', 'Currently, this information is not available', 'NOT_AVAILABLE'],
    ['DOJ', 'Small Business Total Set-aside', 'SMALL_BUSINESS'],
    ['DOJ', 'Small Business Partial Set-aside', 'SMALL_BUSINESS'],
    ['DOJ', '8(a) Set-aside', 'EIGHT_A'],
    ['DOJ', 'Unrestricted', 'FULL_AND_OPEN'],
    ['DOS', 'HUBZone', 'HUBZONE'],
    ['DOS', 'Small Disadvantaged Business', 'SMALL_BUSINESS'],
    ['DOS', 'SDVOSB', 'VETERAN_OWNED'],
    ['DOS', 'Section 8(A)', 'EIGHT_A'],
    ['any', 'HUBZONE SOLE SOURCE', 'HUBZONE'],
    ['any', '  competitive  ', 'FULL_AND_OPEN'],
    ['any', '[TBD]', 'NOT_AVAILABLE'],
    ['any', 'F2028A', 'NOT_AVAILABLE'],
  ])('codes %s %j as %s', (_agency, text, code) => {
    expect(standardiseSetAside(text)).toBe(code);
  });

  it('labels every code', () => {
    expect(SET_ASIDE_LABELS).toEqual({
      EIGHT_A: '8(a)',
      HUBZONE: 'HUBZone',
      WOMEN_OWNED: 'Women-Owned',
      VETERAN_OWNED: 'Veteran-Owned',
      SOLE_SOURCE: 'Sole Source',
      FULL_AND_OPEN: 'Full and Open',
      SMALL_BUSINESS: 'Small Business',
      NOT_AVAILABLE: 'N/A',
    });
  });
});
