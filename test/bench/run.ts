/**
 * `npm run bench`: every benchmark section in one run, a table on stdout, and `test/bench/results.json` with the
 * machine, Node version and date. Sections run one after another so they do not compete for the 2 cores.
 */
import { writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { toMarkdown, type BenchResults } from './report.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

type Section = BenchResults['sections'][number];

const SECTIONS: [string, () => Promise<{ bench: () => Promise<Section> }>][] = [
  ['classify', () => import('./classify.ts')],
  ['html', () => import('./html.ts')],
  ['ingest', () => import('./ingest.ts')],
  ['digest', () => import('./digest.ts')],
  ['board', () => import('./board.ts')],
  ['query', () => import('./query.ts')],
  ['web', () => import('./web.ts')],
  ['parliament', () => import('./parliament.ts')],
  ['bundles', () => import('./bundles.ts')],
  ['cost', () => import('./cost.ts')],
];

const only = process.argv.slice(2);
const results: Section[] = [];
const started = new Date();
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: +(totalmem() / 2 ** 30).toFixed(1),
  freeMemoryGb: +(freemem() / 2 ** 30).toFixed(1),
  loadAverageAtStart: loadavg().map((l) => +l.toFixed(2)),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};
console.log(`Inquiry Watch benchmarks, ${started.toISOString()} on ${machine.cores} × ${machine.cpu}, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}\n`);

for (const [name, load] of SECTIONS) {
  if (only.length && !only.includes(name)) continue;
  const t0 = performance.now();
  process.stderr.write(`running ${name}…\n`);
  try {
    const section = await (await load()).bench();
    section.seconds = +((performance.now() - t0) / 1000).toFixed(1);
    results.push(section);
    print(section);
  } catch (err) {
    const section: Section = { section: name, rows: [], error: err instanceof Error ? err.message : String(err) };
    results.push(section);
    console.log(`## ${name}\nFAILED: ${section.error}\n`);
    process.exitCode = 1;
  }
}

const data = { date: started.toISOString(), machine, command: `npm run bench${only.length ? ` -- ${only.join(' ')}` : ''}`, sections: results };
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(data, null, 2)}\n`);
writeFileSync(new URL('./RESULTS.md', import.meta.url), toMarkdown(data));
console.log(`Results written to test/bench/results.json and RESULTS.md (${((Date.now() - started.getTime()) / 1000).toFixed(0)} s in all).`);

function print(section: Section): void {
  const rows = section.rows.map((r) => [r.metric, `${typeof r.value === 'number' ? r.value.toLocaleString('en-GB') : r.value}${r.unit ? ` ${r.unit}` : ''}`, r.note ?? '']);
  const w0 = Math.max(6, ...rows.map((r) => r[0]!.length));
  const w1 = Math.max(5, ...rows.map((r) => r[1]!.length));
  console.log(`## ${section.section} (${section.seconds} s)`);
  for (const [m, v, n] of rows) console.log(`${m!.padEnd(w0)}  ${v!.padStart(w1)}  ${n}`.trimEnd());
  console.log('');
}
