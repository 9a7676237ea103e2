import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvHeader, csvLine, csvRow, ROW_COLUMNS } from '../../../lib/query/csv.ts';
import { parseCsv } from './parse-csv.ts';
import type { ResultRow } from '../../../lib/query/rows.ts';

const row = (over: Partial<ResultRow> = {}): ResultRow => ({
  id: 'abc123',
  published: '2025-06-16T10:00:00.000Z',
  kind: 'statement',
  sourceId: 'wms',
  title: 'Casey audit',
  url: 'https://example.org/a',
  tracked: ['casey-audit', 'c-ethnicity-data'],
  evidence: [
    { id: 'casey-audit', phrases: [{ phrase: 'casey audit', offset: 0 }, { phrase: 'national audit', offset: 40 }], snippet: 'the Casey audit', score: 4 },
    { id: 'c-ethnicity-data', phrases: [{ phrase: 'ethnicity data', offset: 9 }], snippet: 'ethnicity data will be', score: 2 },
  ],
  ...over,
});

describe('CSV export', () => {
  it('quotes titles holding quotes, commas and newlines, and ends lines with CRLF', () => {
    // Act
    const line = csvRow(row({ title: 'Casey: "a failure", minister says\nsecond line' }));
    // Assess
    expect(line).toContain('"Casey: ""a failure"", minister says\nsecond line"');
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parseCsv(line)[0]![4]).toBe('Casey: "a failure", minister says\nsecond line');
  });

  it('neutralises cells a spreadsheet would run as a formula, still quoting as RFC 4180 says, unless raw', () => {
    // Prepare: titles as a hostile feed would write them
    const titles = ['=HYPERLINK("https://evil.example","Casey")', '+1 Casey', '-2+3', '@SUM(A1)', '\tTabbed', '\rReturn', 'Casey = fine'];
    // Act
    const safe = titles.map((title) => parseCsv(csvRow(row({ title })))[0]![4]);
    const raw = titles.map((title) => parseCsv(csvRow(row({ title }), false, { raw: true }))[0]![4]);
    // Assess
    expect(safe).toEqual([`'=HYPERLINK("https://evil.example","Casey")`, "'+1 Casey", "'-2+3", "'@SUM(A1)", "'\tTabbed", "'\rReturn", 'Casey = fine']);
    expect(raw).toEqual(titles);
    expect(csvRow(row({ title: '=1+2, "x"' }))).toContain(`"'=1+2, ""x"""`);
  });

  it('neutralises a formula after a separator inside a cell, so a `;`-locale spreadsheet runs nothing either', () => {
    // Prepare: titles whose second half is a formula once a spreadsheet splits the cell at `;`, `,`, a tab or a line break
    const titles = ['x;=HYPERLINK("https://evil.example","Casey")', 'Casey audit; +1', 'a,@SUM(A1)', 'a\t-2+3', 'first line\n=1+2', 'x; "=1+2"', 'Casey; the audit, 2025'];
    // Act
    const safe = titles.map((title) => parseCsv(csvRow(row({ title })))[0]![4]);
    const raw = titles.map((title) => parseCsv(csvRow(row({ title }), false, { raw: true }))[0]![4]);
    // Assess: still readable, the lead kept behind a `'`; text without a formula lead is untouched
    expect(safe).toEqual([`x;'=HYPERLINK("https://evil.example","Casey")`, "Casey audit;' +1", "a,'@SUM(A1)", "a\t'-2+3", "first line\n'=1+2", `x;' "=1+2"`, 'Casey; the audit, 2025']);
    expect(raw).toEqual(titles);
  });

  it('gives no spreadsheet, splitting on `,` or on `;`, a cell that starts a formula, whatever the text', () => {
    // Assess: every piece a `,` or `;` locale could make a cell of, quotes and spaces aside, starts with no formula lead
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', ';', ',', '"', ' ', '\t', '\r', '\n', 'a', '1') }), { minLength: 1, maxLength: 4 }), (fields) => {
        const text = csvLine(['2025-06-16', ...fields]);
        // A `,` locale reads the quoting; a `;` locale does not, and may also split at tabs and line breaks.
        expect(parseCsv(text)[0]!.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
        expect(text.split(/[;\t\r\n]/).filter((piece) => /^[\s"]*[=+\-@]/.test(piece))).toEqual([]);
      }),
    );
  });

  it('writes the header and the evidence of every matched entry', () => {
    // Act
    const [header, fields] = parseCsv(csvHeader() + csvRow(row()));
    // Assess
    expect(header).toEqual([...ROW_COLUMNS]);
    expect(fields![6]).toBe('casey-audit;c-ethnicity-data');
    expect(fields![7]).toBe('casey-audit: casey audit | national audit; c-ethnicity-data: ethnicity data');
    expect(fields![8]).toBe('the Casey audit');
    expect(fields![9]).toBe('4');
  });

  it('round-trips any text through RFC 4180 quoting when raw', () => {
    // Assess
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }), (fields) => {
        expect(parseCsv(csvLine(fields, { raw: true }))).toEqual([fields]);
      }),
    );
  });
});
