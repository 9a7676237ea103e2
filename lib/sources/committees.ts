import { z } from 'zod';
import type { SourceConfigOf } from '../config/schema.ts';
import type { ItemDraft } from '../model/item.ts';
import { stripHtml } from '../text/html.ts';
import { OPEN_PARLIAMENT_LICENCE } from './licences.ts';
import type { PollContext, PollOutcome, SourceAdapter } from './types.ts';
import { apiUrl, beginPoll, compact, Deduper, fetchList, localDate, londonToUtc, readPages, termLabel, ymd } from './windowed.ts';
import { ListValidators, SeenRecords, streamCursor } from './stream.ts';

type CommitteesSource = SourceConfigOf<'committees'>;

export const COMMITTEES_API = 'https://committees-api.parliament.uk';
const COMMITTEES_WEB = 'https://committees.parliament.uk';

const str = z.string().nullish();
const int = z.number().int().nullish();

const BusinessType = z.looseObject({ id: int, name: str, isInquiry: z.boolean().nullish(), description: str });
/** `CommitteeBusinessSummary` (OpenAPI and the real capture), the fields used. */
export const CommitteeBusiness = z.looseObject({
  id: z.number().int(),
  title: str,
  type: BusinessType.nullish(),
  openDate: str,
  closeDate: str,
});
export type CommitteeBusiness = z.infer<typeof CommitteeBusiness>;

const CommitteeSummary = z.looseObject({ id: int, name: str, house: str });
/** A publication's type, as the real body carries it: its name and what the government may do with it. */
const PublicationType = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  governmentCanRespond: z.boolean(),
  canBeResponse: z.boolean().nullish(),
});
const HouseNumber = z.looseObject({ number: str, sessionDescription: str });
const GovernmentResponses = z.looseObject({
  publication: z.array(z.looseObject({ id: z.number().int(), publicationStartDate: str })),
  responseDeadline: z.string().nullable(),
  responseExcepted: z.boolean().nullish(),
});

/**
 * `Publication`, the fields used. Those every real record carries (../shared/samples/real) must be present, null or
 * not: one gone, or a type changed, is drift. The rest may be absent.
 */
export const Publication = z.looseObject({
  id: z.number().int(),
  description: z.string().nullable(),
  publicationStartDate: z.string(),
  type: PublicationType,
  governmentResponses: GovernmentResponses.nullable(),
  responseToPublicationId: z.number().int().nullable(),
  respondingDepartment: z.looseObject({ name: str }).nullish(),
  documents: z.array(z.looseObject({ documentId: int })).nullable(),
  hcNumber: HouseNumber.nullable(),
  hlPaper: HouseNumber.nullable(),
  additionalContentUrl: str,
  businesses: z.array(CommitteeBusiness).nullable(),
  committee: CommitteeSummary.nullable(),
});
export type Publication = z.infer<typeof Publication>;

/** The Committees API's collection envelope (verified on real captures). */
const envelope = z.looseObject({ items: z.array(z.unknown()), totalResults: int, itemsPerPage: int, links: z.array(z.unknown()).nullish() });
export const PublicationsResult = envelope;
export const CommitteeBusinessResult = envelope;

/**
 * What a publication is, from its type (real fields: `type.name`, `type.governmentCanRespond`) and whether it answers
 * another publication (`responseToPublicationId`):
 * - `report`: reports and special reports (the government may respond to them), and government responses (whatever
 *   form they take: a response published as a special report or as a letter still answers a report). These alert.
 * - `question`: other correspondence. A committee writes to ask for information or to follow up its recommendations,
 *   and the reply gives it, like a written question and its answer. `canBeResponse` is true for letters (a letter
 *   can be a reply), so it says nothing about reports.
 * - `debate`: evidence, memoranda and the rest: the record of the committee's scrutiny, like the rest of Parliament's
 *   proceedings, not its conclusions.
 * With the default alert kinds, `question` and `debate` go to roundups, never alerts.
 */
export function publicationKind(p: Pick<Publication, 'type' | 'responseToPublicationId'>): 'report' | 'question' | 'debate' {
  if (isGovernmentResponse(p) || p.type.governmentCanRespond || /\breport\b/i.test(p.type.name)) return 'report';
  if (/correspondence|letter/i.test(p.type.name)) return 'question';
  return 'debate';
}

