/** Process exit statuses, documented in the README. */
export const EXIT = {
  ok: 0,
  /** Nothing useful was done: a fatal error. */
  failed: 1,
  /** Bad command line, config or registry file. */
  usage: 2,
  /** Some sources (or some lines, or some posts) failed, the rest succeeded. */
  partial: 3,
} as const;
