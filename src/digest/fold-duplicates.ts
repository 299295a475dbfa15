import type { DigestEntry } from './classify.js';

/** The Gateway repeats the departments' own forecasts: a group is shown under the department's. */
const AGGREGATOR_SOURCE = 'acquisition-gateway';

/** One line of a digest: a prospect, and the likely duplicates it stands for there. */
export interface FoldedEntry<Entry extends DigestEntry = DigestEntry> {
  entry: Entry;
  alsoListedAs: string[];
}

/**
 * Folds the likely duplicates among one class's entries into one line each, so a reader is told
 * about a requirement once ("also listed as …"). `links` maps a prospect id to the ids it is
 * likely the same requirement as (both directions). The line is the department's own entry
 * before the Gateway's, else the first in the class's order; order is otherwise kept. Nothing is
 * dropped: every folded id is named on its group's line.
 */
export function foldDuplicates<Entry extends DigestEntry>(
  entries: readonly Entry[],
  links: ReadonlyMap<string, ReadonlySet<string>>,
): FoldedEntry<Entry>[] {
  if (links.size === 0) return entries.map((entry) => ({ entry, alsoListedAs: [] }));
  const inClass = new Map(entries.map((entry) => [entry.prospect.id, entry]));
  const placed = new Map<string, FoldedEntry<Entry>>();
  const lines: FoldedEntry<Entry>[] = [];
  for (const entry of entries) {
    if (placed.has(entry.prospect.id)) continue;
    // The entry's group within this class, found by following links.
    const group = [entry];
    for (let i = 0; i < group.length; i++) {
      for (const other of links.get(group[i]!.prospect.id) ?? []) {
        const linked = inClass.get(other);
        if (linked && !group.includes(linked)) group.push(linked);
      }
    }
    const head = group.find((member) => member.prospect.source !== AGGREGATOR_SOURCE) ?? entry;
    const line: FoldedEntry<Entry> = {
      entry: head,
      alsoListedAs: group.filter((member) => member !== head).map((member) => member.prospect.id),
    };
    for (const member of group) placed.set(member.prospect.id, line);
    lines.push(line);
  }
  return lines;
}
