import * as z from 'zod';
import { EXPECTED, readMoney, readNaicsPrefix, readSetAside } from '../list-filters.js';
import { MAX_CURSOR_CHARS } from '../store/page-cursor.js';
import { SORT_FIELDS } from '../store/prospect-queries.js';
import type { EventKind } from '../store/schema.js';
import { parseIsoDate } from '../time.js';
import { ApiError } from './api-error.js';

/** A query string longer than this is refused before it is read: a request's work is bounded. */
export const MAX_QUERY_STRING_CHARS = 8_192;
/** `search` / `keywords` longer than this are a 400 (docs/api.md). */
export const MAX_SEARCH_CHARS = 500;
/** Substring filters (`agency`, `office`) and other free text. */
const MAX_TEXT_CHARS = 200;
/** Deep pages are bounded too: an OFFSET walks every row before it. */
const MAX_PAGE = 1_000_000;

/** The raw query of a request: each known name to its first value, empty values dropped. */
export type QueryValues = ReadonlyMap<string, string>;

/**
 * Reads a query string the way a browser writes one (`+` is a space, `%XX` UTF-8). Unlike
 * URLSearchParams it refuses a malformed percent-encoding instead of passing it through, and it
 * refuses an oversized string before splitting it. The first value of a repeated name wins, as in
 * Flask's `request.args.get`, which the original frontend was written against. An empty value
 * (`agency=`) is no value: the frontend sends every filter, blank or not.
 */
export function parseQueryString(raw: string): QueryValues {
  if (raw.length > MAX_QUERY_STRING_CHARS) {
    throw ApiError.validation(`the query string is too long (over ${MAX_QUERY_STRING_CHARS} characters)`);
  }
  const values = new Map<string, string>();
  if (raw === '') return values;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeComponent(pair.slice(equals + 1));
    if (value.trim() === '' || values.has(name)) continue;
    values.set(name, value);
  }
  return values;
}

/** One percent-encoded piece of a URL; a bad encoding is the client's error. */
export function decodeComponent(text: string, plusIsSpace = true): string {
  const spaced = plusIsSpace ? text.replaceAll('+', ' ') : text;
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw ApiError.validation(`malformed percent-encoding in "${truncate(text, 60)}"`);
  }
}

// --- value schemas: every one reads a string and explains itself when it fails ---

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, { error: `must be a whole number from ${min} to ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be from ${min} to ${max}` })
        .max(max, { error: `must be from ${min} to ${max}` }),
    );

/** A string read by one of src/list-filters.ts's readers, the same readers `jps list` uses. */
const readWith = <T>(read: (text: string) => T | null, expected: string) =>
  z.string().transform((given, ctx): T => {
    const value = read(given);
    if (value === null) {
      ctx.addIssue({ code: 'custom', message: `must be ${expected}` });
      return z.NEVER;
    }
    return value;
  });

const amount = readWith(readMoney, EXPECTED.money);

const isoDate = readWith(parseIsoDate, EXPECTED.date);

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `must be at most ${max} characters` });

const sortField = z.enum([...SORT_FIELDS, 'id'], {
  error: `must be one of ${[...SORT_FIELDS, 'id'].join(', ')}`,
});
/** `/api/prospects` also sorts on `relevance`, with a search (its default then). */
const prospectSortField = z.enum(['relevance', ...SORT_FIELDS, 'id'], {
  error: `must be one of relevance (with a search), ${[...SORT_FIELDS, 'id'].join(', ')}`,
});
const sortOrder = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['asc', 'desc'], { error: 'must be asc or desc' }));

const setAsideCode = readWith(readSetAside, EXPECTED.setAside);

const EVENT_KINDS = ['added', 'updated', 'removed', 'restored'] as const satisfies readonly EventKind[];

