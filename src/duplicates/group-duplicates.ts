import { GATEWAY_SOURCE, type DuplicateLink } from './find-duplicate-links.js';

/** What choosing a group's representative reads of each member. */
export interface GroupMember {
  id: string;
  source: string;
  /** When it last changed (its latest event), else when it was last seen; ISO text. */
  changed_at: string | null;
}

export interface DuplicateGroup {
  /** The member shown for the group: the department's own listing before the Gateway's, then the most recently changed. */
  representative: string;
  /** Every member, the representative first, then by the same order. */
  members: string[];
  links: DuplicateLink[];
}

/** The order of members: department's own source first, then most recently changed, then id. */
export function compareMembers(x: GroupMember, y: GroupMember): number {
  const gatewayX = x.source === GATEWAY_SOURCE ? 1 : 0;
  const gatewayY = y.source === GATEWAY_SOURCE ? 1 : 0;
  if (gatewayX !== gatewayY) return gatewayX - gatewayY;
  const changedX = x.changed_at ?? '';
  const changedY = y.changed_at ?? '';
  if (changedX !== changedY) return changedX > changedY ? -1 : 1;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

/**
 * The groups the links make: prospects joined by a chain of links are one group. `members` gives
 * what the order needs to know of each linked prospect; one it lacks ranks last.
 */
export function groupDuplicates(
  links: readonly DuplicateLink[],
  members: ReadonlyMap<string, GroupMember>,
): DuplicateGroup[] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    let node = id;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const link of links) {
    for (const id of [link.a, link.b]) if (!parent.has(id)) parent.set(id, id);
    const rootA = find(link.a);
    const rootB = find(link.b);
    if (rootA !== rootB) parent.set(rootA < rootB ? rootB : rootA, rootA < rootB ? rootA : rootB);
  }
  const byRoot = new Map<string, { members: string[]; links: DuplicateLink[] }>();
  for (const id of parent.keys()) {
    const root = find(id);
    let group = byRoot.get(root);
    if (!group) byRoot.set(root, (group = { members: [], links: [] }));
    group.members.push(id);
  }
  for (const link of links) byRoot.get(find(link.a))!.links.push(link);
  const member = (id: string): GroupMember =>
    members.get(id) ?? { id, source: GATEWAY_SOURCE, changed_at: null };
  const groups = [...byRoot.values()].map((group) => {
    const ordered = group.members
      .map(member)
      .sort(compareMembers)
      .map((m) => m.id);
    return { representative: ordered[0]!, members: ordered, links: group.links };
  });
  return groups.sort((x, y) => (x.representative < y.representative ? -1 : 1));
}
