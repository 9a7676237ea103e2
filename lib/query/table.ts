import { clean } from '../digest/terminal.ts';
import type { ResultRow } from './rows.ts';

/** A terminal table for `inquiry-watch query`: one line per item, titles cut to fit `width`. */
export function formatTable(rows: ResultRow[], width = 120): string {
  if (rows.length === 0) return 'no items\n';
  // Titles come from feeds: whitespace folded and control characters (escape sequences) dropped.
  const cells = rows.map((r) =>
    [r.published.slice(0, 16).replace('T', ' '), r.id, r.kind, r.sourceId, r.tracked.join(','), r.title.replace(/\s+/g, ' ')].map(clean),
  );
  const header = ['published', 'id', 'kind', 'source', 'tracked', 'title'];
  const widths = header.slice(0, 5).map((h, i) => Math.min(28, Math.max(h.length, ...cells.map((c) => c[i]!.length))));
  const fixed = widths.reduce((a, b) => a + b + 2, 0);
  const titleWidth = Math.max(20, width - fixed);
  const line = (c: string[]) =>
    [...c.slice(0, 5).map((v, i) => fit(v, widths[i]!).padEnd(widths[i]!)), fit(c[5]!, titleWidth)].join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

const fit = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
