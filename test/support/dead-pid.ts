import { spawnSync } from 'node:child_process';

/** The pid of a process that has just exited: what a crashed run leaves in its lease. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}
