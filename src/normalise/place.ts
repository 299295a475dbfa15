import type { Cell } from './cell.js';
import { cleanText, cleanValue } from './text.js';

export interface Place {
  place_of_performance: string | null;
  place_city: string | null;
  place_state: string | null;
  place_country: string | null;
}

/** USPS codes of the states, DC and the inhabited territories, with their names. */
const STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  DC: 'District of Columbia',
  PR: 'Puerto Rico',
  GU: 'Guam',
  VI: 'Virgin Islands',
  AS: 'American Samoa',
  MP: 'Northern Mariana Islands',
};

/** Other spellings of a state or territory, by their normalised key (see `placeKey`). */
const STATE_ALIASES: Record<string, string> = {
  'washington dc': 'DC',
  'washington district of columbia': 'DC',
  'washington state': 'WA',
  'new york state': 'NY',
  'us virgin islands': 'VI',
  'united states virgin islands': 'VI',
  'virgin islands of the united states': 'VI',
  'virgin islands us': 'VI',
  usvi: 'VI',
  'commonwealth of puerto rico': 'PR',
  'commonwealth of the northern mariana islands': 'MP',
  'northern marianas': 'MP',
  cnmi: 'MP',
};

const STATE_BY_KEY = new Map<string, string>();
for (const [code, name] of Object.entries(STATES)) {
  STATE_BY_KEY.set(code.toLowerCase(), code);
  STATE_BY_KEY.set(placeKey(name), code);
}
for (const [key, code] of Object.entries(STATE_ALIASES)) STATE_BY_KEY.set(key, code);

/** "United States" in the spellings agencies use: "UNITED STATES", "US", "U.S.", "USA", "U.S.A.". */
const UNITED_STATES = new Set([
  'us',
  'usa',
  'united states',
  'united states of america',
  'the united states',
  'the united states of america',
  'america',
  'united states us',
  'united states usa',
]);

/**
 * Countries other than the United States, so "City, Country" can be told from "City, Region".
 * Short English names as agencies write them; matched case-insensitively.
 */
const COUNTRIES = new Set(
  (
    'afghanistan|albania|algeria|andorra|angola|antigua and barbuda|argentina|armenia|aruba|australia|' +
    'austria|azerbaijan|bahamas|the bahamas|bahrain|bangladesh|barbados|belarus|belgium|belize|benin|' +
    'bermuda|bhutan|bolivia|bosnia and herzegovina|botswana|brazil|brunei|bulgaria|burkina faso|burma|' +
    'burundi|cabo verde|cape verde|cambodia|cameroon|canada|central african republic|chad|chile|china|' +
    'colombia|comoros|congo|democratic republic of the congo|republic of the congo|costa rica|' +
    "cote d'ivoire|côte d'ivoire|ivory coast|croatia|cuba|curacao|cyprus|czech republic|czechia|" +
    'denmark|djibouti|dominica|dominican republic|ecuador|egypt|el salvador|equatorial guinea|eritrea|' +
    'estonia|eswatini|swaziland|ethiopia|fiji|finland|france|gabon|gambia|the gambia|georgia|germany|' +
    'ghana|greece|greenland|grenada|guatemala|guinea|guinea-bissau|guyana|haiti|holy see|honduras|' +
    'hong kong|hungary|iceland|india|indonesia|iran|iraq|ireland|israel|italy|jamaica|japan|jerusalem|' +
    'jordan|kazakhstan|kenya|kiribati|korea|south korea|north korea|republic of korea|kosovo|kuwait|' +
    'kyrgyzstan|laos|latvia|lebanon|lesotho|liberia|libya|liechtenstein|lithuania|luxembourg|macau|' +
    'madagascar|malawi|malaysia|maldives|mali|malta|marshall islands|mauritania|mauritius|mexico|' +
    'micronesia|federated states of micronesia|moldova|monaco|mongolia|montenegro|morocco|mozambique|' +
    'myanmar|namibia|nauru|nepal|netherlands|the netherlands|new zealand|nicaragua|niger|nigeria|' +
    'north macedonia|macedonia|norway|oman|pakistan|palau|palestinian territories|west bank|gaza|panama|' +
    'papua new guinea|paraguay|peru|philippines|poland|portugal|qatar|romania|russia|russian federation|' +
    'rwanda|saint kitts and nevis|saint lucia|saint vincent and the grenadines|samoa|san marino|' +
    'sao tome and principe|saudi arabia|senegal|serbia|seychelles|sierra leone|singapore|slovakia|' +
    'slovenia|solomon islands|somalia|south africa|south sudan|spain|sri lanka|sudan|suriname|sweden|' +
    'switzerland|syria|taiwan|tajikistan|tanzania|thailand|timor-leste|east timor|togo|tonga|' +
    'trinidad and tobago|tunisia|turkey|turkiye|türkiye|turkmenistan|tuvalu|uganda|ukraine|' +
    'united arab emirates|uae|united kingdom|uk|great britain|england|scotland|wales|northern ireland|' +
    'uruguay|uzbekistan|vanuatu|vatican city|venezuela|vietnam|viet nam|yemen|zambia|zimbabwe'
  )
    .split('|')
    .map(placeKey),
);

