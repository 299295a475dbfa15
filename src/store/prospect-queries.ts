import { sql, type Expression, type SqlBool } from 'kysely';
import type { ReadonlyDb } from './readonly-db.js';
import type { Since } from '../time.js';
import { resolveSince, sinceCondition } from './event-queries.js';
import { RECORD_FIELDS, toProspectRecord, type ProspectRecord } from './prospect-record.js';
import type { ProspectRow } from './schema.js';
import { formatCount } from '../format-count.js';
import {
  decodeCursor,
  encodeCursor,
  filtersDigest,
  InvalidCursorError,
  type PageCursor,
} from './page-cursor.js';
import {
  MAX_RANKED_MATCHES,
  MAX_SEARCH_WORDS,
  matchingKeys,
  planSearch,
  rankedKeysQuery,
  type SearchPlan,
} from './search-query.js';

/** The fields `jps list --sort` and the API's `sort_by` accept (the API adds `id`). */
export const SORT_FIELDS = [
  'release_date',
  'award_date',
  'estimated_value_min',
  'estimated_value_max',
  'title',
  'agency',
  'naics',
  'first_seen_at',
  'last_seen_at',
] as const;
/** `relevance` is best match first, and only means something with a search (search-query.ts). */
export type SortField = (typeof SORT_FIELDS)[number] | 'id' | 'relevance';

/** The standardised set-aside codes of docs/record.md, the values `--set-aside` accepts. */
export const SET_ASIDE_CODES = [
  'EIGHT_A',
  'HUBZONE',
  'WOMEN_OWNED',
  'VETERAN_OWNED',
  'SOLE_SOURCE',
  'FULL_AND_OPEN',
  'SMALL_BUSINESS',
  'NOT_AVAILABLE',
] as const;

export interface ProspectFilters {
  /** Source keys. */
  sources?: readonly string[];
  /** Case-insensitive substring. */
  agency?: string;
  office?: string;
  /** NAICS code prefix. */
  naics?: string;
  /** A set-aside code (EIGHT_A, …). */
  setAside?: string;
  /** Plain words: never a query language. */
  search?: string;
  status?: 'active' | 'removed' | 'all';
  minValue?: number;
  maxValue?: number;
  releaseFrom?: string;
  releaseTo?: string;
  awardFrom?: string;
  awardTo?: string;
  changedSince?: Since;
  /**
   * One row per group of likely duplicates: the group's representative stands for the others,
   * which are left out (README, "jps duplicates").
   */
  collapseDuplicates?: boolean;
}

export interface ProspectQuery {
  filters: ProspectFilters;
  sort: SortField;
  order: 'asc' | 'desc';
  /** null = every matching record. */
  limit: number | null;
  /** 1-based. */
  page: number;
  /**
   * The `nextCursor` of an earlier page of the same list: the page after it, found by seeking the
   * sort index rather than counting past every row before it (`page` is then ignored).
   */
  cursor?: string;
}

export interface ProspectPage {
  records: ProspectRecord[];
  /** Every record matching the filters, whatever the page. */
  total: number;
  /** How a search was bounded, in words for the user (search-query.ts); absent when it was not. */
  notes?: string[];
  /** How many matching records come before this page's first (0 when absent). */
  offset?: number;
  /**
   * The cursor of the page after this one; null on the last page, and for a relevance ranking or
   * a whole list, which have no keyset (absent: none either).
   */
  nextCursor?: string | null;
}

type RecordColumn = Exclude<(typeof RECORD_FIELDS)[number], 'source_name'>;
const RECORD_COLUMNS = RECORD_FIELDS.filter((field): field is RecordColumn => field !== 'source_name');

const TEXT_SORTS: ReadonlySet<SortField> = new Set(['title', 'agency']);
const NUMBER_SORTS: ReadonlySet<SortField> = new Set(['estimated_value_min', 'estimated_value_max']);

// Above this many distinct names, reading them one by one costs more than scanning the rows.
const MAX_DISTINCT_NAMES = 2_000;
// Keys read whole per statement: well under SQLite's limit of bound parameters.
const PK_BATCH = 5_000;

