/**
 * The flags several commands share, declared and read once: `-s, --source`, whole numbers, times,
 * and the list filters (`jps list`, `jps watch add`). The values are read by src/list-filters.ts,
 * which the API's parameters use too.
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import {
  EXPECTED,
  parseListFilters,
  readPositiveInteger,
  splitList,
  type ListFilters,
} from '../list-filters.js';
import { SET_ASIDE_CODES } from '../store/prospect-queries.js';
import { parseSince, type Since } from '../time.js';
import type { Context } from './context.js';

/** Commander's accumulator for a repeatable option (`--source a --source b`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `-s, --source <key>`: repeatable, or a comma list; every command that takes it spells it so. */
export function sourceOption(
  description = 'a source key, repeatable or a comma list (see jps sources)',
): Option {
  return new Option('-s, --source <key>', description).argParser(collect).default([]);
}

/** `--source a,b --source c` → known source keys, or a usage error naming the known ones. */
export function parseSourceKeys(values: readonly string[], known: readonly string[]): string[] {
  const keys = splitList(values);
  for (const key of keys) {
    if (!known.includes(key)) throw new UsageError(`unknown source "${key}" (known: ${known.join(', ')})`);
  }
  return keys;
}

/** A whole number ≥ 1 for `flag`, or a usage error. */
export function parsePositiveInteger(flag: string, text: string): number {
  const value = readPositiveInteger(text);
  if (value === null) throw new UsageError(`${flag} takes ${EXPECTED.positiveInteger}, not "${text}"`);
  return value;
}

/** A time for `--since` / `--changed-since` (docs/cli.md's forms), or a usage error. */
export function parseSinceFlag(flag: string, text: string, now: Date): Since {
  const since = parseSince(text, now);
  if (since === null) throw new UsageError(`${flag} takes ${EXPECTED.since}, not "${text}"`);
  return since;
}

/** The list filters as commander hands them over: text, checked by `listFiltersFromFlags`. */
export interface ListFilterFlags {
  source: string[];
  agency?: string;
  office?: string;
  naics?: string;
  setAside?: string;
  search?: string;
  minValue?: string;
  maxValue?: string;
  releaseFrom?: string;
  releaseTo?: string;
  awardFrom?: string;
  awardTo?: string;
}

/** Adds `jps list`'s filter flags to `command` (for `jps list` and `jps watch add`). */
export function addListFilterOptions(command: Command): Command {
  return command
    .addOption(sourceOption())
    .option('--agency <text>', 'agency containing this text (any case)')
    .option('--office <text>', 'office containing this text (any case)')
    .option('--naics <prefix>', 'NAICS code starting with these digits')
    .option('--set-aside <code>', `set-aside code: ${SET_ASIDE_CODES.join(', ')}`)
    .option(
      '--search <words>',
      'every word starts a word of the title, description, agency or office (cyber finds Cybersecurity)',
    )
    .option('--min-value <dollars>', 'estimated value range reaching at least this (250000, 1.5M)')
    .option('--max-value <dollars>', 'estimated value range starting at most this')
    .option('--release-from <date>', 'release date on or after (YYYY-MM-DD)')
    .option('--release-to <date>', 'release date on or before')
    .option('--award-from <date>', 'award date on or after')
    .option('--award-to <date>', 'award date on or before');
}

/** Reads and checks the filter flags; a bad value is a usage error saying what the flag takes. */
export function listFiltersFromFlags(flags: ListFilterFlags, ctx: Pick<Context, 'sources'>): ListFilters {
  return parseListFilters(
    {
      sources: flags.source,
      agency: flags.agency,
      office: flags.office,
      naics: flags.naics,
      setAside: flags.setAside,
      search: flags.search,
      minValue: flags.minValue,
      maxValue: flags.maxValue,
      releaseFrom: flags.releaseFrom,
      releaseTo: flags.releaseTo,
      awardFrom: flags.awardFrom,
      awardTo: flags.awardTo,
    },
    ctx.sources.map((source) => source.key),
  );
}

/** Whether any filter flag was given (`--source` given empty counts as none). */
export function hasListFilterFlags(flags: ListFilterFlags): boolean {
  const { source, ...others } = flags;
  return source.length > 0 || Object.values(others).some((value) => value !== undefined);
}
