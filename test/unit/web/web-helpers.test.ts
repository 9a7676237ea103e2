import { describe, expect, it } from 'vitest';
import type { Item } from '../../../lib/model/item.ts';
import { exportHeader, exportLine } from '../../../lib/query/export.ts';
import type { ResultRow } from '../../../lib/query/rows.ts';
import { CountEntity } from '../../../lib/store/entities/count-entity.ts';
import { londonWeekStart } from '../../../lib/util/london-time.ts';
import { versionChanges } from '../../../lib/web/changes.ts';
import { highlight } from '../../../lib/web/highlight.ts';
import { jsonForScript } from '../../../lib/web/pages/timeline.tsx';
import { ukDates } from '../../../lib/web/pages/board-parts.tsx';
import { inWeeks, weeklySeries } from '../../../lib/web/weekly.ts';
import { parseCsv } from '../query/parse-csv.ts';

const marked = (snippet: string, phrases: string[]) =>
  highlight(snippet, phrases)
    .filter((s) => s.mark)
    .map((s) => s.text);

describe('highlight', () => {
  it('marks each matched phrase as whole words, ignoring case, accents and curly quotes', () => {
    // Act
    const hits = marked('…Baroness Casey’s national audit, and the CASEY AUDIT itself; not caseyaudit…', ["casey's national audit", 'casey audit']);
    // Assess
    expect(hits).toEqual(['Casey’s national audit', 'CASEY AUDIT']);
  });

  it('does not mark a phrase inside a longer word', () => {
    expect(marked('therapeutic care after rape', ['rape'])).toEqual(['rape']);
  });

  it('keeps the snippet text exactly, marked or not', () => {
    // Prepare
    const snippet = 'Café owners & the “national inquiry” into grooming gangs';
    // Act
    const segments = highlight(snippet, ['national inquiry', 'cafe']);
    // Assess
    expect(segments.map((s) => s.text).join('')).toBe(snippet);
    expect(segments.filter((s) => s.mark).map((s) => s.text)).toEqual(['Café', 'national inquiry']);
  });
});

describe('weekly counts', () => {
  it('puts an item in the week starting on its London Monday, across the BST boundary', () => {
    // Sunday 23:30 UTC in June is Monday 00:30 BST; in December (GMT) it is still Sunday.
    expect(londonWeekStart('2025-06-15T23:30:00.000Z')).toBe('2025-06-16');
    expect(londonWeekStart('2025-12-14T23:30:00.000Z')).toBe('2025-12-08');
    expect(londonWeekStart('2025-06-16T00:00:00.000Z')).toBe('2025-06-16');
  });

  it('reads week and kind counts back from a counter record', () => {
    // Prepare
    const record = CountEntity.toItem('casey-audit', 3, new Map([
      [CountEntity.weekAttribute('2025-06-16', 'news'), 2],
      [CountEntity.weekAttribute('2025-06-16', 'statement'), 1],
      [CountEntity.weekAttribute('2025-06-23', 'report'), 0],
    ]));
    // Act
    const weeks = CountEntity.weeksFromItem(record);
    // Assess
    expect([...weeks]).toEqual([['2025-06-16', { news: 2, statement: 1 }]]);
  });

  it('fills every week between the first and last with items, one series per kind present', () => {
    // Prepare
    const weeks = new Map([
      ['2025-06-02', { news: 2 }],
      ['2025-06-23', { news: 1, statement: 3 }],
    ]);
    // Act
    const series = weeklySeries(weeks);
    // Assess
    expect(series.weeks).toEqual(['2025-06-02', '2025-06-09', '2025-06-16', '2025-06-23']);
    expect(series.series).toEqual([
      { kind: 'statement', counts: [0, 0, 0, 3] },
      { kind: 'news', counts: [2, 0, 0, 1] },
    ]);
    expect(series.total).toBe(6);
  });

  it('follows the kind filter and the date range', () => {
    // Prepare
    const weeks = new Map([
      ['2025-06-02', { news: 2 }],
      ['2025-06-23', { news: 1, statement: 3 }],
    ]);
    // Act
    const series = weeklySeries(weeks, { kind: 'statement', from: '2025-06-10T00:00:00.000Z', to: '2025-06-30T23:00:00.000Z' });
    // Assess
    expect(series.weeks).toEqual(['2025-06-09', '2025-06-16', '2025-06-23', '2025-06-30']);
    expect(series.series).toEqual([{ kind: 'statement', counts: [0, 0, 3, 0] }]);
  });

  it('stretches the weeks to the board\'s events and deadlines, unless a date range is set', () => {
    // Prepare
    const weeks = new Map([['2025-06-09', { news: 2 }]]);
    const include = ['2025-05-28', '2025-06-30'];
    // Act
    const open = weeklySeries(weeks, { include });
    const ranged = weeklySeries(weeks, { include, from: '2025-06-02', to: '2025-06-15' });
    // Assess
    expect(open.weeks).toEqual(['2025-05-26', '2025-06-02', '2025-06-09', '2025-06-16', '2025-06-23', '2025-06-30']);
    expect(open.series).toEqual([{ kind: 'news', counts: [0, 0, 2, 0, 0, 0] }]);
    expect(ranged.weeks).toEqual(['2025-06-02', '2025-06-09']);
    expect(inWeeks('2025-06-15', ranged.weeks)).toBe(true);
    expect(inWeeks('2025-06-16', ranged.weeks)).toBe(false);
    expect(inWeeks('2025-06-01', ranged.weeks)).toBe(false);
  });

  it('has no chart for an entry with board events but no items', () => {
    // Act
    const series = weeklySeries(new Map(), { include: ['2023-05-22'] });
    // Assess
    expect(series.total).toBe(0);
    expect(series.series).toEqual([]);
  });
});

