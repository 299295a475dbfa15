import type { Kysely, Transaction } from 'kysely';
import type { DuplicateCandidate, DuplicateLink } from '../duplicates/find-duplicate-links.js';
import type { ReadonlyDb } from './readonly-db.js';
import type { Database } from './schema.js';

/**
 * The tables of migration 0004: links between likely duplicates, each group's representative, and
 * how far linking has read the change events. Linking writes only these tables; no prospect is
 * ever changed by it. (README, "jps duplicates")
 */

interface ListedDatabase extends Omit<Database, 'prospects'> {
  prospects: Database['prospects'] & { last_event_at: string | null };
}

export interface LinkingState {
  lastEventId: number;
  matcherVersion: number;
  linkedAt: string;
}

export async function linkingState(db: Kysely<Database>): Promise<LinkingState | null> {
  const row = await db.selectFrom('duplicate_linking').selectAll().where('id', '=', 1).executeTakeFirst();
  return row
    ? { lastEventId: row.last_event_id, matcherVersion: row.matcher_version, linkedAt: row.linked_at }
    : null;
}

export async function saveLinkingState(db: Kysely<Database>, state: LinkingState): Promise<void> {
  const row = {
    id: 1,
    last_event_id: state.lastEventId,
    matcher_version: state.matcherVersion,
    linked_at: state.linkedAt,
  };
  await db
    .insertInto('duplicate_linking')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

/** The id of the latest change event (0 when there is none). */
export async function latestEventId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('prospect_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The prospects with a change event after `eventId` and up to `untilEventId`: added, updated, removed or restored. */
export async function prospectsChangedBetween(
  db: Kysely<Database>,
  eventId: number,
  untilEventId: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('prospect_events')
    .select('prospect_id')
    .distinct()
    .where('id', '>', eventId)
    .where('id', '<=', untilEventId)
    .execute();
  return rows.map((row) => row.prospect_id);
}

/** An active prospect as the matcher reads it, with when it last changed (for choosing representatives). */
export type StoredCandidate = DuplicateCandidate & { changed_at: string };

/** Every active prospect, the fields the matcher reads. */
export async function activeDuplicateCandidates(database: Kysely<Database>): Promise<StoredCandidate[]> {
  const db = database as unknown as Kysely<ListedDatabase>;
  const rows = await db
    .selectFrom('prospects')
    .select([
      'id',
      'source',
      'agency',
      'office',
      'title',
      'description',
      'naics',
      'estimated_value_min',
      'estimated_value_max',
      'release_date',
      'award_date',
      'award_fiscal_year',
      'award_quarter',
      'place_city',
      'place_state',
      'primary_contact_email',
      'last_event_at',
      'last_seen_at',
    ])
    .where('status', '=', 'active')
    .execute();
  // Agencies, offices, places, dates and many titles repeat: each text is held once.
  const texts = new Map<string, string>();
  const once = <T extends string | null>(text: T): T => {
    if (text === null) return text;
    const held = texts.get(text);
    if (held !== undefined) return held as T;
    texts.set(text, text);
    return text;
  };
  return rows.map((row) => ({
    id: row.id,
    source: once(row.source),
    agency: once(row.agency),
    office: once(row.office),
    title: once(row.title),
    description: once(row.description),
    naics: once(row.naics),
    estimated_value_min: row.estimated_value_min,
    estimated_value_max: row.estimated_value_max,
    release_date: once(row.release_date),
    award_date: once(row.award_date),
    award_fiscal_year: row.award_fiscal_year,
    award_quarter: row.award_quarter,
    place_city: once(row.place_city),
    place_state: once(row.place_state),
    primary_contact_email: once(row.primary_contact_email),
    changed_at: once(row.last_event_at ?? row.last_seen_at),
  }));
}

const ID_BATCH = 500;
const LINK_BATCH = 1_000;

/** Removes every link of these prospects (they changed or left). */
export async function deleteLinksOf(trx: Transaction<Database>, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const batch = ids.slice(i, i + ID_BATCH);
    await trx
      .deleteFrom('duplicate_links')
      .where((eb) => eb.or([eb('prospect_id', 'in', batch), eb('other_id', 'in', batch)]))
      .execute();
  }
}

export async function deleteAllLinks(trx: Transaction<Database>): Promise<void> {
  await trx.deleteFrom('duplicate_links').execute();
}

export async function insertLinks(
  trx: Transaction<Database>,
  links: readonly DuplicateLink[],
  at: string,
): Promise<void> {
  for (let i = 0; i < links.length; i += LINK_BATCH) {
    await trx
      .insertInto('duplicate_links')
      .values(
        links.slice(i, i + LINK_BATCH).map((link) => ({
          prospect_id: link.a,
          other_id: link.b,
          score: link.score,
          reasons: JSON.stringify(link.reasons),
          linked_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['prospect_id', 'other_id']).doNothing())
      .execute();
  }
}

function toLink(row: {
  prospect_id: string;
  other_id: string;
  score: number;
  reasons: string;
}): DuplicateLink {
  return {
    a: row.prospect_id,
    b: row.other_id,
    score: row.score,
    reasons: JSON.parse(row.reasons) as string[],
  };
}

export async function countLinks(db: ReadonlyDb): Promise<number> {
  const row = await db
    .selectFrom('duplicate_links')
    .select((eb) => eb.fn.countAll<number>().as('links'))
    .executeTakeFirst();
  return Number(row?.links ?? 0);
}

/** Every stored link scoring at least `minScore`. */
export async function storedLinks(db: ReadonlyDb, minScore = 0): Promise<DuplicateLink[]> {
  const rows = await db
    .selectFrom('duplicate_links')
    .select(['prospect_id', 'other_id', 'score', 'reasons'])
    .where('score', '>=', minScore)
    .orderBy('prospect_id')
    .orderBy('other_id')
    .execute();
  return rows.map(toLink);
}

export interface GroupMembership {
  prospect_id: string;
  representative_id: string;
  group_size: number;
}

/** Replaces the stored groups with these. */
export async function replaceGroupMembers(
  trx: Transaction<Database>,
  members: readonly GroupMembership[],
): Promise<void> {
  await trx.deleteFrom('duplicate_members').execute();
  for (let i = 0; i < members.length; i += LINK_BATCH) {
    await trx
      .insertInto('duplicate_members')
      .values(members.slice(i, i + LINK_BATCH))
      .execute();
  }
}

/** A likely duplicate of a prospect, as the list, the API and the digest show it. */
export interface LikelyDuplicate {
  id: string;
  source: string;
  title: string;
  status: string;
  score: number;
  reasons: string[];
}

/**
 * The likely duplicates of prospect `id`, best first: every prospect linked to it, with the
 * link's score and reasons. Empty when it has none (or there is no such prospect).
 */
export async function likelyDuplicatesOf(
  db: ReadonlyDb,
  id: string,
  options: { minScore?: number } = {},
): Promise<LikelyDuplicate[]> {
  const links = await db
    .selectFrom('duplicate_links')
    .select(['prospect_id', 'other_id', 'score', 'reasons'])
    .where((eb) => eb.or([eb('prospect_id', '=', id), eb('other_id', '=', id)]))
    .where('score', '>=', options.minScore ?? 0)
    .execute();
  if (links.length === 0) return [];
  const others = links.map((link) => (link.prospect_id === id ? link.other_id : link.prospect_id));
  const prospects = await db
    .selectFrom('prospects')
    .select(['id', 'source', 'title', 'status'])
    .where('id', 'in', others)
    .execute();
  const byId = new Map(prospects.map((row) => [row.id, row]));
  return links
    .map((link) => {
      const other = link.prospect_id === id ? link.other_id : link.prospect_id;
      const row = byId.get(other);
      return {
        id: other,
        source: row?.source ?? other.slice(0, other.indexOf(':')),
        title: row?.title ?? '',
        status: row?.status ?? 'removed',
        score: link.score,
        reasons: JSON.parse(link.reasons) as string[],
      };
    })
    .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
}

/** A group a collapsed list stands a representative for: the others, each with its best link into the group. */
export interface CollapsedGroup {
  /** How many prospects the row stands for, itself included. */
  size: number;
  duplicates: { id: string; score: number; reasons: string[] }[];
}

/**
 * For each of `ids` that represents a group of likely duplicates: the other members, each with
 * the score and reasons of its link to the representative (or, linked only through another member,
 * its best link in the group). Ids that stand for no group are absent.
 */
export async function collapsedGroupsOf(
  db: ReadonlyDb,
  ids: readonly string[],
): Promise<Map<string, CollapsedGroup>> {
  const groups = new Map<string, CollapsedGroup>();
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const members = await db
      .selectFrom('duplicate_members')
      .select(['prospect_id', 'representative_id', 'group_size'])
      .where('representative_id', 'in', ids.slice(i, i + ID_BATCH))
      .execute();
    const byGroup = new Map<string, string[]>();
    for (const member of members) {
      if (member.prospect_id === member.representative_id) continue;
      const list = byGroup.get(member.representative_id) ?? [];
      list.push(member.prospect_id);
      byGroup.set(member.representative_id, list);
    }
    for (const [representative, others] of byGroup) {
      const inGroup = new Set([representative, ...others]);
      const links = (
        await db
          .selectFrom('duplicate_links')
          .select(['prospect_id', 'other_id', 'score', 'reasons'])
          .where((eb) => eb.or([eb('prospect_id', 'in', [...inGroup]), eb('other_id', 'in', [...inGroup])]))
          .execute()
      )
        .map(toLink)
        .filter((link) => inGroup.has(link.a) && inGroup.has(link.b));
      const duplicates = others.sort().map((other) => {
        const direct = links.find(
          (link) =>
            (link.a === representative && link.b === other) ||
            (link.b === representative && link.a === other),
        );
        const best =
          direct ??
          links.filter((link) => link.a === other || link.b === other).sort((x, y) => y.score - x.score)[0];
        return { id: other, score: best?.score ?? 0, reasons: best?.reasons ?? [] };
      });
      groups.set(representative, { size: others.length + 1, duplicates });
    }
  }
  return groups;
}

/** What `jps duplicates` shows of each member of a group. */
export interface DuplicateMemberSummary {
  id: string;
  source: string;
  title: string;
  agency: string;
  office: string | null;
  naics: string | null;
  estimated_value_min: number | null;
  estimated_value_max: number | null;
  award_date: string | null;
  changed_at: string;
}

/** The members of these ids (active or not), keyed by id. */
export async function memberSummaries(
  database: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, DuplicateMemberSummary>> {
  const db = database as unknown as Kysely<ListedDatabase>;
  const summaries = new Map<string, DuplicateMemberSummary>();
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const rows = await db
      .selectFrom('prospects')
      .select([
        'id',
        'source',
        'title',
        'agency',
        'office',
        'naics',
        'estimated_value_min',
        'estimated_value_max',
        'award_date',
        'last_event_at',
        'last_seen_at',
      ])
      .where('id', 'in', ids.slice(i, i + ID_BATCH))
      .execute();
    for (const { last_event_at, last_seen_at, ...row } of rows) {
      summaries.set(row.id, { ...row, changed_at: last_event_at ?? last_seen_at });
    }
  }
  return summaries;
}

/**
 * The likely-duplicate links among `ids` (both ends in `ids`), as id → the ids it is linked to,
 * both ways: what a digest needs to tell of a requirement once.
 */
export async function duplicateLinksAmong(
  db: ReadonlyDb,
  ids: readonly string[],
): Promise<Map<string, Set<string>>> {
  const wanted = new Set(ids);
  const links = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    const set = links.get(from);
    if (set) set.add(to);
    else links.set(from, new Set([to]));
  };
  // In chunks, to stay under SQLite's limit on bound parameters.
  const CHUNK = 500;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const rows = await db
      .selectFrom('duplicate_links')
      .select(['prospect_id', 'other_id'])
      .where('prospect_id', 'in', ids.slice(start, start + CHUNK))
      .execute();
    for (const row of rows) {
      if (!wanted.has(row.other_id)) continue;
      add(row.prospect_id, row.other_id);
      add(row.other_id, row.prospect_id);
    }
  }
  return links;
}
