import { Command, Option } from 'commander';
import { digestForWatch, digestSize } from '../../digest/classify.js';
import { UsageError } from '../../errors.js';
import type { ListFilters } from '../../list-filters.js';
import { listProspects } from '../../store/prospect-queries.js';
import type { Store } from '../../store/connection.js';
import {
  getWatch,
  listWatches,
  readDigestSnapshot,
  removeWatch,
  saveWatch,
  type Watch,
  type WatchTarget,
} from '../../store/watches.js';
import type { CommandEnv } from '../command-env.js';
import type { Context } from '../context.js';
import { addListFilterOptions, collect, listFiltersFromFlags, type ListFilterFlags } from '../options.js';
import { renderWatchDetail, renderWatchTable, watchJson } from '../print-watches.js';

/** What a watch's name may be: it is typed in crontabs and URLs. */
const WATCH_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function parseWatchName(name: string): string {
  if (!WATCH_NAME.test(name)) {
    throw new UsageError(
      `a watch name is 1 to 64 lower-case letters, digits, - and _, starting with a letter or digit, not "${name}"`,
    );
  }
  return name;
}

/** `--webhook` takes an http(s) URL; `--email` an address with one @ and a dot in its domain. */
export function parseTargets(webhooks: readonly string[], emails: readonly string[]): WatchTarget[] {
  const targets: WatchTarget[] = [];
  for (const url of webhooks) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (
      parsed === null ||
      !['http:', 'https:'].includes(parsed.protocol) ||
      parsed.hostname === '' ||
      /\s/.test(url)
    ) {
      throw new UsageError(`--webhook takes an http: or https: URL, not "${url}"`);
    }
    targets.push({ kind: 'webhook', target: url });
  }
  for (const address of emails) {
    const trimmed = address.trim();
    const parts = trimmed.split('@');
    const domain = parts[1] ?? '';
    if (
      parts.length !== 2 ||
      parts[0] === '' ||
      !/^[^.\s]+(\.[^.\s]+)+$/.test(domain) ||
      /[\s<>,;]/.test(trimmed)
    ) {
      throw new UsageError(`--email takes an address like team@example.org, not "${address}"`);
    }
    targets.push({ kind: 'email', target: trimmed });
  }
  return targets;
}

/** A watch with what waits for its next digest. */
export interface WatchSummary {
  watch: Watch;
  /** Forecasts its next digest would tell about. */
  pendingChanges: number;
}

/** How many forecasts each watch's next digest would tell about, from one read of the store. */
export async function watchSummaries(
  store: Store,
  watches: readonly Watch[],
  now: Date,
): Promise<WatchSummary[]> {
  if (watches.length === 0) return [];
  const snapshot = await readDigestSnapshot(store.db, {
    afterEventId: Math.min(...watches.map((watch) => watch.cursor_event_id)),
  });
  return watches.map((watch) => ({
    watch,
    pendingChanges: digestSize(digestForWatch(watch, snapshot, { to: now.toISOString() })),
  }));
}

export interface WatchAddOptions {
  name: string;
  filters: ListFilters;
  targets: WatchTarget[];
  replace: boolean;
}

/** Stores the watch; how many active forecasts match it today. */
export async function runWatchAdd(
  ctx: Pick<Context, 'openStore' | 'now'>,
  options: WatchAddOptions,
): Promise<{ name: string; matching: number; replaced: boolean }> {
  const store = await ctx.openStore();
  try {
    const saved = await saveWatch(
      store.db,
      {
        name: options.name,
        filters: options.filters,
        targets: options.targets,
        now: ctx.now().toISOString(),
      },
      { replace: options.replace },
    );
    if (saved === 'exists') {
      throw new UsageError(`a watch named "${options.name}" exists; add --replace to change it`);
    }
    const { total } = await listProspects(store.db, {
      filters: { ...options.filters, status: 'active' },
      sort: 'release_date',
      order: 'desc',
      limit: 1,
      page: 1,
    });
    return { name: options.name, matching: total, replaced: saved === 'replaced' };
  } finally {
    await store.close();
  }
}

export async function runWatchList(
  ctx: Pick<Context, 'openStoreForReading' | 'now'>,
): Promise<WatchSummary[]> {
  const store = await ctx.openStoreForReading();
  try {
    return await watchSummaries(store, await listWatches(store.db), ctx.now());
  } finally {
    await store.close();
  }
}

