import type { ReplayHandler, ReplayRoute } from './replay-server.ts';
import { listForm } from './parliament-fixtures.ts';

/**
 * One sitting day of Parliament and GOV.UK, in the services' real shapes (../shared/samples/real), for the recall test
 * and the bench: every written statement, answered question, Hansard contribution and debate section, committee
 * publication and GOV.UK document of the day, each with the instant it became visible. Most records are on other
 * subjects; a few are about the tracked inquiries, and some of those name them without any registry search term
 * ("the inquiry", "the Government's response to Baroness Casey", "organised exploitation"): a keyword search never
 * returns them, a whole stream does. The routes answer like the services: filtered by date, search term and
 * visibility at the replay clock, paged with each service's own parameters.
 */
export interface DayRecord<T> {
  /** When the service first shows it. */
  at: string;
  record: T;
  /** About a tracked entry; `termFree` when no registry search term matches it. */
  relevant?: { termFree: boolean };
}

type Json = Record<string, unknown>;

export interface ParliamentDay {
  date: string;
  statements: DayRecord<Json>[];
  questions: DayRecord<Json>[];
  spoken: DayRecord<Json>[];
  written: DayRecord<Json>[];
  debates: DayRecord<Json>[];
  sections: Map<string, Json>;
  publications: DayRecord<Json>[];
  govuk: DayRecord<{ result: Json; content: Json }>[];
}

export interface DayVolumes {
  statements: number;
  questions: number;
  /** Debate sections; each has `contributionsPerSection` spoken contributions. */
  sections: number;
  contributionsPerSection: number;
  publications: number;
  govuk: number;
}

/** About what a real sitting day brings (issue 18: a few dozen statements and publications, hundreds of answers). */
export const REAL_DAY: DayVolumes = { statements: 30, questions: 350, sections: 100, contributionsPerSection: 12, publications: 40, govuk: 30 };
export const SMALL_DAY: DayVolumes = { statements: 8, questions: 40, sections: 12, contributionsPerSection: 4, publications: 8, govuk: 8 };

const TOPICS = [
  ['Agricultural Tenancies', 'Department for Environment, Food and Rural Affairs', 'the review of farm business tenancies and the consultation responses received'],
  ['Rail Services: Timetables', 'Department for Transport', 'punctuality on regional rail routes and the new timetable from December'],
  ['Energy Bills: Support', 'Department for Energy Security and Net Zero', 'the warm home discount and the number of households that received it last winter'],
  ['NHS: Waiting Lists', 'Department of Health and Social Care', 'elective waiting times and the additional weekend clinics funded this year'],
  ['Schools: Capital Funding', 'Department for Education', 'the condition of school buildings and the capital allocations for the next financial year'],
  ['Armed Forces: Housing', 'Ministry of Defence', 'the refurbishment programme for service family accommodation'],
  ['Fisheries: Quotas', 'Department for Environment, Food and Rural Affairs', 'the outcome of the annual quota negotiations for the North Sea'],
  ['Broadband: Rural Areas', 'Department for Science, Innovation and Technology', 'gigabit coverage in rural premises and the voucher scheme'],
  ['Prisons: Capacity', 'Ministry of Justice', 'the number of prison places and the timetable for new houseblocks'],
  ['Housing: Planning Reform', 'Ministry of Housing, Communities and Local Government', 'the revised national planning policy framework and housing targets'],
  ['Trade: Export Support', 'Department for Business and Trade', 'export finance for small firms and the new trade advisers'],
  ['Pensions: Auto-enrolment', 'Department for Work and Pensions', 'the lower earnings limit for automatic enrolment'],
  ['Visas: Skilled Workers', 'Home Office', 'the salary thresholds for skilled worker visas and the occupation list'],
  ['Fire Safety: Cladding', 'Ministry of Housing, Communities and Local Government', 'the remediation of unsafe cladding on residential buildings'],
  ['Courts: Backlogs', 'Ministry of Justice', 'the Crown Court backlog and the sitting days allocated this year'],
] as const;

const MINISTERS = [
  { id: 4370, name: 'Jess Phillips', listAs: 'Phillips, Jess', party: 'Labour', role: 'Parliamentary Under-Secretary of State (Home Office) (Safeguarding and Violence Against Women and Girls)' },
  { id: 4813, name: 'Dame Diana Johnson', listAs: 'Johnson, Dame Diana', party: 'Labour', role: 'Minister of State (Home Office)' },
  { id: 4506, name: 'Sarah Jones', listAs: 'Jones, Sarah', party: 'Labour', role: 'Minister of State (Home Office)' },
] as const;

