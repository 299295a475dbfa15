import { defineSource, findLink } from './define-source.js';

/**
 * Department of Health and Human Services: the OSDBU opportunity forecast page. Since 2026 it sits
 * behind a sign-in with MFA, which jps cannot pass: the pipeline recognises the sign-in page and
 * fails with a message that says to export the CSV while signed in and run
 * `jps scrape --source hhs --file <export.csv>`.
 *
 * When the page is open, what it holds is not fixed: it has offered the forecast as a CSV export
 * link ("Export to CSV") and shown it as a table on the page itself. Both are read: a CSV link is
 * followed (it is the whole forecast; a page table may be cut into pages), else a table on the
 * page is read under the same headers as the CSV. A page with neither fails naming its title.
 *
 * The CSV has no id column: every key is derived from title, office, NAICS and place.
 */
export const hhs = defineSource({
  key: 'hhs',
  name: 'Department of Health and Human Services',
  agency: 'Department of Health and Human Services',
  entryUrl: 'https://osdbu.hhs.gov/industry/opportunity-forecast',
  method: 'forecast page (sign-in since 2026; use --file with the CSV export)',
  fileFormats: ['csv'],
  acquire: {
    kind: 'linked-file',
    pickLink: (links) => findLink(links, { mentions: /\bcsv\b/i, preferred: /forecast/i }),
    linkDescription: 'a CSV export link or a forecast table',
    readPageTable: true,
    // HHS has answered 404 while showing the full forecast (seen 2025): a 404 with a real page is content.
    acceptContentOn404: true,
  },
  layouts: {
    table: {
      requiredHeaders: ['Title', 'Operating Division'],
      columns: {
        title: 'Title',
        description: 'Description',
        office: 'Operating Division',
        naics: 'Primary NAICS',
        value: 'Total Contract Range',
        award_date: 'Target Award Month/Year (Award by)',
        release_date: 'Target Solicitation Month/Year',
        set_aside: 'Anticipated Acquisition Strategy',
        contact_first_name: 'Program Office POC First Name',
        contact_last_name: 'Program Office POC Last Name',
        contact_email: 'Program Office POC Email',
        incumbent: 'Incumbent Contractor (if applicable)',
      },
    },
  },
});
