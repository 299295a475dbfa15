import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { errorMessage, UsageError } from '../../errors.js';
import { narrowListFilters } from '../../list-filters.js';
import { getWatch } from '../../store/watches.js';
import { formatValueRange } from '../../format-money.js';
import {
  addListFilterOptions,
  listFiltersFromFlags,
  parsePositiveInteger,
  parseSinceFlag,
  type ListFilterFlags,
} from '../options.js';
import { RECORD_FIELDS, type ProspectRecord, type RecordField } from '../../store/prospect-record.js';
import {
  listProspects,
  SORT_FIELDS,
  type ProspectFilters,
  type ProspectPage,
  type ProspectQuery,
  type SortField,
} from '../../store/prospect-queries.js';
import { collapsedGroupsOf, type CollapsedGroup } from '../../store/duplicate-links.js';
import type { CommandEnv } from '../command-env.js';
import type { Context } from '../context.js';
import {
  formatCount,
  renderCsv,
  renderJson,
  renderNdjson,
  renderTable,
  type Column,
  type Format,
} from '../output.js';

/** The widest a table may be: a classic terminal, and most mail readers' plain text. */
export const TABLE_WIDTH = 100;
export const DEFAULT_LIMIT = 50;

/** `xlsx` is a workbook (written by src/export/), the others text. */
type ListFormat = Format | 'xlsx';

/** `--columns` also accepts `value` in a table: the range as "$150K–$250K". */
type ListColumn = RecordField | 'value';

/** The table's default: what fits 100 columns and says what a prospect is. */
const TABLE_COLUMNS: readonly ListColumn[] = ['id', 'title', 'agency', 'value', 'release_date'];
/** CSV's default: every field but `extra`. */
const CSV_COLUMNS: readonly ListColumn[] = RECORD_FIELDS.filter((field) => field !== 'extra');

/** The options of `jps list` as commander hands them over: text, checked by `parseListOptions`. */
export interface ListFlags extends ListFilterFlags {
  status: string;
  changedSince?: string;
  sort?: string;
  order: string;
  limit?: string;
  page?: string;
  all?: boolean;
  format: ListFormat;
  columns?: string;
  output?: string;
  watch?: string;
  collapseDuplicates?: boolean;
}

export interface ListCommandOptions {
  query: ProspectQuery;
  format: ListFormat;
  /** Chosen by `--columns`; null means the format's default. */
  columns: ListColumn[] | null;
  /** `--watch`: the saved watch whose filters the query's narrow. */
  watch?: string;
}

// ---- reading the flags ---------------------------------------------------------------------

/** `--sort`: relevance by default with a search (best match first), else release date. */
function parseSort(flag: string | undefined, filters: ProspectFilters): SortField {
  if (flag === undefined) return filters.search === undefined ? 'release_date' : 'relevance';
  if (flag === 'relevance' && filters.search === undefined) {
    throw new UsageError('--sort relevance needs --search: relevance is how well a record matches the words');
  }
  return flag as SortField;
}

function parseColumns(text: string, format: ListFormat): ListColumn[] {
  const allowed: readonly string[] = format === 'table' ? [...RECORD_FIELDS, 'value'] : RECORD_FIELDS;
  const columns = text
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (columns.length === 0) throw new UsageError('--columns needs at least one field name');
  for (const name of columns) {
    if (!allowed.includes(name)) {
      const hint =
        name === 'value' ? ' ("value" is a table column; use estimated_value_min,estimated_value_max)' : '';
      throw new UsageError(`--columns: unknown field "${name}"${hint} (fields: ${allowed.join(', ')})`);
    }
  }
  return columns as ListColumn[];
}

/** Checks every flag of `jps list`; a bad value is a usage error saying what is expected. */
export function parseListOptions(
  flags: ListFlags,
  ctx: Pick<Context, 'sources' | 'now'>,
): ListCommandOptions {
  const filters: ProspectFilters = {
    status: flags.status as ProspectFilters['status'],
    ...listFiltersFromFlags(flags, ctx),
  };
  if (flags.changedSince !== undefined)
    filters.changedSince = parseSinceFlag('--changed-since', flags.changedSince, ctx.now());
  if (flags.collapseDuplicates) filters.collapseDuplicates = true;

  if (flags.all && flags.limit !== undefined)
    throw new UsageError('--all and --limit cannot be used together');
  if (flags.all && flags.page !== undefined) throw new UsageError('--all and --page cannot be used together');
  const limit = flags.all
    ? null
    : flags.limit === undefined
      ? DEFAULT_LIMIT
      : parsePositiveInteger('--limit', flags.limit);
  const page = flags.page === undefined ? 1 : parsePositiveInteger('--page', flags.page);
  return {
    query: {
      filters,
      sort: parseSort(flags.sort, filters),
      order: flags.order as 'asc' | 'desc',
      limit,
      page,
    },
    format: flags.format,
    columns: flags.columns === undefined ? null : parseColumns(flags.columns, flags.format),
    ...(flags.watch !== undefined && { watch: flags.watch }),
  };
}