/**
 * The relevant records of the day. `termFree` ones name no registry search term (checked by the recall test against
 * the real registry), yet the classifier tags them.
 */
const RELEVANT = {
  statements: [
    { termFree: false, title: 'Grooming Gangs: National Inquiry', text: '<p>I am today publishing the terms of reference of the national inquiry into grooming gangs. The inquiry will have statutory powers to compel witnesses.</p>' },
    { termFree: true, title: 'Safeguarding Children: Government Response', text: "<p>Today I am publishing the Government's response to Baroness Casey's recommendations on group-based child sexual exploitation. We accept all twelve, and police forces will record the ethnicity and nationality of every perpetrator.</p>" },
    { termFree: true, title: 'Organised Exploitation: Update', text: '<p>I can update the House on the victims and survivors liaison panel. Its members will advise the chair on how organised exploitation of girls is examined, and on the town-by-town investigations.</p>' },
  ],
  questions: [
    { termFree: false, heading: 'Grooming Gangs: Inquiries', question: 'To ask the Secretary of State for the Home Department, when she expects to appoint a chair of the national inquiry into grooming gangs.', answer: '<p>The Home Secretary will announce the chair of the grooming gangs inquiry shortly.</p>' },
    { termFree: true, heading: 'Sexual Offences: Children', question: "To ask the Secretary of State for the Home Department, what progress has been made on the recommendations of Baroness Casey's review of group-based child sexual exploitation.", answer: '<p>The Government accepted every recommendation. Forces will collect the ethnicity of perpetrators from April.</p>' },
    { termFree: true, heading: 'Children: Protection', question: 'To ask the Secretary of State for the Home Department, how many operations into organised abuse of girls have been reopened.', answer: '<p>The operation led by the National Crime Agency has reopened investigations into organised abuse referred by police forces; victims are being contacted by trained officers.</p>' },
  ],
  spoken: [
    { termFree: false, section: 'Grooming Gangs: National Inquiry', member: 'Shabana Mahmood', text: 'With permission, Madam Deputy Speaker, I will make a statement on the national inquiry into grooming gangs. Baroness Longfield has agreed to chair the inquiry.' },
    { termFree: false, section: 'Grooming Gangs: National Inquiry', member: 'Chris Philp', text: 'I thank the Home Secretary for advance sight of her statement on the grooming gangs inquiry and its chair.' },
    { termFree: true, section: 'Crime and Policing Bill', member: 'Baroness Kidron', text: 'My Lords, the Government have promised this change in response to Baroness Casey and her findings on group-based child sexual exploitation: an adult who penetrates a child under 16 must face a charge of rape.' },
    { termFree: true, section: 'Topical Questions', member: 'Sarah Champion', text: 'Survivors of the grooming gangs in Rotherham resigned from the liaison panel because they were not listened to. When will Baroness Longfield meet them?' },
  ],
  publications: [
    { termFree: false, description: 'Grooming gangs and the national inquiry: Government response to the Committee’s Fourth Report', type: { id: 12, name: 'Government Response', governmentCanRespond: false } },
    { termFree: true, description: "Organised child sexual exploitation: the Government's response to Baroness Casey (Fifth Report of Session 2025–26)", type: { id: 1, name: 'Report', governmentCanRespond: true } },
  ],
  govuk: [
    { termFree: false, title: 'National inquiry into grooming gangs: chair appointed', type: 'press_release', body: '<p>Baroness Longfield will chair the national inquiry into grooming gangs.</p>' },
    { termFree: true, title: 'Oral statement on organised exploitation of children', type: 'oral_statement', body: "<p>With permission, I will update the House on the Government's response to Baroness Casey and to the findings on group-based child sexual exploitation.</p>" },
  ],
};

/** A deterministic pseudo-random sequence, so a day is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A London sitting day (BST): `HH:MM` local as a UTC instant. */
const at = (date: string, minutes: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + (minutes - 60) * 60_000).toISOString();

