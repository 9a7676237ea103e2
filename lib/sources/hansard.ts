import { z } from 'zod';
import type { SourceConfigOf } from '../config/schema.ts';
import type { ItemDraft, Kind } from '../model/item.ts';
import { stripHtml } from '../text/html.ts';
import { OPEN_PARLIAMENT_LICENCE } from './licences.ts';
import type { PollContext, PollOutcome, SourceAdapter } from './types.ts';
import { DetailReads } from './details.ts';
import { apiUrl, beginPoll, compact, Deduper, fetchJson, fetchList, localDate, londonToUtc, readPages, termLabel, writtenStatementKey, type PollStats } from './windowed.ts';
import { DayCounts, dayTotal, listRanges, SeenRecords, streamCursor } from './stream.ts';

type HansardSource = SourceConfigOf<'hansard'>;

export const HANSARD_API = 'https://hansard-api.parliament.uk';
const HANSARD_WEB = 'https://hansard.parliament.uk';
/** Corrections and late-published sittings land days after the sitting: always look this many sitting days back. */
const MIN_SITTING_DAYS = 3;

const str = z.string().nullish();
const int = z.number().int().nullish();

/**
 * `SearchReferencesItem`, the fields used, PascalCase as the service sends them. Those the adapter relies on and
 * every real record carries (../shared/samples/real) must be present, null or not: one gone is drift. In real bodies
 * `HRSTag` is a paragraph tag (`hs_para`) and `HansardSection` a column range (`AQ-AR`): neither says what kind of
 * proceeding a contribution belongs to.
 */
export const HansardContribution = z.looseObject({
  MemberName: z.string().nullable(),
  MemberId: int,
  AttributedTo: str,
  ItemId: int,
  ContributionExtId: z.string().min(1),
  ContributionText: str,
  ContributionTextFull: z.string().nullable(),
  HRSTag: str,
  HansardSection: str,
  DebateSection: z.string().nullable(),
  DebateSectionExtId: z.string().nullable(),
  SittingDate: z.string(),
  Section: z.string().nullable(),
  House: z.string().nullable(),
  OrderInDebateSection: z.number().int().nullable(),
});
export type HansardContribution = z.infer<typeof HansardContribution>;

export const HansardContributionsResult = z.looseObject({ Results: z.array(z.unknown()), TotalResultCount: int });

/** `SearchDebateItem` (spec only: no real body seen). */
export const HansardDebate = z.looseObject({
  DebateSection: str,
  SittingDate: z.string(),
  House: str,
  Title: str,
  DebateSectionExtId: z.string().min(1),
});
export type HansardDebate = z.infer<typeof HansardDebate>;

export const HansardDebatesResult = z.looseObject({ Results: z.array(z.unknown()), TotalResultCount: int });

/** `/debates/debate/{ExtId}.json` (`Debate` in the spec; no real body seen): the section's items, in order. */
export const HansardDebateText = z.looseObject({
  Overview: z.looseObject({ Title: str, ExtId: str, HRSTag: str }).nullish(),
  Items: z
    .array(z.looseObject({ ItemType: str, MemberId: int, AttributedTo: str, Value: str, OrderInSection: int, ExternalId: str }))
    .nullish(),
});
type HansardDebateText = z.infer<typeof HansardDebateText>;

/** Sections read in full per poll: each one is another request. */
const MAX_DEBATE_TEXTS = 20;

/**
 * Hansard, in two stages. First the lists, whole: every spoken and written contribution of each sitting day in the
 * window (reaching back at least three sitting days), and the day's debate sections (the section index), a day read
 * again only when its count of contributions moved. Then the pre-filter (`PollContext.prefilter`) on what the list
 * carries (the section title, the contribution's text, the member) picks the candidate contributions, and the
 * section index's titles pick candidate sections; only those are handed over, and only candidate sections, and the
 * sections of replies to a statement whose opening was not a candidate (that is where the minister's statement is),
 * are read in full. With `read: search` the lists are asked per registry search term instead (the API documents no
 * OR operator, so terms are not combined).
 */
