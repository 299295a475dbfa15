import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDotCsv, DOT_ROWS, dotNextWeekRows, type DotRow } from '../fixtures/dot/dot-forecast.js';
import { runJps } from '../helpers/cli.js';
import { startSmtpReceiver, startWebhookReceiver, type DigestPayload } from '../helpers/receivers.js';
import { tempDir } from '../helpers/store.js';

const WEEK_1 = new Date('2026-11-30T06:00:00.000Z');
const WEEK_2 = new Date('2026-12-07T06:00:00.000Z');
const WEEK_3 = new Date('2026-12-14T06:00:00.000Z');

/**
 * DOT's forecast a week later: 2026-004's value revised, 2026-021 withdrawn, 2026-030 added (the
 * fixture's next week), and 2026-017 turned from a veteran-owned set-aside into an 8(a) one whose
 * award slipped a quarter.
 */
function week2Rows(): DotRow[] {
  return dotNextWeekRows().map((row) =>
    row['Sequence Number'] === '2026-017'
      ? { ...row, 'Competition Type': '8(a) Set-Aside', 'Anticipated Award Date': '9/30/2026' }
      : row,
  );
}

/** A week after that: the Ready Reserve maintenance award moves. */
function week3Rows(): DotRow[] {
  return week2Rows().map((row) =>
    row['Sequence Number'] === '2025-079' ? { ...row, 'Anticipated Award Date': '03/01/2026' } : row,
  );
}

interface Harness {
  dbPath: string;
  jps(argv: string[], now: Date, env?: NodeJS.ProcessEnv): ReturnType<typeof runJps>;
  scrape(rows: readonly DotRow[], now: Date): Promise<void>;
}

function harness(): Harness {
  const dir = tempDir();
  const dbPath = join(dir, 'jps.db');
  let files = 0;
  const jps: Harness['jps'] = (argv, now, env) =>
    runJps(argv, { dbPath, now, env: { JPS_HTTP_TIMEOUT: '0.5s', ...env } });
  return {
    dbPath,
    jps,
    async scrape(rows, now) {
      const file = join(dir, `dot-${(files += 1)}.csv`);
      writeFileSync(file, buildDotCsv(rows));
      const result = await jps(['scrape', '--source', 'dot', '--file', file, '--format', 'json'], now);
      expect(result.exitCode, result.stderr).toBe(0);
    },
  };
}

function ids(entries: readonly { id?: string; prospect?: { id: string } }[]): string[] {
  return entries.map((entry) => entry.prospect?.id ?? entry.id!);
}