/** `LIKE` pattern text for a literal substring (with `\` as the escape character). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The smallest text greater than every text starting with `prefix` (for an index range). */
function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1)!;
  return `${prefix.slice(0, -1)}${String.fromCodePoint(last + 1)}`;
}

/**
 * The distinct values of `agency` or `office` containing `text` (ignoring case), read from their
 * index one name at a time: there are a few dozen agencies and a few thousand offices, so this is
 * far cheaper than testing a million rows, and the matching names are then looked up by index.
 * Null when there are too many names for that to pay.
 */
async function namesContaining(
  db: ReadonlyDb,
  column: 'agency' | 'office',
  text: string,
): Promise<string[] | null> {
  const ref = sql.ref(column);
  const result = await sql<{ name: string; matches: number }>`
    with recursive names(name) as (
      select (select ${ref} from prospects where ${ref} is not null order by ${ref} collate nocase limit 1)
      union all
      select (select ${ref} from prospects where ${ref} > names.name collate nocase
              order by ${ref} collate nocase limit 1)
      from names where names.name is not null limit ${MAX_DISTINCT_NAMES + 1}
    )
    select name, name like ${`%${likeLiteral(text)}%`} escape '\\' as matches from names where name is not null
  `.execute(db);
  if (result.rows.length > MAX_DISTINCT_NAMES) return null;
  return result.rows.filter((row) => row.matches).map((row) => row.name);
}

/**
 * How the page query should find its rows. `filters`: through the indexes of the filters, then
 * sort what matched (best when few match). `sort`: walk the sort field's index in order and test
 * each row against the filters, stopping once the page is full (best when many match). The other
 * filter columns are then written `+column`, which keeps SQLite from using their indexes: without
 * statistics it would take an equality on status for selective and sort 900,000 rows. `ranked`:
 * joined to the full-text matches in relevance order, so the search condition is the join's.
 */
type Plan = { kind: 'filters' } | { kind: 'sort'; field: SortField } | { kind: 'ranked' };

/**
 * Which part of a value-range filter to state. The overlap test ORs a missing bound with a
 * present one, which no index answers; split in two cases that exclude each other, each is a
 * range on one value index. `all` states the whole test.
 */
type ValueCase = 'all' | 'first' | 'second';

function substringCondition(
  ref: Expression<unknown>,
  text: string,
  names: string[] | null,
): Expression<SqlBool> {
  if (names === null) return sql<SqlBool>`${ref} like ${`%${likeLiteral(text)}%`} escape '\\'`;
  if (names.length === 0) return sql<SqlBool>`0`;
  return sql<SqlBool>`${ref} collate nocase in (${sql.join(names)})`;
}

interface Filter {
  where(plan: Plan, valueCase?: ValueCase): Expression<SqlBool>;
  /** The FTS5 query of `--search` (null without a word to search). */
  searchMatch: string | null;
  search: SearchPlan | null;
}

