import type { ResultRow } from './rows.ts';

/**
 * RFC 4180 CSV: CRLF line ends, a header line, fields quoted when they hold a comma, a quote, CR or LF, and
 * quotes doubled. Values are written as stored (no spreadsheet-formula escaping), so the data stays citable.
 */
export const CSV_EOL = '\r\n';

export function csvField(value: string | number | undefined): string {
  const s = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: (string | number | undefined)[]): string => fields.map(csvField).join(',') + CSV_EOL;

export const ROW_COLUMNS = ['published', 'id', 'kind', 'source', 'title', 'url', 'tracked', 'evidence', 'snippet', 'score', 'attribution'] as const;

export const csvHeader = (withVersion = false): string => csvLine(withVersion ? [...ROW_COLUMNS, 'version'] : [...ROW_COLUMNS]);

/**
 * `tracked` lists entry ids separated by `;`. `evidence` gives, per entry, the phrases that matched:
 * `casey-audit: national audit | group-based; c-ethnicity-data: ethnicity data`. `snippet`/`score` are the strongest match's.
 */
export function csvRow(row: ResultRow, withVersion = false): string {
  const strongest = [...row.evidence].sort((a, b) => b.score - a.score)[0];
  const fields: (string | number | undefined)[] = [
    row.published,
    row.id,
    row.kind,
    row.sourceId,
    row.title,
    row.url,
    row.tracked.join(';'),
    row.evidence.map((e) => `${e.id}: ${[...new Set(e.phrases.map((p) => p.phrase))].join(' | ')}`).join('; '),
    strongest?.snippet,
    strongest?.score,
    row.attribution,
  ];
  if (withVersion) fields.push(row.version);
  return csvLine(fields);
}
