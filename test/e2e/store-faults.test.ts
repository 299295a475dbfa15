import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSsaWorkbook, ssaLandingPage } from '../fixtures/ssa/ssa-forecast.js';
import { startFixtureServer } from '../helpers/fixture-server.js';
import { writeHhsCsv } from '../helpers/hhs-csv.js';
import { storedRuns } from '../helpers/records.js';
import { tempDir } from '../helpers/store.js';

const BIN = fileURLToPath(new URL('../../bin/jps.js', import.meta.url));

/** Root may write any file: the read-only cases then run jps as `nobody`. */
const IS_ROOT = process.getuid?.() === 0;
const NOBODY = 65_534;

interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the built `bin/jps.js` with only the environment given, as `nobody` when asked. */
function start(args: string[], env: Record<string, string>, options: { asNobody?: boolean } = {}) {
  const [command, argv] =
    options.asNobody && IS_ROOT
      ? [
          'setpriv',
          [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, BIN, ...args],
        ]
      : [process.execPath, [BIN, ...args]];
  return spawn(command, argv, {
    env: { PATH: process.env['PATH'] ?? '', JPS_RETRY_BASE: '0.05s', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(child: ChildProcess): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function jps(args: string[], env: Record<string, string>, options: { asNobody?: boolean } = {}) {
  return finished(start(args, env, options));
}

/** Every stored prospect and change event, as one string: equal means byte-identical data. */
function storedData(dbPath: string): string {
  const sqlite = new SqliteDatabase(dbPath, { readonly: true });
  try {
    return JSON.stringify([
      sqlite.prepare('SELECT * FROM prospects ORDER BY pk').all(),
      sqlite.prepare('SELECT * FROM prospect_events ORDER BY id').all(),
    ]);
  } finally {
    sqlite.close();
  }
}

async function ssaSite(delayMillis = 0) {
  const workbook = await buildSsaWorkbook();
  return startFixtureServer({
    '/ssa.html': { body: ssaLandingPage('/FY26-Forecast.xlsm') },
    '/FY26-Forecast.xlsm': { body: workbook, delayMillis },
  });
}

beforeAll(() => {
  if (!existsSync(fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url)))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does) before these tests');
  }
});

describe('jps scrape --dry-run', () => {
  it('takes its turn with a real scrape: both finish, and only the real one is stored', async () => {
    const server = await ssaSite(1_500);
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DB: dbPath, JPS_SSA_URL: server.url('/ssa.html') };
    expect((await jps(['scrape', '--source', 'ssa'], env)).code).toBe(0);
    const dry = jps(['scrape', '--source', 'ssa', '--dry-run', '--format', 'json'], env);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const real = await jps(['scrape', '--source', 'ssa', '--format', 'json'], env);
    const dryRun = await dry;
    expect([dryRun.code, real.code]).toEqual([0, 0]);
    expect(real.stderr).toBe(
      'jps: another jps scrape is running on this database; waiting for it to finish\n',
    );
    expect(JSON.parse(dryRun.stdout)).toMatchObject([{ status: 'ok', run_id: null, unchanged: 4 }]);
    expect((await storedRuns(dbPath)).map((run) => run.status)).toEqual(['ok', 'ok']);
  });

  it('waits no longer than JPS_LOCK_WAIT for a real scrape, then exits 5', async () => {
    const server = await ssaSite(3_000);
    const dbPath = join(tempDir(), 'jps.db');
    const env = { JPS_DB: dbPath, JPS_SSA_URL: server.url('/ssa.html') };
    const real = jps(['scrape', '--source', 'ssa'], env);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const dry = await jps(['scrape', '--source', 'ssa', '--dry-run'], { ...env, JPS_LOCK_WAIT: '0.5s' });
    expect(dry.code).toBe(5);
    expect(dry.stderr.trim().split('\n').at(-1)).toBe(
      `jps: another jps scrape is still running on ${dbPath} after waiting 1 s (JPS_LOCK_WAIT); try again later`,
    );
    expect((await real).code).toBe(0);
  });

  it('creates no database when there is none yet', async () => {
    const folder = join(tempDir(), 'new');
    const file = writeHhsCsv(join(tempDir(), 'hhs.csv'), 3);
    const dry = await jps(['scrape', '--source', 'hhs', '--file', file, '--dry-run', '--format', 'json'], {
      JPS_DB: join(folder, 'jps.db'),
    });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject([{ status: 'ok', added: 3 }]);
    expect(existsSync(folder)).toBe(false);
  });
});