/** The filters as one condition on `prospects`, after the few look-ups some of them need. */
async function prepareFilter(db: ReadonlyDb, filters: ProspectFilters): Promise<Filter> {
  const bounds = filters.changedSince ? await resolveSince(db, filters.changedSince, filters.sources) : null;
  const agencies = filters.agency ? await namesContaining(db, 'agency', filters.agency) : null;
  const offices = filters.office ? await namesContaining(db, 'office', filters.office) : null;
  const search = filters.search === undefined ? null : planSearch(filters.search);
  const searchMatch = search?.match ?? null;

  const where = (plan: Plan, valueCase: ValueCase = 'all'): Expression<SqlBool> => {
    const col = (name: string) =>
      plan.kind === 'sort' && name !== plan.field ? sql`+${sql.ref(name)}` : sql.ref(name);
    const conditions: Expression<SqlBool>[] = [];
    const status = filters.status ?? 'active';
    if (status !== 'all') conditions.push(sql`${col('status')} = ${status}`);
    if (filters.sources && filters.sources.length > 0) {
      conditions.push(sql`${col('source')} in (${sql.join(filters.sources)})`);
    }
    if (filters.agency) conditions.push(substringCondition(col('agency'), filters.agency, agencies));
    if (filters.office) conditions.push(substringCondition(col('office'), filters.office, offices));
    if (filters.naics) {
      // A range rather than LIKE, so the NAICS index answers it.
      conditions.push(
        sql`${col('naics')} >= ${filters.naics} and ${col('naics')} < ${prefixEnd(filters.naics)}`,
      );
    }
    if (filters.setAside) conditions.push(sql`${col('set_aside_standardized')} = ${filters.setAside}`);
    if (searchMatch !== null && plan.kind !== 'ranked') {
      conditions.push(sql`${col('pk')} in (${matchingKeys(searchMatch)})`);
    }
    if (filters.collapseDuplicates) {
      conditions.push(
        sql`${col('id')} not in (select prospect_id from duplicate_members where representative_id <> prospect_id)`,
      );
    }
    const { minValue, maxValue } = filters;
    if (minValue !== undefined || maxValue !== undefined) {
      // The record's range [min, max] overlaps the asked one; a missing bound is open; no value at
      // all is left out.
      const min = col('estimated_value_min');
      const max = col('estimated_value_max');
      const minAtMost = maxValue === undefined ? sql`1` : sql`${min} <= ${maxValue}`;
      const maxAtLeast = minValue === undefined ? sql`1` : sql`${max} >= ${minValue}`;
      if (valueCase === 'all') {
        conditions.push(sql`(${min} is not null or ${max} is not null)`);
        if (minValue !== undefined) conditions.push(sql`(${max} is null or ${max} >= ${minValue})`);
        if (maxValue !== undefined) conditions.push(sql`(${min} is null or ${min} <= ${maxValue})`);
      } else if (minValue !== undefined) {
        // Split on whether the record has an upper bound.
        conditions.push(
          valueCase === 'first'
            ? sql`${max} >= ${minValue} and (${min} is null or ${minAtMost})`
            : sql`${max} is null and ${min} is not null and ${minAtMost}`,
        );
      } else {
        // Only a maximum asked: split on whether the record has a lower bound.
        conditions.push(
          valueCase === 'first'
            ? sql`${min} <= ${maxValue!} and ${maxAtLeast}`
            : sql`${min} is null and ${max} is not null`,
        );
      }
    }
    // A null date never compares true, so records without it are left out.
    if (filters.releaseFrom) conditions.push(sql`${col('release_date')} >= ${filters.releaseFrom}`);
    if (filters.releaseTo) conditions.push(sql`${col('release_date')} <= ${filters.releaseTo}`);
    if (filters.awardFrom) conditions.push(sql`${col('award_date')} >= ${filters.awardFrom}`);
    if (filters.awardTo) conditions.push(sql`${col('award_date')} <= ${filters.awardTo}`);
    // A prospect's source is its events' source, so per-source bounds apply to the prospect.
    if (bounds) {
      conditions.push(
        sinceCondition(bounds, { source: 'source', at: 'last_event_at' }, plan.kind === 'sort'),
      );
    }
    return conditions.length === 0 ? sql<SqlBool>`1` : sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
  };
  return { where, searchMatch, search };
}

/** The filters other than status and sources that are set. */
function narrowingFilters(filters: ProspectFilters): string[] {
  const { status: _status, sources: _sources, ...others } = filters;
  return Object.entries(others)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key);
}

/**
 * Prospects per source with `status` (or every status), from the totals the triggers keep: a
 * lookup, not a count over the table.
 */
export async function prospectTotalsBySource(
  db: ReadonlyDb,
  status: ProspectFilters['status'],
): Promise<Map<string, number>> {
  let query = db
    .selectFrom('prospect_totals')
    .select((eb) => ['source', eb.fn.sum<number>('total').as('total')])
    .groupBy('source');
  if (status !== undefined && status !== 'all') query = query.where('status', '=', status);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.source, Number(row.total)]));
}

