import { describe, expect, it } from 'vitest';
import { findDuplicateLinks, type DuplicateCandidate } from '../../src/duplicates/find-duplicate-links.js';
import type { IncomingProspect } from '../../src/store/load-prospects.js';
import { formatLinkQuality, labelledSet, linkQuality } from '../fixtures/duplicates/labelled-set.js';

const candidate = (record: IncomingProspect): DuplicateCandidate => ({
  id: record.id,
  source: record.id.slice(0, record.id.indexOf(':')),
  ...record.fields,
});

describe('the duplicate matcher on the labelled set', () => {
  it('finds the same requirement listed twice with precision of at least 0.95 and recall of at least 0.90', async () => {
    const set = await labelledSet();
    const links = findDuplicateLinks(set.records.map(candidate));
    const quality = linkQuality(links, set);
    console.log(`labelled set (${set.records.length} prospects): ${formatLinkQuality(quality)}`);
    const truth = new Set(set.duplicates.map(([a, b]) => [a, b].sort().join(' ')));
    for (const link of links) if (!truth.has(`${link.a} ${link.b}`)) console.log('  false link', link);
    const found = new Set(links.map((l) => `${l.a} ${l.b}`));
    for (const key of truth) if (!found.has(key)) console.log('  missed', key);
    expect(quality.precision).toBeGreaterThanOrEqual(0.95);
    expect(quality.recall).toBeGreaterThanOrEqual(0.9);
  });
});
