import { z } from 'zod';
import type { SourceConfigOf } from '../config/schema.ts';
import type { ItemDraft, Kind } from '../model/item.ts';
import { stripHtml } from '../text/html.ts';
import { OPEN_PARLIAMENT_LICENCE } from './licences.ts';
import type { PollContext, PollOutcome, SourceAdapter } from './types.ts';
import { apiUrl, beginPoll, compact, Deduper, fetchJson, localDate, londonToUtc, nextCursor, readPages, writtenStatementKey, ymd } from './windowed.ts';

type HansardSource = SourceConfigOf<'hansard'>;

export const HANSARD_API = 'https://hansard-api.parliament.uk';
const HANSARD_WEB = 'https://hansard.parliament.uk';
/** Corrections and late-published sittings land days after the sitting: always look this many sitting days back. */
const MIN_SITTING_DAYS = 3;

const str = z.string().nullish();
const int = z.number().int().nullish();

/** `SearchReferencesItem` (Swagger), the fields used. PascalCase, as the service sends them. */
export const HansardContribution = z.looseObject({
  MemberName: str,
  MemberId: int,
  AttributedTo: str,
  ItemId: int,
  ContributionExtId: z.string().min(1),
  ContributionText: str,
  ContributionTextFull: str,
  HRSTag: str,
  HansardSection: str,
  DebateSection: str,
  DebateSectionExtId: str,
  SittingDate: z.string(),
  Section: str,
  House: str,
  OrderInDebateSection: int,
});
export type HansardContribution = z.infer<typeof HansardContribution>;

export const HansardContributionsResult = z.looseObject({
  Results: z.array(HansardContribution),
  TotalResultCount: int,
});

export const HansardDebate = z.looseObject({
  DebateSection: str,
  SittingDate: z.string(),
  House: str,
  Title: str,
  DebateSectionExtId: z.string().min(1),
});
export type HansardDebate = z.infer<typeof HansardDebate>;

export const HansardDebatesResult = z.looseObject({ Results: z.array(HansardDebate), TotalResultCount: int });

/** `/debates/debate/{ExtId}.json` (`Debate` in the spec): the section's speeches, in order. */
export const HansardDebateText = z.looseObject({
  Overview: z.looseObject({ Title: str, ExtId: str }).nullish(),
  Items: z.array(z.looseObject({ ItemType: str, AttributedTo: str, Value: str })).nullish(),
});

/** Full text is fetched for at most this many debate sections per poll: each one is another request. */
const MAX_DEBATE_TEXTS = 20;

/**
 * Hansard: spoken and written contributions and debate sections that mention a registry search term, over a
 * date window reaching back at least three sitting days. Each term is one query per endpoint: the API documents
 * no OR operator (only `AND`-joined directives), so terms are not combined.
 */
export const hansardAdapter: SourceAdapter<HansardSource> = {
  type: 'hansard',
  async poll(ctx: PollContext<HansardSource>): Promise<PollOutcome> {
    const start = beginPoll(ctx, { minSittingDays: MIN_SITTING_DAYS });
    if ('skipped' in start) return start.skipped;
    const { window, stats, terms } = start;
    const contributions = new Deduper<{ type: 'Spoken' | 'Written'; c: HansardContribution }>();
    const debates = new Deduper<HansardDebate>();
    const common = (term: string) => ({
      'queryParameters.searchTerm': term,
      'queryParameters.startDate': ymd(window.since),
      'queryParameters.endDate': ymd(window.until),
      'queryParameters.house': ctx.source.house,
      'queryParameters.orderBy': 'SittingDateDesc',
    });
    for (const term of terms) {
      for (const type of ['Spoken', 'Written'] as const) {
        const found = await readPages(ctx.source, stats, `${type} "${term}"`, async (skip, take) => {
          const url = apiUrl(ctx.source, HANSARD_API, `/search/contributions/${type}.json`, {
            ...common(term),
            'queryParameters.skip': skip,
            'queryParameters.take': take,
          });
          const body = await fetchJson(ctx, stats, url, HansardContributionsResult);
          return { items: body.Results, total: body.TotalResultCount ?? undefined };
        });
        for (const c of found) contributions.add(c.ContributionExtId, { type, c });
      }
      const found = await readPages(ctx.source, stats, `debates "${term}"`, async (skip, take) => {
        const url = apiUrl(ctx.source, HANSARD_API, '/search/debates.json', {
          ...common(term),
          'queryParameters.skip': skip,
          'queryParameters.take': take,
        });
        const body = await fetchJson(ctx, stats, url, HansardDebatesResult);
        return { items: body.Results, total: body.TotalResultCount ?? undefined };
      });
      for (const d of found) debates.add(d.DebateSectionExtId, d);
    }
    // A debate search result is only a heading: read the whole section so it is matched on what was said.
    const fullText = new Map<string, string>();
    for (const d of debates.values.slice(0, MAX_DEBATE_TEXTS)) {
      const url = apiUrl(ctx.source, HANSARD_API, `/debates/debate/${encodeURIComponent(d.DebateSectionExtId)}.json`, {});
      try {
        fullText.set(d.DebateSectionExtId, debateText(await fetchJson(ctx, stats, url, HansardDebateText)));
      } catch (err) {
        stats.warnings.push(`debate ${d.DebateSectionExtId}: full text not read (${(err as Error).message}); heading kept`);
      }
    }
    if (debates.values.length > MAX_DEBATE_TEXTS) {
      stats.warnings.push(`${debates.values.length - MAX_DEBATE_TEXTS} debate sections kept as headings only (over ${MAX_DEBATE_TEXTS} in one poll)`);
    }
    const drafts: ItemDraft[] = [
      ...contributions.values.map(({ type, c }) => contributionDraft(ctx.source, type, c)),
      ...debates.values.map((d) => debateDraft(ctx.source, d, fullText.get(d.DebateSectionExtId))),
    ];
    return stats.outcome(drafts, nextCursor(ctx, window));
  },
};

