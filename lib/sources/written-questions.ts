import { z } from 'zod';
import type { SourceConfigOf } from '../config/schema.ts';
import type { ItemDraft } from '../model/item.ts';
import { stripHtml } from '../text/html.ts';
import { OPEN_PARLIAMENT_LICENCE } from './licences.ts';
import type { PollContext, PollOutcome, SourceAdapter } from './types.ts';
import { apiUrl, beginPoll, compact, Deduper, fetchJson, localDate, londonToUtc, nextCursor, readPages, ymd } from './windowed.ts';
import { Member, QUESTIONS_STATEMENTS_API, QUESTIONS_STATEMENTS_WEB } from './written-statements.ts';

type QuestionsSource = SourceConfigOf<'written-questions'>;

const str = z.string().nullish();
const int = z.number().int().nullish();

/** `QuestionsViewModel` (OpenAPI), the fields used. */
export const Question = z.looseObject({
  id: z.number().int(),
  askingMemberId: int,
  askingMember: Member.nullish(),
  answeringMember: Member.nullish(),
  house: str,
  dateTabled: z.string(),
  uin: str,
  questionText: str,
  answeringBodyName: str,
  isWithdrawn: z.boolean().nullish(),
  answerIsHolding: z.boolean().nullish(),
  dateAnswered: str,
  answerText: str,
  dateAnswerCorrected: str,
  heading: str,
});
export type Question = z.infer<typeof Question>;

export const QuestionsSearchResult = z.looseObject({
  totalResults: int,
  results: z.array(z.looseObject({ value: Question })),
});
const QuestionDetail = z.looseObject({ value: Question });

/**
 * Answered written questions, by answer date and search term. The list carries the answer; a question whose
 * answer text is missing from the list is fetched on its own.
 */
export const writtenQuestionsAdapter: SourceAdapter<QuestionsSource> = {
  type: 'written-questions',
  async poll(ctx: PollContext<QuestionsSource>): Promise<PollOutcome> {
    const start = beginPoll(ctx);
    if ('skipped' in start) return start.skipped;
    const { window, stats, terms } = start;
    const listed = new Deduper<Question>();
    for (const term of terms) {
      const found = await readPages(ctx.source, stats, `questions "${term}"`, async (skip, take) => {
        const url = apiUrl(ctx.source, QUESTIONS_STATEMENTS_API, '/api/writtenquestions/questions', {
          searchTerm: term,
          answered: 'Answered',
          answeredWhenFrom: ymd(window.since),
          answeredWhenTo: ymd(window.until),
          house: ctx.source.house,
          expandMember: 'true',
          skip,
          take,
        });
        const body = await fetchJson(ctx, stats, url, QuestionsSearchResult);
        return { items: body.results.map((r) => r.value), total: body.totalResults ?? undefined };
      });
      for (const q of found) listed.add(String(q.id), q);
    }
    const drafts: ItemDraft[] = [];
    for (const summary of listed.values) {
      let q = summary;
      if (!q.answerText) {
        try {
          const url = apiUrl(ctx.source, QUESTIONS_STATEMENTS_API, `/api/writtenquestions/questions/${q.id}`, { expandMember: 'true' });
          q = { ...q, ...(await fetchJson(ctx, stats, url, QuestionDetail)).value };
        } catch (err) {
          stats.warnings.push(`question ${q.uin ?? q.id}: detail not fetched (${(err as Error).message})`);
        }
      }
      if (q.isWithdrawn) continue;
      drafts.push(questionDraft(ctx.source, q));
    }
    return stats.outcome(drafts, nextCursor(ctx, window));
  },
};

/** Keyed `wq:<date tabled>:<UIN>`, the pair the public web link uses; a corrected answer is an update of the same item. */
export function questionDraft(source: QuestionsSource, q: Question): ItemDraft {
  const tabled = localDate(q.dateTabled) ?? '';
  const asker = q.askingMember?.name?.trim();
  const answerer = q.answeringMember?.name?.trim();
  const title = q.heading?.trim() || `Written question ${q.uin ?? q.id}`;
  const text = [
    `Asked by ${asker ?? 'a member'}${q.answeringBodyName ? ` (to ${q.answeringBodyName})` : ''}: ${stripHtml(q.questionText ?? '')}`,
    q.answerText ? `Answered by ${answerer ?? 'the minister'}: ${stripHtml(q.answerText)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return {
    sourceId: source.id,
    sourceType: 'question',
    kindHint: 'question',
    title,
    url:
      q.uin && tabled
        ? `${QUESTIONS_STATEMENTS_WEB}/written-questions/detail/${tabled}/${encodeURIComponent(q.uin)}`
        : `${QUESTIONS_STATEMENTS_WEB}/written-questions?SearchTerm=${encodeURIComponent(title)}`,
    published: londonToUtc(q.dateAnswered ?? q.dateTabled),
    text,
    author: answerer,
    nativeIds: compact({ id: q.id, uin: q.uin, dateTabled: tabled, house: q.house }),
    dedupKeys: [q.uin && tabled ? `wq:${tabled}:${q.uin}` : `wq-id:${q.id}`],
    attribution: OPEN_PARLIAMENT_LICENCE,
  };
}
