import type { z } from 'zod';

/** A config or registry file that cannot be used; the message names the file, the field and the problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `\n  - ${problems.join('\n  - ')}`}`);
  }
}

/**
 * `sources[2].url`-style path. `label` may rename a segment, e.g. show an entry's id instead of its index:
 * `entries[national-inquiry].aliases`.
 */
export function formatPath(path: readonly PropertyKey[], label?: (prefix: readonly PropertyKey[], key: PropertyKey) => string | undefined): string {
  let out = '';
  path.forEach((key, i) => {
    const named = label?.(path.slice(0, i), key);
    if (named !== undefined) out += `[${named}]`;
    else if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  });
  return out || '(top level)';
}

export function zodProblems(error: z.ZodError, label?: Parameters<typeof formatPath>[1]): string[] {
  return error.issues.map((issue) => `${formatPath(issue.path, label)}: ${issue.message}`);
}
