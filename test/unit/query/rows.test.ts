import { describe, expect, it } from 'vitest';
import { matchesText, type ResultRow } from '../../../lib/query/rows.ts';

const row = (title: string, snippet = ''): ResultRow => ({
  id: 'a1',
  published: '2025-06-16T10:00:00.000Z',
  kind: 'news',
  sourceId: 'bbc-politics',
  title,
  url: 'https://example.org/a',
  tracked: [],
  evidence: snippet ? [{ id: 'c-rape-law', phrases: [], snippet, score: 1 }] : [],
});

describe('q filter', () => {
  it('matches whole words only, so "rape" does not find "therapeutic"', () => {
    // Act / Assess
    expect(matchesText(row('New therapeutic services for survivors'), 'rape')).toBe(false);
    expect(matchesText(row('Grapes and drapery'), 'rape')).toBe(false);
    expect(matchesText(row('Rape charges under review'), 'rape')).toBe(true);
    expect(matchesText(row('Charges', 'the law on rape, said the minister'), 'rape')).toBe(true);
  });

  it('needs every word of the query, in any order, in the title or a snippet', () => {
    // Act / Assess
    expect(matchesText(row('Casey audit published', 'group-based exploitation'), 'audit group-based')).toBe(true);
    expect(matchesText(row('Casey audit published'), 'audit inquiry')).toBe(false);
    expect(matchesText(row('Item 120 about casey-audit'), 'item 12')).toBe(false);
  });
});
