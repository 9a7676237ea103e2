import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** How a TCP connection attempt ends: 'connected' or the error code. */
const tryConnect = (host: string, port: number) =>
  new Promise<string>((resolve) => {
    const socket = connect({ host, port, timeout: 5000 });
    socket.once('connect', () => (socket.destroy(), resolve('connected')));
    socket.once('timeout', () => (socket.destroy(), resolve('timeout')));
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });

/** Pids of Java processes serving the DynamoDB Local data in `dir` (read from /proc: nothing else is needed). */
function javaOn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const args = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        return args.some((a) => a.endsWith('java')) && args[args.indexOf('-dbPath') + 1] === dir;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    const value = probe();
    if (value !== undefined) return value;
  }
  return undefined;
}

describe('the embedded DynamoDB Local', () => {
  it('listens on 127.0.0.1 only: other loopback and interface addresses of this host are refused', async () => {
    // Prepare: the test run's own database, started by the product code
    const port = Number(new URL(process.env.AWS_ENDPOINT_URL_DYNAMODB!).port);
    const external = Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((a) => !a.internal && a.family === 'IPv4')
      .map((a) => a.address);
    // Act
    const loopback = await tryConnect('127.0.0.1', port);
    const others = await Promise.all(['127.0.0.2', ...external].map(async (host) => [host, await tryConnect(host, port)]));
    // Assess (127.0.0.2 reaches a wildcard listener on every Linux host, so this fails without the fix everywhere)
    expect(loopback).toBe('connected');
    expect(Object.fromEntries(others)).toEqual(Object.fromEntries(['127.0.0.2', ...external].map((h) => [h, 'ECONNREFUSED'])));
  });

  describe('a local data folder', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'iw-lock-'));
    const cli = (...args: string[]) => ['bin/inquiry-watch.js', '--config', 'config/demo.yaml', '--data-dir', dataDir, ...args];
    let holder: ReturnType<typeof spawn> | undefined;
    afterAll(() => {
      if (holder?.exitCode === null && holder.signalCode === null) holder.kill('SIGKILL');
      for (const pid of javaOn(dataDir)) process.kill(pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('is refused at once to a second command naming the folder and the holder, and freed when the holder is SIGKILLed, its database dying with it', async () => {
      // Prepare: a long-running command holding the folder
      const serving = spawn(process.execPath, cli('serve', '--port', '0'), { stdio: ['ignore', 'pipe', 'pipe'] });
      holder = serving;
      let out = '';
      serving.stdout.on('data', (d: Buffer) => (out += d.toString()));
      serving.stderr.on('data', (d: Buffer) => (out += d.toString()));
      expect(await until(() => (/ on http:\/\/127\.0\.0\.1:\d+.*Ctrl-C to stop/.test(out) ? true : undefined), 90_000)).toBe(true);
      const java = javaOn(dataDir);
      // Act 1: a second command on the same folder
      const second = await run(process.execPath, cli('sources')).then(
        (r) => ({ code: 0, stderr: r.stderr }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
      // Assess 1: exit 4, naming the folder, the process and its command; no second database was started
      expect(second.code).toBe(4);
      expect(second.stderr).toContain(`error: the data folder ${dataDir} is in use by process ${serving.pid} (\`inquiry-watch --config config/demo.yaml --data-dir ${dataDir} serve --port 0\``);
      expect(java).toHaveLength(1);
      expect(javaOn(dataDir)).toEqual(java);
      // Act 2: the holder is killed outright (no handler runs), then the folder is used again
      serving.kill('SIGKILL');
      const orphans = await until(() => (javaOn(dataDir).length === 0 ? [] : undefined), 30_000);
      const third = await run(process.execPath, cli('sources')).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stderr }),
      );
      // Assess 2: the database died with its parent; the stale lock was taken over
      expect(orphans).toEqual([]);
      expect(third.code).toBe(0);
      expect(third.stdout).toMatch(/^source\s+type\s+last poll/);
    }, 240_000);
  });
});
