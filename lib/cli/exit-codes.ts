/** Process exit statuses, documented in the README. */
export const EXIT = {
  ok: 0,
  /** Nothing useful was done: a fatal error. */
  failed: 1,
  /** Bad command line, config or registry file. */
  usage: 2,
  /** Some sources (or some channels) failed, the rest succeeded. (`classify` keeps its contract: 1 for bad lines.) */
  partial: 3,
  /**
   * Not a failure: another process is already doing this work, so this one did nothing: a poll cycle or digest run
   * holds the lease, a digest is being posted, or another live process uses the local data folder. stderr names the
   * holder (and, for a lease, until when). Try again later.
   */
  busy: 4,
} as const;
