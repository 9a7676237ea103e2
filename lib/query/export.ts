import { CSV_EOL, csvField, csvHeader, csvRow, type CsvOptions } from './csv.ts';
import { jsonlLine } from './jsonl.ts';
import type { ResultRow } from './rows.ts';

/**
 * Export lines for the CLI `export` and the web pages' downloads: the rows `/items` returns, optionally with each
 * item's full text (a last CSV column `text`, a `text` field in JSONL), so the archive can be analysed without a
 * second request per item.
 */
export type ExportFormat = 'csv' | 'jsonl';

export const exportHeader = (format: ExportFormat, withText: boolean): string =>
  format === 'jsonl' ? '' : withText ? `${csvHeader().slice(0, -CSV_EOL.length)},text${CSV_EOL}` : csvHeader();

/** CSV cells are neutralised against spreadsheet formulas unless `csv.raw` (see `csv.ts`). */
export function exportLine(row: ResultRow, format: ExportFormat, text?: string, csv: CsvOptions = {}): string {
  if (format === 'jsonl') return jsonlLine(text === undefined ? row : ({ ...row, text } as ResultRow));
  const line = csvRow(row, false, csv);
  return text === undefined ? line : `${line.slice(0, -CSV_EOL.length)},${csvField(text, csv)}${CSV_EOL}`;
}

/** The lines for one page of rows; with `texts`, each row gets its item's text (empty when the item is gone). */
export function exportLines(rows: readonly ResultRow[], format: ExportFormat, texts?: Map<string, string>, csv: CsvOptions = {}): string {
  return rows.map((r) => exportLine(r, format, texts ? (texts.get(r.id) ?? '') : undefined, csv)).join('');
}
