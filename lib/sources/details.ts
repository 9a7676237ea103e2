import { ShapeDriftError } from './windowed.ts';
import type { PollContext } from './types.ts';

/**
 * The per-record detail reads of one poll (a question's full answer, a statement's full text, a GOV.UK body): each
 * is another request, so a poll makes at most `limit` of them; records past it keep their list text, flagged partial,
 * and a later poll (the window overlaps) reads them. A detail that fails is that record's problem; but when every
 * detail read fails on shape, the endpoint itself changed, and the poll fails loudly.
 */
export class DetailReads {
  private readonly limit: number;
  private used = 0;
  private read = 0;
  private skipped = 0;
  private drift: ShapeDriftError | undefined;

  /** `live` per live poll, `backfill` per backfill chunk (a day of history may need hundreds). Problems go to `warnings`. */
  constructor(
    ctx: Pick<PollContext, 'window' | 'probe'>,
    private readonly warnings: string[],
    limits: { live: number; backfill: number },
  ) {
    this.limit = ctx.window && !ctx.probe ? limits.backfill : limits.live;
  }

  /**
   * A listed record made whole from its own `{value}` endpoint; when that read fails (warned) or the budget is spent,
   * the listed record as it is, flagged partial (a stand-in: it never replaces a stored whole text).
   */
  async whole<T extends object>(listed: T, label: string, read: () => Promise<{ value: Partial<T> }>): Promise<{ record: T; partial?: true }> {
    try {
      const detail = await this.get(read);
      return detail ? { record: { ...listed, ...detail.value } } : { record: listed, partial: true };
    } catch (err) {
      this.warnings.push(`${label}: detail not fetched (${(err as Error).message}); list text used`);
      return { record: listed, partial: true };
    }
  }

  /** Reads one detail, or answers undefined when the poll's budget is spent. Errors are the caller's to record. */
  async get<T>(fetch: () => Promise<T>): Promise<T | undefined> {
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
      if (err instanceof ShapeDriftError) this.drift ??= err;
      throw err;
    }
  }

  /** After the loop: throws the drift when no detail could be read for shape; notes how many were left unread. */
  finish(what: string): void {
    if (this.drift && this.read === 0) throw this.drift;
    if (this.skipped > 0) this.warnings.push(`${this.skipped} ${what} not read in full: over ${this.limit} detail reads in one poll (a later poll reads them)`);
  }
}

/**
 * The questions-statements lists cut `questionText`, `answerText` and statement `text` to 255 characters, adding
 * `...` to answers and statements but not always to questions (seen in real bodies: ../shared/samples/real). Such
 * text is a fragment: the record's own endpoint has it whole.
 */
export const LIST_TEXT_LIMIT = 255;
export const isCutShort = (text: string | null | undefined): boolean => !!text && (text.trimEnd().endsWith('...') || text.length >= LIST_TEXT_LIMIT);