// ---- running -------------------------------------------------------------------------------

/** A page of `jps list`; with `--collapse-duplicates`, the groups its rows stand for, by id. */
export type ListPage = ProspectPage & { groups?: Map<string, CollapsedGroup> };

/**
 * The page of prospects the options ask for, and how many match in all; collapsing duplicates,
 * the group each row stands for.
 */
export async function runList(
  ctx: Pick<Context, 'openStoreForReading'>,
  options: ListCommandOptions,
): Promise<ListPage> {
  const store = await ctx.openStoreForReading();
  const findPage = async (): Promise<ProspectPage> => {
    if (options.watch === undefined) return await listProspects(store.db, options.query);
    const watch = await getWatch(store.db, options.watch);
    if (!watch) throw new UsageError(`no watch named "${options.watch}" (see jps watch list)`);
    const { status, changedSince, collapseDuplicates, ...more } = options.query.filters;
    const filters = narrowListFilters(watch.filters, more);
    // Filters that exclude each other: nothing can match.
    if (filters === null) return { records: [], total: 0 };
    return await listProspects(store.db, {
      ...options.query,
      filters: {
        ...filters,
        ...(status && { status }),
        ...(changedSince && { changedSince }),
        ...(collapseDuplicates && { collapseDuplicates }),
      },
    });
  };
  try {
    const page = await findPage();
    if (!options.query.filters.collapseDuplicates) return page;
    return {
      ...page,
      groups: await collapsedGroupsOf(
        store.db,
        page.records.map((record) => record.id),
      ),
    };
  } finally {
    await store.close();
  }
}

// ---- printing ------------------------------------------------------------------------------

export { formatDollars, formatValueRange } from '../../format-money.js';

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function tableColumn(name: ListColumn): Column<ProspectRecord> {
  if (name === 'value') {
    return { header: 'value', value: (r) => formatValueRange(r.estimated_value_min, r.estimated_value_max) };
  }
  const numeric =
    name === 'estimated_value_min' || name === 'estimated_value_max' || name === 'award_fiscal_year';
  // An id is what `jps history <id>` needs: never cut it. An agency's name gives way to the title.
  return {
    header: name,
    value: (r) => cellText(r[name]),
    shrink: name !== 'id',
    alignRight: numeric,
    ...(name === 'agency' || name === 'office' ? { maxWidth: 24 } : {}),
  };
}

/** Only the chosen fields, in the order given. */
function project(record: ProspectRecord, columns: readonly ListColumn[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of columns) if (name !== 'value') picked[name] = record[name];
  return picked;
}

/** What `jps list` prints on stdout in `format`. */
export function renderProspects(
  records: readonly ProspectRecord[],
  options: { format: Format; columns: ListColumn[] | null },
  groups?: ReadonlyMap<string, CollapsedGroup>,
): string {
  const { format, columns } = options;
  // Collapsed: each row carries the likely duplicates it stands for.
  const withDuplicates = (record: ProspectRecord, shown: object) =>
    groups ? { ...shown, duplicates: groups.get(record.id)?.duplicates ?? [] } : shown;
  switch (format) {
    case 'json':
      return renderJson(records.map((r) => withDuplicates(r, columns ? project(r, columns) : r)));
    case 'ndjson':
      return renderNdjson(records.map((r) => withDuplicates(r, columns ? project(r, columns) : r)));
    case 'csv': {
      const chosen = (columns ?? CSV_COLUMNS) as readonly RecordField[];
      return renderCsv(
        groups ? [...chosen, 'duplicates'] : chosen,
        records.map((record) => {
          const cells: unknown[] = chosen.map((name) => record[name]);
          if (groups) cells.push((groups.get(record.id)?.duplicates ?? []).map((d) => d.id).join(' '));
          return cells;
        }),
      );
    }
    case 'table': {
      const shown = (columns ?? TABLE_COLUMNS).map(tableColumn);
      if (groups) {
        shown.push({
          header: 'listings',
          value: (r) => String(groups.get(r.id)?.size ?? 1),
          alignRight: true,
        });
      }
      return renderTable(shown, records, { maxWidth: TABLE_WIDTH });
    }
    default:
      return format satisfies never;
  }
}

/** "showing 1–50 of 4,201", or why a page holds nothing. */
export function listFooter(page: ProspectPage, query: Pick<ProspectQuery, 'limit' | 'page'>): string {
  if (page.total === 0) return 'no prospects match';
  const limit = query.limit ?? page.total;
  const first = (query.page - 1) * limit + 1;
  if (page.records.length === 0) {
    const pages = Math.ceil(page.total / limit);
    return `no prospects on page ${query.page}: ${formatCount(page.total)} match (${formatCount(pages)} page${pages === 1 ? '' : 's'} of ${limit})`;
  }
  return `showing ${formatCount(first)}–${formatCount(first + page.records.length - 1)} of ${formatCount(page.total)}`;
}

