/**
 * Spaces posts to the same channel at least `intervalMs` apart (Slack allows about one message per second per
 * channel), and holds a channel back after a 429 for as long as Slack asked. Clock and sleep are injectable so
 * tests check the spacing without waiting.
 */
export class ChannelPacer {
  private readonly nextAt = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Waits until the channel may be posted to, then books the next slot. */
  async take(channel: string): Promise<void> {
    const wait = (this.nextAt.get(channel) ?? 0) - this.now();
    if (wait > 0) await this.sleep(wait);
    this.nextAt.set(channel, this.now() + this.intervalMs);
  }

  /** Slack said wait: nothing goes to this channel before then. */
  holdFor(channel: string, ms: number): void {
    this.nextAt.set(channel, Math.max(this.nextAt.get(channel) ?? 0, this.now() + ms));
  }
}
