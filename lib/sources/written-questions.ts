import { z } from 'zod';
import type { SourceConfigOf } from '../config/schema.ts';
import type { ItemDraft } from '../model/item.ts';
import { stripHtml } from '../text/html.ts';
import { OPEN_PARLIAMENT_LICENCE } from './licences.ts';
import type { PollContext, PollOutcome, SourceAdapter } from './types.ts';
import { DetailReads, isCutShort } from './details.ts';
import { apiUrl, beginPoll, compact, Deduper, fetchJson, fetchList, localDate, londonToUtc, readPages, termLabel, type PollStats } from './windowed.ts';
import { DayCounts, dayTotal, listRanges, SeenRecords, streamCursor } from './stream.ts';
import { Member, QUESTIONS_STATEMENTS_API, QUESTIONS_STATEMENTS_WEB } from './written-statements.ts';

type QuestionsSource = SourceConfigOf<'written-questions'>;

const str = z.string().nullish();
const int = z.number().int().nullish();

/**
 * `QuestionsViewModel`, the fields used. Those every real record carries (../shared/samples/real) must be present,
 * null or not: one gone is drift, not a question without an answer. The rest may be absent.
 */
export const Question = z.looseObject({
  id: z.number().int(),
  askingMemberId: int,
  askingMember: Member.nullish(),
  answeringMember: Member.nullish(),
  house: z.string().nullable(),
  dateTabled: z.string(),
  dateForAnswer: z.string().nullable(),
  uin: z.string().nullable(),
  questionText: z.string().nullable(),
  answeringBodyName: str,
  isWithdrawn: z.boolean(),
  answerIsHolding: z.boolean(),
  answerIsCorrection: z.boolean(),
  dateAnswered: z.string().nullable(),
  answerText: z.string().nullable(),
  dateAnswerCorrected: z.string().nullable(),
  dateHoldingAnswer: z.string().nullable(),
  heading: z.string().nullable(),
});
export type Question = z.infer<typeof Question>;

const QuestionRecord = z.looseObject({ value: Question });
export const QuestionsSearchResult = z.looseObject({ totalResults: int, results: z.array(z.unknown()) });
/** `/questions/{id}` answers `{value, links}` (real body), with the answer whole and as HTML. */
export const QuestionDetail = z.looseObject({ value: Question });

/** Detail reads per poll: a live poll sees a few dozen answers; a backfilled day of a busy week, hundreds. */
const DETAIL_LIMITS = { live: 200, backfill: 1000 };

/**
 * Answered written questions (some hundreds a day), in two stages. First the lists, whole: every question answered
 * or corrected on each day of the window (a correction of an older answer is found by its correction date), a day
 * read again only when its count moved. Then the pre-filter (`PollContext.prefilter`) on what the list carries (the
 * heading, the question and answer as the list cuts them, the members and the answering body) picks the candidates,
 * and only those are read from their own endpoint for the whole text. The rest are handed over as listed (a stand-in
 * text, kept for a while for `registry test`). Each question is handed over once per listed form: a holding answer
 * answered, or an answer corrected, comes back. With `read: search`, the lists are asked per registry search term.
 */
export const writtenQuestionsAdapter: SourceAdapter<QuestionsSource> = {
  type: 'written-questions',
  async poll(ctx: PollContext<QuestionsSource>): Promise<PollOutcome> {
    const start = beginPoll(ctx);
    if ('skipped' in start) return start.skipped;
    const { window, stats, terms } = start;
    const seen = new SeenRecords(ctx);
    const counts = new DayCounts(ctx);
    const listed = new Deduper<Question>();
    const byDay = ctx.source.read === 'whole' && !ctx.probe;
    const ranges = listRanges(ctx, window, byDay);
    for (const term of terms) {
      for (const [from, to] of ranges) {
        for (const [label, dates] of [
          ['answered', { answeredWhenFrom: from, answeredWhenTo: to }],
          ['corrected', { correctedWhenFrom: from, correctedWhenTo: to }],
        ] as const) {
          const list = (skip: number, take: number) =>
            listQuestions(ctx, stats, { searchTerm: term, answered: 'Answered', ...dates, house: ctx.source.house, expandMember: 'true', skip, take });
          if (byDay && !(await counts.changed(label, from, () => dayTotal(ctx.source, stats, `questions ${label} ${from}`, list)))) continue;
          const found = await readPages(ctx.source, stats, `questions ${label} ${byDay ? from : termLabel(term)}`, list);
          counts.read(label, from, found.length);
          for (const q of found) listed.add(String(q.id), q);
        }
      }
    }
    const details = new DetailReads(ctx, stats, DETAIL_LIMITS);
    const drafts: ItemDraft[] = [];
    for (const listedQ of listed.values) {
      if (listedQ.isWithdrawn || !seen.isNew(String(listedQ.id), listedQ)) continue;
      const url = apiUrl(ctx.source, QUESTIONS_STATEMENTS_API, `/api/writtenquestions/questions/${listedQ.id}`, { expandMember: 'true' });
      const cut = isCutShort(listedQ.questionText) || isCutShort(listedQ.answerText) || !listedQ.answerText;
      const candidate = !byDay || !ctx.prefilter || !!ctx.prefilter.match(...listedText(listedQ));
      const read =
        cut && candidate
          ? await details.whole(listedQ, `question ${listedQ.uin ?? listedQ.id}`, () => fetchJson(ctx, stats, url, QuestionDetail))
          : { record: listedQ, partial: cut || undefined };
      if (!read) continue;
      const { record: q, partial } = read;
      if (!q.isWithdrawn) drafts.push({ ...questionDraft(ctx.source, q), ...(partial && { partial }) });
      // A candidate whose whole text could not be read is tried again next poll; the rest are handed over as they are.
      if (!(partial && candidate)) seen.mark(String(listedQ.id), listedQ);
    }
    details.finish('questions');
    return stats.outcome(drafts, streamCursor(ctx, window, stats, seen, counts));
  },
};