export const hansardAdapter: SourceAdapter<HansardSource> = {
  type: 'hansard',
  async poll(ctx: PollContext<HansardSource>): Promise<PollOutcome> {
    const start = beginPoll(ctx, { minSittingDays: MIN_SITTING_DAYS });
    if ('skipped' in start) return start.skipped;
    const { window, stats, terms } = start;
    const byDay = ctx.source.read === 'whole' && !ctx.probe;
    const seen = new SeenRecords(ctx);
    const counts = new DayCounts(ctx);
    const listed = new Deduper<{ type: 'Spoken' | 'Written'; c: HansardContribution }>();
    const listedDebates = new Deduper<HansardDebate>();
    /** Contributions listed per section: a section is read again when more has been said in it. */
    const said = new Map<string, number>();
    const ranges = listRanges(ctx, window, byDay);
    for (const term of terms) {
      for (const [from, to] of ranges) {
        const params = (skip: number, take: number) => ({
          'queryParameters.searchTerm': term,
          'queryParameters.startDate': from,
          'queryParameters.endDate': to,
          'queryParameters.house': ctx.source.house,
          'queryParameters.orderBy': byDay ? 'SittingDateAsc' : 'SittingDateDesc',
          'queryParameters.skip': skip,
          'queryParameters.take': take,
        });
        const name = byDay ? from : termLabel(term);
        let spokenChanged = !byDay;
        for (const type of ['Spoken', 'Written'] as const) {
          const list = (skip: number, take: number) => listContributions(ctx, stats, type, params(skip, take));
          if (byDay && !(await counts.changed(type, from, () => dayTotal(ctx.source, stats, `${type} ${from}`, list)))) continue;
          spokenChanged ||= type === 'Spoken';
          const found = await readPages(ctx.source, stats, `${type} ${name}`, list);
          counts.read(type, from, found.length);
          for (const c of found) {
            if (c.DebateSectionExtId) said.set(c.DebateSectionExtId, (said.get(c.DebateSectionExtId) ?? 0) + 1);
            if (!byDay || candidate(ctx, c.DebateSection, c.ContributionTextFull || c.ContributionText, c.MemberName, c.AttributedTo, c.Section)) {
              listed.add(c.ContributionExtId, { type, c });
            }
          }
        }
        // A day's sections change only with what is said in them.
        if (!spokenChanged) continue;
        const found = await readPages(ctx.source, stats, `debates ${name}`, async (skip, take) => {
          const url = apiUrl(ctx.source, HANSARD_API, '/search/debates.json', params(skip, take));
          const { body, items } = await fetchList(ctx, stats, url, HansardDebatesResult, 'Results', HansardDebate);
          return { items, total: body?.TotalResultCount ?? undefined };
        });
        for (const d of found) if (!byDay || candidate(ctx, d.Title, d.DebateSection)) listedDebates.add(d.DebateSectionExtId, d);
      }
    }
    // Handed over once per listed form; a section again when more has been said in it.
    const contributions = listed.values.filter(({ c }) => seen.take(`c${c.ContributionExtId}`, c));
    const sectionForm = (d: HansardDebate) => ({ d, n: said.get(d.DebateSectionExtId) });
    const debates = listedDebates.values.filter((d) => seen.isNew(`d${d.DebateSectionExtId}`, sectionForm(d)));

    const spoken = contributions.filter((x) => x.type === 'Spoken').map((x) => x.c);
    // Found debates first (their text is the item), then sections where a statement is answered but not found.
    const toRead = [...new Set([...debates.map((d) => d.DebateSectionExtId), ...sectionsWantingTheirOpening(spoken)])];
    const sections = new Map<string, HansardDebateText>();
    const reads = new DetailReads(ctx, stats, { live: MAX_DEBATE_TEXTS, backfill: MAX_DEBATE_TEXTS });
    for (const extId of toRead) {
      const url = apiUrl(ctx.source, HANSARD_API, `/debates/debate/${encodeURIComponent(extId)}.json`, {});
      try {
        const section = await reads.get(() => fetchJson(ctx, stats, url, HansardDebateText));
        if (section) sections.set(extId, section);
      } catch (err) {
        stats.warnings.push(`debate ${extId}: full text not read (${(err as Error).message}); heading kept`);
      }
    }
    reads.finish('debate sections');

    const drafts: ItemDraft[] = contributions.map(({ type, c }) =>
      contributionDraft(ctx.source, type, c, type === 'Spoken' ? spokenKind(c, spoken, sections.get(c.DebateSectionExtId ?? '')) : writtenKind(c)),
    );
    // A section read in full whose opening is a statement: the statement is an item of its own, unless search found
    // it already (its key would merge them anyway), and the section around it is the debate.
    for (const [extId, section] of sections) {
      const opening = drafts.some((d) => d.dedupKeys.includes(statementKey(extId))) ? undefined : statementOpening(section);
      const index = debates.find((d) => d.DebateSectionExtId === extId);
      const hit = spoken.find((c) => c.DebateSectionExtId === extId);
      const context = index ? { ...index, title: index.Title } : hit && { ...hit, title: hit.DebateSection };
      if (opening && context) drafts.push(openingDraft(ctx.source, extId, section, opening, context));
    }
    for (const d of debates) {
      const section = sections.get(d.DebateSectionExtId);
      if (!section && reads.halted) {
        reads.hold();
        continue;
      }
      drafts.push({ ...debateDraft(ctx.source, d, section), ...(!section && { partial: true as const }) });
      // A section not read this time (over the poll's limit, or failed) is tried again next poll.
      if (section) seen.mark(`d${d.DebateSectionExtId}`, sectionForm(d));
    }
    return stats.outcome(drafts, streamCursor(ctx, window, stats, seen, counts));
  },
};

