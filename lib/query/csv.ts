import type { ResultRow } from './rows.ts';

/**
 * RFC 4180 CSV: CRLF line ends, a header line, fields quoted when they hold a comma, a quote, CR or LF, and
 * quotes doubled. Text a spreadsheet would run as a formula gets a `'` in front, as OWASP's CSV-injection guidance
 * says, so opening an export in Excel or LibreOffice runs nothing: at a cell's start (`=`, `+`, `-`, `@`, tab or CR:
 * a feed title such as `=HYPERLINK(…)`), and after every separator inside a cell (`,` `;` tab CR LF, then any spaces
 * or quotes). A spreadsheet in a `;` locale does not see our quoting and starts a new cell at each `;`, so
 * `x;=HYPERLINK(…)` would be a formula there; it is written `x;'=HYPERLINK(…)`. `raw` writes every value exactly as
 * stored, for programs.
 */
export const CSV_EOL = '\r\n';

export interface CsvOptions {
  /** No formula neutralisation: values byte for byte as stored (for code, not spreadsheets). */
  raw?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
/** A separator some spreadsheet splits on, followed (after spaces or quotes) by a formula lead. */
const FORMULA_AFTER_SEPARATOR = /[,;\t\r\n](?=[\s"]*[=+\-@])/g;

/** A text cell no spreadsheet, in a `,` or a `;` locale, reads as a formula; readable as it was otherwise. */
export function neutraliseFormulas(text: string): string {
  const inner = text.replace(FORMULA_AFTER_SEPARATOR, (sep) => `${sep}'`);
  return FORMULA_START.test(inner) ? `'${inner}` : inner;
}

export function csvField(value: string | number | undefined, options: CsvOptions = {}): string {
  let s = value === undefined ? '' : String(value);
  if (!options.raw && typeof value === 'string') s = neutraliseFormulas(s);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: (string | number | undefined)[], options: CsvOptions = {}): string =>
  fields.map((f) => csvField(f, options)).join(',') + CSV_EOL;

export const ROW_COLUMNS = ['published', 'id', 'kind', 'source', 'title', 'url', 'tracked', 'evidence', 'snippet', 'score', 'attribution'] as const;

export const csvHeader = (withVersion = false): string => csvLine(withVersion ? [...ROW_COLUMNS, 'version'] : [...ROW_COLUMNS]);

/**
 * `tracked` lists entry ids separated by `;`. `evidence` gives, per entry, the phrases that matched:
 * `casey-audit: national audit | group-based; c-ethnicity-data: ethnicity data`. `snippet`/`score` are the strongest match's.
 */
export function csvRow(row: ResultRow, withVersion = false, options: CsvOptions = {}): string {
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
  return csvLine(fields, options);
}
