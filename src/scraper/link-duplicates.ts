import { findDuplicateLinks, MATCHER_VERSION } from '../duplicates/find-duplicate-links.js';
import { groupDuplicates, type GroupMember } from '../duplicates/group-duplicates.js';
import {
  activeDuplicateCandidates,
  countLinks,
  deleteAllLinks,
  deleteLinksOf,
  insertLinks,
  latestEventId,
  linkingState,
  prospectsChangedBetween,
  replaceGroupMembers,
  saveLinkingState,
  storedLinks,
} from '../store/duplicate-links.js';
import type { Database } from '../store/schema.js';
import type { Kysely } from 'kysely';

export interface LinkingResult {
  /** `full`: every pair judged (first linking, or a new matcher); `changed`: only pairs with a changed prospect. */
  mode: 'none' | 'changed' | 'full';
  /** Prospects whose links were judged again (added, updated, removed or restored since the last linking). */
  changedProspects: number;
  /** Links found among the judged pairs. */
  linksFound: number;
  /** Links stored in all, after this linking. */
  linksStored: number;
  durationMillis: number;
}

/**
 * Brings the likely-duplicate links up to date with the prospects: the pairs involving a prospect
 * that changed (or left) since the last linking are judged again; the others stand. Nothing
 * changed, nothing is judged. Writes only the duplicate tables, never a prospect.
 */
export async function linkDuplicates(db: Kysely<Database>, now: () => Date): Promise<LinkingResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const state = await linkingState(db);
  const untilEventId = await latestEventId(db);
  const full = state === null || state.matcherVersion !== MATCHER_VERSION;
  if (!full && state.lastEventId >= untilEventId) {
    const linksStored = await countLinks(db);
    return { mode: 'none', changedProspects: 0, linksFound: 0, linksStored, durationMillis: elapsed() };
  }
  const changed = full ? [] : await prospectsChangedBetween(db, state.lastEventId, untilEventId);
  const candidates = await activeDuplicateCandidates(db);
  const links = findDuplicateLinks(candidates, full ? {} : { only: new Set(changed) });
  const members = new Map<string, GroupMember>(
    candidates.map((c) => [c.id, { id: c.id, source: c.source, changed_at: c.changed_at }]),
  );
  const at = now().toISOString();

  const stored = await db.transaction().execute(async (trx) => {
    if (full) await deleteAllLinks(trx);
    else await deleteLinksOf(trx, changed);
    await insertLinks(trx, links, at);
    const all = await storedLinks(trx);
    const groups = groupDuplicates(all, members);
    await replaceGroupMembers(
      trx,
      groups.flatMap((group) =>
        group.members.map((id) => ({
          prospect_id: id,
          representative_id: group.representative,
          group_size: group.members.length,
        })),
      ),
    );
    await saveLinkingState(trx, { lastEventId: untilEventId, matcherVersion: MATCHER_VERSION, linkedAt: at });
    return all.length;
  });
  return {
    mode: full ? 'full' : 'changed',
    changedProspects: full ? candidates.length : changed.length,
    linksFound: links.length,
    linksStored: stored,
    durationMillis: elapsed(),
  };
}
