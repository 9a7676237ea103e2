/** Process exit statuses, documented in the README. */
export const EXIT = {
  ok: 0,
  /** Nothing useful was done: a fatal error. */
  failed: 1,
  /** Bad command line, config or registry file. */
  usage: 2,
  /** Some sources (or some channels) failed, the rest succeeded. (`classify` keeps its contract: 1 for bad lines.) */
  partial: 3,
  /** Another live process is using the local data folder (the message names the folder and the process). */
  busy: 4,
} as const;
