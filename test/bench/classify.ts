import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadRegistry, checkRegistry, RegistryFileSchema, type Registry } from '../../lib/registry/registry.ts';
import { classify, compileRegistry, MAX_CLASSIFY_CHARS, type ClassifyInput } from '../../lib/classify/classifier.ts';
import { naiveClassifier } from '../../lib/classify/baseline.ts';

/**
 * Classify throughput on ~3 KB items: the default registry and synthetic registries of 200 and 2,000 entries,
 * beside the naive per-alias regex loop on the same items in the same run. Then the cost of one item as its text
 * grows from 1 KB to 2 MB (text cap lifted), on ordinary text and on text that is nothing but matches.
 */
const ITEM_BYTES = 3_000;

function devItems(): ClassifyInput[] {
  const rows = readFileSync('test/fixtures/classify/dev.jsonl', 'utf8').split('\n').filter((l) => l.trim());
  const texts = rows.map((l) => JSON.parse(l) as { id: string; title: string; text: string; source_type?: ClassifyInput['sourceType'] });
  // Pad each item to ~3 KB with text from the others, so every item looks like a full article.
  return texts.map((t, i) => {
    let text = t.text;
    for (let k = 1; Buffer.byteLength(text) < ITEM_BYTES; k++) text += `\n${texts[(i + k) % texts.length]!.text}`;
    return { id: t.id, title: t.title, text: text.slice(0, ITEM_BYTES), sourceType: t.source_type };
  });
}

/** `n` entries with their own names and cues, sharing the default registry's context and action sets. */
function syntheticRegistry(n: number, base: Registry): Registry {
  const entries = Array.from({ length: n }, (_, i) => ({
    id: `entry-${i}`,
    type: i % 3 ? 'commitment' : 'inquiry',
    name: `Synthetic entry ${i}`,
    match: {
      aliases: [`project ${i} inquiry`, `the ${i} review of child sexual exploitation`, `operation code${i}`],
      cues: [`code${i}`, `programme ${i}`],
      context: ['@cse'],
      near: i % 3 ? [['@action']] : [],
      veto: ['@other-inquiries', `unrelated ${i}`],
    },
    searchTerms: [`project ${i}`],
  }));
  return checkRegistry({ file: `synthetic-${n}`, ...RegistryFileSchema.parse({ phraseSets: base.phraseSets, entries }) });
}

const SIZES_KB = [1, 4, 16, 64, 256, 1024, 2048];
/** Every phrase here matches something (aliases, cues, context, a veto), so hits are as dense as text allows. */
const DENSE = 'Casey audit, the Met Police, grooming gangs, national inquiry, Telford inquiry chair, will record ethnicity data, training for police. ';

/** CPU milliseconds per call of `fn`: the best of 5 rounds of at least `minMs` each (other load only adds time). */
function cpuMsPerCall(fn: () => unknown, minMs: number): number {
  fn(); // warm-up
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = process.cpuUsage();
    let n = 0;
    let used = 0;
    do {
      fn();
      n++;
      const u = process.cpuUsage(start);
      used = (u.user + u.system) / 1000;
    } while (used < minMs);
    best = Math.min(best, used / n);
  }
  return best;
}

/** One item's cost at each size, as a ratio to the cost at 1 KB: linear when the two ratios grow together. */
function scaling(label: string, unit: string, compiled: ReturnType<typeof compileRegistry>) {
  const rows: { metric: string; value: number | string; unit?: string; note?: string }[] = [];
  const textOf = (kb: number) => unit.repeat(Math.ceil((kb * 1024) / unit.length)).slice(0, kb * 1024);
  let ms1 = 0;
  for (const kb of SIZES_KB) {
    const input = { title: 'Scaling', text: textOf(kb) };
    const ms = cpuMsPerCall(() => classify(input, compiled, { maxTextChars: Infinity }), 100);
    if (kb === 1) ms1 = ms;
    rows.push({
      metric: `classify one ${kb >= 1024 ? `${kb / 1024} MB` : `${kb} KB`} item, ${label}, cap lifted`,
      value: Number(ms.toFixed(ms < 1 ? 3 : 1)),
      unit: 'ms',
      note: `${kb.toLocaleString('en-GB')}× the text, ${(ms / ms1).toFixed(ms / ms1 < 10 ? 1 : 0)}× the 1 KB time; ${((ms / kb) * 1000).toFixed(0)} µs per KB`,
    });
  }
  const capped = { title: 'Scaling', text: textOf(2048) };
  const ms = cpuMsPerCall(() => classify(capped, compiled), 100);
  rows.push({ metric: `classify one 2 MB item, ${label}, default cap`, value: Number(ms.toFixed(1)), unit: 'ms', note: `reads the first ${MAX_CLASSIFY_CHARS.toLocaleString('en-GB')} characters` });
  return rows;
}

/** Items per CPU-second of this process: "one core", and stable when other work shares the machine. */
function throughput(fn: (item: ClassifyInput) => unknown, items: ClassifyInput[], minMs: number): { itemsPerS: number; mbPerS: number } {
  for (const item of items.slice(0, 20)) fn(item); // warm-up
  let n = 0;
  let bytes = 0;
  const start = process.cpuUsage();
  const cpuMs = () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  while (cpuMs() < minMs) {
    for (const item of items) {
      fn(item);
      n++;
      bytes += item.text.length + item.title.length;
    }
  }
  const seconds = cpuMs() / 1000;
  return { itemsPerS: n / seconds, mbPerS: bytes / 1e6 / seconds };
}

export async function bench(): Promise<{ section: string; rows: { metric: string; value: number | string; unit?: string; note?: string }[] }> {
  const items = devItems();
  const base = loadRegistry('config/registry.yaml');
  const rows: { metric: string; value: number | string; unit?: string; note?: string }[] = [];
  const registries: [string, Registry][] = [
    [`default (${base.entries.length} entries)`, base],
    ['200 entries', syntheticRegistry(200, base)],
    ['2,000 entries', syntheticRegistry(2_000, base)],
  ];
  for (const [label, registry] of registries) {
    const compileStart = performance.now();
    const compiled = compileRegistry(registry);
    const compileMs = performance.now() - compileStart;
    const ours = throughput((i) => classify(i, compiled), items, 1_500);
    const naive = naiveClassifier(registry);
    const slow = throughput((i) => naive.classify(i), items, 1_500);
    rows.push(
      { metric: `classify, ${label}`, value: Math.round(ours.itemsPerS), unit: 'items/s', note: `${ours.mbPerS.toFixed(1)} MB/s; compile ${compileMs.toFixed(0)} ms` },
      { metric: `naive regex loop, ${label}`, value: Math.round(slow.itemsPerS), unit: 'items/s', note: `${slow.mbPerS.toFixed(2)} MB/s` },
      { metric: `speed-up over naive, ${label}`, value: Number((ours.itemsPerS / slow.itemsPerS).toFixed(1)), unit: '×' },
    );
  }
  const compiled = compileRegistry(base);
  const ordinary = items.map((i) => `${i.title}\n${i.text}`).join('\n');
  rows.push(...scaling('news and Hansard text', ordinary, compiled), ...scaling('text of matches only', DENSE, compiled));
  return { section: `Classifier throughput (~${ITEM_BYTES / 1000} KB items, per CPU-second of one core) and cost by text size`, rows };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await bench();
  console.log(result.section);
  for (const r of result.rows) console.log(`  ${r.metric}: ${r.value} ${r.unit ?? ''}${r.note ? `  (${r.note})` : ''}`);
}
