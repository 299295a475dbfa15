import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DuplicateGroupReport } from '../../src/cli/commands/duplicates.js';
import { labelledFiles, labelledSet, linkQuality } from '../fixtures/duplicates/labelled-set.js';
import { runJps } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const NOW = new Date('2026-11-05T00:00:00.000Z');

/** Every file of the labelled set scraped with `jps scrape --file`, as a user would. */
async function scrapedLabelledSet(): Promise<string> {
  const dir = tempDir();
  const dbPath = join(dir, 'jps.db');
  for (const file of await labelledFiles()) {
    const path = join(dir, file.name);
    writeFileSync(path, file.bytes);
    const result = await runJps(['scrape', '--source', file.source, '--file', path], { dbPath, now: NOW });
    expect(result.exitCode, result.stderr).toBe(0);
  }
  return dbPath;
}

describe('jps duplicates', () => {
  it('lists the groups a scrape linked, each with its reasons', async () => {
    const dbPath = await scrapedLabelledSet();
    const json = await runJps(['duplicates', '--format', 'json'], { dbPath, now: NOW });
    expect(json.exitCode, json.stderr).toBe(0);
    const groups = JSON.parse(json.stdout) as DuplicateGroupReport[];
    const cloud = groups.find((group) => group.representative === 'dot:2026-031');
    expect(cloud).toMatchObject({
      size: 2,
      members: [
        { id: 'dot:2026-031', title: 'Cloud Migration Services' },
        { id: 'acquisition-gateway:51001', title: 'FAA - Cloud Migration Services (Amended)' },
      ],
      links: [
        {
          a: 'acquisition-gateway:51001',
          b: 'dot:2026-031',
          reasons: expect.arrayContaining(['same department', 'same NAICS 541512', 'value ranges overlap']),
        },
      ],
    });
    // The Gateway listed the FTA forecast twice: one group of three.
    expect(groups.find((group) => group.representative === 'dot:2026-058')?.size).toBe(3);

    // What the scrape stored is what the matcher finds on the same records.
    const set = await labelledSet();
    const quality = linkQuality(
      groups.flatMap((group) => group.links),
      set,
    );
    expect(quality.precision).toBeGreaterThanOrEqual(0.95);
    expect(quality.recall).toBeGreaterThanOrEqual(0.9);

    const table = await runJps(['duplicates', '--source', 'dot'], { dbPath, now: NOW });
    expect(table.stdout).toContain('dot:2026-031');
    expect(table.stdout).toContain('titles 100% alike after normalising; same department; same NAICS 541512');
    expect(table.stdout).not.toContain('dhs:');
    expect(table.stderr).toMatch(/^\d+ groups of likely duplicates, \d+ prospects$/);
  });

  it('shows only links scoring at least --min-score', async () => {
    const dbPath = await scrapedLabelledSet();
    const all = JSON.parse(
      (await runJps(['duplicates', '--format', 'json'], { dbPath })).stdout,
    ) as DuplicateGroupReport[];
    const strict = JSON.parse(
      (await runJps(['duplicates', '--min-score', '0.99', '--format', 'json'], { dbPath })).stdout,
    ) as DuplicateGroupReport[];
    const scores = (groups: DuplicateGroupReport[]) => groups.flatMap((g) => g.links.map((l) => l.score));
    expect(scores(strict).every((score) => score >= 0.99)).toBe(true);
    expect(scores(strict).length).toBeLessThan(scores(all).length);
  });

  it.each(['1.5', 'high', '-0.1'])('refuses --min-score %s with a usage error', async (value) => {
    const dbPath = join(tempDir(), 'jps.db');
    const result = await runJps(['duplicates', '--min-score', value], { dbPath });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`--min-score takes a score from 0 to 1 such as 0.8, not "${value}"`);
  });

  it('says so when there is nothing to show', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'jps.db');
    const dot = (await labelledFiles()).find((file) => file.source === 'dot')!;
    writeFileSync(join(dir, dot.name), dot.bytes);
    await runJps(['scrape', '--source', 'dot', '--file', join(dir, dot.name)], { dbPath });
    const result = await runJps(['duplicates', '--format', 'json'], { dbPath });
    expect(result).toMatchObject({ exitCode: 0, stdout: '[]\n', stderr: 'no likely duplicates' });
  });
});

describe('jps list --collapse-duplicates', () => {
  it('shows one line for a requirement the Gateway and DOT both list, with how many it stands for', async () => {
    const dbPath = await scrapedLabelledSet();
    const plain = await runJps(['list', '--search', 'cloud migration', '--format', 'json'], { dbPath });
    expect((JSON.parse(plain.stdout) as { id: string }[]).map((r) => r.id).sort()).toEqual([
      'acquisition-gateway:51001',
      'acquisition-gateway:56006',
      'dot:2026-031',
    ]);

    const json = await runJps(
      ['list', '--search', 'cloud migration', '--collapse-duplicates', '--format', 'json'],
      {
        dbPath,
      },
    );
    expect(json.exitCode, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as {
      id: string;
      duplicates: { id: string; score: number; reasons: string[] }[];
    }[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    // The department's own listing stands for the Gateway's; Veterans Affairs' own cloud
    // migration is another requirement.
    expect([...byId.keys()].sort()).toEqual(['acquisition-gateway:56006', 'dot:2026-031']);
    expect(byId.get('dot:2026-031')!.duplicates).toEqual([
      {
        id: 'acquisition-gateway:51001',
        score: 1,
        reasons: expect.arrayContaining(['titles 100% alike after normalising', 'same department']),
      },
    ]);
    expect(byId.get('acquisition-gateway:56006')!.duplicates).toEqual([]);

    const table = await runJps(['list', '--search', 'cloud migration', '--collapse-duplicates'], { dbPath });
    const lines = table.stdout.split('\n').filter((line) => line.includes(':'));
    expect(lines.filter((line) => line.includes('dot:2026-031'))[0]).toMatch(/\s2 │$/);
    expect(table.stdout).not.toContain('acquisition-gateway:51001');
    expect(table.stderr).toBe('showing 1–2 of 2');
  });

  it('counts the groups once when paging', async () => {
    const dbPath = await scrapedLabelledSet();
    const all = await runJps(['list', '--all', '--format', 'json'], { dbPath });
    const collapsed = await runJps(['list', '--all', '--collapse-duplicates', '--format', 'json'], {
      dbPath,
    });
    const groups = JSON.parse(
      (await runJps(['duplicates', '--format', 'json'], { dbPath })).stdout,
    ) as DuplicateGroupReport[];
    const hidden = groups.reduce((sum, group) => sum + group.size - 1, 0);
    expect(JSON.parse(collapsed.stdout)).toHaveLength(JSON.parse(all.stdout).length - hidden);
    const page = await runJps(['list', '--collapse-duplicates', '--limit', '5'], { dbPath });
    expect(page.stderr).toBe(`showing 1–5 of ${JSON.parse(all.stdout).length - hidden}`);
  });
});
