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
   * Not a failure: another run holds the lease (a poll cycle or digest run already under way, or a digest being
   * posted), so this one did nothing; stderr says who holds it and until when. Try again later.
   */
  busy: 4,
} as const;