describe('board dates in words', () => {
  it('writes the board\'s yyyy-mm-dd dates as UK readers do', () => {
    expect(ukDates('Government response to the Casey audit report of 2025-06-02')).toBe('Government response to the Casey audit report of 2 Jun 2025');
    expect(ukDates('HC 2025-26 and 2025-10-26')).toBe('HC 2025-26 and 26 Oct 2025');
  });
});

describe('version changes', () => {
  const v = (version: number, over: Partial<Item>): Item =>
    ({ id: 'x', version, fetched: `2025-06-1${version}T10:00:00.000Z`, title: 'Casey audit', url: 'https://a/1', text: 'one two three', kind: 'news', inquiries: ['casey-audit'], commitments: [], ...over }) as Item;

  it('says what each version changed: title, tags and the changed words with context', () => {
    // Prepare: newest first, as the store returns them
    const versions = [
      v(2, { title: 'Casey audit: corrected', text: 'one two four', commitments: ['c-ethnicity-data'] }),
      v(1, {}),
    ];
    // Act
    const [change] = versionChanges(versions);
    // Assess
    expect(change).toMatchObject({ version: 2, title: { before: 'Casey audit', after: 'Casey audit: corrected' }, tagsAdded: ['c-ethnicity-data'], tagsRemoved: [] });
    expect(change!.text).toMatchObject({ added: 1, removed: 1 });
    const parts = (change!.text as { parts: { text: string; change: string }[] }).parts;
    expect(parts.filter((p) => p.change !== 'same')).toEqual([
      { text: 'three', change: 'removed' },
      { text: 'four', change: 'added' },
    ]);
  });

  it('summarises a text rewritten beyond the diff budget instead of diffing it', () => {
    // Prepare: 10,000 words, every one changed
    const before = Array.from({ length: 10_000 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 10_000 }, (_, i) => `b${i}`).join(' ');
    // Act
    const [change] = versionChanges([v(2, { text: after }), v(1, { text: before })]);
    // Assess
    expect(change!.text).toEqual({ tooLarge: true });
  });
});

describe('export lines', () => {
  const row: ResultRow = {
    id: 'abc',
    published: '2025-06-16T10:00:00.000Z',
    kind: 'statement',
    sourceId: 'hansard',
    title: 'Statement, "quoted"',
    url: 'https://example.org/1',
    tracked: ['casey-audit'],
    evidence: [{ id: 'casey-audit', phrases: [{ phrase: 'casey audit', offset: 0 }], snippet: 'the Casey audit', score: 3 }],
  };

  it('adds the full text as a last CSV column, quoted when it holds commas, quotes or new lines', () => {
    // Act
    const csv = exportHeader('csv', true) + exportLine(row, 'csv', 'First line, with "quotes".\nSecond line.');
    // Assess
    const [header, line] = parseCsv(csv);
    expect(header!.at(-1)).toBe('text');
    expect(line!.at(-1)).toBe('First line, with "quotes".\nSecond line.');
    expect(line![1]).toBe('abc');
    expect(line).toHaveLength(header!.length);
  });

  it('adds a text field to JSON Lines, and leaves rows alone without it', () => {
    expect(JSON.parse(exportLine(row, 'jsonl', 'Full text.'))).toEqual({ ...row, text: 'Full text.' });
    expect(JSON.parse(exportLine(row, 'jsonl'))).toEqual(row);
    expect(exportHeader('jsonl', true)).toBe('');
  });
});

describe('chart data in the page', () => {
  it('cannot close its script element or open a comment, whatever the labels hold', () => {
    // Act
    const text = jsonForScript({ label: '</script><script>alert(1)</script><!-- \u2028' });
    // Assess
    expect(text).not.toMatch(/<|>|\u2028/);
    expect(JSON.parse(text)).toEqual({ label: '</script><script>alert(1)</script><!-- \u2028' });
  });
});
