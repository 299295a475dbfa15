import { defineSource, findLink } from './define-source.js';

/**
 * Department of Transportation: the summary-forecast page offers the forecast as a CSV download
 * (1,490 rows × 29 columns in July 2025). DOT was reported moving its forecast into the
 * Acquisition Gateway in October 2025: a page without the CSV link says so.
 */
export const dot = defineSource({
  key: 'dot',
  name: 'Department of Transportation',
  agency: 'Department of Transportation',
  entryUrl: 'https://www.transportation.gov/osdbu/procurement-assistance/summary-forecast',
  method: 'summary-forecast page → linked CSV',
  fileFormats: ['csv'],
  acquire: {
    kind: 'linked-file',
    // The download is a view export whose href need not end in .csv: its text or href says CSV.
    pickLink: (links) => findLink(links, { mentions: /csv/i, preferred: /download|export/i }),
    linkDescription:
      'a CSV download link (DOT was reported moving its forecast into the Acquisition Gateway in ' +
      'October 2025; if it has, its records arrive with: jps scrape --source acquisition-gateway)',
  },
  layouts: {
    table: {
      requiredHeaders: ['Sequence Number', 'Project Title'],
      // Sequence Number is missing on about a third of the rows: those get derived keys.
      key: ['Sequence Number'],
      columns: {
        native_id: 'Sequence Number',
        office: 'Procurement Office',
        // An empty Project Title gives way to the description's first line (normaliseProspect).
        title: 'Project Title',
        description: 'Description',
        value: 'Estimated Value',
        naics: 'NAICS',
        set_aside: 'Competition Type',
        // FY is the year of the RFP Quarter ("1st QTR"): it dates the release, never the award.
        release_quarter: 'RFP Quarter',
        release_fiscal_year: 'FY',
        award_date: 'Anticipated Award Date',
        place: 'Place of Performance',
        contact_name: 'Contact Name',
        contact_email: 'Contact Email',
        incumbent: 'Incumbent Contractor',
      },
    },
  },
});