/** `index` numbers the days of a multi-day run, so their records' ids differ. */
export function parliamentDay(date: string, volumes: DayVolumes = SMALL_DAY, index = 0): ParliamentDay {
  const rnd = random(18 + index);
  const n = index * 10_000;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const between = (from: number, to: number) => Math.floor(from + rnd() * (to - from));
  const local = `${date}T00:00:00`;
  const spread = <T>(fillers: number, relevant: T[]) => {
    const slots: ({ filler: number } | { relevant: T })[] = [...Array.from({ length: fillers }, (_, i) => ({ filler: i })), ...relevant.map((r) => ({ relevant: r }))];
    return slots;
  };
  const day: ParliamentDay = { date, statements: [], questions: [], spoken: [], written: [], debates: [], sections: new Map(), publications: [], govuk: [] };

  // Written statements: made between 09:30 and 17:00.
  spread(volumes.statements, RELEVANT.statements).forEach((slot, i) => {
    const minister = pick(MINISTERS);
    const [title, body, subject] = 'filler' in slot ? pick(TOPICS) : [slot.relevant.title, 'Home Office', ''];
    const text = 'filler' in slot ? `<p>I am today updating the House on ${subject}. ${longText(subject)}</p>` : slot.relevant.text;
    const id = 1800000 + n + i;
    day.statements.push({
      at: at(date, between(570, 1020)),
      relevant: 'relevant' in slot ? { termFree: slot.relevant.termFree } : undefined,
      record: {
        id, memberId: minister.id, member: { id: minister.id, listAs: minister.listAs, name: minister.name, party: minister.party, partyColour: 'd50000', partyAbbreviation: 'Lab', memberFrom: null, thumbnailUrl: null },
        memberRole: minister.role, uin: `HCWS${900 + n + i}`, dateMade: local, answeringBodyId: 1, answeringBodyName: body, title,
        text, house: 'Commons', noticeNumber: 0, hasAttachments: false, hasLinkedStatements: false, linkedStatements: [], attachments: [],
      },
    });
  });

  // Answered written questions: answers published between 10:00 and 18:30.
  spread(volumes.questions, RELEVANT.questions).forEach((slot, i) => {
    const [heading, body, subject] = 'filler' in slot ? pick(TOPICS) : [slot.relevant.heading, 'Home Office', ''];
    const question = 'filler' in slot ? `To ask the Secretary of State, what assessment has been made of ${subject}; and if she will make a statement.` : slot.relevant.question;
    const answer = 'filler' in slot ? `<p>The Department keeps ${subject} under review. ${longText(subject)}</p>` : slot.relevant.answer;
    const minister = pick(MINISTERS);
    day.questions.push({
      at: at(date, between(600, 1110)),
      relevant: 'relevant' in slot ? { termFree: slot.relevant.termFree } : undefined,
      record: {
        id: 1900000 + n + i, askingMemberId: 5000 + (i % 300), askingMember: { id: 5000 + (i % 300), listAs: `Member ${i % 300}`, name: `Member ${i % 300}`, party: 'Conservative' },
        house: 'Commons', memberHasInterest: false, dateTabled: `${date.slice(0, 8)}${String(Math.max(1, Number(date.slice(8)) - 5)).padStart(2, '0')}T00:00:00`,
        dateForAnswer: local, uin: String(40000 + n + i), questionText: question, answeringBodyId: 1, answeringBodyName: body, isWithdrawn: false, isNamedDay: false,
        groupedQuestions: [], answerIsHolding: false, answerIsCorrection: false, answeringMemberId: minister.id,
        answeringMember: { id: minister.id, listAs: minister.listAs, name: minister.name, party: minister.party },
        correctingMemberId: null, correctingMember: null, dateAnswered: local, answerText: answer, originalAnswerText: '', comparableAnswerText: '',
        dateAnswerCorrected: null, dateHoldingAnswer: null, attachmentCount: 0, heading, attachments: [], groupedQuestionsDates: [],
      },
    });
  });

  // Hansard: sections sat between 11:30 and 19:00, shown by Rolling Hansard about three hours after they were spoken.
  const relevantBySection = new Map<string, (typeof RELEVANT.spoken)[number][]>();
  for (const r of RELEVANT.spoken) relevantBySection.set(r.section, [...(relevantBySection.get(r.section) ?? []), r]);
  const sectionTitles = [...Array.from({ length: volumes.sections }, (_, i) => `${pick(TOPICS)[0]} (${i + 1})`), ...relevantBySection.keys()];
  sectionTitles.forEach((title, s) => {
    const extId = `D${String(s).padStart(4, '0')}-${date}`;
    const spokenAt = between(690, 1140);
    const relevant = relevantBySection.get(title) ?? [];
    const speeches = [
      ...Array.from({ length: relevant.length ? 0 : volumes.contributionsPerSection }, () => {
        const subject = pick(TOPICS)[2];
        return { member: `Member ${between(0, 300)}`, text: `I am grateful for the chance to raise ${subject}. ${longText(subject)}`, termFree: undefined as boolean | undefined };
      }),
      ...relevant.map((r) => ({ member: r.member, text: r.text, termFree: r.termFree as boolean | undefined })),
    ];
    const items: Json[] = [];
    speeches.forEach((sp, k) => {
      const ext = `C${String(s).padStart(4, '0')}-${k}-${date}`;
      const contribution = {
        MemberName: sp.member, MemberId: 6000 + s, AttributedTo: `${sp.member} (Lab)`, ItemId: 80000000 + s * 100 + k, ContributionExtId: ext,
        ContributionText: ` ${sp.text.slice(0, 250)}`, ContributionTextFull: sp.text, HRSTag: 'hs_para', HansardSection: 'AB-AC', Timecode: null,
        DebateSection: title, DebateSectionId: 5400000 + s, DebateSectionExtId: extId, SittingDate: local, Section: 'Commons Chamber', House: 'Commons',
        OrderInDebateSection: k + 2, DebateSectionOrder: s, Rank: 1,
      };
      day.spoken.push({ at: at(date, spokenAt + k * 4 + 180), record: contribution, relevant: sp.termFree === undefined ? undefined : { termFree: sp.termFree } });
      items.push({ ItemType: 'Contribution', ItemId: contribution.ItemId, MemberId: contribution.MemberId, AttributedTo: contribution.AttributedTo, Value: sp.text, OrderInSection: k + 2, Timecode: null, ExternalId: ext, HRSTag: 'hs_Para', HansardSection: null, UIN: null, IsReiteration: false });
    });
    day.debates.push({ at: at(date, spokenAt + 180), record: { DebateSection: 'Commons Chamber', SittingDate: local, House: 'Commons', Title: title, Rank: 1, DebateSectionExtId: extId } });
    day.sections.set(extId, {
      Overview: { Id: 5400000 + s, ExtId: extId, Title: title, HRSTag: 'NewDebate', Date: local, Location: 'Commons Chamber', House: 'Commons', Source: 'RollingHansard', VolumeNo: 770, ContentLastUpdated: null, DebateTypeId: 1, SectionType: 1, NextDebateExtId: null, NextDebateTitle: null, PreviousDebateExtId: null, PreviousDebateTitle: null },
      Navigator: [],
      Items: items,
      ChildDebates: [],
    });
  });

  // Committee publications: published between 09:00 and 17:00.
  spread(volumes.publications, RELEVANT.publications).forEach((slot, i) => {
    const [topic] = pick(TOPICS);
    const description = 'filler' in slot ? `${topic}: oral evidence session` : slot.relevant.description;
    const type = 'filler' in slot ? (i % 3 === 0 ? { id: 5, name: 'Correspondence', governmentCanRespond: false } : { id: 3, name: 'Oral evidence', governmentCanRespond: false }) : slot.relevant.type;
    const time = between(540, 1020);
    day.publications.push({
      at: at(date, time),
      relevant: 'relevant' in slot ? { termFree: slot.relevant.termFree } : undefined,
      record: {
        businesses: [], committee: { id: 83 + (i % 20), name: 'filler' in slot ? `${topic.split(':')[0]} Committee` : 'Home Affairs Committee', house: 'Commons' },
        description, id: 170000 + n + i, publicationStartDate: `${date}T${hhmm(time)}:00`,
        governmentResponses: type.governmentCanRespond ? { publication: [], responseDeadline: null, responseExcepted: false } : null,
        publicationEndDate: null, documents: [{ documentId: 300000 + i, files: [] }],
        hcNumber: null, hlPaper: null, additionalContentUrl: null, additionalContentUrl2: null, responseToPublicationId: null, respondingDepartment: null,
        type: { ...type, description: null, canBeResponse: false, iconKey: null, pluralVersion: null },
      },
    });
  });

  // GOV.UK: the organisations' documents, published between 07:00 and 19:00.
  spread(volumes.govuk, RELEVANT.govuk).forEach((slot, i) => {
    const [topic, , subject] = pick(TOPICS);
    const title = 'filler' in slot ? `${topic}: new guidance published` : slot.relevant.title;
    const link = `/government/news/day-${date}-${i}`;
    const time = between(420, 1140);
    const stamp = `${date}T${hhmm(time)}:00.000+01:00`;
    day.govuk.push({
      at: at(date, time),
      relevant: 'relevant' in slot ? { termFree: slot.relevant.termFree } : undefined,
      record: {
        result: {
          description: 'filler' in slot ? `Guidance on ${subject}.` : title, format: 'news_article',
          content_store_document_type: 'filler' in slot ? 'news_story' : slot.relevant.type, link,
          organisations: [{ organisation_type: 'ministerial_department', acronym: 'HO', link: '/government/organisations/home-office', title: 'Home Office', slug: 'home-office' }],
          public_timestamp: stamp, title, index: 'government', es_score: 1, _id: link, elasticsearch_type: 'edition', document_type: 'edition',
        },
        content: { base_path: link, document_type: 'news_story', public_updated_at: stamp, details: { body: 'filler' in slot ? `<p>${longText(subject)}</p>` : slot.relevant.body } },
      },
    });
  });
  return day;
}

