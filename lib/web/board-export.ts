import { csvLine } from '../query/csv.ts';
import { escapeJsonControls } from '../text/controls.ts';
import type { BoardSections, Evidence } from './board.ts';

/** The board page's rows as exported (`/board/export`): one per row of each section, in page order. */
export const BOARD_EXPORT_COLUMNS = ['section', 'entry', 'name', 'state', 'what', 'date', 'days', 'deadline_status', 'evidence_item_ids', 'evidence_urls'] as const;

export interface BoardExportRow {
  section: 'overdue' | 'due_soon' | 'stalled' | 'recently_changed';
  entry: string;
  name: string;
  state: string;
  /** What is due; `last moved`; or the change (`unknown → being set up`). */
  what: string;
  /** yyyy-mm-dd: when it is due, when the entry last moved, or when its new state began. */
  date: string;
  /** Deadlines: days overdue, or days left. */
  days?: number;
  deadline_status?: string;
  evidence_item_ids: string[];
  evidence_urls: string[];
  /** JSON Lines only: every piece of evidence with its sentence. */
  evidence: Evidence[];
}

const SECTION_NAMES = { overdue: 'overdue', dueSoon: 'due_soon', stalled: 'stalled', recentlyChanged: 'recently_changed' } as const;

export function boardExportRows(sections: BoardSections, names: Map<string, string>): BoardExportRow[] {
  return (Object.keys(SECTION_NAMES) as (keyof typeof SECTION_NAMES)[]).flatMap((key) =>
    sections[key].map((r): BoardExportRow => {
      const [what, date] = r.deadline ? [r.deadline.label, r.deadline.due] : r.change ? [`${r.change.from} → ${r.state}`, r.change.since] : ['last moved', r.lastMoved ?? ''];
      return {
        section: SECTION_NAMES[key],
        entry: r.entryId,
        name: names.get(r.entryId) ?? r.entryId,
        state: r.state,
        what,
        date,
        ...(r.deadline ? { days: r.deadline.days, deadline_status: r.deadline.status } : {}),
        evidence_item_ids: r.evidence.flatMap((e) => (e.itemId ? [e.itemId] : [])),
        evidence_urls: r.evidence.map((e) => e.url),
        evidence: r.evidence,
      };
    }),
  );
}

/** CSV (lists space-separated: neither ids nor URLs hold a space), cells neutralised against spreadsheet formulas. */
export const boardCsv = (rows: BoardExportRow[]): string =>
  csvLine([...BOARD_EXPORT_COLUMNS]) +
  rows.map((r) => csvLine(BOARD_EXPORT_COLUMNS.map((c) => { const v = r[c]; return Array.isArray(v) ? v.join(' ') : v; }))).join('');

export const boardJsonl = (rows: BoardExportRow[]): string => rows.map((r) => `${escapeJsonControls(JSON.stringify(r))}\n`).join('');
