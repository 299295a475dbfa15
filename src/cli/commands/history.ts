import { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import { listEvents, prospectExists, prospectHistory, type ChangeEvent } from '../../store/event-queries.js';
import type { EventKind } from '../../store/schema.js';
import type { Since } from '../../time.js';
import { EXPECTED } from '../../list-filters.js';
import type { CommandEnv } from '../command-env.js';
import type { Context } from '../context.js';
import { terminalLine } from '../terminal-text.js';
import { formatCount, renderCsv, renderJson, renderNdjson, truncate, type Format } from '../output.js';
import { parsePositiveInteger, parseSinceFlag, parseSourceKeys, sourceOption } from '../options.js';
import { TABLE_WIDTH } from './list.js';

export const EVENT_KINDS = [
  'added',
  'updated',
  'removed',
  'restored',
] as const satisfies readonly EventKind[];

/** The fields of a JSON event, in order: also the CSV header. */
export const EVENT_FIELDS = [
  'prospect_id',
  'source',
  'title',
  'run_id',
  'at',
  'kind',
  'field',
  'old',
  'new',
] as const satisfies readonly (keyof ChangeEvent)[];

export interface HistoryFlags {
  source: string[];
  since?: string;
  kind?: EventKind;
  limit?: string;
  page?: string;
  format: Format;
}

export interface HistoryCommandOptions {
  /** One prospect's timeline; undefined for the events of every prospect. */
  prospectId?: string;
  /** Without an id and without `--since`: last-run. */
  since?: Since;
  sources: string[];
  kind?: EventKind;
  /** null = every event. */
  limit: number | null;
  page: number;
  format: Format;
}

export interface HistoryResult {
  events: ChangeEvent[];
  /** Every event matching, whatever the page. */
  total: number;
}

const SINCE_HELP = EXPECTED.since;

/** Checks every flag of `jps history`; a bad value is a usage error saying what is expected. */
export function parseHistoryOptions(
  prospectId: string | undefined,
  flags: HistoryFlags,
  ctx: Pick<Context, 'sources' | 'now'>,
): HistoryCommandOptions {
  const sources = parseSourceKeys(
    flags.source,
    ctx.sources.map((source) => source.key),
  );
  if (prospectId !== undefined && sources.length > 0) {
    throw new UsageError('--source and a prospect id cannot be used together: the id names its source');
  }
  let since: Since | undefined;
  if (flags.since !== undefined) {
    since = parseSinceFlag('--since', flags.since, ctx.now());
  } else if (prospectId === undefined) {
    since = { kind: 'last-run' };
  }
  if (flags.page !== undefined && flags.limit === undefined) throw new UsageError('--page needs --limit');
  return {
    prospectId,
    since,
    sources,
    kind: flags.kind,
    limit: flags.limit === undefined ? null : parsePositiveInteger('--limit', flags.limit),
    page: flags.page === undefined ? 1 : parsePositiveInteger('--page', flags.page),
    format: flags.format,
  };
}

/**
 * One prospect's timeline (oldest first), or the change events of every prospect (newest first).
 * An id the store never held is a usage error: a typo should not read as "nothing changed".
 */
export async function runHistory(
  ctx: Pick<Context, 'openStoreForReading'>,
  options: HistoryCommandOptions,
): Promise<HistoryResult> {
  const store = await ctx.openStoreForReading();
  try {
    if (options.prospectId === undefined) {
      return await listEvents(store.db, {
        since: options.since ?? { kind: 'last-run' },
        sources: options.sources,
        kind: options.kind,
        limit: options.limit,
        page: options.page,
      });
    }
    if (!(await prospectExists(store.db, options.prospectId))) {
      throw new UsageError(
        `no prospect has the id "${options.prospectId}" (ids look like ssa:OHO-26-HQ0007; find them with jps list)`,
      );
    }
    const timeline = await prospectHistory(store.db, options.prospectId, {
      since: options.since,
      kind: options.kind,
    });
    const start = options.limit === null ? 0 : (options.page - 1) * options.limit;
    const events = options.limit === null ? timeline : timeline.slice(start, start + options.limit);
    return { events, total: timeline.length };
  } finally {
    await store.close();
  }
}

// ---- printing ------------------------------------------------------------------------------

const VALUE_WIDTH = 40;

/** An old or new value on one line: "(none)" for no value. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  const text = typeof value === 'string' ? terminalLine(value) : JSON.stringify(value);
  return truncate(text, VALUE_WIDTH);
}

function changeText(event: ChangeEvent): string {
  return event.kind === 'updated' ? `${valueText(event.old)} → ${valueText(event.new)}` : '';
}

/** "2026-11-20 10:15" (UTC). */
function minuteOf(at: string): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)}`;
}

const KIND_LABELS: Record<EventKind, string> = {
  added: 'first seen',
  updated: 'updated',
  removed: 'removed',
  restored: 'restored',
};

/**
 * A prospect's timeline for a terminal, one line an event:
 * "2026-11-20  award_date  2026-01-01 → 2026-04-01  (run 15, 10:15 UTC)".
 */
export function renderTimeline(prospectId: string, events: readonly ChangeEvent[]): string {
  const label = (event: ChangeEvent) => event.field ?? KIND_LABELS[event.kind];
  const labelWidth = Math.max(...events.map((event) => label(event).length));
  const head = terminalLine(
    events.length > 0 ? `${prospectId}  ${events[events.length - 1]!.title}` : prospectId,
  );
  const lines = events.map((event) => {
    const change = changeText(event);
    const when = `(run ${event.run_id}, ${event.at.slice(11, 16)} UTC)`;
    return [
      event.at.slice(0, 10),
      terminalLine(label(event)).padEnd(labelWidth),
      ...(change ? [change] : []),
      when,
    ].join('  ');
  });
  return [head, ...lines].join('\n');
}

/**
 * Changes across prospects for a terminal or a cron e-mail: one line a prospect and run, then one
 * indented line a changed field, so the change itself is never cut to fit a table cell:
 *
 *   2026-11-20 10:15  updated   ssa:A1  Cloud migration support
 *                     award_date  2026-01-01 → 2026-04-01
 */
export function renderChangeReport(events: readonly ChangeEvent[]): string {
  const lines: string[] = [];
  const indent = ' '.repeat(18);
  for (let index = 0; index < events.length;) {
    const first = events[index]!;
    const group = [first];
    while (
      first.kind === 'updated' &&
      events[index + group.length]?.kind === 'updated' &&
      events[index + group.length]!.prospect_id === first.prospect_id &&
      events[index + group.length]!.run_id === first.run_id
    ) {
      group.push(events[index + group.length]!);
    }
    const head = `${minuteOf(first.at)}  ${first.kind.padEnd(8)}  ${terminalLine(first.prospect_id)}  `;
    lines.push(`${head}${truncate(terminalLine(first.title), Math.max(20, TABLE_WIDTH - head.length))}`);
    if (first.kind === 'updated') {
      const fieldWidth = Math.max(...group.map((event) => (event.field ?? '').length));
      for (const event of group)
        lines.push(`${indent}${terminalLine(event.field ?? '').padEnd(fieldWidth)}  ${changeText(event)}`);
    }
    index += group.length;
  }
  return lines.join('\n');
}

/** What `jps history` prints on stdout in `format` (empty text when there is nothing to print). */
export function renderHistory(
  events: readonly ChangeEvent[],
  options: Pick<HistoryCommandOptions, 'format' | 'prospectId'>,
): string {
  switch (options.format) {
    case 'json':
      return renderJson(events);
    case 'ndjson':
      return renderNdjson(events);
    case 'csv':
      return renderCsv(
        EVENT_FIELDS,
        events.map((event) => EVENT_FIELDS.map((field) => event[field])),
      );
    case 'table':
      if (events.length === 0) return '';
      if (options.prospectId !== undefined) return renderTimeline(options.prospectId, events);
      return renderChangeReport(events);
    default:
      return options.format satisfies never;
  }
}

function sinceText(since: Since | undefined): string {
  if (since === undefined) return '';
  return since.kind === 'last-run' ? ' in the latest run of each source' : ` since ${since.at}`;
}

/** The footer of a table ("showing 1–50 of 1,234 events"), or why nothing was printed. */
export function historyFooter(result: HistoryResult, options: HistoryCommandOptions): string {
  if (result.total === 0) {
    return options.prospectId === undefined
      ? `no changes${sinceText(options.since)}`
      : `no events for ${options.prospectId}${sinceText(options.since)}`;
  }
  const limit = options.limit ?? result.total;
  const first = (options.page - 1) * limit + 1;
  if (result.events.length === 0) {
    return `no events on page ${options.page}: ${formatCount(result.total)} in all`;
  }
  const noun = result.total === 1 ? 'event' : 'events';
  return `showing ${formatCount(first)}–${formatCount(first + result.events.length - 1)} of ${formatCount(result.total)} ${noun}`;
}

export function historyCommand(env: CommandEnv): Command {
  return new Command('history')
    .description(
      "what changed: one prospect's timeline, or every change since a time (default: the latest runs)",
    )
    .argument('[id]', 'a prospect id (source:key) for its whole timeline')
    .addOption(sourceOption())
    .option('--since <time>', `changes at or after: ${SINCE_HELP} (default without an id: last-run)`)
    .addOption(new Option('--kind <kind>', 'only this kind of change').choices(EVENT_KINDS))
    .option('--limit <n>', 'events a page (default: every event)')
    .option('--page <n>', 'page number, from 1 (with --limit)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'ndjson', 'csv'])
        .default('table'),
    )
    .addHelpText(
      'after',
      `
last-run means, for each source, the start of its latest recorded run (failed runs included):
after a scrape of every source, what that scrape changed.

Examples:
  jps history                                  what the latest scrapes changed
  jps history --since 7d --kind updated --format json
  jps history ssa:OHO-26-HQ0007                one prospect's timeline`,
    )
    .action(async (id: string | undefined, flags: HistoryFlags, command: Command) => {
      const ctx = env.context(command);
      const options = parseHistoryOptions(id, flags, ctx);
      const result = await runHistory(ctx, options);
      const text = renderHistory(result.events, options);
      if (text !== '') ctx.out.data(text);
      if (result.events.length === 0 || options.format === 'table')
        ctx.out.info(historyFooter(result, options));
    });
}
