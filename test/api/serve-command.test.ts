import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runJps } from '../helpers/cli.js';
import { makeProspect, recordScrape, tempStore } from '../helpers/store.js';
import { send, startTestApi } from './api-harness.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'bin', 'jps.js');

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the built `jps serve` and resolves with its URL once it says it is listening. */
async function spawnServe(dbPath: string, args: readonly string[] = []) {
  const child = spawn(process.execPath, [BIN, '--db', dbPath, 'serve', '--port', '0', ...args], {
    env: { PATH: process.env['PATH'] ?? '' },
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /jps serve: listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]!);
    };
    child.stderr.on('data', check);
    void exited.then((code) => reject(new Error(`jps serve exited ${code}: ${stderr}`)));
  });
  return { child, url, exited, stderr: () => stderr };
}

describe('jps serve (the built CLI)', () => {
  beforeAll(() => {
    // Building here would race other suites that spawn the binary: `npm test` builds first.
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does) before these tests');
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prints the port it chose, answers, and exits 0 on %s',
    async (signal) => {
      const store = await tempStore();
      await recordScrape(store, 'ssa', [makeProspect('ssa:A', { title: 'Cyber support' })], {
        at: '2026-11-20T10:00:00.000Z',
      });
      const serve = await spawnServe(store.path);
      expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(serve.url).not.toMatch(/:0$/);
      const answer = await send(serve.url, '/api/prospects');
      expect(answer.status).toBe(200);
      expect(answer.json.data.items[0].title).toBe('Cyber support');
      // A request in flight when the signal arrives is still answered.
      const inFlight = send(serve.url, '/api/dashboard');
      await new Promise((resolve) => setTimeout(resolve, 5));
      serve.child.kill(signal);
      expect((await inFlight).status).toBe(200);
      expect(await serve.exited).toBe(0);
      expect(serve.stderr()).toContain('jps serve: stopping');
    },
    30_000,
  );

  it('exits 2 with a one-line reason when the port is taken', async () => {
    const store = await tempStore();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, [BIN, '--db', store.path, 'serve', '--port', String(port)], {
        env: { PATH: process.env['PATH'] ?? '' },
      });
      children.push(child);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(`jps: port ${port} on 127.0.0.1 is in use; pass another --port`);
    } finally {
      blocker.close();
    }
  }, 30_000);
});

describe('jps serve options', () => {
  it.each([
    [['--port', 'http'], '--port must be a port number'],
    [['--port', '70000'], '--port must be a port number'],
    [['--cors-origin', 'localhost:3000/app'], '--cors-origin must be an origin'],
  ])('refuses %j with exit 2', async (args, message) => {
    const store = await tempStore();
    const result = await runJps(['serve', ...args], { dbPath: store.path });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('stopping the server', () => {
  it('lets requests already received finish, then closes', async () => {
    const { api } = await startTestApi(async (writer) => {
      await recordScrape(writer, 'ssa', [makeProspect('ssa:A')], { at: '2026-11-20T10:00:00.000Z' });
    });
    let received = 0;
    let closed: Promise<void> | undefined;
    api.server.on('request', () => {
      received++;
      if (received === 4) closed = api.close();
    });
    const answers = await Promise.all(
      ['/api/prospects', '/api/dashboard', '/api/data-sources', '/api/prospects?page=2'].map((path) =>
        send(api.url, path),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    await closed;
    expect(api.server.listening).toBe(false);
    await expect(send(api.url, '/api')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('closes idle keep-alive connections at once instead of waiting for them', async () => {
    const { api } = await startTestApi();
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true });
    const { request } = await import('node:http');
    await new Promise<void>((resolve, reject) => {
      request(`${api.url}/api`, { agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
    const started = performance.now();
    await api.close({ graceMillis: 5_000 });
    expect(performance.now() - started).toBeLessThan(1_000);
    agent.destroy();
  });
});