/** What the questions list carries about a question, for the pre-filter. */
export const listedText = (q: Question): (string | null | undefined)[] => [
  q.heading,
  q.questionText,
  q.answerText,
  q.answeringBodyName,
  q.askingMember?.name,
  q.answeringMember?.name,
];

async function listQuestions(ctx: PollContext<QuestionsSource>, stats: PollStats, params: Record<string, string | number | undefined>) {
  const url = apiUrl(ctx.source, QUESTIONS_STATEMENTS_API, '/api/writtenquestions/questions', params);
  const { body, items } = await fetchList(ctx, stats, url, QuestionsSearchResult, 'results', QuestionRecord);
  return { items: items.map((r) => r.value), total: body?.totalResults ?? undefined };
}

/**
 * Where a question stands: `holding` (the department said it needs more time: not the government's answer),
 * `answered`, or `tabled` (no answer yet).
 */
export function answerState(q: Pick<Question, 'answerIsHolding' | 'answerText'>): 'holding' | 'answered' | 'tabled' {
  if (q.answerIsHolding) return 'holding';
  return q.answerText?.trim() ? 'answered' : 'tabled';
}

/**
 * Keyed `wq:<date tabled>:<UIN>`, the pair the public web link uses, so a holding answer, the substantive answer
 * and any correction are versions of one item. The state is the item's `stage`: when a holding answer is replaced
 * by the answer, the item enters the digests again, as new.
 */
export function questionDraft(source: QuestionsSource, q: Question): ItemDraft {
  const tabled = localDate(q.dateTabled) ?? '';
  const asker = q.askingMember?.name?.trim();
  const answerer = q.answeringMember?.name?.trim();
  const state = answerState(q);
  const heading = q.heading?.trim() || `Written question ${q.uin ?? q.id}`;
  const corrected = q.answerIsCorrection || q.dateAnswerCorrected ? localDate(q.dateAnswerCorrected) ?? '' : undefined;
  const holdingDate = localDate(q.dateHoldingAnswer ?? q.dateAnswered);
  const answer = stripHtml(q.answerText ?? '');
  const text = [
    `Asked by ${asker ?? 'a member'}${q.answeringBodyName ? ` (to ${q.answeringBodyName})` : ''}: ${stripHtml(q.questionText ?? '')}`,
    state === 'holding' ? `Holding answer by ${answerer ?? 'the minister'}${holdingDate ? ` (${holdingDate})` : ''}: ${answer}` : '',
    state === 'answered' ? `Answered by ${answerer ?? 'the minister'}: ${answer}` : '',
    corrected !== undefined ? `Answer corrected${corrected ? ` on ${corrected}` : ''}.` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return {
    sourceId: source.id,
    sourceType: 'question',
    kindHint: 'question',
    title: state === 'holding' ? `${heading} (holding answer)` : heading,
    url:
      q.uin && tabled
        ? `${QUESTIONS_STATEMENTS_WEB}/written-questions/detail/${tabled}/${encodeURIComponent(q.uin)}`
        : `${QUESTIONS_STATEMENTS_WEB}/written-questions?SearchTerm=${encodeURIComponent(heading)}`,
    published: londonToUtc((state === 'holding' ? q.dateHoldingAnswer : undefined) ?? q.dateAnswered ?? q.dateTabled),
    text,
    author: state === 'tabled' ? asker : answerer,
    stage: state,
    nativeIds: compact({
      id: q.id,
      uin: q.uin,
      dateTabled: tabled,
      house: q.house,
      answerState: state === 'tabled' ? undefined : state,
      dateForAnswer: localDate(q.dateForAnswer),
      dateAnswered: localDate(q.dateAnswered),
      dateHoldingAnswer: localDate(q.dateHoldingAnswer),
      dateAnswerCorrected: corrected || undefined,
    }),
    dedupKeys: [q.uin && tabled ? `wq:${tabled}:${q.uin}` : `wq-id:${q.id}`],
    attribution: OPEN_PARLIAMENT_LICENCE,
  };
}