async function totalOf(db: ReadonlyDb, status: ProspectFilters['status'], sources?: readonly string[]) {
  let query = db.selectFrom('prospect_totals').select((eb) => eb.fn.sum<number>('total').as('total'));
  if (status !== undefined && status !== 'all') query = query.where('status', '=', status);
  if (sources && sources.length > 0) query = query.where('source', 'in', sources);
  const row = await query.executeTakeFirst();
  return Number(row?.total ?? 0);
}

async function countWhere(db: ReadonlyDb, condition: Expression<SqlBool>): Promise<number> {
  const row = await db
    .selectFrom('prospects')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where(condition)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

async function countMatches(db: ReadonlyDb, filters: ProspectFilters, filter: Filter): Promise<number> {
  const narrowing = narrowingFilters(filters);
  const status = filters.status ?? 'active';
  // Only a status and sources: the totals the triggers keep.
  if (narrowing.length === 0) return totalOf(db, status, filters.sources);
  // Only a search: the matches, less the removed ones among them, which the small index of removed
  // prospects answers without reading a row (the literal lets SQLite pick that partial index).
  // One statement, so the full-text match runs once.
  if (narrowing.length === 1 && filter.searchMatch !== null && !filters.sources?.length) {
    const { rows } = await sql<{ matches: number; removed: number }>`
      with m(pk) as materialized (select rowid from prospects_fts where prospects_fts match ${filter.searchMatch})
      select (select count(*) from m) as matches,
             (select count(*) from prospects where status = 'removed' and pk in m) as removed
    `.execute(db);
    const { matches, removed } = rows[0]!;
    return status === 'all' ? matches : status === 'removed' ? removed : matches - removed;
  }
  if (filters.minValue !== undefined || filters.maxValue !== undefined) {
    const plan: Plan = { kind: 'filters' };
    return (
      (await countWhere(db, filter.where(plan, 'first'))) +
      (await countWhere(db, filter.where(plan, 'second')))
    );
  }
  return countWhere(db, filter.where({ kind: 'filters' }));
}

async function sourceNames(db: ReadonlyDb): Promise<Map<string, string>> {
  const rows = await db.selectFrom('data_sources').select(['key', 'name']).execute();
  return new Map(rows.map((row) => [row.key, row.name]));
}

/**
 * Walking the sort index reads about (offset + limit) × all / matching rows; finding the matches
 * through the filters reads each of them once. Walk the index when that reads fewer rows.
 */
function walkSortIndex(matching: number, all: number, rowsNeeded: number): boolean {
  return matching * matching >= rowsNeeded * all;
}

/**
 * One page of the prospects matching `filters`, sorted with empty values last in either order
 * (text ignoring case) and ties broken by id, so that pages never overlap or skip. With a cursor
 * the page starts just after the row it names, found through the sort index (keyset pagination):
 * exactly the rows the same page by number would hold, at the cost of the first page.
 */
export async function listProspects(db: ReadonlyDb, query: ProspectQuery): Promise<ProspectPage> {
  const filter = await prepareFilter(db, query.filters);
  const names = await sourceNames(db);
  const notes = searchNotes(filter.search);
  const digest = filtersDigest(query.filters);
  const after =
    query.cursor === undefined ? undefined : cursorFor(query.cursor, query.sort, query.order, digest);
  const page = Math.max(1, query.page);
  const offset = after?.position ?? (query.limit === null ? 0 : (page - 1) * query.limit);

  let total: number | null = null;
  let ranked = false;
  if (query.sort === 'relevance' && filter.searchMatch !== null) {
    total = await countMatches(db, query.filters, filter);
    ranked = total <= MAX_RANKED_MATCHES;
    if (!ranked) {
      notes.push(
        `${formatCount(total)} prospects match: too many to rank by relevance (over ${formatCount(MAX_RANKED_MATCHES)}), so they are listed newest first; another word narrows them`,
      );
    }
  }
  // Unranked relevance is newest first: without a word to search every record ties, and ties go
  // by release date then id.
  const sort = query.sort === 'relevance' ? 'release_date' : query.sort;
  const order = query.sort === 'relevance' && !ranked ? 'desc' : query.order;
  const empty = (count: number) => withNotes({ records: [], total: count, offset, nextCursor: null }, notes);

  let walk = false;
  if (query.limit !== null) {
    total ??= await countMatches(db, query.filters, filter);
    if (total === 0 || (after === undefined && offset >= total)) return empty(total);
    // A keyset page seeks its start in the index: only the page's own rows are walked.
    walk = !ranked && walkSortIndex(total, await totalOf(db, 'all'), (after ? 0 : offset) + query.limit);
  }
  const plan: Plan = walk ? { kind: 'sort', field: sort } : { kind: 'filters' };

  // The page's rows are found first by their keys alone, then read whole: a sort then moves a few
  // bytes a row rather than every column of every candidate.
  let keys: KeyRow[];
  if (ranked) {
    const ranking = rankedKeysQuery({
      match: filter.searchMatch!,
      where: filter.where({ kind: 'ranked' }),
      order,
      limit: query.limit,
      offset,
    });
    keys = (await ranking.execute(db)).rows.map((row) => ({ pk: row.pk, value: null, id: '' }));
  } else if (after === undefined) {
    keys = await pageKeys(db, filter.where(plan), sort, order, query.limit, offset);
  } else {
    keys = await keysAfter(db, filter, plan, sort, order, query.limit!, after);
  }

  const rows = new Map<number, ProspectRow>();
  const pks = keys.map((key) => key.pk);
  for (let i = 0; i < pks.length; i += PK_BATCH) {
    const batch = await db
      .selectFrom('prospects')
      .select(['pk', ...RECORD_COLUMNS])
      .where('pk', 'in', pks.slice(i, i + PK_BATCH))
      .execute();
    for (const row of batch) rows.set(row.pk, row as ProspectRow);
  }
  const records = pks.map((pk) => {
    const row = rows.get(pk)!;
    return toProspectRecord(row, names.get(row.source) ?? row.source);
  });
  const last = keys.at(-1);
  const nextCursor =
    query.sort === 'relevance' ||
    query.limit === null ||
    last === undefined ||
    offset + keys.length >= (total ?? 0)
      ? null
      : encodeCursor({
          sort: query.sort,
          order: query.order,
          filtersDigest: digest,
          value: sort === 'id' ? null : last.value,
          id: last.id,
          position: offset + keys.length,
        });
  return withNotes({ records, total: total ?? records.length, offset, nextCursor }, notes);
}

/** A row of a page as its keys: the primary key, and the sort value and id a cursor continues from. */
interface KeyRow {
  pk: number;
  value: string | number | null;
  id: string;
}

/** The sort field as compared and ordered: text ignoring case. */
function sortTerm(field: Exclude<SortField, 'relevance' | 'id'>): Expression<unknown> {
  return TEXT_SORTS.has(field) ? sql`${sql.ref(field)} collate nocase` : sql.ref(field);
}

/** The keys of rows matching `where` in list order, from `offset`. */
async function pageKeys(
  db: ReadonlyDb,
  where: Expression<SqlBool>,
  sort: Exclude<SortField, 'relevance'>,
  order: 'asc' | 'desc',
  limit: number | null,
  offset: number,
): Promise<KeyRow[]> {
  let keys = db
    .selectFrom('prospects')
    .select(['pk', 'id', sql<string | number | null>`${sql.ref(sort)}`.as('value')])
    .where(where);
  if (sort === 'id') {
    keys = keys.orderBy('id', order);
  } else {
    const field = sort;
    keys = keys
      .orderBy(field, (item) => {
        const ordered = order === 'asc' ? item.asc() : item.desc();
        return (TEXT_SORTS.has(field) ? ordered.collate('nocase') : ordered).nullsLast();
      })
      .orderBy('id', 'asc');
  }
  if (limit !== null) keys = keys.limit(limit).offset(offset);
  return keys.execute();
}

/**
 * The keys of the `limit` rows after the cursor's row. Rows with a sort value come first: those
 * past the cursor's value, sought as a range of the sort index, and those tying with it past its
 * id. Rows without a value (last in either order, by id) follow, through the id index.
 */
async function keysAfter(
  db: ReadonlyDb,
  filter: Filter,
  plan: Plan,
  sort: Exclude<SortField, 'relevance'>,
  order: 'asc' | 'desc',
  limit: number,
  after: PageCursor,
): Promise<KeyRow[]> {
  if (sort === 'id') {
    const beyond = order === 'asc' ? sql<SqlBool>`id > ${after.id}` : sql<SqlBool>`id < ${after.id}`;
    return pageKeys(db, sql<SqlBool>`${filter.where(plan)} and ${beyond}`, sort, order, limit, 0);
  }
  const keys: KeyRow[] = [];
  if (after.value !== null) {
    const term = sortTerm(sort);
    const value = after.value;
    const beyond =
      order === 'asc'
        ? sql<SqlBool>`${term} >= ${value} and (${term} > ${value} or id > ${after.id})`
        : sql<SqlBool>`${term} <= ${value} and (${term} < ${value} or id > ${after.id})`;
    keys.push(
      ...(await pageKeys(db, sql<SqlBool>`${filter.where(plan)} and ${beyond}`, sort, order, limit, 0)),
    );
    if (keys.length === limit) return keys;
  }
  // Walking the sort index, the rows without a value are read in id order from the id index; the
  // sort field is then written `+field`, like the other filters, so SQLite keeps to it.
  const nullPlan: Plan = plan.kind === 'sort' ? { kind: 'sort', field: 'id' } : plan;
  const field = plan.kind === 'sort' ? sql`+${sql.ref(sort)}` : sql.ref(sort);
  const fromId = after.value === null ? sql<SqlBool>`id > ${after.id}` : sql<SqlBool>`1`;
  const rest = await db
    .selectFrom('prospects')
    .select(['pk', 'id', sql<null>`null`.as('value')])
    .where(sql<SqlBool>`${filter.where(nullPlan)} and ${field} is null and ${fromId}`)
    .orderBy('id', 'asc')
    .limit(limit - keys.length)
    .execute();
  keys.push(...rest);
  return keys;
}

/** The cursor in `text` for this list, its value of the kind the sort field holds. */
function cursorFor(text: string, sort: SortField, order: 'asc' | 'desc', digest: string): PageCursor {
  if (sort === 'relevance') {
    throw new InvalidCursorError(
      'a list sorted by relevance has no cursor: pass page instead, or sort by another field',
    );
  }
  const cursor = decodeCursor(text, { sort, order, filtersDigest: digest });
  const kind = sort === 'id' ? 'none' : NUMBER_SORTS.has(sort) ? 'number' : 'string';
  const value = cursor.value;
  if (kind === 'none' ? value !== null : value !== null && typeof value !== kind) {
    throw new InvalidCursorError(
      'cursor is not one jps gave out: pass the next_cursor of an earlier page unchanged, or leave it out to start from the first page',
    );
  }
  return cursor;
}

function withNotes(page: ProspectPage, notes: string[]): ProspectPage {
  return notes.length > 0 ? { ...page, notes } : page;
}

/** What the user should know about how their search was bounded. */
function searchNotes(search: SearchPlan | null): string[] {
  if (!search || search.leftOut.length === 0) return [];
  return [
    `searched the ${MAX_SEARCH_WORDS} longest of the ${MAX_SEARCH_WORDS + search.leftOut.length} different words; left out: ${search.leftOut.join(' ')}`,
  ];
}

/** The record with this id, whatever its status. */
export async function getProspect(db: ReadonlyDb, id: string): Promise<ProspectRecord | undefined> {
  const row = await db.selectFrom('prospects').select(RECORD_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const names = await sourceNames(db);
  return toProspectRecord(row as ProspectRow, names.get(row.source) ?? row.source);
}
