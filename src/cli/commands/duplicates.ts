import { Command, Option } from 'commander';
import { LINK_MIN_SCORE, type DuplicateLink } from '../../duplicates/find-duplicate-links.js';
import { groupDuplicates, type GroupMember } from '../../duplicates/group-duplicates.js';
import { UsageError } from '../../errors.js';
import { memberSummaries, storedLinks, type DuplicateMemberSummary } from '../../store/duplicate-links.js';
import type { CommandEnv } from '../command-env.js';
import type { Context } from '../context.js';
import { parseSourceKeys, sourceOption } from '../options.js';
import { formatCount, renderJson, truncate } from '../output.js';
import { formatValueRange, TABLE_WIDTH } from './list.js';

export interface DuplicatesCommandOptions {
  /** Groups with a member from one of these sources; empty means every group. */
  sources: readonly string[];
  minScore: number;
}

/** One group of likely duplicates as `jps duplicates` reports it. */
export interface DuplicateGroupReport {
  /** The member a collapsed list shows: the department's own listing before the Gateway's. */
  representative: string;
  size: number;
  /** The best link's score. */
  score: number;
  members: Omit<DuplicateMemberSummary, 'changed_at'>[];
  links: DuplicateLink[];
}

/** `--min-score 0.8` → 0.8; a number from 0 to 1, or a usage error. */
export function parseMinScore(text: string): number {
  const value = Number(text.trim());
  if (!/^\s*(?:0|1|0?\.\d+|1\.0*)\s*$/.test(text) || !(value >= 0 && value <= 1)) {
    throw new UsageError(`--min-score takes a score from 0 to 1 such as 0.8, not "${text}"`);
  }
  return value;
}

/**
 * The groups of likely duplicates, best first, as the last scrape linked them (a command that only
 * reads: it never links or writes).
 */
export async function runDuplicates(
  ctx: Pick<Context, 'openStoreForReading'>,
  options: DuplicatesCommandOptions,
): Promise<DuplicateGroupReport[]> {
  const store = await ctx.openStoreForReading();
  try {
    const links = await storedLinks(store.db, options.minScore);
    const ids = [...new Set(links.flatMap((link) => [link.a, link.b]))];
    const summaries = await memberSummaries(store.db, ids);
    const ranking = new Map<string, GroupMember>(
      [...summaries.values()].map((s) => [s.id, { id: s.id, source: s.source, changed_at: s.changed_at }]),
    );
    return groupDuplicates(links, ranking)
      .filter(
        (group) =>
          options.sources.length === 0 ||
          group.members.some((id) => options.sources.includes(summaries.get(id)?.source ?? '')),
      )
      .map((group) => ({
        representative: group.representative,
        size: group.members.length,
        score: Math.max(...group.links.map((link) => link.score)),
        members: group.members.map((id) => {
          const { changed_at: _changed, ...member } = summaries.get(id) ?? {
            id,
            source: id.slice(0, id.indexOf(':')),
            title: '',
            agency: '',
            office: null,
            naics: null,
            estimated_value_min: null,
            estimated_value_max: null,
            award_date: null,
            changed_at: '',
          };
          return member;
        }),
        links: [...group.links].sort((x, y) => y.score - x.score),
      }))
      .sort((x, y) => y.score - x.score || (x.representative < y.representative ? -1 : 1));
  } finally {
    await store.close();
  }
}

/** Each group as a block of lines: its members, then why each pair is linked. */
export function renderDuplicateGroups(groups: readonly DuplicateGroupReport[]): string {
  const blocks = groups.map((group, index) => {
    const idWidth = Math.max(...group.members.map((m) => m.id.length));
    const lines = [
      `group ${index + 1}: ${group.size} listings of one requirement (best score ${group.score.toFixed(2)})`,
    ];
    for (const member of group.members) {
      const value = formatValueRange(member.estimated_value_min, member.estimated_value_max);
      const detail = [member.naics, value, member.award_date].filter(Boolean).join(', ');
      const text = `  ${member.id.padEnd(idWidth)}  ${member.title}${detail ? ` (${detail})` : ''}`;
      lines.push(truncate(text, TABLE_WIDTH));
    }
    for (const link of group.links) {
      lines.push(`  ${link.score.toFixed(2)} ${link.a} ~ ${link.b}: ${link.reasons.join('; ')}`);
    }
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

export function duplicatesCommand(env: CommandEnv): Command {
  return new Command('duplicates')
    .description('groups of prospects that likely describe the same requirement, and why')
    .addOption(sourceOption('only groups with a member from this source, repeatable or a comma list'))
    .option(
      '--min-score <score>',
      `only links scoring at least this, 0 to 1 (links are recorded from ${LINK_MIN_SCORE.toFixed(2)})`,
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      `
Links are judged by each scrape, for what it changed; nothing is merged, hidden or deleted. A
group is the prospects joined by links; "jps list --collapse-duplicates" shows one row for each.

Examples:
  jps duplicates
  jps duplicates --source dot --min-score 0.9
  jps duplicates --format json | jq '.[0].links'`,
    )
    .action(
      async (flags: { source: string[]; minScore?: string; format: 'table' | 'json' }, command: Command) => {
        const ctx = env.context(command);
        const options: DuplicatesCommandOptions = {
          sources: parseSourceKeys(
            flags.source,
            ctx.sources.map((source) => source.key),
          ),
          minScore: flags.minScore === undefined ? LINK_MIN_SCORE : parseMinScore(flags.minScore),
        };
        const groups = await runDuplicates(ctx, options);
        if (flags.format === 'json') ctx.out.data(renderJson(groups));
        else if (groups.length > 0) ctx.out.data(renderDuplicateGroups(groups));
        const prospects = groups.reduce((sum, group) => sum + group.size, 0);
        ctx.out.info(
          groups.length === 0
            ? 'no likely duplicates'
            : `${formatCount(groups.length)} group${groups.length === 1 ? '' : 's'} of likely duplicates, ${formatCount(prospects)} prospects`,
        );
      },
    );
}