const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Enough words to pass the lists' 255-character cut, on the subject only. */
const longText = (subject: string): string =>
  `The Government has set out its plans on ${subject} and will keep Parliament informed. Officials are working with local partners and will publish further detail in the usual way, with figures for each region, once the data have been checked and agreed.`;

/** What the replay routes show: only what was published by `now`. */
export interface DayClock {
  now: Date;
}

const PARLIAMENT_JSON = { 'content-type': 'application/json' };
const GOVUK_JSON = { 'content-type': 'application/json; charset=utf-8' };

interface ListNames {
  term: string;
  skip: string;
  take: string;
  from: string;
  to: string;
  /** Parameters asking for something the day has none of (answers corrected on it). */
  none?: string;
  /** The record's date (yyyy-mm-dd) the date parameters filter on. */
  dateOf: (record: Json) => string;
}

function listRoute<T>(
  records: DayRecord<T>[],
  clock: DayClock,
  names: ListNames,
  view: (r: T) => Json,
  envelope: (page: Json[], total: number, skip: number) => Json,
  headers: Record<string, string>,
): ReplayHandler {
  return (url) => {
    const q = url.searchParams;
    if (names.none && q.get(names.none)) return { headers, body: JSON.stringify(envelope([], 0, 0)) };
    const from = q.get(names.from)?.slice(0, 10) ?? '0000';
    const to = q.get(names.to)?.slice(0, 10) ?? '9999';
    const hits = records
      .filter((r) => Date.parse(r.at) <= clock.now.getTime())
      .map((r) => view(r.record))
      .filter((r) => names.dateOf(r) >= from && names.dateOf(r) <= to && searchable(r, q.get(names.term)));
    const skip = Number(q.get(names.skip) ?? 0);
    const take = Number(q.get(names.take) ?? 20);
    return { headers, body: JSON.stringify(envelope(hits.slice(skip, skip + take), hits.length, skip)) };
  };
}

