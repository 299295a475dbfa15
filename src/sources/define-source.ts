import type { Cell } from '../normalise/cell.js';
import type { RawProspect } from '../normalise/prospect.js';

/** A link found on a source's landing page, its href resolved against the page's URL. */
export interface PageLink {
  href: string;
  text: string;
}

/** One JSON record as the pipeline hands it to a layout: nested members flattened to `a.b` paths. */
export type JsonRecord = Record<string, unknown>;

/** What a JSON answer held: its records and, when the source reports one, the total it claims. */
export interface ExtractedRecords {
  records: JsonRecord[];
  total?: number | null;
}

/** Request details a source needs beyond the pipeline's defaults. */
export interface RequestOptions {
  headers?: Record<string, string>;
  /** Per-request timeout; the pipeline's default is 60 s, `JPS_HTTP_TIMEOUT` overrides every source. */
  timeoutMillis?: number;
  /** HHS has answered 404 while showing the full forecast: a 404 with a real page is content. */
  acceptContentOn404?: boolean;
}

/**
 * How the pipeline gets a source's data from its entry URL. Every kind is carried out by the
 * pipeline (src/scraper); a source only says which, with pure hooks for its quirks.
 */
export type Acquisition =
  /** The entry URL answers the data itself: a JSON array, a CSV, a page with the table. */
  | ({ kind: 'download'; extract?: (body: unknown) => ExtractedRecords } & RequestOptions)
  /** The entry URL is a page that links the data file; `pickLink` chooses it among the page's links. */
  | ({
      kind: 'linked-file';
      pickLink: (links: readonly PageLink[]) => PageLink | undefined;
      /** What the link looks like, for the error when the page has none ("a link to a .xlsm workbook"). */
      linkDescription: string;
      /** When the page links no file but shows the data itself as a `<table>`, read that table. */
      readPageTable?: boolean;
      /** Request details for the file itself (the page uses the same unless given). */
      file?: RequestOptions;
    } & RequestOptions)
  /** A JSON API read page by page, de-duplicated by `recordId`, with a coverage check against a total. */
  | ({
      kind: 'paged-json';
      pageUrl: (entryUrl: string, page: number) => string;
      extract: (body: unknown) => ExtractedRecords;
      recordId: (record: JsonRecord) => string;
      maxPages: number;
      /** Stop after this many pages in a row that add nothing new. */
      stalePagesLimit: number;
      /** A pull stopped by the budget is stored as partial. */
      timeBudgetMillis: number;
    } & RequestOptions)
  /** One JSON POST (Salesforce Apex) whose answer holds the records. */
  | ({ kind: 'post-json'; body: unknown; extract: (body: unknown) => ExtractedRecords } & RequestOptions);

/** Reads one row's cells by header (or JSON member path), matching headers as the pipeline does. */
export interface RowReader {
  get(header: string): Cell;
}

/** Header names (or JSON member paths): the first is the name, the rest aliases. */
export type HeaderNames = string | readonly string[];

/** How one shape of a source's data (its JSON, or its table) maps onto the record. */
export interface Layout {
  /** Headers that must be present; the header row is the first of the first 30 that holds them all. */
  requiredHeaders: readonly HeaderNames[];
  /** Record concept → the header that feeds it. */
  columns: Partial<Record<keyof RawProspect, HeaderNames>>;
  /** Headers tried in order for the native key; none non-empty → a derived key. */
  key?: readonly string[];
  /** The agency's id as the key should hold it, when its cells carry decoration (DHS's `*`). */
  cleanKey?: (id: string) => string;
  /** A header as it is matched, when the file decorates its headers (the Gateway's `Content: `). */
  headerName?: (header: string) => string;
  /** Headers a transform reads (as a condition or fallback) and so are not `extra`. */
  reads?: readonly string[];
  /** Headers that are never kept, not even in `extra` (volatile counters). */
  ignore?: (header: string) => boolean;
  /** A workbook sheet to try first. */
  sheet?: string;
  /** A source's quirks, as a pure function of the mapped row. */
  transform?: (raw: RawProspect, row: RowReader) => RawProspect;
}

export interface SourceDefinition {
  /** `acquisition-gateway`, `ssa`, … — the id prefix, `--source` value and `JPS_<KEY>_URL`. */
  key: string;
  name: string;
  /** The department: every record's agency unless its layout maps one (the Gateway does). */
  agency: string;
  entryUrl: string;
  /** How it is fetched, in words, for `jps sources`. */
  method: string;
  /** What `--file` accepts, for `jps sources` and error messages. */
  fileFormats: readonly string[];
  acquire: Acquisition;
  /** By what the payload turned out to be: JSON records, or a table (CSV, workbook, HTML table). */
  layouts: { json?: Layout; table?: Layout };
}

/** Identity function that gives a source definition its type (and checks it). */
export function defineSource<const T extends SourceDefinition>(definition: T): T {
  return definition;
}

/** Picks a link by what its href's path ends with and what it mentions, preferring `preferred`. */
export function findLink(
  links: readonly PageLink[],
  options: { extensions?: readonly string[]; mentions?: RegExp; preferred?: RegExp },
): PageLink | undefined {
  const candidates = links.filter((link) => {
    let path = link.href;
    try {
      path = new URL(link.href).pathname;
    } catch {
      // A relative href the page could not resolve: match on the text as written.
    }
    const extensionOk =
      !options.extensions || options.extensions.some((ext) => path.toLowerCase().endsWith(ext));
    const mentionOk =
      !options.mentions || options.mentions.test(link.href) || options.mentions.test(link.text);
    return extensionOk && mentionOk;
  });
  const preferred = options.preferred;
  return (
    (preferred && candidates.find((link) => preferred.test(link.href) || preferred.test(link.text))) ??
    candidates[0]
  );
}
