import { pathToFileURL } from 'node:url';
import { stripHtml } from '../../lib/text/html.ts';

/**
 * HTML stripping on feed-sized and hostile bodies: CPU time per KB at 64 KB and at 2 MB of the same shape, and
 * their ratio. A ratio near 1 is linear cost; markup that makes the parser do work per open element shows as a
 * ratio that grows with size (32 × for a quadratic cost; 80,000 `<b></i>` took 15 s through the old depth limit).
 */
const SHAPES: [string, (kb: number) => string][] = [
  ['article paragraphs', (kb) => repeatTo(kb, '<p>Baroness Casey&rsquo;s audit found <a href="https://example.org/x">failings</a> in 12 forces.</p>\n')],
  ['nested <b> (never closed)', (kb) => repeatTo(kb, '<b>') + 'x'],
  ['<b></i> repeated', (kb) => repeatTo(kb, '<b></i>') + 'x'],
  ['nested <div><li>', (kb) => repeatTo(kb, '<div><li>x')],
  ['unclosed <script with attributes', (kb) => `<script${repeatTo(kb, ' a=1')}`],
  ['one huge attribute value', (kb) => `<img alt="${repeatTo(kb, 'a>b<')}">text`],
  ['entities', (kb) => repeatTo(kb, '&amp;&#x2019;&pound;&bogus;')],
];

function repeatTo(kb: number, unit: string): string {
  return unit.repeat(Math.ceil((kb * 1024) / unit.length));
}

/** CPU microseconds per KB of input, over at least `minMs` of CPU time. */
function costPerKb(html: string, minMs: number): number {
  stripHtml(html); // warm-up
  const start = process.cpuUsage();
  let runs = 0;
  let used = 0;
  while (used < minMs * 1000) {
    stripHtml(html);
    runs++;
    const u = process.cpuUsage(start);
    used = u.user + u.system;
  }
  return used / runs / (html.length / 1024);
}

export async function bench(): Promise<{ section: string; rows: { metric: string; value: number | string; unit?: string; note?: string }[] }> {
  const rows = SHAPES.map(([label, make]) => {
    const small = costPerKb(make(64), 300);
    const large = costPerKb(make(2048), 600);
    return {
      metric: `${label}: cost per KB at 2 MB ÷ at 64 KB`,
      value: Number((large / small).toFixed(2)),
      unit: '×',
      note: `${small.toFixed(1)} µs/KB at 64 KB, ${large.toFixed(1)} µs/KB at 2 MB`,
    };
  });
  return { section: 'HTML stripping (one core; 1 × = linear)', rows };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await bench();
  console.log(result.section);
  for (const r of result.rows) console.log(`  ${r.metric}: ${r.value} ${r.unit ?? ''}${r.note ? `  (${r.note})` : ''}`);
}
