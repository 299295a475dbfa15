import { beforeAll, describe, expect, it } from 'vitest';
import { loadProspects } from '../../src/store/load-prospects.js';
import { startRun } from '../../src/store/runs.js';
import { saveWatch } from '../../src/store/watches.js';
import { requireBuiltJps, runBuiltJps } from '../helpers/built-jps.js';
import { startWebhookReceiver, type ReceivedPost } from '../helpers/receivers.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';

/** The built `bin/jps.js`, as cron runs it: a process of its own. */
const jps = (args: string[], env: Record<string, string>) =>
  runBuiltJps(args, { JPS_RETRY_BASE: '0.05s', JPS_HTTP_TIMEOUT: '10s', ...env });

const A1 = { title: 'Cyber defense operations', release_date: '2026-12-01' };
const A2 = { title: 'Help desk services', release_date: '2027-01-15' };

/** SSA scraped, a watch on everything added, then a second scrape that moved A1's release. */
async function watchedStore(webhook: string) {
  const store = await tempStore();
  await recordScrape(store, 'ssa', [makeProspect('ssa:A1', A1), makeProspect('ssa:A2', A2)], {
    at: '2026-11-16T06:00:00.000Z',
  });
  await saveWatch(
    store.db,
    {
      name: 'all',
      filters: {},
      targets: [{ kind: 'webhook', target: webhook }],
      now: '2026-11-16T07:00:00.000Z',
    },
    { replace: false },
  );
  await recordScrape(
    store,
    'ssa',
    [makeProspect('ssa:A1', { ...A1, release_date: '2027-02-01' }), makeProspect('ssa:A2', A2)],
    { at: '2026-11-23T06:00:00.000Z' },
  );
  return store;
}

function prospectsOf(post: ReceivedPost): string[] {
  const digest = post.body.digest;
  return [...digest.new.map((r) => r.id), ...digest.entered, ...digest.changed, ...digest.left]
    .map((entry) => (typeof entry === 'string' ? entry : 'prospect' in entry ? entry.prospect.id : ''))
    .sort();
}

describe('digests beside other jps processes', () => {
  beforeAll(() => {
    requireBuiltJps();
  });

  it('ends the window at a committed event while a scrape writes, and sends the rest next time', async () => {
    const hook = await startWebhookReceiver();
    const store = await watchedStore(hook.url);
    // A scrape is in the middle of its load: A3 is added but not committed.
    const runId = await startRun(store.db, 'ssa', '2026-11-30T06:00:00.000Z', 'test');
    store.sqlite.exec('BEGIN IMMEDIATE');
    loadProspects(
      store.sqlite,
      [
        makeProspect('ssa:A1', { ...A1, release_date: '2027-02-01' }),
        makeProspect('ssa:A2', A2),
        makeProspect('ssa:A3', { title: 'Zero trust pilot' }),
      ],
      { source: 'ssa', runId, at: '2026-11-30T06:00:01.000Z', complete: true },
    );
    // The scrape commits while the digest delivers what it read.
    hook.onRequest = async () => {
      if (store.sqlite.inTransaction) store.sqlite.exec('COMMIT');
    };

    const first = await jps(['digest', '--send'], { JPS_DB: store.path });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const second = await jps(['digest', '--send'], { JPS_DB: store.path });
    expect(second.code).toBe(0);
    const third = await jps(['digest', '--send'], { JPS_DB: store.path });
    expect(third.code).toBe(0);

    expect(hook.accepted.map(prospectsOf)).toEqual([['ssa:A1'], ['ssa:A3']]);
    const [firstId, secondId] = hook.accepted.map((post) => post.body.id);
    const end = Number(/-(\d+)$/.exec(firstId!)![1]);
    const start = Number(/:(\d+)-/.exec(secondId!)![1]);
    // The second window starts right after the first: nothing skipped, nothing sent twice.
    expect(start).toBe(end + 1);
  });

  it('never delivers one window twice when two digests run at once', async () => {
    const hook = await startWebhookReceiver();
    const store = await watchedStore(hook.url);
    // A slow receiver keeps the first digest delivering while the second starts.
    hook.onRequest = () => new Promise((resolve) => setTimeout(resolve, 500));
    const [a, b] = await Promise.all([
      jps(['digest', '--send'], { JPS_DB: store.path }),
      jps(['digest', '--send'], { JPS_DB: store.path }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(hook.received).toBe(1);
    expect(hook.accepted.map(prospectsOf)).toEqual([['ssa:A1']]);
  });
});