describe('a published read-only database', () => {
  /** A stored database in a folder `nobody` may enter, then made read-only as `how` says. */
  async function publishedDatabase(how: 'file' | 'folder') {
    const folder = tempDir();
    chmodSync(folder, 0o777);
    const dbPath = join(folder, 'jps.db');
    const file = writeHhsCsv(join(folder, 'hhs.csv'), 5);
    expect((await jps(['scrape', '--source', 'hhs', '--file', file], { JPS_DB: dbPath })).code).toBe(0);
    chmodSync(dbPath, 0o444);
    chmodSync(file, 0o444);
    // As root, a folder root owns with mode 755 is read-only to `nobody`.
    chmodSync(folder, how === 'folder' ? (IS_ROOT ? 0o755 : 0o555) : 0o777);
    return { folder, dbPath, file, bytes: readFileSync(dbPath).toString('base64') };
  }

  it.each(['file', 'folder'] as const)(
    'lists, shows history and health from a read-only %s without writing it',
    async (how) => {
      const { folder, dbPath, bytes } = await publishedDatabase(how);
      const env = { JPS_DB: dbPath };
      const list = await jps(['list', '--format', 'json'], env, { asNobody: true });
      expect(list.stderr).toBe('');
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toHaveLength(5);
      const history = await jps(['history', '--format', 'json'], env, { asNobody: true });
      expect([history.code, history.stderr]).toEqual([0, '']);
      expect(JSON.parse(history.stdout)).toHaveLength(5);
      const health = await jps(['health', '--source', 'hhs', '--max-age', '100000d'], env, {
        asNobody: true,
      });
      expect([health.code, health.stderr]).toEqual([0, '1 healthy\n']);
      expect(readFileSync(dbPath).toString('base64')).toBe(bytes);
      if (how === 'folder') expect(existsSync(`${dbPath}-shm`)).toBe(false);
      chmodSync(folder, 0o777);
    },
  );

  it.each(['file', 'folder'] as const)('serves a read-only %s', async (how) => {
    const { folder, dbPath, bytes } = await publishedDatabase(how);
    const child = start(['serve', '--port', '0'], { JPS_DB: dbPath }, { asNobody: true });
    const done = finished(child);
    const url = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      child.on('close', () => reject(new Error(`jps serve stopped: ${stderr}`)));
    });
    const answer = (await (await fetch(`${url}/api/prospects?limit=10`)).json()) as {
      data: { items: unknown[] };
    };
    expect(answer.data.items).toHaveLength(5);
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
    expect(readFileSync(dbPath).toString('base64')).toBe(bytes);
    chmodSync(folder, 0o777);
  });

  it.each(['file', 'folder'] as const)(
    'refuses a scrape into a read-only %s with one line and exit 2, changing nothing',
    async (how) => {
      const { folder, dbPath, file, bytes } = await publishedDatabase(how);
      const result = await jps(
        ['scrape', '--source', 'hhs', '--file', file],
        { JPS_DB: dbPath },
        {
          asNobody: true,
        },
      );
      expect(result.stderr).toBe(
        `jps: the database ${dbPath} is read-only (${how === 'file' ? 'the file' : 'its folder'} cannot be written); jps scrape needs to write it — pass a writable --db\n`,
      );
      expect(result.code).toBe(2);
      expect(readFileSync(dbPath).toString('base64')).toBe(bytes);
      chmodSync(folder, 0o777);
    },
  );
});

