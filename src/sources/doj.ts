import { defineSource } from './define-source.js';

/**
 * Department of Justice: the forecast page links the workbook as "Download the Excel File"
 * (973 rows × 33 columns in July 2025; sheet "Contracting Opportunities Data", header on row 13).
 */
export const doj = defineSource({
  key: 'doj',
  name: 'Department of Justice',
  agency: 'Department of Justice',
  entryUrl: 'https://www.justice.gov/jmd/doj-forecast-contracting-opportunities',
  method: 'forecast page → "Download the Excel File" workbook',
  fileFormats: ['xlsx'],
  acquire: {
    kind: 'linked-file',
    // The href has no extension (/media/1381791/dl): only the link's text tells the workbook.
    pickLink: (links) => links.find((link) => /download the excel file/i.test(link.text)),
    linkDescription: 'a "Download the Excel File" link',
  },
  layouts: {
    table: {
      requiredHeaders: ['Action Tracking Number', 'Contract Name'],
      // The workbook opens on other sheets (instructions, charts): the data sheet is tried first.
      sheet: 'Contracting Opportunities Data',
      key: ['Action Tracking Number'],
      columns: {
        native_id: 'Action Tracking Number',
        office: 'Bureau',
        title: 'Contract Name',
        description: 'Description of Requirement',
        contract_type: 'Contract Type (Pricing)',
        naics: 'NAICS Code',
        set_aside: 'Small Business Approach',
        value: 'Estimated Total Contract Value (Range)',
        // Both hold a quarter ("Q2, 2025"); the award column also holds date cells.
        release_date: 'Target Solicitation Date',
        award_date: 'Target Award Date',
        place: 'Place of Performance',
        place_country: 'Country',
        // "Smith, David (FPI)"; without a requirement POC, the small-business POC answers.
        contact_name: 'DOJ Requirement POC - Name',
        contact_email: 'DOJ Requirement POC - Email Address',
        alt_contact_name: 'DOJ Small Business POC - Name',
        alt_contact_email: 'DOJ Small Business POC - Email Address',
      },
    },
  },
});