/** Whether a listed record is a candidate: the pre-filter finds a registry phrase in what the list carries. */
const candidate = (ctx: PollContext<HansardSource>, ...fields: (string | null | undefined)[]): boolean => !ctx.prefilter || !!ctx.prefilter.match(...fields);

async function listContributions(ctx: PollContext<HansardSource>, stats: PollStats, type: 'Spoken' | 'Written', params: Record<string, string | number | undefined>) {
  const url = apiUrl(ctx.source, HANSARD_API, `/search/contributions/${type}.json`, params);
  const { body, items } = await fetchList(ctx, stats, url, HansardContributionsResult, 'Results', HansardContribution);
  return { items, total: body?.TotalResultCount ?? undefined };
}

/** How the adapter decided a contribution's kind, kept on the item (`nativeIds.kindSignal`, `kindInferred`). */
export interface KindCall {
  kind: Kind;
  signal: string;
  /** No field of a real body says so: a text cue, a heading or a position decided it. */
  inferred: boolean;
}

/**
 * The minister's own opening of a statement: Commons "With permission, Mr Speaker, I will make a statement on…" or
 * "…I would like to update the House on…", Lords "My Lords, with the leave of the House, I will repeat a Statement…".
 * Matched only at the very start of a contribution: replies quote "her statement" freely.
 */
const OPENING_WORDS =
  /^(?:(?:my lords|(?:mr|madam) (?:deputy )?speaker),? )?with (?:your |the )?(?:permission|leave(?: of the house)?)(?:,? (?:mr|madam) (?:deputy )?speaker)?,? i (?:will|shall|would|should|wish|want|beg)(?: like| leave)?(?: to)? (?:now )?(?:(?:make|repeat)\b.{0,160}?\bstatement\b|update the house\b)/;
