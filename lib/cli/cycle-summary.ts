import type { CycleReport } from '../pipeline/cycle.ts';
import { formatTable, truncate } from './format.ts';

/** What a person reads after each cycle: one row per source, then the totals. */
export function formatCycleSummary(report: CycleReport, title: string): string {
  const seconds = ((Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(1);
  const rows = report.sources.map((s) => {
    const failed = s.status === 'failed';
    const note = failed ? truncate(s.error ?? 'failed', 90) : s.warnings.length ? truncate(s.warnings.join('; '), 90) : '';
    return [
      s.sourceId,
      s.status,
      failed ? '-' : s.newItems.length,
      failed ? '-' : s.updatedItems.length,
      failed ? '-' : s.unchanged + s.duplicates,
      s.writeRequests,
      note,
    ];
  });
  const sum = (f: (s: CycleReport['sources'][number]) => number) => report.sources.reduce((n, s) => n + f(s), 0);
  const failed = report.sources.filter((s) => s.status === 'failed').length;
  const totals =
    `${report.sources.length} sources polled · ${sum((s) => s.newItems.length)} new · ${sum((s) => s.updatedItems.length)} updated · ` +
    `${sum((s) => s.unchanged + s.duplicates)} unchanged · ${failed} failed · ${sum((s) => s.writeRequests)} item writes · ` +
    `${sum((s) => s.stateWrites)} state writes`;
  return [
    `${title} (${seconds} s): ${report.status.toUpperCase()}`,
    formatTable(['source', 'status', 'new', 'updated', 'unchanged', 'writes', 'note'], rows),
    totals,
  ].join('\n');
}
