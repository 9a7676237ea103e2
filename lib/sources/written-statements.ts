import { z } from 'zod';
import type { SourceConfigOf } from '../config/schema.ts';
import type { ItemDraft } from '../model/item.ts';
import { stripHtml } from '../text/html.ts';
import { OPEN_PARLIAMENT_LICENCE } from './licences.ts';
import type { PollContext, PollOutcome, SourceAdapter } from './types.ts';
import { apiUrl, beginPoll, compact, Deduper, fetchJson, localDate, londonToUtc, nextCursor, readPages, writtenStatementKey, ymd } from './windowed.ts';

type StatementsSource = SourceConfigOf<'written-statements'>;

export const QUESTIONS_STATEMENTS_API = 'https://questions-statements-api.parliament.uk';
export const QUESTIONS_STATEMENTS_WEB = 'https://questions-statements.parliament.uk';

const str = z.string().nullish();
const int = z.number().int().nullish();

export const Member = z.looseObject({ id: int, name: str, listAs: str, party: str });

/** `StatementsViewModel` (OpenAPI), the fields used. camelCase, as the service sends them. */
export const Statement = z.looseObject({
  id: z.number().int(),
  memberId: int,
  member: Member.nullish(),
  memberRole: str,
  uin: str,
  dateMade: z.string(),
  answeringBodyName: str,
  title: str,
  text: str,
  house: str,
  hasAttachments: z.boolean().nullish(),
  attachments: z.array(z.looseObject({ url: str, title: str, fileType: str })).nullish(),
});
export type Statement = z.infer<typeof Statement>;

const Link = z.looseObject({ rel: str, href: str, method: str });
export const StatementsSearchResult = z.looseObject({
  totalResults: int,
  results: z.array(z.looseObject({ value: Statement, links: z.array(Link).nullish() })),
});
/** `/statements/{id}` answers `{value, links}` (mySociety reads `["value"]`), not the SearchResult the spec names. */
export const StatementDetail = z.looseObject({ value: Statement, links: z.array(Link).nullish() });

/**
 * Written ministerial statements: listed by date made and search term, then each one fetched on its own for
 * the full text and attachments (as mySociety's production scraper does; list text may be incomplete).
 */
export const writtenStatementsAdapter: SourceAdapter<StatementsSource> = {
  type: 'written-statements',
  async poll(ctx: PollContext<StatementsSource>): Promise<PollOutcome> {
    const start = beginPoll(ctx);
    if ('skipped' in start) return start.skipped;
    const { window, stats, terms } = start;
    const listed = new Deduper<Statement>();
    for (const term of terms) {
      const found = await readPages(ctx.source, stats, `statements "${term}"`, async (skip, take) => {
        const url = apiUrl(ctx.source, QUESTIONS_STATEMENTS_API, '/api/writtenstatements/statements', {
          searchTerm: term,
          madeWhenFrom: ymd(window.since),
          madeWhenTo: ymd(window.until),
          house: ctx.source.house,
          expandMember: 'true',
          skip,
          take,
        });
        const body = await fetchJson(ctx, stats, url, StatementsSearchResult);
        return { items: body.results.map((r) => r.value), total: body.totalResults ?? undefined };
      });
      for (const s of found) listed.add(String(s.id), s);
    }
    const drafts: ItemDraft[] = [];
    // Sequential on purpose: one request at a time per source is the politeness this API's frequent 500s ask for.
    for (const summary of listed.values) {
      let full = summary;
      let partial = false;
      try {
        const url = apiUrl(ctx.source, QUESTIONS_STATEMENTS_API, `/api/writtenstatements/statements/${summary.id}`, { expandMember: 'true' });
        full = { ...summary, ...(await fetchJson(ctx, stats, url, StatementDetail)).value };
      } catch (err) {
        stats.warnings.push(`statement ${summary.uin ?? summary.id}: detail not fetched (${(err as Error).message}); list text used`);
        partial = true;
      }
      drafts.push({ ...statementDraft(ctx.source, full), ...(partial && { partial }) });
    }
    return stats.outcome(drafts, nextCursor(ctx, window));
  },
};

/**
 * Keys, strongest first: `wms:<date>:<UIN>` (the statement's own identity), then the date+member+title key that
 * Hansard's `Written` contributions produce too, so a statement found both ways is stored once.
 */
export function statementDraft(source: StatementsSource, s: Statement): ItemDraft {
  const date = localDate(s.dateMade) ?? '';
  const title = s.title?.trim() || `Written statement ${s.uin ?? s.id}`;
  const attachments = (s.attachments ?? []).filter((a) => a.url);
  const text = [
    stripHtml(s.text ?? ''),
    ...attachments.map((a) => `Attachment: ${a.title ?? a.url} (${a.url})`),
  ]
    .filter(Boolean)
    .join('\n');
  const keys: string[] = [];
  if (s.uin && date) keys.push(`wms:${date}:${s.uin}`);
  if (date) keys.push(writtenStatementKey(date, s.memberId ?? s.member?.id, title));
  keys.push(`wms-id:${s.id}`);
  const url =
    s.uin && date
      ? `${QUESTIONS_STATEMENTS_WEB}/written-statements/detail/${date}/${encodeURIComponent(s.uin)}`
      : `${QUESTIONS_STATEMENTS_WEB}/written-statements?SearchTerm=${encodeURIComponent(title)}`;
  const minister = s.member?.name?.trim();
  return {
    sourceId: source.id,
    sourceType: 'statement',
    kindHint: 'statement',
    title,
    url,
    published: londonToUtc(s.dateMade),
    text,
    author: [minister, s.memberRole?.trim() || s.answeringBodyName?.trim()].filter(Boolean).join(', ') || undefined,
    nativeIds: compact({ id: s.id, uin: s.uin, dateMade: date, memberId: s.memberId ?? s.member?.id, house: s.house }),
    dedupKeys: keys,
    attribution: OPEN_PARLIAMENT_LICENCE,
  };
}