/** Replies to a statement, which say so: "I thank the Home Secretary for advance sight of her statement". */
const REPLY_WORDS = /\b(?:advance (?:sight|copy) of (?:her|his|the|their|this) statement|for (?:her|his|the|their|this) statement|(?:repeating|repeat of|repeated) (?:the|this) statement)\b/;
/** A heading that names a statement: Lords "Grooming Gangs: Statement", "… - Statement"; not the Speaker's or a personal one. */
const STATEMENT_HEADING = /(?:^|[\s:–—-])statement$/i;
const NOT_MINISTERIAL = /\b(?:speaker'?s|personal|business) statement$/i;
/**
 * A section's first contribution is numbered 1 or, after a heading or time stamp, 2 (INFERRED: the spec's
 * `OrderInDebateSection`/`OrderInSection`; real bodies show only mid-section numbers).
 */
const OPENING_MAX_ORDER = 2;

const fold = (html: string | null | undefined, length = 400): string =>
  stripHtml(html ?? '').slice(0, length).toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

const openingWords = (text: string | null | undefined): string | undefined => fold(text).match(OPENING_WORDS)?.[0];
const statementHeading = (title: string | null | undefined): boolean => !!title && STATEMENT_HEADING.test(title.trim()) && !NOT_MINISTERIAL.test(title.trim());

/** The first contribution of a section read in full, when it is a ministerial statement. */
function statementOpening(section: HansardDebateText): { item: NonNullable<HansardDebateText['Items']>[number]; call: KindCall } | undefined {
  const items = [...(section.Items ?? [])]
    .filter((i) => (i.MemberId || i.AttributedTo?.trim()) && i.Value?.trim())
    .sort((a, b) => (a.OrderInSection ?? 0) - (b.OrderInSection ?? 0));
  const first = items[0];
  if (!first) return undefined;
  const words = openingWords(first.Value);
  if (words) return { item: first, call: { kind: 'statement', signal: `opening words "${words.slice(0, 120)}"`, inferred: true } };
  const tag = section.Overview?.HRSTag ?? '';
  if (/statement/i.test(tag) || statementHeading(section.Overview?.Title)) {
    const why = /statement/i.test(tag) ? `section tag ${tag}` : `heading "${section.Overview?.Title}"`;
    return { item: first, call: { kind: 'statement', signal: `${why}, first contribution of the section`, inferred: true } };
  }
  return undefined;
}

/**
 * A spoken contribution is the statement itself when it opens with the minister's words, or when its section is a
 * statement (by heading, or by the section read in full) and it is the section's first contribution; otherwise it
 * is debate (replies, questions on the statement, everything else said in the chamber).
 */
export function spokenKind(c: HansardContribution, sectionHits: HansardContribution[] = [], section?: HansardDebateText): KindCall {
  const words = openingWords(c.ContributionTextFull || c.ContributionText);
  if (words) return { kind: 'statement', signal: `opening words "${words.slice(0, 120)}"`, inferred: true };
  if (section) {
    const opening = statementOpening(section);
    const isOpening = opening && (opening.item.ExternalId === c.ContributionExtId || (opening.item.OrderInSection ?? -1) === c.OrderInDebateSection);
    if (isOpening) return opening.call;
    if (opening) return { kind: 'debate', signal: 'reply in a statement section', inferred: true };
  }
  if (statementHeading(c.DebateSection)) {
    const orders = sectionHits.filter((h) => h.DebateSectionExtId === c.DebateSectionExtId).map((h) => h.OrderInDebateSection ?? Infinity);
    const first = c.OrderInDebateSection !== null && c.OrderInDebateSection <= OPENING_MAX_ORDER && c.OrderInDebateSection <= Math.min(...orders);
    if (first) return { kind: 'statement', signal: `heading "${c.DebateSection}", first contribution of the section`, inferred: true };
    return { kind: 'debate', signal: 'reply in a statement section', inferred: true };
  }
  return { kind: 'debate', signal: 'spoken contribution', inferred: false };
}

/** Hansard's `Written` contributions are written statements, or answers when their section says so (no real body seen). */
export function writtenKind(c: HansardContribution): KindCall {
  return /answer/i.test(c.Section ?? '')
    ? { kind: 'question', signal: `written contribution in "${c.Section}"`, inferred: true }
    : { kind: 'statement', signal: 'written contribution', inferred: true };
}

/**
 * Sections of spoken contributions that answer a statement (a reply says so, or the heading names one) while no
 * contribution found opens it: the statement did not mention the search term, its replies did. Read in full, the
 * section gives its opening.
 */
function sectionsWantingTheirOpening(spoken: HansardContribution[]): string[] {
  const bySection = new Map<string, HansardContribution[]>();
  for (const c of spoken) if (c.DebateSectionExtId) bySection.set(c.DebateSectionExtId, [...(bySection.get(c.DebateSectionExtId) ?? []), c]);
  return [...bySection]
    .filter(([, hits]) => !hits.some((c) => openingWords(c.ContributionTextFull || c.ContributionText)))
    .filter(([, hits]) => hits.some((c) => statementHeading(c.DebateSection) || REPLY_WORDS.test(fold(c.ContributionTextFull || c.ContributionText, 800))))
    .map(([extId]) => extId);
}

const statementKey = (debateSectionExtId: string): string => `hansard:statement:${debateSectionExtId}`;

export function contributionDraft(source: HansardSource, type: 'Spoken' | 'Written', c: HansardContribution, call: KindCall): ItemDraft {
  const section = (c.DebateSection ?? '').trim() || 'Hansard';
  const speaker = c.MemberName?.trim() || c.AttributedTo?.trim() || undefined;
  const date = localDate(c.SittingDate) ?? '';
  const keys = [`hansard:contribution:${c.ContributionExtId}`];
  // The same written statement also comes from the written statements API: share its date+member+title key.
  if (type === 'Written' && call.kind === 'statement' && date) keys.unshift(writtenStatementKey(date, c.MemberId, section));
  // One statement per section: found by search and again as the opening of its section read in full, it is one item.
  if (type === 'Spoken' && call.kind === 'statement' && c.DebateSectionExtId) keys.push(statementKey(c.DebateSectionExtId));
  return {
    sourceId: source.id,
    sourceType: 'hansard',
    kindHint: call.kind,
    title: call.kind === 'debate' && speaker ? `${section}: ${speaker}` : section,
    url: debateUrl(c.House, date, c.DebateSectionExtId, section, c.ContributionExtId),
    published: londonToUtc(c.SittingDate),
    text: stripHtml(c.ContributionTextFull || c.ContributionText || ''),
    author: speaker,
    nativeIds: compact({
      contributionExtId: c.ContributionExtId,
      debateSectionExtId: c.DebateSectionExtId,
      itemId: c.ItemId,
      memberId: c.MemberId,
      contributionType: type,
      kindSignal: call.signal,
      kindInferred: call.inferred ? 'true' : undefined,
    }),
    dedupKeys: keys,
    attribution: OPEN_PARLIAMENT_LICENCE,
  };
}

/** The statement that opens a section read in full, as the contribution it is. */
function openingDraft(
  source: HansardSource,
  extId: string,
  section: HansardDebateText,
  opening: NonNullable<ReturnType<typeof statementOpening>>,
  context: { SittingDate: string; House?: string | null; title?: string | null },
): ItemDraft {
  const { item, call } = opening;
  const title = section.Overview?.Title ?? context.title ?? null;
  return contributionDraft(
    source,
    'Spoken',
    {
      MemberName: null,
      MemberId: item.MemberId,
      AttributedTo: item.AttributedTo,
      ContributionExtId: item.ExternalId || `${extId}:opening`,
      ContributionTextFull: item.Value ?? null,
      DebateSection: title,
      DebateSectionExtId: extId,
      SittingDate: context.SittingDate,
      Section: null,
      House: context.House ?? null,
      OrderInDebateSection: item.OrderInSection ?? null,
    },
    call,
  );
}

/** "Speaker: speech" per contribution, HTML stripped; headings and procedural items without a speaker kept as they are. */
export function debateText(debate: HansardDebateText): string {
  return (debate.Items ?? [])
    .filter((i) => i.Value?.trim())
    .map((i) => {
      const speech = stripHtml(i.Value!);
      return i.AttributedTo?.trim() ? `${i.AttributedTo.trim()}: ${speech}` : speech;
    })
    .join('\n');
}

/**
 * A debate section found by search: the exchange as a whole is debate (a statement opening it is its own item). A
 * written-statements or written-answers section is left to the classifier.
 */
function debateDraft(source: HansardSource, d: HansardDebate, section: HansardDebateText | undefined): ItemDraft {
  const title = (d.Title ?? d.DebateSection ?? '').trim() || 'Hansard debate';
  const date = localDate(d.SittingDate) ?? '';
  const written = /written/i.test(d.DebateSection ?? '');
  return {
    sourceId: source.id,
    sourceType: 'hansard',
    kindHint: written ? undefined : 'debate',
    title,
    url: debateUrl(d.House, date, d.DebateSectionExtId, title),
    published: londonToUtc(d.SittingDate),
    text: (section && debateText(section)) || [d.DebateSection, d.House].filter(Boolean).join(' · '),
    nativeIds: compact({ debateSectionExtId: d.DebateSectionExtId, kindSignal: written ? undefined : 'debate section' }),
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
    .replace(/[^A-Za-z0-9()-]/g, ''); // real slugs keep parentheses: NationalSecurity(StateThreats)Bill
  const base = `${HANSARD_WEB}/${house || 'Commons'}/${date}/debates/${encodeURIComponent(extId)}/${slug}`;
  return contributionExtId ? `${base}#contribution-${encodeURIComponent(contributionExtId)}` : base;
}
