/** How `jps watch list` and `jps watch show` print a watch. */
import { describeListFilters } from '../list-filters.js';
import { describeTarget, maskWebhookUrl } from '../digest/targets.js';
import type { WatchSummary } from './commands/watch.js';
import { renderTable } from './output.js';

/** The JSON of a watch: targets whole (they are the user's own), as `jps watch list --format json` prints it. */
export function watchJson(summary: WatchSummary) {
  const { watch } = summary;
  return {
    name: watch.name,
    filters: watch.filters,
    targets: watch.targets,
    created_at: watch.created_at,
    last_digest_at: watch.last_digest_at,
    pending_changes: summary.pendingChanges,
  };
}

function targetsText(summary: WatchSummary, short = false): string {
  if (summary.watch.targets.length === 0) return 'stdout';
  return summary.watch.targets
    .map((target) =>
      short
        ? target.kind === 'webhook'
          ? maskWebhookUrl(target.target)
          : target.target
        : describeTarget(target),
    )
    .join(', ');
}

function day(iso: string | null): string {
  return iso === null ? 'never' : iso.slice(0, 10);
}

function minute(iso: string | null): string {
  return iso === null ? 'never' : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The table of `jps watch list`: webhook URLs as scheme and host only, they often carry secrets. */
export function renderWatchTable(summaries: readonly WatchSummary[]): string {
  return renderTable(
    [
      { header: 'name', value: (s: WatchSummary) => s.watch.name },
      { header: 'filters', value: (s) => describeListFilters(s.watch.filters), shrink: true },
      { header: 'targets', value: (s) => targetsText(s, true) },
      { header: 'created', value: (s) => day(s.watch.created_at) },
      { header: 'last digest', value: (s) => day(s.watch.last_digest_at) },
      { header: 'pending', value: (s) => String(s.pendingChanges), alignRight: true },
    ],
    summaries,
    { maxWidth: 100 },
  );
}

/** `jps watch show`: one line a property. */
export function renderWatchDetail(summary: WatchSummary): string {
  const { watch } = summary;
  return [
    `name         ${watch.name}`,
    `filters      ${describeListFilters(watch.filters)}`,
    `targets      ${targetsText(summary)}`,
    `created      ${minute(watch.created_at)} UTC`,
    `last digest  ${watch.last_digest_at === null ? 'never' : `${minute(watch.last_digest_at)} UTC`}`,
    `pending      ${summary.pendingChanges} forecast${summary.pendingChanges === 1 ? '' : 's'} for the next digest`,
  ].join('\n');
}