/** A comma list of data-source ids or keys, resolved later against the registered sources. */
const sourceList = text(MAX_TEXT_CHARS).transform((list) =>
  list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

// --- the parameters of each route ---

export const prospectListParams = z
  .object({
    page: wholeNumber(1, MAX_PAGE).default(1),
    limit: wholeNumber(1, 100).default(10),
    // The next_cursor of an earlier page: the page after it, sought through the sort index.
    cursor: text(MAX_CURSOR_CHARS).optional(),
    // Defaults to relevance with a search, else release_date (prospectSort in routes.ts).
    sort_by: prospectSortField.optional(),
    sort_order: sortOrder.default('desc'),
    search: text(MAX_SEARCH_CHARS).optional(),
    keywords: text(MAX_SEARCH_CHARS).optional(),
    naics: readWith(readNaicsPrefix, EXPECTED.naics).optional(),
    source_ids: sourceList.optional(),
    agency: text(MAX_TEXT_CHARS).optional(),
    office: text(MAX_TEXT_CHARS).optional(),
    set_aside: setAsideCode.optional(),
    status: z
      .enum(['active', 'removed', 'all'], { error: 'must be active, removed or all' })
      .default('active'),
    min_value: amount.optional(),
    max_value: amount.optional(),
    release_from: isoDate.optional(),
    release_to: isoDate.optional(),
    award_from: isoDate.optional(),
    award_to: isoDate.optional(),
    // One item per group of likely duplicates, each with the others it stands for.
    collapse_duplicates: z
      .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
      .transform((value) => value === 'true' || value === '1')
      .optional(),
    // The original frontend's AI filter: no record is AI-enhanced, so `enhanced` lists none.
    ai_enrichment: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['all', 'original', 'enhanced'], { error: 'must be all, original or enhanced' }))
      .optional(),
  })
  .check((ctx) => {
    const { min_value: min, max_value: max } = ctx.value;
    if (min !== undefined && max !== undefined && min > max) {
      ctx.issues.push({
        code: 'custom',
        path: ['min_value'],
        message: 'must not exceed max_value',
        input: min,
      });
    }
  });
export type ProspectListParams = z.infer<typeof prospectListParams>;

export const proposalParams = z.object({
  page: wholeNumber(1, MAX_PAGE).default(1),
  per_page: wholeNumber(1, 500).default(50),
  sort_by: sortField.default('release_date'),
  sort_order: sortOrder.default('desc'),
});
export type ProposalParams = z.infer<typeof proposalParams>;

export const changeParams = z.object({
  since: text(100).default('last-run'),
  source: sourceList.optional(),
  kind: z.enum(EVENT_KINDS, { error: `must be one of ${EVENT_KINDS.join(', ')}` }).optional(),
  page: wholeNumber(1, MAX_PAGE).default(1),
  limit: wholeNumber(1, 500).default(50),
});
export type ChangeParams = z.infer<typeof changeParams>;

export const digestParams = z.object({
  since: text(100).optional(),
});

export const decisionParams = z.object({
  page: wholeNumber(1, MAX_PAGE).default(1),
  per_page: wholeNumber(1, 500).default(50),
});

/**
 * Validates a request's query against a route's schema. Only the names the schema knows are read,
 * so unknown parameters are ignored; a bad value of a known one is one 400 naming every problem.
 */
export function readParams<Schema extends z.ZodType>(schema: Schema, values: QueryValues): z.output<Schema> {
  const input: Record<string, string> = {};
  const shape = shapeOf(schema);
  for (const [name, value] of values) if (shape.has(name)) input[name] = value;
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || 'query';
    const given = input[name];
    return given === undefined
      ? `${name} ${issue.message}`
      : `${name} ${issue.message} (got "${truncate(given, 40)}")`;
  });
  throw ApiError.validation(problems.join('; '));
}

const shapes = new WeakMap<object, ReadonlySet<string>>();

function shapeOf(schema: z.ZodType): ReadonlySet<string> {
  let names = shapes.get(schema);
  if (!names) {
    // A checked object (`.check`) keeps its shape on the inner object schema.
    const def = (schema as unknown as { def: { shape?: Record<string, unknown> } }).def;
    names = new Set(Object.keys(def.shape ?? {}));
    shapes.set(schema, names);
  }
  return names;
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