/** Places that are no city: regions, offices, "Nationwide", "Remote", … (docs/record.md keeps them unsplit). */
const NOT_A_CITY =
  /^(?:regions?\b|headquarters|hq\b|nationwide|nation[\s-]wide|various|multiple|remote|telework|virtual|tbd|to be determined|n\/?a\b|none\b|conus|oconus|contractor|government|gov't|on[\s-]?site|off[\s-]?site|worldwide|world[\s-]wide|global|all\b|any\b|throughout|field\b|see\b|other\b|domestic|international|overseas|multi|several|numerous)/i;

/** The whole United States (docs/record.md: "Nationwide" is USA), "Nationwide - United States" included. */
const NATIONWIDE =
  /^(?:(?:nationwide|nation[\s-]wide)(?![a-z]).*|conus|continental u\.?s\.?a?\.?|all states|all 50 states)$/i;

/** "Washington, DC", "Washington D.C.", "Washington, District of Columbia": the city and DC. */
const WASHINGTON_DC = /^(washington)\s*,?\s*(?:d\.?\s*c\.?|district of columbia)$/i;

/** A trailing ZIP code ("Lexington, KY 40511"). */
const ZIP_SUFFIX = /\s+\d{5}(?:-\d{4})?$/;

/**
 * The place of performance (docs/record.md "Place of performance"). A source gives either one text
 * ("Lexington, KY", "MD, United States", "Region 02") or split columns (city, state, country), or a
 * text and a country (DOJ). `place_of_performance` is every given part as written and cleaned, in
 * the order text, city, state, country, joined by ", "; a part already written (as a whole, or as
 * one comma-separated part of an earlier one: "Paris, France" + "France") is not repeated. Empty
 * markers in it are kept so a reader sees them, but never become city or state.
 */
export function parsePlace(input: { text?: Cell; city?: Cell; state?: Cell; country?: Cell }): Place {
  const written = [input.text, input.city, input.state, input.country].map((part) => cleanText(part));
  const [textWritten, cityWritten, stateWritten, countryWritten] = written;
  const place_of_performance = joinParts(written);

  let city: string | null = null;
  let state: string | null = null;
  let country: string | null = null;
  let unitedStates = false;

  if (cityWritten !== null || stateWritten !== null) {
    const fromColumns = readColumns(cleanValue(cityWritten ?? null), cleanValue(stateWritten ?? null));
    ({ city, state, country } = fromColumns);
    unitedStates = fromColumns.unitedStates;
  }
  const text = cleanValue(textWritten ?? null);
  const countryColumn = cleanValue(countryWritten ?? null);
  if (text !== null) {
    const fromText = readPlaceText(withCountry(text, countryColumn));
    if (city === null && state === null) {
      city = fromText.city;
      state = fromText.state;
    }
    country ??= fromText.country;
    unitedStates ||= fromText.unitedStates;
  }

  // The source's own country column wins over what a place text implies.
  if (countryColumn !== null) country = isUnitedStates(countryColumn) ? 'USA' : countryColumn;
  else if (country === null && unitedStates) country = 'USA';

  return { place_of_performance, place_city: city, place_state: state, place_country: country };
}

/** The USPS code of a state, DC or territory name or code in any case ("MARYLAND", "md", "D.C."). */
export function stateCode(text: string): string | null {
  return STATE_BY_KEY.get(placeKey(text)) ?? null;
}

/** True for the United States in any spelling: "United States", "UNITED STATES", "US", "U.S.", "USA". */
export function isUnitedStates(text: string): boolean {
  return UNITED_STATES.has(placeKey(text));
}

interface PlaceReading {
  city: string | null;
  state: string | null;
  country: string | null;
  unitedStates: boolean;
}

const NOWHERE: PlaceReading = { city: null, state: null, country: null, unitedStates: false };

/**
 * DOJ gives a place text and a Country column: "Kabul" with "Afghanistan" is read as "Kabul,
 * Afghanistan", so the text is a city there, as it is in "Chicago, United States".
 */
function withCountry(text: string, country: string | null): string {
  if (country === null) return text;
  const last = text.split(',').pop()!.trim();
  return isUnitedStates(last) || isCountry(last) ? text : `${text}, ${country}`;
}

/** Split city and state columns (Gateway, DHS, DOC, DOS). */
function readColumns(cityValue: string | null, stateValue: string | null): PlaceReading {
  let city: string | null = null;
  let state: string | null = null;
  let country: string | null = null;
  let unitedStates = false;

  if (stateValue !== null) {
    const fromState = readPlaceText(stateValue);
    state = fromState.state;
    unitedStates = fromState.unitedStates;
    if (fromState.country !== null && fromState.country !== 'USA') country = fromState.country;
  }
  if (cityValue !== null) {
    if (NATIONWIDE.test(cityValue)) {
      unitedStates = true;
    } else if (stateValue === null && /,/.test(cityValue)) {
      // A city column that holds the whole place ("Lexington, KY") is read like a place text.
      return readPlaceText(cityValue);
    } else if (!NOT_A_CITY.test(cityValue)) {
      city = cityValue;
    }
  }
  return { city, state, country, unitedStates };
}

/** One place text: "City, ST", "City, State Name", "ST, United States", "City, Country", lists, regions. */
function readPlaceText(text: string): PlaceReading {
  if (NATIONWIDE.test(text) || isUnitedStates(text))
    return { ...NOWHERE, country: 'USA', unitedStates: true };
  const dc = WASHINGTON_DC.exec(text);
  if (dc) return { city: dc[1]!, state: 'DC', country: 'USA', unitedStates: true };
  const lone = stateCode(text);
  if (lone !== null) return { ...NOWHERE, state: lone, country: 'USA', unitedStates: true };

  const segments = splitList(text);
  if (segments.length >= 2) {
    // "AZ, CA, OK, TX", "VA/MD/DC", "Arlington, VA; Washington, DC": several places stay unsplit.
    const codes = segments.map(stateCode);
    if (codes.every((code) => code !== null)) {
      const pair = readCityState(segments);
      if (pair !== null) return pair;
      return { ...NOWHERE, country: 'USA', unitedStates: true };
    }
    if (/[;/|&]|\band\b/i.test(text)) {
      const places = text.split(/\s*(?:[;/|&]|\band\b)\s*/i).filter((part) => part !== '');
      const allUs = places.length > 0 && places.every((part) => readPlaceText(part).unitedStates);
      return allUs ? { ...NOWHERE, country: 'USA', unitedStates: true } : NOWHERE;
    }
  }

  const tokens = text
    .split(',')
    .map((token) => token.replace(ZIP_SUFFIX, '').trim())
    .filter((token) => token !== '');
  let country: string | null = null;
  if (tokens.length >= 2) {
    const last = tokens[tokens.length - 1]!;
    if (isUnitedStates(last)) {
      country = 'USA';
      tokens.pop();
    } else if (stateCode(last) === null && isCountry(last)) {
      country = last;
      tokens.pop();
    }
  }

  if (tokens.length === 1) {
    const only = tokens[0]!;
    const code = country === null || country === 'USA' ? stateCode(only) : null;
    if (code !== null) return { ...NOWHERE, state: code, country: 'USA', unitedStates: true };
    const dcCity = WASHINGTON_DC.exec(only);
    if (dcCity && (country === null || country === 'USA')) {
      return { city: dcCity[1]!, state: 'DC', country: 'USA', unitedStates: true };
    }
    const glued = country === null || country === 'USA' ? /^(.+?)\s+([A-Z]{2})$/.exec(only) : null;
    const gluedCode = glued ? STATES[glued[2]!] && glued[2]! : undefined;
    if (glued && gluedCode && !NOT_A_CITY.test(glued[1]!)) {
      // "Silver Spring MD": a city and an upper-case USPS code without the comma.
      return { city: glued[1]!, state: gluedCode, country: 'USA', unitedStates: true };
    }
    if (country !== null && !NOT_A_CITY.test(only)) {
      return { city: only, state: null, country, unitedStates: country === 'USA' };
    }
    if (country === null && isCountry(only)) return { ...NOWHERE, country: only };
    return { ...NOWHERE, country, unitedStates: country === 'USA' };
  }

  if (tokens.length === 2) {
    const pair = readCityState(tokens);
    if (pair !== null && (country === null || country === 'USA')) return pair;
  }
  return { ...NOWHERE, country, unitedStates: country === 'USA' };
}

/**
 * Two parts of which the second is a state: "Lexington, KY", "Silver Spring, Maryland",
 * "New York, NY", "Washington, DC". Two different states ("VA, MD") are a list, not a city.
 */
function readCityState(parts: string[]): PlaceReading | null {
  if (parts.length !== 2) return null;
  const [first, second] = parts as [string, string];
  if (/^washington$/i.test(first) && stateCode(second) === 'DC') {
    return { city: first, state: 'DC', country: 'USA', unitedStates: true };
  }
  const secondCode = stateCode(second);
  if (secondCode === null) return null;
  const firstCode = stateCode(first);
  if (firstCode !== null && firstCode !== secondCode) return null;
  const city = NOT_A_CITY.test(first) ? null : first;
  return { city, state: secondCode, country: 'USA', unitedStates: true };
}

function splitList(text: string): string[] {
  return text
    .split(/\s*(?:[,;/|&]|\band\b)\s*/i)
    .map((part) => part.replace(ZIP_SUFFIX, '').trim())
    .filter((part) => part !== '');
}

function isCountry(text: string): boolean {
  return COUNTRIES.has(placeKey(text));
}

/** Lower case, periods, apostrophes and the Hawaiian ʻokina dropped, spaces collapsed. */
function placeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.'’ʻ()]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function joinParts(parts: (string | null)[]): string | null {
  const kept: string[] = [];
  for (const part of parts) {
    if (part === null) continue;
    const key = part.toLowerCase();
    const repeated = kept.some((earlier) =>
      earlier
        .toLowerCase()
        .split(',')
        .some((token) => token.trim() === key),
    );
    if (repeated) continue;
    kept.push(part);
  }
  return kept.length === 0 ? null : kept.join(', ');
}
