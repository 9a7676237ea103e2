import { HttpFetchError } from '../http/types.ts';
import { ShapeDriftError, type PollStats } from './windowed.ts';
import type { PollContext } from './types.ts';

/**
 * The per-record detail reads of one poll (a question's full answer, a statement's full text, a GOV.UK body): each
 * is another request, so a poll makes at most `limit` of them; records past it keep their list text, flagged partial,
 * and a later poll (the window overlaps) reads them. A detail that fails is that record's problem; but when every
 * detail read fails on shape, the endpoint itself changed, and the poll fails loudly. After a failure stopped the poll
 * (`PollStats.stop`) no detail is read: the records that need one are held back, not handed over as stand-ins, and
 * the next poll, which lists them again, reads them whole (each is then written once, whole).
 */
export class DetailReads {
  private readonly limit: number;
  private used = 0;
  private read = 0;
  private skipped = 0;
  private held = 0;
  private drift: ShapeDriftError | undefined;

  /** `live` per live poll, `backfill` per backfill chunk (a day of history may need hundreds). Problems go to the poll's warnings. */
  constructor(
    ctx: Pick<PollContext, 'window' | 'probe'>,
    private readonly stats: PollStats,
    limits: { live: number; backfill: number },
  ) {
    this.limit = ctx.window && !ctx.probe ? limits.backfill : limits.live;
  }

  /** The poll stopped at a failure: no more detail reads. */
  get halted(): boolean {
    return this.stats.failure !== undefined;
  }

  /** A record that needs a detail read is held back for the next poll. */
  hold(): void {
    this.held++;
  }

  /**
   * A listed record made whole from its own `{value}` endpoint; when that read fails (warned) or the budget is spent,
   * the listed record as it is, flagged partial (a stand-in: it never replaces a stored whole text). Undefined once the
   * poll has stopped: the record is held back.
   */
  async whole<T extends object>(listed: T, label: string, read: () => Promise<{ value: Partial<T> }>): Promise<{ record: T; partial?: true } | undefined> {
    try {
      const detail = await this.get(read);
      if (detail) return { record: { ...listed, ...detail.value } };
      if (!this.halted) return { record: listed, partial: true };
      this.hold();
      return undefined;
    } catch (err) {
      this.stats.warnings.push(`${label}: detail not fetched (${(err as Error).message}); list text used`);
      return { record: listed, partial: true };
    }
  }

  /** Reads one detail, or answers undefined when the poll's budget is spent or it has stopped. Errors are the caller's to record. */
  async get<T>(fetch: () => Promise<T>): Promise<T | undefined> {
    if (this.halted) return undefined;
    if (this.used >= this.limit) {
      this.skipped++;
      return undefined;
    }
    this.used++;
    try {
      const value = await fetch();
      this.read++;
      return value;
    } catch (err) {
      // The cycle's time is up: the poll stops here as at a list that fails, and what is left waits for the next one.
      if (err instanceof HttpFetchError && err.kind === 'deadline') {
        this.stats.stop(err, 'a detail read', 0);
        return undefined;
      }
      if (err instanceof ShapeDriftError) this.drift ??= err;
      throw err;
    }
  }

  /** After the loop: throws the drift when no detail could be read for shape; notes how many were left unread. */
  finish(what: string): void {
    if (this.drift && this.read === 0) throw this.drift;
    if (this.skipped > 0) this.stats.warnings.push(`${this.skipped} ${what} not read in full: over ${this.limit} detail reads in one poll (a later poll reads them)`);
    if (this.held > 0) this.stats.warnings.push(`${this.held} ${what} held back: the poll stopped at a failure before reading them in full (the next poll reads them)`);
  }
}

/**
 * The questions-statements lists cut `questionText`, `answerText` and statement `text` to 255 characters, adding
 * `...` to answers and statements but not always to questions (seen in real bodies: ../shared/samples/real). Such
 * text is a fragment: the record's own endpoint has it whole.
 */
export const LIST_TEXT_LIMIT = 255;
export const isCutShort = (text: string | null | undefined): boolean => !!text && (text.trimEnd().endsWith('...') || text.length >= LIST_TEXT_LIMIT);
