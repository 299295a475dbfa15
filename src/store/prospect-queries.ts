import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Since } from '../time.js';
import { resolveSince, sinceCondition } from './event-queries.js';
import { RECORD_FIELDS, toProspectRecord, type ProspectRecord } from './prospect-record.js';
import type { Database, ProspectRow } from './schema.js';

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
export type SortField = (typeof SORT_FIELDS)[number] | 'id';

/** The standardised set-aside codes of record.md, the values `--set-aside` accepts. */
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
}

export interface ProspectQuery {
  filters: ProspectFilters;
  sort: SortField;
  order: 'asc' | 'desc';
  /** null = every matching record. */
  limit: number | null;
  /** 1-based. */
  page: number;
}

export interface ProspectPage {
  records: ProspectRecord[];
  /** Every record matching the filters, whatever the page. */
  total: number;
}

type RecordColumn = Exclude<(typeof RECORD_FIELDS)[number], 'source_name'>;
const RECORD_COLUMNS = RECORD_FIELDS.filter((field): field is RecordColumn => field !== 'source_name');

const TEXT_SORTS: ReadonlySet<SortField> = new Set(['title', 'agency']);

type Where = ExpressionBuilder<Database, 'prospects'>;

/**
 * The FTS5 query for words a user typed. Every run of letters and digits is one word, quoted so
 * that nothing the user types (quotes, hyphens, AND/OR/NOT/NEAR, column filters, SQL) is ever
 * read as query syntax; a word directly followed by `*` is a prefix. Null when there is no word.
 */
export function ftsMatchQuery(text: string): string | null {
  const terms: string[] = [];
  for (const match of text.matchAll(/([\p{L}\p{N}\p{M}\p{Co}]+)(\*)?/gu)) {
    const word = match[1]!;
    terms.push(`"${word.replaceAll('"', '""')}"${match[2] ? '*' : ''}`);
  }
  return terms.length > 0 ? terms.join(' ') : null;
}

/** `LIKE` pattern text for a literal substring (with `\` as the escape character). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The smallest text greater than every text starting with `prefix` (for an index range). */
function prefixEnd(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1)!;
  return `${prefix.slice(0, -1)}${String.fromCodePoint(last + 1)}`;
}

async function filterConditions(db: Kysely<Database>, filters: ProspectFilters) {
  const bounds = filters.changedSince ? await resolveSince(db, filters.changedSince, filters.sources) : null;
  return (eb: Where): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    const status = filters.status ?? 'active';
    if (status !== 'all') conditions.push(eb('status', '=', status));
    if (filters.sources && filters.sources.length > 0) conditions.push(eb('source', 'in', filters.sources));
    if (filters.agency)
      conditions.push(sql<SqlBool>`agency like ${`%${likeLiteral(filters.agency)}%`} escape '\\'`);
    if (filters.office)
      conditions.push(sql<SqlBool>`office like ${`%${likeLiteral(filters.office)}%`} escape '\\'`);
    if (filters.naics) {
      // A range rather than LIKE, so the NAICS index answers it.
      conditions.push(eb('naics', '>=', filters.naics), eb('naics', '<', prefixEnd(filters.naics)));
    }
    if (filters.setAside) conditions.push(eb('set_aside_standardized', '=', filters.setAside));
    if (filters.search !== undefined) {
      const match = ftsMatchQuery(filters.search);
      if (match !== null) {
        conditions.push(
          sql<SqlBool>`pk in (select rowid from prospects_fts where prospects_fts match ${match})`,
        );
      }
    }
    if (filters.minValue !== undefined || filters.maxValue !== undefined) {
      // The record's range [min, max] overlaps the asked one; a missing bound is open.
      conditions.push(
        eb.or([eb('estimated_value_min', 'is not', null), eb('estimated_value_max', 'is not', null)]),
      );
      if (filters.minValue !== undefined) {
        conditions.push(
          eb.or([eb('estimated_value_max', 'is', null), eb('estimated_value_max', '>=', filters.minValue)]),
        );
      }
      if (filters.maxValue !== undefined) {
        conditions.push(
          eb.or([eb('estimated_value_min', 'is', null), eb('estimated_value_min', '<=', filters.maxValue)]),
        );
      }
    }
    // A null date never compares true, so records without it are left out.
    if (filters.releaseFrom) conditions.push(eb('release_date', '>=', filters.releaseFrom));
    if (filters.releaseTo) conditions.push(eb('release_date', '<=', filters.releaseTo));
    if (filters.awardFrom) conditions.push(eb('award_date', '>=', filters.awardFrom));
    if (filters.awardTo) conditions.push(eb('award_date', '<=', filters.awardTo));
    if (bounds) {
      conditions.push(
        sql<SqlBool>`id in (select prospect_id from prospect_events where ${sinceCondition(bounds)})`,
      );
    }
    return eb.and(conditions);
  };
}

async function sourceNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('data_sources').select(['key', 'name']).execute();
  return new Map(rows.map((row) => [row.key, row.name]));
}

/**
 * One page of the prospects matching `filters`, sorted with empty values last in either order
 * (text ignoring case) and ties broken by id, so that pages never overlap or skip.
 */
export async function listProspects(db: Kysely<Database>, query: ProspectQuery): Promise<ProspectPage> {
  const where = await filterConditions(db, query.filters);
  const names = await sourceNames(db);
  let pageQuery = db.selectFrom('prospects').select(RECORD_COLUMNS).where(where);
  if (query.sort === 'id') {
    pageQuery = pageQuery.orderBy('id', query.order);
  } else {
    const sort = query.sort;
    pageQuery = pageQuery
      .orderBy(sort, (item) => {
        const ordered = query.order === 'asc' ? item.asc() : item.desc();
        return (TEXT_SORTS.has(sort) ? ordered.collate('nocase') : ordered).nullsLast();
      })
      .orderBy('id', 'asc');
  }
  const page = Math.max(1, query.page);
  if (query.limit !== null) pageQuery = pageQuery.limit(query.limit).offset((page - 1) * query.limit);
  const rows = await pageQuery.execute();
  const records = rows.map((row) =>
    toProspectRecord(row as ProspectRow, names.get(row.source) ?? row.source),
  );

  // A first page that is not full already holds every match: no need to count.
  if (query.limit === null || (page === 1 && records.length < query.limit))
    return { records, total: records.length };
  const counted = await db
    .selectFrom('prospects')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where(where)
    .executeTakeFirstOrThrow();
  return { records, total: Number(counted.total) };
}

/** The record with this id, whatever its status. */
export async function getProspect(db: Kysely<Database>, id: string): Promise<ProspectRecord | undefined> {
  const row = await db.selectFrom('prospects').select(RECORD_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const names = await sourceNames(db);
  return toProspectRecord(row as ProspectRow, names.get(row.source) ?? row.source);
}
