/**
 * One key per department however a site names it: "Department of Transportation", "U.S.
 * Department of Transportation", "Transportation, Department of" and "DOT" are all
 * `transportation`. The Gateway names the department each record belongs to; a department's own
 * file always names itself, so equal keys are what puts a Gateway listing beside the department's.
 */

const ALIASES: Record<string, string> = {
  dot: 'transportation',
  dos: 'state',
  'state department': 'state',
  doc: 'commerce',
  hhs: 'health and human services',
  dhhs: 'health and human services',
  ssa: 'social security administration',
  dhs: 'homeland security',
  doj: 'justice',
  treasury: 'treasury',
  'treasury department': 'treasury',
  usda: 'agriculture',
  doi: 'interior',
  interior: 'interior',
  va: 'veterans affairs',
  gsa: 'general services administration',
  dol: 'labor',
  doe: 'energy',
  ed: 'education',
};

export function departmentKey(agency: string): string {
  let name = agency
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9,]+/g, ' ');
  // "Transportation, Department of" → "Department of Transportation"
  const inverted = /^(.+?),\s*(department|dept) of( the)?\s*$/.exec(name.trim());
  if (inverted) name = `department of ${inverted[1]}`;
  name = name
    .replace(/,/g, ' ')
    .replace(/\b(u s|us|united states)\b/g, ' ')
    .replace(/\b(department|dept) of( the)?\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return ALIASES[name] ?? name;
}
