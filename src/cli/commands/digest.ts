import { Command, Option } from 'commander';
import { digestForWatch, digestProspectIds, digestSize, type Digest } from '../../digest/classify.js';
import {
  DIGEST_FORMATS,
  digestJson,
  digestSubject,
  renderDigestHtml,
  renderDigestMarkdown,
  renderDigests,
  renderDigestText,
  type DigestFormat,
} from '../../digest/render.js';
import { EXIT } from '../../errors.js';
import { checkListFilters } from '../../list-filters.js';
import { deliverEmail, deliverWebhook, type Delivery, type DeliveryDeps } from '../../notify/deliver.js';
import { DEFAULT_TIMEOUT_MILLIS } from '../../scraper/http.js';
import type { Store } from '../../store/connection.js';
import { withDigestLock } from '../../store/digest-lock.js';
import { duplicateLinksAmong } from '../../store/duplicate-links.js';
import { advanceCursor, listWatches, readDigestSnapshot, type Watch } from '../../store/watches.js';
import type { Since } from '../../time.js';
import type { CommandEnv } from '../command-env.js';
import type { Context } from '../context.js';
import { parseSinceFlag } from '../options.js';
import { unknownWatch } from './watch.js';

export interface DigestCommandOptions {
  /** The watches asked for; empty means every watch. */
  names: string[];
  send: boolean;
  dryRun: boolean;
  since?: Since;
  format: DigestFormat;
}

/** What became of one watch's digest. */
export interface DigestOutcome {
  digest: Digest;
  /** Printed on stdout: no --send, or a watch without targets, or --dry-run. */
  printed: boolean;
  deliveries: Delivery[];
  /** Whether the watch's cursor moved to the end of this window. */
  cursorMoved: boolean;
}

/** The cursor's write may wait behind a scrape's load transaction: give it the time a scrape takes. */
const CURSOR_BUSY_TIMEOUT_MILLIS = 120_000;

/**
 * Every asked-for watch's digest over its window; with `send`, delivered to its targets. A watch's
 * cursor moves to the end of its window when the window was printed, or when every target accepted
 * it — never with `dryRun` or `since`. Watches whose window holds nothing print and send nothing
 * (their cursor still moves past the events they did not care about).
 */
export async function runDigest(
  ctx: Pick<Context, 'config' | 'openStore' | 'openStoreForReading' | 'now' | 'http' | 'out' | 'sources'>,
  options: DigestCommandOptions,
): Promise<DigestOutcome[]> {
  // A digest reads like `jps list` (a missing or outdated database is an error, never created or
  // migrated), but it writes its watches' cursors: once the database is known to be there and
  // current, it is opened for writing, which then creates and migrates nothing.
  const reader = await ctx.openStoreForReading();
  const moves = !options.dryRun && options.since === undefined;
  if (moves) await reader.close();
  const store = moves ? await ctx.openStore({ busyTimeoutMillis: CURSOR_BUSY_TIMEOUT_MILLIS }) : reader;
  try {
    const work = () => digestWatches(ctx, store, options);
    // Only a digest that may move cursors takes turns; a dry run or a --since report reads alone.
    if (options.dryRun || options.since !== undefined) return await work();
    return await withDigestLock(
      ctx.config.dbPath,
      {
        waitMillis: ctx.config.lockWaitMillis,
        onWait: () => ctx.out.info('jps: another jps digest is delivering on this database; waiting for it'),
      },
      work,
    );
  } finally {
    await store.close();
  }
}

