/** The committed benchmark results as Markdown (test/bench/RESULTS.md), written from results.json. */
export interface BenchResults {
  date: string;
  command: string;
  machine: { cpu: string; cores: number; memoryGb: number; loadAverageAtStart: number[]; node: string; platform: string };
  sections: { section: string; seconds?: number; error?: string; rows: { metric: string; value: number | string; unit?: string; note?: string }[] }[];
}

export function toMarkdown(r: BenchResults): string {
  const m = r.machine;
  const out = [
    '# Benchmark results',
    '',
    `\`${r.command}\` on ${r.date.slice(0, 10)}: ${m.cores} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node} (${m.platform}), load average at start ${m.loadAverageAtStart.join(' / ')}.`,
    'Every figure in a section was measured in the same run; comparisons are ratios from that run. Raw data: `results.json`.',
  ];
  for (const s of r.sections) {
    out.push('', `## ${s.section}${s.seconds !== undefined ? ` (${s.seconds} s)` : ''}`, '');
    if (s.error) {
      out.push(`Failed: ${s.error}`);
      continue;
    }
    out.push('| metric | value | note |', '|---|---:|---|');
    for (const row of s.rows) {
      const value = typeof row.value === 'number' ? row.value.toLocaleString('en-GB') : row.value;
      out.push(`| ${row.metric} | ${value}${row.unit ? ` ${row.unit}` : ''} | ${(row.note ?? '').replace(/\|/g, '\\|')} |`);
    }
  }
  return `${out.join('\n')}\n`;
}
