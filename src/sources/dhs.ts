import type { RawProspect } from '../normalise/prospect.js';
import { certificationIn, standardiseSetAside, type SetAsideCode } from '../normalise/set-aside.js';
import { cleanText, cleanValue, collapseSpaces } from '../normalise/text.js';
import { defineSource, type RowReader } from './define-source.js';

/** Each APFS record's public page; the API gives only its numeric `id`. */
const RECORD_PAGE = 'https://apfs-cloud.dhs.gov/record/';

/**
 * Department of Homeland Security: the Acquisition Planning Forecast System (APFS) answers one GET
 * with a JSON array of every record (~600–850, ~2 MB), no paging and no sign-in. The site's own
 * export is a CSV with the same records under display headers (`--file`).
 */
export const dhs = defineSource({
  key: 'dhs',
  name: 'Department of Homeland Security',
  agency: 'Department of Homeland Security',
  entryUrl: 'https://apfs-cloud.dhs.gov/api/forecast/',
  method: 'APFS JSON API, one array of every record',
  fileFormats: ['csv'],
  acquire: { kind: 'download', headers: { Accept: 'application/json' } },
  layouts: {
    json: {
      requiredHeaders: ['apfs_number', 'requirements_title'],
      key: ['apfs_number'],
      cleanKey: dropStars,
      columns: {
        native_id: 'apfs_number',
        title: 'requirements_title',
        description_html: 'requirement',
        office: 'organization',
        naics: 'naics',
        // `dollar_range` is an object ({ display_name, … }): its display name is the value text.
        value: 'dollar_range.display_name',
        set_aside: 'small_business_set_aside',
        set_aside_program: 'small_business_program',
        contract_type: 'contract_type',
        award_quarter: 'award_quarter',
        award_fiscal_year: 'fiscal_year',
        release_date: 'estimated_solicitation_release_date',
        place_city: 'place_of_performance_city',
        place_state: 'place_of_performance_state',
        incumbent: 'contractor',
        contact_first_name: 'requirements_contact_first_name',
        contact_last_name: 'requirements_contact_last_name',
        contact_email: 'requirements_contact_email',
      },
      // `id` is read only to build the record's public page.
      reads: ['id'],
      transform: (raw, row) => withDhsSetAsideRule({ ...raw, url: recordPage(row) }),
    },
    table: {
      requiredHeaders: ['APFS Number', 'Title'],
      key: ['APFS Number'],
      cleanKey: dropStars,
      columns: {
        native_id: 'APFS Number',
        naics: 'NAICS',
        office: 'Component',
        title: 'Title',
        description: 'Description',
        contract_type: 'Contract Type',
        value: 'Dollar Range',
        set_aside: 'Small Business Set-Aside',
        set_aside_program: 'Small Business Program',
        place_city: 'Place of Performance City',
        place_state: 'Place of Performance State',
        release_date: 'Estimated Solicitation Release',
        award_quarter: 'Award Quarter',
        contact_first_name: 'Primary Contact First Name',
        contact_last_name: 'Primary Contact Last Name',
        contact_email: 'Primary Contact Email',
        incumbent: 'Contractor',
      },
      transform: (raw) => withDhsSetAsideRule(raw),
    },
  },
});

/** `https://apfs-cloud.dhs.gov/record/<id>/public-print/`, or nothing when the record has no id. */
function recordPage(row: RowReader): string | undefined {
  const id = cleanValue(row.get('id'));
  return id === null ? undefined : `${RECORD_PAGE}${encodeURIComponent(id)}/public-print/`;
}

/**
 * APFS marks some numbers with a leading "*" ("*F2021054660"); the record is the same one, so the
 * star is dropped from the key and native_id (a starred and an unstarred scrape keep one history).
 */
function dropStars(id: string): string {
  return id.replace(/^\*+\s*/, '');
}

/**
 * DHS's set-aside code comes from its two members (set-aside "Full"/"Partial" and the program),
 * even on a row where the program is empty: an absent member reads as empty, not as "no program
 * column", so "Full" alone is still DHS's full small-business set-aside. The text keeps both
 * ("Full / 8(a)").
 */
function withDhsSetAsideRule(raw: RawProspect): RawProspect {
  const nativeId = cleanText(raw.native_id);
  return {
    ...raw,
    ...(nativeId === null ? {} : { native_id: dropStars(nativeId) }),
    set_aside_program: raw.set_aside_program ?? null,
    set_aside_code: dhsSetAsideCode(cleanText(raw.set_aside), cleanText(raw.set_aside_program)),
  };
}

/**
 * DHS gives a set-aside ("Full", "Partial") and a small-business program ("8(a)", "HUBZone",
 * "WOSB", "SDVOSB", "SB", "None", "TBD") as two members; the code comes from them, not from the
 * joined text (docs/record.md, "Set-aside"): a certification in the program wins (then one in the
 * set-aside); otherwise "Full", "Partial" or program "SB" is SMALL_BUSINESS ("Full / TBD"
 * included); otherwise program "None" is FULL_AND_OPEN; otherwise NOT_AVAILABLE.
 */
export function dhsSetAsideCode(setAside: string | null, program: string | null): SetAsideCode {
  const aside = setAside === null ? '' : collapseSpaces(setAside).toLowerCase();
  const programText = program === null ? '' : collapseSpaces(program).toLowerCase();
  const certification = certificationIn(programText) ?? certificationIn(aside);
  if (certification !== null) return certification;
  if (/^(?:full|partial|total)\b/.test(aside) && !/full (?:and|&) open/.test(aside)) return 'SMALL_BUSINESS';
  if (standardiseSetAside(programText) === 'SMALL_BUSINESS') return 'SMALL_BUSINESS';
  if (programText === 'none') return 'FULL_AND_OPEN';
  return 'NOT_AVAILABLE';
}
