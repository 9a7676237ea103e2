import { nextCursor, type ItemsPlan } from './plan.ts';
import type { ArchiveReader } from './ports.ts';
import { matchesText, type ResultRow } from './rows.ts';

export interface PageStats {
  /** Store reads (Query calls) made for this page. */
  queries: number;
  /** Records the store read, including ones dropped by filters. */
  scanned: number;
  returned: number;
  /** Read capacity units consumed. */
  consumedRcu: number;
}

export interface ItemsPage {
  rows: ResultRow[];
  /** Absent when the result set is complete. */
  nextCursor?: string;
  stats: PageStats;
}

/** Reads per page stop after this many store calls or records, so a very selective filter cannot run away. */
export const MAX_QUERIES_PER_PAGE = 8;
const MAX_SCANNED_FACTOR = 20;

/**
 * One page of results. Page semantics:
 * - without filters a page holds `limit` items (fewer only at the end) and reads exactly those;
 * - with filters (kind or source not used for the partition, or `q`) the store reads ahead and drops what does
 *   not match, so a page may hold fewer than `limit` items, even none, while a `nextCursor` is still given;
 * - the cursor resumes after the last record read or returned, so following cursors visits every matching item
 *   exactly once, newest first; no cursor means the end.
 */
export async function runItemsPage(plan: ItemsPlan, reader: ArchiveReader, cursorSecret: string): Promise<ItemsPage> {
  const filtered = plan.text !== undefined || plan.filter.kind !== undefined || plan.filter.sourceId !== undefined;
  const stats: PageStats = { queries: 0, scanned: 0, returned: 0, consumedRcu: 0 };
  const rows: ResultRow[] = [];
  let position = plan.start;
  do {
    const remaining = plan.limit - rows.length;
    // Filtered reads look further ahead per call; a cut part-way through a read is fine, the cursor is a position.
    const page = await reader.readPage({ ...plan, start: position, limit: filtered ? Math.min(1000, remaining * 4) : remaining });
    stats.queries++;
    stats.scanned += page.scanned;
    stats.consumedRcu += page.consumed;
    position = page.last;
    for (const entry of page.entries) {
      if (plan.text !== undefined && !matchesText(entry.row, plan.text)) continue;
      rows.push(entry.row);
      if (rows.length === plan.limit) {
        // Full: resume right after this record; when it ended the read, after everything the read evaluated.
        position = entry === page.entries.at(-1) ? page.last : entry.position;
        break;
      }
    }
  } while (position !== undefined && rows.length < plan.limit && stats.queries < MAX_QUERIES_PER_PAGE && stats.scanned < plan.limit * MAX_SCANNED_FACTOR);
  stats.returned = rows.length;
  const page: ItemsPage = { rows, stats };
  if (position !== undefined) page.nextCursor = nextCursor(plan, position, cursorSecret);
  return page;
}
