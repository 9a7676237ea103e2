import { describe, expect, it } from 'vitest';
import type { ResultRow } from '../../../lib/query/rows.ts';
import { formatTable } from '../../../lib/query/table.ts';

const row = (title: string): ResultRow => ({
  id: 'abc123',
  published: '2025-06-16T10:00:00.000Z',
  kind: 'news',
  sourceId: 'bbc-politics',
  title,
  url: 'https://example.org/a',
  tracked: ['casey-audit'],
  evidence: [],
});

describe('query table', () => {
  it('drops escape sequences and control characters from feed titles', () => {
    // Prepare
    const title = 'Casey audit \u001b[2J\u001b]0;owned\u0007published\u009b31m today\r\nagain';
    // Act
    const text = formatTable([row(title)], 200);
    // Assess
    expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(text).toContain('Casey audit published today again');
    expect(text.trimEnd().split('\n')).toHaveLength(2);
  });
});
