import { hostname } from 'node:os';
import { join } from 'node:path';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';

/** Another live process is using the local data folder; exit status `EXIT.busy`. */
export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError';
}

interface LockRecord {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** The process's start time in clock ticks (Linux), so a reused pid is not mistaken for the holder. */
  startTicks?: string;
}

export const LOCK_FILE = 'inquiry-watch.lock';

/**
 * Takes the local data folder for this process, so a second command on the same folder fails at once with a clear
 * message instead of a second DynamoDB Local fighting over the same files. The lock file names its holder; a holder
 * that is no longer alive (crashed, killed) is taken over. Returns the release function (also run on exit).
 */
export function lockDataDir(dir: string, command: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const mine: LockRecord = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString(), startTicks: startTicks(process.pid) };
  const text = JSON.stringify(mine);
  for (let attempt = 0; attempt < 5; attempt++) {
    // Written whole to a private file, then linked into place: the lock appears complete or not at all.
    const draft = `${path}.${process.pid}`;
    writeFileSync(draft, text);
    try {
      linkSync(draft, path);
      rmSync(draft, { force: true });
      const release = () => {
        process.off('exit', release);
        if (read(path)?.pid === process.pid) rmSync(path, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      rmSync(draft, { force: true });
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = read(path);
    if (holder && isAlive(holder)) {
      throw new DataDirBusyError(
        `the data folder ${dir} is in use by process ${holder.pid} (\`${holder.command}\`, started ${holder.startedAt}${holder.host === mine.host ? '' : ` on ${holder.host}`}). ` +
          `Wait for it to finish or stop it; if no such process is running, delete ${path}.`,
      );
    }
    takeOver(path, holder);
  }
  throw new DataDirBusyError(`could not take the lock ${path}: other processes keep taking it`);
}

/** Moves a dead holder's lock aside; if what was moved turns out to be a live newcomer's, it is put back. */
function takeOver(path: string, stale: LockRecord | undefined): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // already gone: someone else took it over
  }
  const moved = read(aside);
  if (moved && stale && moved.pid !== stale.pid) {
    try {
      linkSync(aside, path);
    } catch {
      // a third process holds it now; the next attempt reads that holder
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // nothing to clean
  }
}

function read(path: string): LockRecord | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockRecord;
  } catch {
    return undefined;
  }
}

/** On this host: the pid exists and, where Linux tells, started when the lock says. Another host's lock is respected. */
function isAlive(holder: LockRecord): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const ticks = startTicks(holder.pid);
  return !(ticks && holder.startTicks && ticks !== holder.startTicks);
}

function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
