import type { Cell } from './cell.js';
import { pickContact } from './contact.js';
import { resolveTiming } from './fiscal.js';
import { htmlToText } from './html.js';
import { parseMoney } from './money.js';
import { parseNaics } from './naics.js';
import { parsePlace } from './place.js';
import { SET_ASIDE_LABELS, standardiseSetAside, type SetAsideCode } from './set-aside.js';
import { cellText, cleanMultiline, cleanText, cleanValue, isEmptyMarker } from './text.js';

/**
 * What a source's column mapping produces for one row: cells by the record concept they feed,
 * not yet normalised. Every member is optional; a source fills the ones it has.
 */
export interface RawProspect {
  native_id?: Cell;
  title?: Cell;
  /** Plain-text description: its line breaks are kept. */
  description?: Cell;
  /** HTML description (Gateway `body`, DHS `requirement`): read as a browser shows it. */
  description_html?: Cell;
  /** Multi-agency sources only; otherwise the source's department. */
  agency?: Cell;
  office?: Cell;
  naics?: Cell;
  /** A separate NAICS description column; the code's own text wins when it has one. */
  naics_description?: Cell;
  value?: Cell;
  release_date?: Cell;
  release_quarter?: Cell;
  release_fiscal_year?: Cell;
  award_date?: Cell;
  award_quarter?: Cell;
  award_fiscal_year?: Cell;
  place?: Cell;
  place_city?: Cell;
  place_state?: Cell;
  place_country?: Cell;
  contract_type?: Cell;
  set_aside?: Cell;
  /** A small-business program kept beside the set-aside (DHS): the text joins them, "Full / 8(a)". */
  set_aside_program?: Cell;
  /** A source that judges its own set-aside code from several members (DHS) gives it here. */
  set_aside_code?: SetAsideCode;
  contact_name?: Cell;
  contact_first_name?: Cell;
  contact_last_name?: Cell;
  contact_email?: Cell;
  /** A second contact, used only when the first has neither a name nor an e-mail. */
  alt_contact_name?: Cell;
  alt_contact_email?: Cell;
  incumbent?: Cell;
  url?: Cell;
}

/** The normalised fields of docs/record.md that come from a source row (identity and timestamps excluded). */
export interface ProspectFields {
  native_id: string | null;
  title: string;
  description: string | null;
  agency: string;
  office: string | null;
  naics: string | null;
  naics_description: string | null;
  estimated_value_text: string | null;
  estimated_value_min: number | null;
  estimated_value_max: number | null;
  release_date: string | null;
  award_date: string | null;
  award_fiscal_year: number | null;
  award_quarter: number | null;
  place_of_performance: string | null;
  place_city: string | null;
  place_state: string | null;
  place_country: string | null;
  contract_type: string | null;
  set_aside: string | null;
  set_aside_standardized: SetAsideCode;
  set_aside_standardized_label: string;
  primary_contact_name: string | null;
  primary_contact_email: string | null;
  incumbent: string | null;
  url: string | null;
}

export type NormaliseResult = { ok: true; fields: ProspectFields } | { ok: false; reason: string };

const TITLE_MAX_CHARS = 200;

/** A start or end tag, or a comment: text with none of these is not markup. */
const HTML_TAG = /<\/?[a-z][^>]*>|<!--/i;

/**
 * An HTML member's value as the description (docs/record.md): markup is read as a browser shows it,
 * but a value holding no tag at all is plain text whose lines are kept — DHS's `requirement` is
 * often paragraphs separated by CRLF, which read as HTML would run together.
 */
function descriptionFromHtml(value: string): string | null {
  if (!HTML_TAG.test(value)) return cleanMultiline(value);
  // htmlToText has decoded the entities once: decoding again would turn an escaped "&amp;lt;" into "<".
  return cleanMultiline(htmlToText(value), { decodeEntities: false });
}

/** Turns one source row into the record's fields, or says why the row is skipped. */
export function normaliseProspect(raw: RawProspect, defaults: { agency: string }): NormaliseResult {
  const description =
    raw.description_html !== undefined && raw.description_html !== null
      ? descriptionFromHtml(cellText(raw.description_html))
      : cleanMultiline(raw.description);
  const title = cleanValue(raw.title) ?? titleFromDescription(description);
  if (title === null) return { ok: false, reason: 'no title' };

  const naics = parseNaics(raw.naics);
  const money = parseMoney(raw.value);
  const release = resolveTiming({
    date: raw.release_date,
    quarter: raw.release_quarter,
    fiscalYear: raw.release_fiscal_year,
  });
  const award = resolveTiming({
    date: raw.award_date,
    quarter: raw.award_quarter,
    fiscalYear: raw.award_fiscal_year,
  });
  const place = parsePlace({
    text: raw.place,
    city: raw.place_city,
    state: raw.place_state,
    country: raw.place_country,
  });

  const setAsideParts =
    raw.set_aside_program !== undefined
      ? [cleanText(raw.set_aside), cleanText(raw.set_aside_program)]
      : [cleanText(raw.set_aside)];
  const setAside = setAsideParts.filter((part): part is string => part !== null).join(' / ') || null;
  const code = raw.set_aside_code ?? standardiseSetAside(setAside);

  const contact = pickContact([
    {
      name: raw.contact_name,
      firstName: raw.contact_first_name,
      lastName: raw.contact_last_name,
      email: raw.contact_email,
    },
    { name: raw.alt_contact_name, email: raw.alt_contact_email },
  ]);

  return {
    ok: true,
    fields: {
      native_id: cleanNativeId(raw.native_id),
      title,
      description,
      agency: cleanValue(raw.agency) ?? defaults.agency,
      office: cleanValue(raw.office),
      naics: naics.code,
      naics_description:
        naics.description ?? (naics.code === null ? null : cleanValue(raw.naics_description)),
      estimated_value_text: money.text,
      estimated_value_min: money.min,
      estimated_value_max: money.max,
      release_date: release.date,
      award_date: award.date,
      award_fiscal_year: award.fiscalYear,
      award_quarter: award.quarter,
      ...place,
      contract_type: cleanValue(raw.contract_type),
      set_aside: setAside,
      set_aside_standardized: code,
      set_aside_standardized_label: SET_ASIDE_LABELS[code],
      primary_contact_name: contact.name,
      primary_contact_email: contact.email,
      incumbent: cleanValue(raw.incumbent),
      url: cleanValue(raw.url),
    },
  };
}

/** The agency's own id, cleaned: a number cell gives its digits; an empty marker is no id. */
export function cleanNativeId(value: Cell): string | null {
  const text = typeof value === 'number' ? String(Math.trunc(value)) : cleanText(value);
  if (text === null || isEmptyMarker(text)) return null;
  return text;
}

/** SSA has no title column: the description's first line, cut at a word boundary, no ellipsis. */
export function titleFromDescription(description: string | null): string | null {
  const firstLine = description?.split('\n')[0]?.trim();
  if (!firstLine) return null;
  if (firstLine.length <= TITLE_MAX_CHARS) return firstLine;
  const cut = firstLine.slice(0, TITLE_MAX_CHARS + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : firstLine.slice(0, TITLE_MAX_CHARS)).trim();
}
