import type { ItemDraft } from '../model/item.ts';
import type { HttpClient } from '../http/types.ts';
import type { SourceState } from '../store/entities/source-state-entity.ts';
import type { SourceConfig } from '../config/schema.ts';
import type { Prefilter } from './prefilter.ts';

export interface PollWindow {
  /** Inclusive UTC dates (yyyy-mm-dd) or instants. */
  since: Date;
  until: Date;
}

export interface PollContext<S extends SourceConfig = SourceConfig> {
  source: S;
  /** Absent on a source's first poll. */
  state: SourceState | undefined;
  http: HttpClient;
  now: Date;
  /** Search terms from the registry, for sources that are queried rather than read whole. */
  searchTerms: string[];
  /**
   * The first stage of a two-stage source (Hansard, written questions read whole): which listed records are read in
   * full and handed over. Without one, every listed record is.
   */
  prefilter?: Prefilter;
  /** Set by `backfill`; otherwise the adapter picks its own window (with overlap) from `state.cursor`. */
  window?: PollWindow;
  /**
   * A shape check (`sources check`): each list is asked once, with no search term, for whatever the service has in
   * the window. Pass a small `pageSize` and `maxPages: 1` on the source, and a `window`.
   */
  probe?: boolean;
  /** Progress for long work (backfill): called after each page. */
  onProgress?: (p: { pages: number; items: number; totalEstimate?: number }) => void;
}

export interface PollOutcome {
  /** The source said nothing changed (HTTP 304): nothing parsed, nothing written. */
  notModified: boolean;
  drafts: ItemDraft[];
  /** Validators and cursor to remember for next time. */
  etag?: string;
  lastModified?: string;
  cursor?: Record<string, string>;
  pages: number;
  bytes: number;
  /** Non-fatal problems (a bad entry skipped): recorded, the poll still counts as a success. */
  warnings: string[];
  /**
   * The poll stopped part-way at this failure (a list page that kept failing, the cycle's deadline): `drafts` hold
   * what was read before it and `cursor` resumes from there. The source is recorded as failed.
   */
  failure?: Error;
  /**
   * A limit (the request budget, the page limit) left part of the window unlisted: why, as in `warnings`. A live poll
   * still succeeds (the overlap reads the rest); a backfill chunk is recorded as partial.
   */
  cutShort?: string;
}

/**
 * One kind of source (RSS, Hansard, …). `poll` throws on failure; the cycle records the error on the
 * source and goes on with the others.
 */
export interface SourceAdapter<S extends SourceConfig = SourceConfig> {
  readonly type: S['type'];
  poll(ctx: PollContext<S>): Promise<PollOutcome>;
}
