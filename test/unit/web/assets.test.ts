import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildAssets } from '../../../lib/web/assets.ts';

/** The budget: no page loads more than 150 KB of compressed script and style. Every page loads both files. */
const PAGE_BUDGET_BYTES = 150 * 1024;

describe('web assets', () => {
  it('builds the chart script and stylesheet within the 150 KB compressed budget per page', async () => {
    // Act
    const assets = await buildAssets();
    // Assess
    const gzipped = [...assets.files.values()].map((f) => gzipSync(f.body).length);
    expect([...assets.files.keys()].sort()).toEqual(['chart.js', 'site.css']);
    expect(gzipped.reduce((a, b) => a + b, 0)).toBeLessThan(PAGE_BUDGET_BYTES);
    expect(assets.version).toMatch(/^[0-9a-f]{12}$/);
  });
});
