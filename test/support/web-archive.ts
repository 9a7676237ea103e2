import { fileURLToPath } from 'node:url';
import { DynamoBoardStore } from '../../lib/adapters/dynamodb/board-store.ts';
import { Board } from '../../lib/board/board.ts';
import { classify, compileRegistry, type CompiledRegistry } from '../../lib/classify/classifier.ts';
import { CommitteesSourceSchema } from '../../lib/config/schema.ts';
import type { ItemDraft, Kind, SourceType } from '../../lib/model/item.ts';
import { loadRegistry, type Registry } from '../../lib/registry/registry.ts';
import { Publication, publicationDraft } from '../../lib/sources/committees.ts';
import type { Candidate } from '../../lib/store/ports.ts';
import type { SourceInfo } from '../../lib/web/ports.ts';
import { publication } from './committee-publications.ts';
import { createTestTable, type TestTable } from './dynamo.ts';

/** The project's own registry: pages are tested on real entries, classified by the real classifier. */
export const projectRegistry = (): Registry => loadRegistry(fileURLToPath(new URL('../../config/registry.yaml', import.meta.url)));
export const compiledRegistry = (): CompiledRegistry => compileRegistry(projectRegistry());

export const WEB_SOURCES: SourceInfo[] = [
  { id: 'bbc-uk', name: 'BBC News UK' },
  { id: 'guardian-uk', name: 'Guardian UK news' },
  { id: 'hansard', name: 'Hansard' },
  { id: 'written-statements', name: 'Written ministerial statements' },
  { id: 'govuk-publications', name: 'GOV.UK Home Office publications' },
  { id: 'committees', name: 'Parliamentary committees' },
];

const SOURCES: Record<string, { type: SourceType; hint?: Kind; host: string }> = {
  'bbc-uk': { type: 'news', host: 'www.bbc.co.uk' },
  'guardian-uk': { type: 'news', host: 'www.theguardian.com' },
  hansard: { type: 'hansard', hint: 'debate', host: 'hansard.parliament.uk' },
  'written-statements': { type: 'statement', hint: 'statement', host: 'questions-statements.parliament.uk' },
  'govuk-publications': { type: 'report', hint: 'report', host: 'www.gov.uk' },
};

const STORIES: [source: string, title: string, text: string][] = [
  ['bbc-uk', 'Casey audit finds grooming gang failures a national shame', 'Baroness Casey\'s national audit on group-based child sexual exploitation found that agencies failed victims for decades.'],
  ['guardian-uk', 'Ministers accept all 12 recommendations of the Casey audit', 'The government accepted every recommendation of the Casey audit, including a national inquiry into grooming gangs.'],
  ['written-statements', 'National Audit on Group-based Child Sexual Exploitation and Abuse', 'The Home Secretary: I am today publishing Baroness Casey\'s National Audit on Group-based Child Sexual Exploitation and Abuse.'],
  ['hansard', 'Grooming Gangs: National Inquiry', 'My Lords, the Government accepted the Casey audit recommendation for a national statutory inquiry into grooming gangs.'],
  ['govuk-publications', 'National inquiry into group-based child sexual exploitation: terms of reference', 'The national inquiry into group-based child sexual exploitation will examine local failures across England and Wales.'],
  ['bbc-uk', 'Ethnicity data on grooming suspects to be mandatory', 'Recording the ethnicity and nationality data of suspects in child sexual exploitation cases will become mandatory, the Home Office said.'],
];

/** "Now" for pages over the board: deadlines and recent changes are judged against it. */
export const BOARD_NOW = new Date('2025-08-01T12:00:00.000Z');

const COMMITTEES = CommitteesSourceSchema.parse({ id: 'committees', type: 'committees' });

/**
 * What the board is given besides the weekly stories, each as its source sends it: two Home Affairs Committee reports
 * the government must answer (one past its deadline on `BOARD_NOW`, one due within the month), and a news story,
 * stored two days before `BOARD_NOW` and not quietly, that a chair has been appointed to the national inquiry.
 */
