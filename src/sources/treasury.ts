import { SourceError } from '../errors.js';
import type { Cell } from '../normalise/cell.js';
import { cleanText, cleanValue } from '../normalise/text.js';
import { defineSource, type ExtractedRecords, type JsonRecord } from './define-source.js';

/**
 * The Apex class behind the site's forecast. Salesforce gives it a new id when the site is
 * redeployed; the old one then stops answering with `returnValue`.
 */
const APEX_CLASSNAME = '@udd/01pSJ000000H5BV';

/**
 * The five arrays a bureau container may hold, in the order that names a record's opportunity
 * type: one record can sit in several (a recompete above $250K is in both), the first one names it.
 */
export const TREASURY_ARRAYS = [
  'newOppData',
  'recompeteOppData',
  'micropurchaseAwardData',
  'simplifiedAcquisitionAwardData',
  'above250kData',
] as const;

/** The file export's key, in order: its Specific Id, else the ShopCart/req, else the contract number. */
const FILE_KEY_HEADERS = ['Specific Id', 'ShopCart/req', 'Contract Number'] as const;

/**
 * Department of the Treasury: the forecast site is a Salesforce community whose "Download
 * Opportunity Data" button calls one guest Apex method, getData; empty filters return everything,
 * grouped by bureau. The export it offers is a ".xls" that is really an HTML table (`--file`).
 */
export const treasury = defineSource({
  key: 'treasury',
  name: 'Department of the Treasury',
  agency: 'Department of the Treasury',
  entryUrl:
    'https://osdbu.forecast.treasury.gov/webruntime/api/apex/execute?language=en-US&asGuest=true&htmlEncode=false',
  method: 'Salesforce Apex POST (getData)',
  fileFormats: ['xls (HTML table)'],
  acquire: {
    kind: 'post-json',
    headers: { Accept: 'application/json' },
    body: {
      namespace: '',
      classname: APEX_CLASSNAME,
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
    },
    extract: extractTreasuryRecords,
  },
  layouts: {
    json: {
      requiredHeaders: ['Id', 'Name'],
      key: ['Id'],
      columns: {
        native_id: 'Id',
        title: 'Name',
        description: 'Description__c',
        // The bureau container's Name, copied onto each record by extractTreasuryRecords.
        office: 'bureau',
        naics: 'sbfNAICSCode__r.SBF_NAICS_Description__c',
        value: 'sbfEstimatedTotalContractValue__c',
        set_aside: 'sbfTypeofSBSA__c',
        award_quarter: 'sbfFiscalYear_QtrforAward__c',
        place_state: 'sbfPlaceofPerformanceState__c',
        contact_name: 'sbfBureauPointofContact__c',
      },
      reads: ['sbfSmallBusinessSetaside__c'],
      transform: (raw, row) => ({
        ...raw,
        set_aside: setAsideWhenFlagged(raw.set_aside, row.get('sbfSmallBusinessSetaside__c'), {
          whenFlagMissing: 'none',
        }),
      }),
    },
    table: {
      requiredHeaders: ['Bureau', 'PSC'],
      key: FILE_KEY_HEADERS,
      columns: {
        office: 'Bureau',
        naics: 'NAICS',
        value: 'Estimated Total Contract Value',
        set_aside: 'Type of Small Business Set-aside',
        award_quarter: 'Projected Award FY_Qtr',
        place: 'Place of Performance',
        contract_type: 'Contract Type',
        contact_name: 'Bureau Point of Contact',
      },
      // PSC is the title's source; the set-aside flag is its condition.
      reads: ['PSC', 'Small Business Set-aside'],
      transform: (raw, row) => ({
        ...raw,
        // The same pick as the pipeline's key: the first of the key columns with text in it.
        native_id: FILE_KEY_HEADERS.map((header) => row.get(header)).find(
          (cell) => cleanValue(cell) !== null,
        ),
        // The export has no title column: "7J20-IT AND TELECOM - SECURITY …" gives the title after its code.
        title: pscTitle(row.get('PSC')),
        set_aside: setAsideWhenFlagged(raw.set_aside, row.get('Small Business Set-aside'), {
          whenFlagMissing: 'as-written',
        }),
      }),
    },
  },
});

/**
 * The records of a getData answer: every bureau container's arrays, each record once (by `Id`),
 * with its bureau's `Name` as `bureau` and the first array holding it as `opportunity_type`.
 */
export function extractTreasuryRecords(body: unknown): ExtractedRecords {
  const returnValue =
    typeof body === 'object' && body !== null ? (body as { returnValue?: unknown }).returnValue : undefined;
  if (!Array.isArray(returnValue)) {
    throw new SourceError(
      'UNEXPECTED_JSON',
      `the Treasury forecast answered without "returnValue": the Apex classname ${APEX_CLASSNAME} stopped answering ` +
        '(the site was redeployed under a new classname); download the opportunity data in a browser and run: ' +
        'jps scrape --source treasury --file <export.xls>',
    );
  }
  const records: JsonRecord[] = [];
  const seen = new Set<string>();
  for (const container of returnValue) {
    if (typeof container !== 'object' || container === null) continue;
    const bureau = (container as Record<string, unknown>)['Name'];
    for (const array of TREASURY_ARRAYS) {
      const items = (container as Record<string, unknown>)[array];
      if (!Array.isArray(items)) continue;
      for (const item of items) {
        if (typeof item !== 'object' || item === null) continue;
        const id = (item as JsonRecord)['Id'];
        if (typeof id === 'string' && id !== '') {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        records.push({ ...(item as JsonRecord), bureau, opportunity_type: array });
      }
    }
  }
  return { records };
}

/**
 * Treasury fills the type of set-aside on records that are not set aside: it is one only where the
 * flag says "Yes". The file export may leave the flag cell empty (or drop the column): there the
 * type column is taken as written, since it is all the row says.
 */
function setAsideWhenFlagged(
  setAside: Cell,
  flag: Cell,
  options: { whenFlagMissing: 'none' | 'as-written' },
): Cell {
  const flagText = cleanText(flag);
  if (flagText === null) return options.whenFlagMissing === 'none' ? undefined : setAside;
  return flagText.toLowerCase() === 'yes' ? setAside : undefined;
}

/** "7J20-IT AND TELECOM - SECURITY …" → "IT AND TELECOM - SECURITY …": the PSC's text after its code. */
export function pscTitle(psc: Cell): Cell {
  const text = cleanText(psc);
  if (text === null) return undefined;
  return text.replace(/^[A-Z0-9]{4}\s*-\s*/i, '');
}