const isGovernmentResponse = (p: Pick<Publication, 'type' | 'responseToPublicationId'>): boolean =>
  p.responseToPublicationId != null || /government response/i.test(p.type.name);

/**
 * Committees: every publication of the window (reports, government responses, special reports, correspondence,
 * evidence; a few dozen a day) and every piece of committee business (inquiries) opened in it, newest first; with
 * `read: search`, those matching a registry search term. A publication carries the committee business it belongs to
 * and, for a report, the government-response deadline and responses. A record is handed over once, and again when
 * its listed form changes (a response deadline set, a response published).
 */
export const committeesAdapter: SourceAdapter<CommitteesSource> = {
  type: 'committees',
  async poll(ctx: PollContext<CommitteesSource>): Promise<PollOutcome> {
    const start = beginPoll(ctx);
    if ('skipped' in start) return start.skipped;
    const { window, stats, terms } = start;
    const seen = new SeenRecords(ctx);
    const validators = new ListValidators(ctx);
    const publications = new Deduper<Publication>();
    const businesses = new Deduper<CommitteeBusiness>();
    for (const term of terms) {
      const pubs = await readPages(ctx.source, stats, `publications ${termLabel(term)}`, async (skip, take) => {
        const url = apiUrl(ctx.source, COMMITTEES_API, '/api/Publications', {
          SearchTerm: term,
          StartDate: ymd(window.since),
          EndDate: ymd(window.until),
          SortOrder: 'PublicationDateDescending',
          Skip: skip,
          Take: take,
        });
        const conditional = skip === 0 ? { validators, list: `publications ${termLabel(term)}` } : undefined;
        const { body, items } = await fetchList(ctx, stats, url, PublicationsResult, 'items', Publication, conditional);
        return { items, total: body?.totalResults ?? undefined };
      });
      for (const p of pubs) publications.add(String(p.id), p);

      const work = await readPages(ctx.source, stats, `committee business ${termLabel(term)}`, async (skip, take) => {
        const url = apiUrl(ctx.source, COMMITTEES_API, '/api/CommitteeBusiness', {
          SearchTerm: term,
          DateFrom: ymd(window.since),
          DateTo: ymd(window.until),
          SortOrder: 'DateOpenedNewest',
          Skip: skip,
          Take: take,
        });
        const conditional = skip === 0 ? { validators, list: `business ${termLabel(term)}` } : undefined;
        const { body, items } = await fetchList(ctx, stats, url, CommitteeBusinessResult, 'items', CommitteeBusiness, conditional);
        return { items, total: body?.totalResults ?? undefined };
      });
      for (const b of work) businesses.add(String(b.id), b);
    }
    // Nothing more to read for a publication: it is handed over whole, once per listed form.
    const drafts = [
      ...publications.values.filter((p) => seen.take(`p${p.id}`, p)).map((p) => publicationDraft(ctx.source, p)),
      ...businesses.values.filter((b) => seen.take(`b${b.id}`, b)).map((b) => businessDraft(ctx.source, b)),
    ];
    return stats.outcome(drafts, streamCursor(ctx, window, stats, seen, validators));
  },
};

/**
 * A publication as an item. What the accountability board reads travels in `nativeIds` (the item model has no other
 * place for source metadata; these names are a contract, add but do not rename): `publicationId`, `publicationType`,
 * `governmentCanRespond` ('true'|'false'), `governmentResponseDeadline` (yyyy-mm-dd), `governmentResponseIds`
 * (comma-separated publication ids), `responseExcepted` ('true' when set), `responseToPublicationId` (on a government
 * response: the report it answers), `committeeBusinessIds`, `committeeId`.
 */
