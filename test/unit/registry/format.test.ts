import { describe, expect, it } from 'vitest';
import { formatDryRun, formatEntries } from '../../../lib/cli/commands/registry.ts';
import type { Registry } from '../../../lib/registry/registry.ts';

describe('registry command output', () => {
  it('drops escape sequences from archived titles and snippets in a dry run', () => {
    // Prepare
    const report = {
      items: 1,
      changes: [
        { id: 'casey-audit', added: [{ itemId: 'i1', title: 'Audit \u001b[31mred\u001b[0m', published: '2025-06-16', snippet: 'said\u0007 the\nminister' }], dropped: [], kept: 0 },
      ],
    };
    // Act
    const text = formatDryRun(report, { currentFile: 'a.yaml', newFile: 'b.yaml', since: '2025-06-01T00:00:00.000Z', examples: 3 });
    // Assess
    expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
    expect(text).toContain('  + 2025-06-16  Audit red  [i1]');
    expect(text).toContain('      said the minister');
  });

  it('lists entries as an aligned table with the search-term counts right-aligned', () => {
    // Prepare
    const registry = {
      entries: [
        { id: 'casey-audit', type: 'inquiry', name: 'Casey audit', searchTerms: ['a', 'b'] },
        { id: 'c-training', type: 'commitment', name: 'Mandatory training', searchTerms: Array.from({ length: 12 }, (_, i) => `t${i}`) },
      ],
    } as unknown as Registry;
    // Act
    const text = formatEntries(registry, 'registry.yaml');
    // Assess
    expect(text.split('\n')).toEqual([
      'ID           TYPE        NAME                SEARCH TERMS',
      '-----------  ----------  ------------------  ------------',
      'casey-audit  inquiry     Casey audit                    2',
      'c-training   commitment  Mandatory training            12',
      '',
      '2 entries in registry.yaml',
      '',
    ]);
  });
});