async function digestWatches(
  ctx: Pick<Context, 'config' | 'now' | 'http' | 'sources'>,
  store: Store,
  options: DigestCommandOptions,
): Promise<DigestOutcome[]> {
  const all = await listWatches(store.db);
  for (const name of options.names) if (!all.some((watch) => watch.name === name)) throw unknownWatch(name);
  const watches =
    options.names.length === 0 ? all : all.filter((watch) => options.names.includes(watch.name));
  if (watches.length === 0) return [];
  const known = ctx.sources.map((source) => source.key);
  for (const watch of watches) watch.filters = checkListFilters(watch.filters, known);

  const to = ctx.now().toISOString();
  const snapshot = await readDigestSnapshot(
    store.db,
    options.since !== undefined
      ? { since: options.since }
      : { afterEventId: Math.min(...watches.map((watch) => watch.cursor_event_id)) },
  );
  const since = options.since?.kind === 'time' ? options.since.at : undefined;
  const deliveryDeps: DeliveryDeps = {
    http: ctx.http,
    smtpUrl: ctx.config.smtpUrl,
    mailFrom: ctx.config.mailFrom,
    smtpTimeoutMillis: ctx.config.httpTimeoutMillis ?? DEFAULT_TIMEOUT_MILLIS,
  };
  const outcomes: DigestOutcome[] = [];
  for (const watch of watches) {
    const digest = digestForWatch(watch, snapshot, {
      to,
      ...(options.since !== undefined && { since: since ?? earliestEventTime(snapshot.events, to) }),
    });
    digest.duplicates = await duplicateLinksAmong(store.db, digestProspectIds(digest));
    const empty = digestSize(digest) === 0;
    const toStdout = !empty && (options.dryRun || !options.send || watch.targets.length === 0);
    const deliveries =
      empty || options.dryRun || !options.send ? [] : await deliver(deliveryDeps, watch, digest);
    const accepted = deliveries.every((delivery) => delivery.ok);
    let cursorMoved = false;
    if (!options.dryRun && options.since === undefined && accepted) {
      cursorMoved = await advanceCursor(store.db, watch.name, {
        fromEventId: watch.cursor_event_id,
        toEventId: digest.lastEventId,
        at: to,
        delivered: !empty,
      });
    }
    outcomes.push({ digest, printed: toStdout, deliveries, cursorMoved });
  }
  return outcomes;
}

/** With `--since last-run` the window starts at the first event it holds. */
function earliestEventTime(events: readonly { at: string }[], fallback: string): string {
  return events.reduce((min, event) => (event.at < min ? event.at : min), fallback);
}

async function deliver(deps: DeliveryDeps, watch: Watch, digest: Digest): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  for (const target of watch.targets) {
    if (target.kind === 'webhook') {
      deliveries.push(
        await deliverWebhook(deps.http, target.target, {
          id: `${digest.watch}:${digest.firstEventId}-${digest.lastEventId}`,
          text: renderDigestMarkdown(digest),
          digest: digestJson(digest),
        }),
      );
    } else {
      deliveries.push(
        await deliverEmail(deps, target.target, {
          subject: digestSubject(digest),
          text: renderDigestText(digest),
          html: renderDigestHtml(digest),
        }),
      );
    }
  }
  return deliveries;
}

export function digestCommand(env: CommandEnv): Command {
  return new Command('digest')
    .description('tell each watch what entered, changed and left its search since it was last told')
    .argument('[names...]', 'watches to digest (default: every watch)')
    .option(
      '--send',
      "deliver to each watch's webhooks and e-mail addresses (a watch without targets prints)",
    )
    .option('--dry-run', 'print what would be delivered; send nothing, move no cursor')
    .option(
      '--since <time>',
      'report this window instead (a date, a timestamp, 7d, or last-run); moves no cursor',
    )
    .addOption(new Option('--format <format>', 'output format').choices(DIGEST_FORMATS).default('text'))
    .addHelpText(
      'after',
      `
A watch's cursor moves to the end of its window once the window is printed or every target has
accepted it; a failed target keeps the window open, so the next digest sends it again with the
newer changes (exit 6). A watch with nothing new prints and sends nothing.

Examples (crontab):
  0 6 * * 1  jps scrape; jps digest --send
  jps digest dhs-cyber-8a --dry-run --format markdown
  jps digest --since 7d --format json`,
    )
    .action(
      async (
        names: string[],
        flags: { send?: boolean; dryRun?: boolean; since?: string; format: DigestFormat },
        command: Command,
      ) => {
        const ctx = env.context(command);
        const options: DigestCommandOptions = {
          names,
          send: flags.send ?? false,
          dryRun: flags.dryRun ?? false,
          format: flags.format,
          ...(flags.since !== undefined && { since: parseSinceFlag('--since', flags.since, ctx.now()) }),
        };
        const outcomes = await runDigest(ctx, options);
        const printed = outcomes.filter((outcome) => outcome.printed).map((outcome) => outcome.digest);
        if (printed.length > 0) ctx.out.data(renderDigests(printed, options.format));
        for (const outcome of outcomes) {
          for (const delivery of outcome.deliveries) {
            if (!delivery.ok)
              ctx.out.error(
                `jps: digest ${outcome.digest.watch}: ${delivery.problem}; it will be sent again`,
              );
          }
        }
        if (outcomes.some((outcome) => outcome.deliveries.some((delivery) => !delivery.ok)))
          env.setExitCode(EXIT.deliveryFailed);
      },
    );
}