const texts = new WeakMap<Json, string>();
/** `matchesTerm` (as the services search), with each record's text made once (the bench asks thousands of searches over thousands of records). */
function searchable(record: Json, term: string | null): boolean {
  if (!term) return true;
  let text = texts.get(record);
  if (text === undefined) texts.set(record, (text = JSON.stringify(record).toLowerCase()));
  const words = term.toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((w) => text.includes(w));
}

/** The days' routes, mounted under the same prefixes as `parliamentRoutes`. */
export function parliamentDayRoutes(days: ParliamentDay | ParliamentDay[], clock: DayClock): Record<string, ReplayRoute> {
  const all = [days].flat();
  const day: Omit<ParliamentDay, 'date'> = {
    statements: all.flatMap((d) => d.statements),
    questions: all.flatMap((d) => d.questions),
    spoken: all.flatMap((d) => d.spoken),
    written: all.flatMap((d) => d.written),
    debates: all.flatMap((d) => d.debates),
    sections: new Map(all.flatMap((d) => [...d.sections])),
    publications: all.flatMap((d) => d.publications),
    govuk: all.flatMap((d) => d.govuk),
  };
  const visible = <T>(records: DayRecord<T>[], match: (r: T) => boolean): T | undefined => {
    const hit = records.find((r) => match(r.record) && Date.parse(r.at) <= clock.now.getTime());
    return hit?.record;
  };
  const qs = (view: (r: Json) => Json) => (page: Json[], total: number) => ({ totalResults: total, results: page.map((value) => ({ value: view(value), links: [] })) });
  const hansard = (records: DayRecord<Json>[], kind: 'contributions' | 'debates') =>
    listRoute(
      records,
      clock,
      { term: 'queryParameters.searchTerm', skip: 'queryParameters.skip', take: 'queryParameters.take', from: 'queryParameters.startDate', to: 'queryParameters.endDate', dateOf: (r) => String(r.SittingDate).slice(0, 10) },
      (r) => r,
      (page, total) =>
        kind === 'debates'
          ? { Results: page, TotalResultCount: total }
          : { SearchTerms: [], SpokenResultCount: 0, WrittenResultCount: 0, CorrectionsResultCount: 0, DivisionsResultCount: 0, Results: page, TotalResultCount: total },
      PARLIAMENT_JSON,
    );
  const routes: Record<string, ReplayRoute> = {
    '/questions-statements-api/api/writtenstatements/statements': listRoute(
      day.statements, clock,
      { term: 'searchTerm', skip: 'skip', take: 'take', from: 'madeWhenFrom', to: 'madeWhenTo', dateOf: (r) => String(r.dateMade).slice(0, 10) },
      (r) => r, qs(listForm), PARLIAMENT_JSON,
    ),
    '/questions-statements-api/api/writtenquestions/questions': listRoute(
      day.questions, clock,
      { term: 'searchTerm', skip: 'skip', take: 'take', from: 'answeredWhenFrom', to: 'answeredWhenTo', none: 'correctedWhenFrom', dateOf: (r) => String(r.dateAnswered).slice(0, 10) },
      (r) => r, qs(listForm), PARLIAMENT_JSON,
    ),
    '/hansard-api/search/contributions/Spoken.json': hansard(day.spoken, 'contributions'),
    '/hansard-api/search/contributions/Written.json': hansard(day.written, 'contributions'),
    '/hansard-api/search/debates.json': hansard(day.debates, 'debates'),
    '/committees-api/api/Publications': listRoute(
      day.publications, clock,
      { term: 'SearchTerm', skip: 'Skip', take: 'Take', from: 'StartDate', to: 'EndDate', dateOf: (r) => String(r.publicationStartDate).slice(0, 10) },
      (r) => r, (page, total) => ({ items: page, totalResults: total, itemsPerPage: page.length, links: [] }), PARLIAMENT_JSON,
    ),
    '/committees-api/api/CommitteeBusiness': { headers: PARLIAMENT_JSON, body: JSON.stringify({ items: [], totalResults: 0, itemsPerPage: 0, links: [] }) },
    '/govuk/api/search.json': (url, hit) => {
      // `filter_public_timestamp=from:yyyy-mm-dd,to:yyyy-mm-dd`
      const [, from = '0000', to = '9999'] = url.searchParams.get('filter_public_timestamp')?.match(/from:([\d-]+),to:([\d-]+)/) ?? [];
      const inner = new URL(url);
      inner.searchParams.set('from', from);
      inner.searchParams.set('to', to);
      return listRoute(
        day.govuk, clock,
        { term: 'q', skip: 'start', take: 'count', from: 'from', to: 'to', dateOf: (r) => String(r.public_timestamp).slice(0, 10) },
        (r) => r.result, (page, total, skip) => ({ results: page, total, start: skip, aggregates: {}, suggested_queries: [], es_cluster: 'A' }), GOVUK_JSON,
      )(inner, hit);
    },
  };
  const detail = (body: Json | undefined, headers: Record<string, string>) => (body ? { headers, body: JSON.stringify(body) } : { status: 404, headers, body: '{}' });
  for (const { record } of day.statements) {
    routes[`/questions-statements-api/api/writtenstatements/statements/${record.id}`] = () => detail(visible(day.statements, (r) => r.id === record.id) && { value: record, links: [] }, PARLIAMENT_JSON);
  }
  for (const { record } of day.questions) {
    routes[`/questions-statements-api/api/writtenquestions/questions/${record.id}`] = () => detail(visible(day.questions, (r) => r.id === record.id) && { value: record, links: [] }, PARLIAMENT_JSON);
  }
  for (const [extId, section] of day.sections) routes[`/hansard-api/debates/debate/${extId}.json`] = () => detail(section, PARLIAMENT_JSON);
  for (const { record } of day.govuk) routes[`/govuk/api/content${String(record.content.base_path)}`] = () => detail(record.content, GOVUK_JSON);
  return routes;
}