describe('jps watch', () => {
  it('saves a watch, says how many forecasts match today, and lists it with its webhook masked', async () => {
    const h = harness();
    await h.scrape(DOT_ROWS, WEEK_1);
    const added = await h.jps(
      [
        'watch',
        'add',
        'dot-sb',
        '-s',
        'dot',
        '--set-aside',
        'small_business',
        '--webhook',
        'https://hooks.slack.com/services/T0/B0/xyz',
      ],
      WEEK_1,
    );
    expect(added).toMatchObject({ exitCode: 0, stdout: 'watch dot-sb saved: 3 forecasts match today\n' });

    const table = await h.jps(['watch', 'list'], WEEK_1);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain('dot-sb');
    expect(table.stdout).toContain('https://hooks.slack.com/…');
    expect(table.stdout).not.toContain('xyz');

    const json = JSON.parse((await h.jps(['watch', 'show', 'dot-sb', '--format', 'json'], WEEK_1)).stdout);
    expect(json).toEqual({
      name: 'dot-sb',
      filters: { sources: ['dot'], setAside: 'SMALL_BUSINESS' },
      targets: [{ kind: 'webhook', target: 'https://hooks.slack.com/services/T0/B0/xyz' }],
      created_at: WEEK_1.toISOString(),
      last_digest_at: null,
      pending_changes: 0,
    });

    const listed = await h.jps(['list', '--watch', 'dot-sb', '--format', 'json'], WEEK_1);
    expect(
      JSON.parse(listed.stdout)
        .map((r: { id: string }) => r.id)
        .sort(),
    ).toHaveLength(3);
    const narrowed = await h.jps(
      ['list', '--watch', 'dot-sb', '--naics', '2373', '--format', 'json'],
      WEEK_1,
    );
    expect(JSON.parse(narrowed.stdout).map((r: { id: string }) => r.id)).toEqual(['dot:2026-004']);
  });

  it('refuses an existing name unless --replace, which keeps the watch in its place in time', async () => {
    const h = harness();
    await h.scrape(DOT_ROWS, WEEK_1);
    expect((await h.jps(['watch', 'add', 'dot', '--source', 'dot'], WEEK_1)).exitCode).toBe(0);
    const again = await h.jps(['watch', 'add', 'dot', '--naics', '54'], WEEK_2);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toBe('jps: a watch named "dot" exists; add --replace to change it');
    await h.scrape(week2Rows(), WEEK_2);
    const replaced = await h.jps(['watch', 'add', 'dot', '--source', 'dot', '--replace'], WEEK_2);
    expect(replaced.exitCode).toBe(0);
    // The changes of week 2 still wait: replacing did not move the cursor.
    const shown = JSON.parse((await h.jps(['watch', 'show', 'dot', '--format', 'json'], WEEK_2)).stdout);
    expect(shown.created_at).toBe(WEEK_1.toISOString());
    expect(shown.pending_changes).toBe(4);
  });

  it.each([
    [['watch', 'add', 'Cyber 8a'], 'a watch name is 1 to 64 lower-case letters'],
    [['watch', 'add', '-x'], ''],
    [['watch', 'add', 'ok', '--set-aside', 'SMALL'], '--set-aside takes one of EIGHT_A'],
    [['watch', 'add', 'ok', '--min-value', 'lots'], '--min-value takes an amount in dollars'],
    [['watch', 'add', 'ok', '--source', 'nasa'], 'unknown source "nasa"'],
    [['watch', 'add', 'ok', '--webhook', 'ftp://example.org/hook'], '--webhook takes an http: or https: URL'],
    [['watch', 'add', 'ok', '--webhook', 'hooks.slack.com/x'], '--webhook takes an http: or https: URL'],
    [['watch', 'add', 'ok', '--email', 'team-at-example.org'], '--email takes an address'],
    [['watch', 'add', 'ok', '--email', 'a@b@example.org'], '--email takes an address'],
    [['watch', 'add', 'ok', '--email', 'team@localhost'], '--email takes an address'],
    [['watch', 'remove', 'nope'], 'no watch named "nope"'],
    [['watch', 'show', 'nope'], 'no watch named "nope"'],
    [['digest', 'nope'], 'no watch named "nope"'],
    [['digest', '--since', 'yesterday'], '--since takes a date'],
    [['list', '--watch', 'nope'], 'no watch named "nope"'],
  ])('refuses jps %j with exit 2 and one line, storing nothing', async (argv, message) => {
    const h = harness();
    await h.scrape(DOT_ROWS, WEEK_1);
    const result = await h.jps(argv, WEEK_1);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
    const listed = JSON.parse((await h.jps(['watch', 'list', '--format', 'json'], WEEK_1)).stdout);
    expect(listed).toEqual([]);
  });
});