export function listCommand(env: CommandEnv): Command {
  return addListFilterOptions(
    new Command('list').description(
      'find prospects: filter, search, sort and page through what the store holds',
    ),
  )
    .addOption(
      new Option('--status <status>', 'which records')
        .choices(['active', 'removed', 'all'])
        .default('active'),
    )
    .option('--changed-since <time>', 'changed at or after: a date, a timestamp, 7d, 12h, or last-run')
    .addOption(
      new Option(
        '--sort <field>',
        'sort field (default: relevance with --search, else release_date)',
      ).choices(['relevance', ...SORT_FIELDS]),
    )
    .addOption(new Option('--order <order>', 'sort order').choices(['asc', 'desc']).default('desc'))
    .option('--limit <n>', `records a page (default ${DEFAULT_LIMIT})`)
    .option('--page <n>', 'page number, from 1')
    .option('--all', 'every matching record, no paging')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'ndjson', 'csv', 'xlsx'])
        .default('table'),
    )
    .option('--columns <fields>', 'fields to show, a comma list (table also takes "value")')
    .option(
      '-o, --output <file>',
      'write the data to this file instead of stdout (an .xlsx for --format xlsx)',
    )
    .option('--watch <name>', "a saved watch's filters (jps watch add); more filters narrow it")
    .option(
      '--collapse-duplicates',
      "one row per group of likely duplicates (the department's own listing first), with how many it stands for",
    )
    .addHelpText(
      'after',
      `
Empty values sort last in either order; ties are broken by id, so pages are stable.
With --search the best matches come first (title words weigh most), unless --sort says otherwise.
The table's footer ("showing 1–50 of 4,201") and "no prospects match" go to stderr.

Examples:
  jps list --search "cloud migration" --set-aside SMALL_BUSINESS
  jps list --agency homeland --naics 5415 --sort award_date --order asc
  jps list --changed-since last-run --format json
  jps list --search "cloud migration" --collapse-duplicates
  jps list --all --format csv > prospects.csv
  jps list --naics 5415 --all --format xlsx --output cyber.xlsx`,
    )
    .action(async (flags: ListFlags, command: Command) => {
      const ctx = env.context(command);
      const options = parseListOptions(flags, ctx);
      if (options.format === 'xlsx' && flags.output === undefined && ctx.out.dataIsTerminal) {
        throw new UsageError(
          '--format xlsx writes a binary workbook: give --output <file.xlsx>, or send stdout to a file',
        );
      }
      const page = await runList(ctx, options);
      const footer = listFooter(page, options.query);
      if (options.format === 'xlsx') {
        const { prospectWorkbook } = await import('../../export/prospect-workbook.js');
        const given = givenFlags(command);
        const bytes = await prospectWorkbook(
          page.records,
          (options.columns ?? CSV_COLUMNS) as RecordField[],
          {
            madeBy: [
              'jps list',
              ...given.map(([flag, value]) => (value === '' ? flag : `${flag} ${value}`)),
            ].join(' '),
            madeAt: ctx.now(),
            filters: given,
            records: footer,
          },
        );
        await writeData(ctx, flags.output, bytes);
      } else {
        // Nothing found prints the format's empty form: [] in JSON, the header in CSV, no line in
        // ndjson, no table.
        const format = options.format;
        const text =
          page.records.length === 0 && format === 'table'
            ? ''
            : renderProspects(page.records, { ...options, format }, page.groups);
        if (text !== '' || flags.output !== undefined) await writeData(ctx, flags.output, text);
      }
      for (const note of page.notes ?? []) ctx.out.info(note);
      if (page.records.length === 0 || options.format === 'table' || options.format === 'xlsx')
        ctx.out.info(footer);
      if (flags.output !== undefined) ctx.out.info(`wrote ${flags.output}`);
    });
}

/** The options given on the command line (not defaults), as [flag, value] for the workbook's "About". */
function givenFlags(command: Command): [string, string][] {
  const given: [string, string][] = [];
  for (const option of command.options) {
    const name = option.attributeName();
    if (command.getOptionValueSource(name) !== 'cli') continue;
    const value: unknown = command.getOptionValue(name);
    const flag = option.long ?? option.flags;
    given.push([flag, value === true ? '' : Array.isArray(value) ? value.join(',') : String(value)]);
  }
  return given;
}

/** Data to `--output <file>`, or to stdout. */
async function writeData(ctx: Context, output: string | undefined, data: string | Uint8Array): Promise<void> {
  if (output === undefined) {
    if (typeof data === 'string') ctx.out.data(data);
    else ctx.out.bytes(data);
    return;
  }
  try {
    await writeFile(output, data);
  } catch (error) {
    throw new UsageError(`cannot write ${output}: ${errorMessage(error)}`);
  }
}