const BOARD_ITEMS = {
  reports: [
    { id: 170101, description: 'Grooming gangs: the national inquiry into group-based child sexual exploitation – Third Report', published: '2025-06-10T00:01:00', report: { deadline: '2025-07-20T00:00:00' } },
    { id: 170102, description: 'The Casey audit on group-based child sexual exploitation – Fourth Report', published: '2025-07-15T00:01:00', report: { deadline: '2025-08-20T00:00:00' } },
  ],
  chair: ['bbc-uk', 'Former children’s commissioner to lead grooming gangs inquiry', 'Baroness Longfield has been appointed as chair of the national inquiry into grooming gangs.', '2025-07-30T17:00:00.000Z'],
} as const;

export interface WebArchiveSeed {
  table: TestTable;
  compiled: CompiledRegistry;
  revisedId: string;
  /** With `{ board: true }`: the accountability board, fed at ingest as the poll cycle feeds it. */
  board?: Board;
}

/**
 * A small, realistic archive for the page tests: `weeks` weeks of stories from five sources (every kind but
 * question), classified by the project's registry and stored through the real ingest (so counters, weekly counts
 * and timelines are what production keeps), plus one item revised once (a second version with a new title and text).
 * With `board`, every ingest also goes through the board's own hook (`Board.afterIngest`, what each poll cycle
 * runs), and the committee reports and the chair story above are added.
 */
export async function seedWebArchive(weeks = 8, options: { board?: boolean } = {}): Promise<WebArchiveSeed> {
  const table = await createTestTable('web');
  const compiled = compiledRegistry();
  const board = options.board ? new Board(new DynamoBoardStore(table.client, table.tableName), compiled.registry) : undefined;
  const ingest = async (drafts: ItemDraft[], quiet: boolean, storedAt?: Date) => {
    const stored = await table.store.ingest(drafts.map((d) => toCandidate(d, compiled, quiet)), storedAt && (() => storedAt));
    await board?.afterIngest(stored);
    return stored;
  };
  const start = Date.parse('2025-06-02T09:00:00Z');
  const drafts: ItemDraft[] = [];
  for (let w = 0; w < weeks; w++) {
    // Fewer stories as coverage fades, and never the same count two weeks running.
    const perWeek = STORIES.length - (w % 3) - Math.floor(w / 3);
    for (let i = 0; i < Math.max(1, perWeek); i++) {
      const [source, title, text] = STORIES[(w + i) % STORIES.length]!;
      drafts.push(draft(source, `${title} (week ${w + 1})`, text, new Date(start + w * 7 * 86_400_000 + i * 3_600_000).toISOString(), `${w}-${i}`));
    }
  }
  // 00:30 on a Monday in London is still Sunday in UTC: it belongs to the week that starts that Monday.
  drafts.push(draft('bbc-uk', 'Overnight: Casey audit response published', 'The government response to the Casey audit was published overnight.', '2025-06-15T23:30:00.000Z', 'midnight'));
  if (board) drafts.push(...BOARD_ITEMS.reports.map((r) => publicationDraft(COMMITTEES, Publication.parse(publication(r)))));
  await ingest(drafts, true);

  const original = drafts[2]!;
  const revised = { ...original, title: `${original.title}: corrected`, text: `${original.text} The audit's findings on ethnicity data were corrected on publication.` };
  const result = await ingest([revised], true);
  if (board) {
    const [source, title, text, published] = BOARD_ITEMS.chair;
    await ingest([draft(source, title, text, published, 'chair')], false, new Date(Date.parse(published) + 3_600_000));
  }
  return { table, compiled, revisedId: result.updatedItems[0]!.id, ...(board ? { board } : {}) };
}

const toCandidate = (d: ItemDraft, compiled: CompiledRegistry, quiet: boolean): Candidate => ({
  draft: d,
  classification: classify({ title: d.title, text: d.text, sourceUrl: d.url, sourceType: d.sourceType, published: d.published, kindHint: d.kindHint }, compiled),
  fetched: d.published!,
  quiet,
});

function draft(sourceId: string, title: string, text: string, published: string, key: string): ItemDraft {
  const s = SOURCES[sourceId]!;
  const url = `https://${s.host}/story/${key}`;
  const d: ItemDraft = { sourceId, sourceType: s.type, title, url, published, text, nativeIds: { guid: key }, dedupKeys: [`guid:${sourceId}:${key}`] };
  if (s.hint) d.kindHint = s.hint;
  if (sourceId === 'written-statements' || sourceId === 'hansard') d.attribution = 'Contains Parliamentary information licensed under the Open Parliament Licence v3.0.';
  return d;
}