/**
 * INFERRED (no real body seen): a ministerial statement's section is tagged as a statement (`HRSTag` such as
 * `hs_2cStatement`, or a section named "Statement"), and the minister's contribution opens it.
 */
const isStatementSection = (c: HansardContribution): boolean => /statement/i.test(`${c.HRSTag ?? ''} ${c.HansardSection ?? ''}`);
const isOpening = (c: HansardContribution): boolean => (c.OrderInDebateSection ?? Number.MAX_SAFE_INTEGER) <= 1;
const isWrittenAnswer = (c: HansardContribution): boolean => /answer/i.test(`${c.Section ?? ''} ${c.HansardSection ?? ''}`);

export function contributionDraft(source: HansardSource, type: 'Spoken' | 'Written', c: HansardContribution): ItemDraft {
  const section = (c.DebateSection ?? '').trim() || 'Hansard';
  const speaker = c.MemberName?.trim() || c.AttributedTo?.trim() || undefined;
  const date = localDate(c.SittingDate) ?? '';
  let kindHint: Kind;
  if (type === 'Written') kindHint = isWrittenAnswer(c) ? 'question' : 'statement';
  else kindHint = isStatementSection(c) && isOpening(c) ? 'statement' : 'debate';
  const keys = [`hansard:contribution:${c.ContributionExtId}`];
  // The same written statement also comes from the written statements API: share its date+member+title key.
  if (type === 'Written' && kindHint === 'statement' && date) keys.unshift(writtenStatementKey(date, c.MemberId, section));
  return {
    sourceId: source.id,
    sourceType: 'hansard',
    kindHint,
    title: kindHint === 'debate' && speaker ? `${section}: ${speaker}` : section,
    url: debateUrl(c.House, date, c.DebateSectionExtId, section, c.ContributionExtId),
    published: londonToUtc(c.SittingDate),
    text: stripHtml(c.ContributionTextFull ?? c.ContributionText ?? ''),
    author: speaker,
    nativeIds: compact({
      contributionExtId: c.ContributionExtId,
      debateSectionExtId: c.DebateSectionExtId,
      itemId: c.ItemId,
      memberId: c.MemberId,
      contributionType: type,
    }),
    dedupKeys: keys,
    attribution: OPEN_PARLIAMENT_LICENCE,
  };
}

/** "Speaker: speech" per contribution, HTML stripped; headings and procedural items without a speaker kept as they are. */
export function debateText(debate: z.infer<typeof HansardDebateText>): string {
  return (debate.Items ?? [])
    .filter((i) => i.Value?.trim())
    .map((i) => {
      const speech = stripHtml(i.Value!);
      return i.AttributedTo?.trim() ? `${i.AttributedTo.trim()}: ${speech}` : speech;
    })
    .join('\n');
}

function debateDraft(source: HansardSource, d: HansardDebate, fullText: string | undefined): ItemDraft {
  const title = (d.Title ?? d.DebateSection ?? '').trim() || 'Hansard debate';
  const date = localDate(d.SittingDate) ?? '';
  return {
    sourceId: source.id,
    sourceType: 'hansard',
    title,
    url: debateUrl(d.House, date, d.DebateSectionExtId, title),
    published: londonToUtc(d.SittingDate),
    text: fullText || [d.DebateSection, d.House].filter(Boolean).join(' · '),
    nativeIds: { debateSectionExtId: d.DebateSectionExtId },
    dedupKeys: [`hansard:debate:${d.DebateSectionExtId}`],
    attribution: OPEN_PARLIAMENT_LICENCE,
  };
}

/**
 * Public link: `https://hansard.parliament.uk/{House}/{date}/debates/{ExtId}/{TitleWithoutSpaces}` (INFERRED from
 * third-party code), with `#contribution-{ContributionExtId}` to land on one speech.
 */
export function debateUrl(house: string | null | undefined, date: string, extId: string | null | undefined, title: string, contributionExtId?: string): string {
  if (!extId || !date) return `${HANSARD_WEB}/search?searchTerm=${encodeURIComponent(title)}`;
  const slug = title
    .split(/\s+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')
    .replace(/[^A-Za-z0-9-]/g, '');
  const base = `${HANSARD_WEB}/${house || 'Commons'}/${date}/debates/${encodeURIComponent(extId)}/${slug}`;
  return contributionExtId ? `${base}#contribution-${encodeURIComponent(contributionExtId)}` : base;
}