describe('jps digest --send after two weekly scrapes', () => {
  async function twoWeeks() {
    const h = harness();
    const hook = await startWebhookReceiver();
    const smtp = await startSmtpReceiver();
    const env = { JPS_SMTP_URL: smtp.url, JPS_MAIL_FROM: 'jps <jps@example.org>' };
    await h.scrape(DOT_ROWS, WEEK_1);
    expect(
      (await h.jps(['watch', 'add', 'dot-all', '--source', 'dot', '--webhook', hook.url], WEEK_1)).exitCode,
    ).toBe(0);
    expect(
      (
        await h.jps(
          ['watch', 'add', 'dot-8a', '-s', 'dot', '--set-aside', 'EIGHT_A', '--email', 'bd@example.org'],
          WEEK_1,
        )
      ).exitCode,
    ).toBe(0);
    await h.scrape(week2Rows(), WEEK_2);
    return { h, hook, smtp, env };
  }

  it('delivers exactly what entered, changed and left, once', async () => {
    const { h, hook, smtp, env } = await twoWeeks();
    const sent = await h.jps(['digest', '--send'], WEEK_2, env);
    expect(sent).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });

    expect(hook.accepted).toHaveLength(1);
    const post = hook.accepted[0]!;
    expect(post.headers['content-type']).toContain('application/json');
    expect(post.headers['user-agent']).toMatch(/^jps\//);
    expect(post.body.id).toMatch(/^dot-all:\d+-\d+$/);
    const digest: DigestPayload = post.body.digest;
    expect(digest.counts).toEqual({ new: 1, entered: 0, changed: 2, left: 1 });
    expect(ids(digest.new)).toEqual(['dot:2026-030']);
    expect(ids(digest.changed)).toEqual(['dot:2026-004', 'dot:2026-017']);
    expect(digest.changed[0]!.changes).toEqual([
      { field: 'estimated_value_text', old: '$10 million to $20 million', new: '$20 million to $50 million' },
      { field: 'estimated_value_min', old: 10_000_000, new: 20_000_000 },
      { field: 'estimated_value_max', old: 20_000_000, new: 50_000_000 },
    ]);
    expect(digest.left).toMatchObject([{ prospect: { id: 'dot:2026-021' }, reason: 'removed', changes: [] }]);
    expect(post.body.text).toContain('**dot-all** — 1 new, 2 changed, 1 left');
    expect(post.body.text).toContain('value $10M–$20M → $20M–$50M');

    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.to).toEqual(['bd@example.org']);
    expect(mail.raw).toContain('Subject: =?UTF-8?Q?jps=3A_1_entered_=E2=80=94_dot-8a?=');
    expect(mail.raw).toContain('text/html');
    expect(mail.raw).toContain('dot:2026-017');

    // Nothing new since: the next digest sends nothing, and the watches say so.
    const again = await h.jps(['digest', '--send'], WEEK_2, env);
    expect(again).toMatchObject({ exitCode: 0, stdout: '' });
    expect(hook.received).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    const listed = JSON.parse((await h.jps(['watch', 'list', '--format', 'json'], WEEK_2)).stdout);
    expect(
      listed.map((w: { name: string; pending_changes: number; last_digest_at: string }) => [
        w.name,
        w.pending_changes,
        w.last_digest_at,
      ]),
    ).toEqual([
      ['dot-8a', 0, WEEK_2.toISOString()],
      ['dot-all', 0, WEEK_2.toISOString()],
    ]);
  });

  it('keeps the window open when the receiver fails, and sends it with the newer changes next time', async () => {
    const { h, hook, env } = await twoWeeks();
    hook.answer = 500;
    const failed = await h.jps(['digest', 'dot-all', '--send'], WEEK_2, env);
    expect(failed.exitCode).toBe(6);
    expect(failed.stderr).toBe(
      `jps: digest dot-all: webhook http://${new URL(hook.url).host}/… answered 500; it will be sent again`,
    );
    expect(hook.accepted).toHaveLength(0);

    hook.answer = 200;
    await h.scrape(week3Rows(), WEEK_3);
    const caughtUp = await h.jps(['digest', 'dot-all', '--send'], WEEK_3, env);
    expect(caughtUp.exitCode).toBe(0);
    expect(hook.accepted).toHaveLength(1);
    const digest = hook.accepted[0]!.body.digest;
    expect(digest.from).toBe(WEEK_1.toISOString());
    expect(ids(digest.new)).toEqual(['dot:2026-030']);
    expect(ids(digest.changed)).toEqual(['dot:2025-079', 'dot:2026-004', 'dot:2026-017']);
    expect(ids(digest.left)).toEqual(['dot:2026-021']);

    const third = await h.jps(['digest', 'dot-all', '--send'], WEEK_3, env);
    expect(third.exitCode).toBe(0);
    expect(hook.accepted).toHaveLength(1);
  });

  it('gives up on a receiver that hangs, and keeps the window', async () => {
    const { h, hook, env } = await twoWeeks();
    hook.answer = 'hang';
    const hung = await h.jps(['digest', 'dot-all', '--send'], WEEK_2, { ...env, JPS_HTTP_TIMEOUT: '0.2s' });
    expect(hung.exitCode).toBe(6);
    expect(hung.stderr).toContain('did not answer within 0.2 s; it will be sent again');
    const shown = JSON.parse((await h.jps(['watch', 'show', 'dot-all', '--format', 'json'], WEEK_2)).stdout);
    expect(shown).toMatchObject({ last_digest_at: null, pending_changes: 4 });
  });

  it('fails an e-mail target without JPS_SMTP_URL, naming the variable', async () => {
    const { h } = await twoWeeks();
    const result = await h.jps(['digest', 'dot-8a', '--send'], WEEK_2);
    expect(result.exitCode).toBe(6);
    expect(result.stderr).toBe(
      'jps: digest dot-8a: e-mail bd@example.org: set JPS_SMTP_URL to send e-mail; it will be sent again',
    );
  });

  it('prints without --send and moves the cursor; --dry-run and --since move nothing', async () => {
    const { h, hook } = await twoWeeks();
    const dry = await h.jps(['digest', '--dry-run'], WEEK_2);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain(
      'dot-all — 1 new, 2 changed, 1 left (2026-11-30 06:00 → 2026-12-07 06:00 UTC)',
    );
    expect(dry.stdout).toContain('dot-8a — 1 entered');
    const since = await h.jps(['digest', 'dot-8a', '--since', '2026-12-01', '--format', 'json'], WEEK_2);
    expect(JSON.parse(since.stdout)).toMatchObject([
      { watch: 'dot-8a', from: '2026-12-01T00:00:00.000Z', counts: { entered: 1 } },
    ]);

    const printed = await h.jps(['digest'], WEEK_2);
    expect(printed.stdout).toBe(dry.stdout);
    expect(hook.received).toBe(0);
    expect((await h.jps(['digest'], WEEK_2)).stdout).toBe('');
  });
});
