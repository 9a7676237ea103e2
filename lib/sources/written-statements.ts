import { z } from 'zod';
import type { SourceConfigOf } from '../config/schema.ts';
import type { ItemDraft } from '../model/item.ts';
import { stripHtml } from '../text/html.ts';
import { OPEN_PARLIAMENT_LICENCE } from './licences.ts';
import type { PollContext, PollOutcome, SourceAdapter } from './types.ts';
import { DetailReads, isCutShort } from './details.ts';
import { apiUrl, beginPoll, compact, Deduper, fetchJson, fetchList, localDate, londonToUtc, readPages, termLabel, writtenStatementKey, ymd } from './windowed.ts';
import { ListValidators, SeenRecords, streamCursor } from './stream.ts';

type StatementsSource = SourceConfigOf<'written-statements'>;

export const QUESTIONS_STATEMENTS_API = 'https://questions-statements-api.parliament.uk';
export const QUESTIONS_STATEMENTS_WEB = 'https://questions-statements.parliament.uk';

const str = z.string().nullish();
const int = z.number().int().nullish();

export const Member = z.looseObject({ id: int, name: str, listAs: str, party: str });

/**
 * `StatementsViewModel`, the fields used. Those every real record carries (../shared/samples/real) must be present,
 * null or not: one gone is drift. The list's `text` is plain and cut short (`...`); the detail's is whole HTML.
 */
export const Statement = z.looseObject({
  id: z.number().int(),
  memberId: int,
  member: Member.nullish(),
  memberRole: str,
  uin: z.string().nullable(),
  dateMade: z.string(),
  answeringBodyName: str,
  title: z.string().nullable(),
  text: z.string().nullable(),
  house: z.string().nullable(),
  hasAttachments: z.boolean(),
  attachments: z.array(z.looseObject({ url: str, title: str, fileType: str })).nullish(),
});
export type Statement = z.infer<typeof Statement>;

const Link = z.looseObject({ rel: str, href: str, method: str });
const StatementRecord = z.looseObject({ value: Statement, links: z.array(Link).nullish() });
export const StatementsSearchResult = z.looseObject({ totalResults: int, results: z.array(z.unknown()) });
/**
 * `/statements/{id}` answers `{value, links}` (mySociety reads `["value"]`), not the SearchResult the spec names. No
 * real detail body has been seen, so only what it is read for is required: `text`, the whole statement. The rest of
 * the list's fields may be repeated (they then win) or not.
 */
export const StatementDetail = z.looseObject({ value: Statement.partial().required({ text: true }), links: z.array(Link).nullish() });

/** Detail reads per poll (see DetailReads): a few statements a day are made on any one subject. */
const DETAIL_LIMITS = { live: 100, backfill: 500 };

/**
 * Written ministerial statements: every statement made in the window (a few dozen a day), or, with `read: search`,
 * those matching a registry search term. A statement whose list text is cut short, or that has attachments, is then
 * read on its own for the whole text (as mySociety's production scraper does), once: the cursor remembers what was
 * handed over, so a statement comes back only when its listed form changes.
 */
export const writtenStatementsAdapter: SourceAdapter<StatementsSource> = {
  type: 'written-statements',
  async poll(ctx: PollContext<StatementsSource>): Promise<PollOutcome> {
    const start = beginPoll(ctx);
    if ('skipped' in start) return start.skipped;
    const { window, stats, terms } = start;
    const seen = new SeenRecords(ctx);
    const validators = new ListValidators(ctx);
    const listed = new Deduper<Statement>();
    for (const term of terms) {
      const found = await readPages(ctx.source, stats, `statements ${termLabel(term)}`, async (skip, take) => {
        const url = apiUrl(ctx.source, QUESTIONS_STATEMENTS_API, '/api/writtenstatements/statements', {
          searchTerm: term,
          madeWhenFrom: ymd(window.since),
          madeWhenTo: ymd(window.until),
          house: ctx.source.house,
          expandMember: 'true',
          skip,
          take,
        });
        const conditional = skip === 0 ? { validators, list: `statements ${termLabel(term)}` } : undefined;
        const { body, items } = await fetchList(ctx, stats, url, StatementsSearchResult, 'results', StatementRecord, conditional);
        return { items: items.map((r) => r.value), total: body?.totalResults ?? undefined };
      });
      for (const s of found) listed.add(String(s.id), s);
    }
    const details = new DetailReads(ctx, stats, DETAIL_LIMITS);
    const drafts: ItemDraft[] = [];
    // Sequential on purpose: one request at a time per source is the politeness this API's frequent 500s ask for.
    for (const listedS of listed.values) {
      if (!seen.isNew(String(listedS.id), listedS)) continue;
      const url = apiUrl(ctx.source, QUESTIONS_STATEMENTS_API, `/api/writtenstatements/statements/${listedS.id}`, { expandMember: 'true' });
      // The list text is whole only when short; attachments are listed by the detail alone.
      const read =
        isCutShort(listedS.text) || listedS.hasAttachments || !listedS.text
          ? await details.whole(listedS, `statement ${listedS.uin ?? listedS.id}`, () => fetchJson(ctx, stats, url, StatementDetail))
          : { record: listedS };
      if (!read) continue;
      const { record, partial } = read;
      drafts.push({ ...statementDraft(ctx.source, record), ...(partial && { partial }) });
      if (!partial) seen.mark(String(listedS.id), listedS);
    }
    details.finish('statements');
    return stats.outcome(drafts, streamCursor(ctx, window, stats, seen, validators));
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