/** A small file system of its own (a tmpfs, so only as root where mounting is allowed). */
function mountSmallDisk(folder: string, sizeKib: number): (() => void) | null {
  if (!IS_ROOT) return null;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKib}k`, 'tmpfs', folder], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return () => execFileSync('umount', ['-l', folder], { stdio: 'ignore' });
}

describe('a full disk', () => {
  const unmounts: (() => void)[] = [];
  afterEach(() => {
    for (const unmount of unmounts.splice(0)) unmount();
  });

  // A real full file system: SQLite then rolls the transaction back itself, which once hid the
  // full disk behind "cannot rollback - no transaction is active". Skipped where tmpfs cannot be
  // mounted; test/scraper/disk-full.test.ts covers the same failure through max_page_count.
  it('fails the scrape with "disk full writing <path>", exit 3, and keeps the stored data', async (test) => {
    const folder = join(tempDir(), 'disk');
    mkdirSync(folder);
    const unmount = mountSmallDisk(folder, 4_096);
    if (!unmount) return test.skip();
    unmounts.push(unmount);
    const dbPath = join(folder, 'jps.db');
    const files = tempDir();
    const first = await jps(['scrape', '--source', 'hhs', '--file', writeHhsCsv(join(files, 'a.csv'), 20)], {
      JPS_DB: dbPath,
    });
    expect(first.code).toBe(0);
    const before = storedData(dbPath);

    const { bavail, bsize } = statfsSync(folder);
    writeFileSync(join(folder, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 96 * 1024)));
    const big = writeHhsCsv(join(files, 'b.csv'), 20_000, 2);
    const full = await jps(['scrape', '--source', 'hhs', '--file', big], { JPS_DB: dbPath });
    expect(full.stderr).toBe(
      `jps: hhs: disk full writing ${dbPath}: nothing of this run was stored; free some space and scrape again\n`,
    );
    expect(full.code).toBe(3);
    expect(storedData(dbPath)).toBe(before);
  });
});

describe('a scrape killed with SIGKILL in the middle of a large load', () => {
  /** The status of the latest run, read through a connection of its own. */
  function lastRunStatus(dbPath: string): string | undefined {
    const reader = new SqliteDatabase(dbPath, { readonly: true });
    try {
      return (
        reader.prepare('SELECT status FROM scrape_runs ORDER BY id DESC LIMIT 1').get() as
          { status: string } | undefined
      )?.status;
    } finally {
      reader.close();
    }
  }

  it('leaves the database whole and unchanged, and the next scrape closes its run and succeeds', async () => {
    const dbPath = join(tempDir(), 'jps.db');
    const files = tempDir();
    const env = { JPS_DB: dbPath };
    const rows = 5_000;
    const firstStarted = performance.now();
    const first = await jps(
      ['scrape', '--source', 'hhs', '--file', writeHhsCsv(join(files, 'a.csv'), rows)],
      env,
    );
    let windowMillis = (performance.now() - firstStarted) * 0.5;
    expect(first.code).toBe(0);

    // Each next file changes every prospect: its load writes one update and one event per row.
    // The kill comes at a random point of the load, which takes about as long as the first did;
    // when the load beat it (a fast machine), the next edition is killed sooner.
    let edition = 1;
    let before = '';
    let file = '';
    for (;;) {
      edition += 1;
      before = storedData(dbPath);
      file = writeHhsCsv(join(files, `edition-${edition}.csv`), rows, edition);
      const child = start(['scrape', '--source', 'hhs', '--file', file], env);
      let gone = false;
      const exited = finished(child).then((result) => ((gone = true), result));
      while (lastRunStatus(dbPath) !== 'running' && !gone) await new Promise((r) => setTimeout(r, 10));
      expect(gone, 'the scrape ended before its run was recorded').toBe(false);
      const killAfterMillis = Math.floor(Math.random() * windowMillis);
      await new Promise((resolve) => setTimeout(resolve, killAfterMillis));
      child.kill('SIGKILL');
      const killed = await exited;
      expect(killed.code).toBeNull();
      if (lastRunStatus(dbPath) === 'running') break;
      expect(lastRunStatus(dbPath)).toBe('ok');
      expect(edition, 'the load always finished before the kill').toBeLessThan(6);
      windowMillis /= 2;
    }

    const check = new SqliteDatabase(dbPath);
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(check.pragma('foreign_key_check')).toEqual([]);
      expect(() =>
        check.exec("INSERT INTO prospects_fts(prospects_fts) VALUES ('integrity-check')"),
      ).not.toThrow();
    } finally {
      check.close();
    }
    expect(storedData(dbPath)).toBe(before);

    const next = await jps(['scrape', '--source', 'hhs', '--file', file, '--format', 'json'], env);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject([{ status: 'ok', updated: rows, added: 0 }]);
    const runs = await storedRuns(dbPath);
    expect(runs.map((run) => run.status).slice(-2)).toEqual(['interrupted', 'ok']);
    expect(runs.at(-2)!.error_code).toBe('INTERRUPTED');
  }, 180_000);
});