export function publicationDraft(source: CommitteesSource, p: Publication): ItemDraft {
  const committee = p.committee?.name?.trim();
  const description = stripHtml(p.description ?? '') || `${p.type.name} ${p.id}`;
  const business = p.businesses ?? [];
  const responses = p.governmentResponses;
  const deadline = localDate(responses?.responseDeadline);
  const paper = [p.hcNumber?.number, p.hlPaper?.number].filter(Boolean).join(', ');
  const kind = publicationKind(p);
  const text = [
    description,
    [p.type.name, committee, paper].filter(Boolean).join(' · '),
    ...business.map((b) => `Inquiry: ${b.title ?? b.id}`),
    p.respondingDepartment?.name ? `Responding department: ${p.respondingDepartment.name}` : '',
    deadline ? `Government response due by ${deadline}` : '',
    responses?.responseExcepted ? 'Government response: excepted (none expected)' : '',
    ...(responses?.publication ?? []).map((r) => `Government response: ${publicationWebUrl(r.id)}${localDate(r.publicationStartDate) ? ` (${localDate(r.publicationStartDate)})` : ''}`),
    p.responseToPublicationId ? `Responds to: ${publicationWebUrl(p.responseToPublicationId)}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return {
    sourceId: source.id,
    // The committees are a primary source whatever they publish; the kind says what this is.
    sourceType: 'report',
    kindHint: kind,
    title: committee && !description.includes(committee) ? `${committee}: ${description}` : description,
    url: publicationUrl(p),
    published: londonToUtc(p.publicationStartDate),
    text,
    author: committee,
    nativeIds: compact({
      publicationId: p.id,
      publicationType: p.type.name,
      publicationTypeId: p.type.id,
      governmentCanRespond: String(p.type.governmentCanRespond),
      committeeId: p.committee?.id,
      committeeBusinessIds: business.map((b) => b.id).join(',') || undefined,
      responseToPublicationId: p.responseToPublicationId,
      governmentResponseIds: (responses?.publication ?? []).map((r) => r.id).join(',') || undefined,
      governmentResponseDeadline: deadline,
      responseExcepted: responses?.responseExcepted ? 'true' : undefined,
      respondingDepartment: p.respondingDepartment?.name?.trim(),
      paperNumber: paper || undefined,
      kindSignal: `type.name "${p.type.name}"${p.responseToPublicationId != null ? ', responseToPublicationId' : ''}`,
    }),
    dedupKeys: [`committees:publication:${p.id}`],
    attribution: OPEN_PARLIAMENT_LICENCE,
  };
}

/**
 * Committee business (an inquiry, a pre-appointment hearing…): the committee's work, not a publication, so not a
 * report. Kind `debate`, with parliamentary proceedings; no real `/api/CommitteeBusiness` body has been seen (its
 * records match the `businesses` embedded in real publications), so the kind is marked inferred.
 */
function businessDraft(source: CommitteesSource, b: CommitteeBusiness): ItemDraft {
  const title = stripHtml(b.title ?? '') || `Committee business ${b.id}`;
  const opened = localDate(b.openDate);
  return {
    sourceId: source.id,
    sourceType: 'report',
    kindHint: 'debate',
    title,
    url: `${COMMITTEES_WEB}/work/${b.id}/`,
    published: londonToUtc(b.openDate),
    text: [b.type?.name ? `${b.type.name}${opened ? ` opened ${opened}` : ''}` : '', b.type?.description ?? ''].filter(Boolean).join('\n'),
    nativeIds: compact({ committeeBusinessId: b.id, businessType: b.type?.name, kindSignal: 'committee business record', kindInferred: 'true' }),
    dedupKeys: [`committees:business:${b.id}`],
    attribution: OPEN_PARLIAMENT_LICENCE,
  };
}

const publicationWebUrl = (id: number): string => `${COMMITTEES_WEB}/publications/${id}/`;

/** INFERRED web links (committees.parliament.uk): a publication's first document, else its inquiry page. */
function publicationUrl(p: Publication): string {
  const doc = p.documents?.find((d) => d.documentId)?.documentId;
  if (doc) return `${COMMITTEES_WEB}/publications/${p.id}/documents/${doc}/default/`;
  if (p.additionalContentUrl && /^https?:\/\//.test(p.additionalContentUrl)) return p.additionalContentUrl;
  const business = p.businesses?.[0]?.id;
  return business ? `${COMMITTEES_WEB}/work/${business}/publications/` : publicationWebUrl(p.id);
}