export async function runWatchShow(
  ctx: Pick<Context, 'openStoreForReading' | 'now'>,
  name: string,
): Promise<WatchSummary> {
  const store = await ctx.openStoreForReading();
  try {
    const watch = await getWatch(store.db, name);
    if (!watch) throw unknownWatch(name);
    return (await watchSummaries(store, [watch], ctx.now()))[0]!;
  } finally {
    await store.close();
  }
}

export async function runWatchRemove(
  ctx: Pick<Context, 'openStore' | 'openStoreForReading'>,
  name: string,
): Promise<void> {
  // Removing from a database that is not there is a mistyped --db, not a reason to create one.
  await (await ctx.openStoreForReading()).close();
  const store = await ctx.openStore();
  try {
    if (!(await removeWatch(store.db, name))) throw unknownWatch(name);
  } finally {
    await store.close();
  }
}

export function unknownWatch(name: string): UsageError {
  return new UsageError(`no watch named "${name}" (see jps watch list)`);
}

interface WatchAddFlags extends ListFilterFlags {
  webhook: string[];
  email: string[];
  replace?: boolean;
}

const formatOption = () =>
  new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

export function watchCommand(env: CommandEnv): Command {
  const watch = new Command('watch').description(
    'saved searches that jps digest reports on: what entered, changed and left since last time',
  );
  watch.addCommand(
    addListFilterOptions(
      new Command('add')
        .description("save a search (jps list's filters) and where to deliver its digests")
        .argument('<name>', 'the watch name: lower-case letters, digits, - and _'),
    )
      .option('--webhook <url>', 'POST each digest here (Slack, Teams, Mattermost; repeatable)', collect, [])
      .option('--email <address>', 'mail each digest here (needs JPS_SMTP_URL; repeatable)', collect, [])
      .option('--replace', 'change an existing watch, keeping its place in time')
      .addHelpText(
        'after',
        `
A new watch's first digest covers what is recorded after it is added.

Examples:
  jps watch add dhs-cyber-8a --source dhs --search cyber --set-aside EIGHT_A --webhook https://hooks.slack.com/services/…
  jps watch add big-it --naics 5415 --min-value 10M --email bd@example.org`,
      )
      .action(async (rawName: string, flags: WatchAddFlags, command: Command) => {
        const ctx = env.context(command);
        const name = parseWatchName(rawName);
        const filters = listFiltersFromFlags(flags, ctx);
        const targets = parseTargets(flags.webhook, flags.email);
        const result = await runWatchAdd(ctx, { name, filters, targets, replace: flags.replace ?? false });
        ctx.out.data(
          `watch ${result.name} saved: ${result.matching} forecast${result.matching === 1 ? '' : 's'} match today`,
        );
      }),
  );
  watch.addCommand(
    new Command('list')
      .description('every watch: its filters, targets, last digest and what waits for the next')
      .addOption(formatOption())
      .action(async (flags: { format: 'table' | 'json' }, command: Command) => {
        const ctx = env.context(command);
        const summaries = await runWatchList(ctx);
        if (flags.format === 'json') ctx.out.data(JSON.stringify(summaries.map(watchJson), null, 2));
        else if (summaries.length === 0) ctx.out.info('no watches: add one with jps watch add');
        else ctx.out.data(renderWatchTable(summaries));
      }),
  );
  watch.addCommand(
    new Command('show')
      .description('one watch in full')
      .argument('<name>', 'the watch name')
      .addOption(formatOption())
      .action(async (name: string, flags: { format: 'table' | 'json' }, command: Command) => {
        const ctx = env.context(command);
        const summary = await runWatchShow(ctx, name);
        ctx.out.data(
          flags.format === 'json' ? JSON.stringify(watchJson(summary), null, 2) : renderWatchDetail(summary),
        );
      }),
  );
  watch.addCommand(
    new Command('remove')
      .description('delete a watch')
      .argument('<name>', 'the watch name')
      .action(async (name: string, _flags: unknown, command: Command) => {
        const ctx = env.context(command);
        await runWatchRemove(ctx, name);
        ctx.out.info(`watch ${name} removed`);
      }),
  );
  return watch;
}
