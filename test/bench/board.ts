import { compileRegistry } from '../../lib/classify/classifier.ts';
import { EventDetector } from '../../lib/board/detect.ts';
import { deriveStatus } from '../../lib/board/derive.ts';
import { boardEntries } from '../../lib/board/entries.ts';
import type { BoardEvent, EventType } from '../../lib/board/types.ts';
import { DEFAULT_BOARD_OPTIONS } from '../../lib/board/types.ts';
import { loadRegistry } from '../../lib/registry/registry.ts';
import { readTimeline, toItem } from '../unit/board/timeline.ts';

/**
 * The board's pure parts: detection at ingest (per tracked item, after classification) and deriving the whole
 * board from its events (what every status read, notice run and roundup does after its Queries).
 */
export async function bench() {
  const registry = loadRegistry('config/registry.yaml');
  const compiled = compileRegistry(registry);
  const detector = new EventDetector(registry);
  const items = readTimeline('test/fixtures/board/timeline.json').items.map((t) => toItem(t, compiled)).filter((i) => i.inquiries.length + i.commitments.length > 0);
  const rounds = 40;
  let events = 0;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const item of items) events += detector.detect(item).events.length;
  const detectMs = performance.now() - t0;

  // A busy board: every entry with 200 events over three years (the real one has a few dozen in all).
  const types: EventType[] = ['announced', 'promised', 'criticised', 'delayed', 'consultation', 'amendment', 'committee-report'];
  const entries = boardEntries(registry);
  const logs = entries.map((e) =>
    Array.from({ length: 200 }, (_, i): BoardEvent => {
      const date = new Date(Date.UTC(2023, 0, 1) + i * 5.5 * 86_400_000).toISOString().slice(0, 10);
      const type = types[i % types.length]!;
      return {
        id: `i${i}:${e.id}:${type}`,
        entryId: e.id,
        type,
        date,
        source: 'inferred',
        evidence: { itemId: `i${i}`, url: `https://example.org/${i}`, sentence: 'A sentence.', date },
        learnt: `${date}T12:00:00.000Z`,
        ...(type === 'committee-report' ? { committee: { publicationId: String(i) } } : {}),
      };
    }),
  );
  const runs = 20;
  const t1 = performance.now();
  for (let r = 0; r < runs; r++) entries.forEach((e, i) => deriveStatus(e, logs[i]!, [], '2026-01-01', DEFAULT_BOARD_OPTIONS));
  const deriveMs = (performance.now() - t1) / runs;
  return {
    section: 'Accountability board (pure: detection and derivation)',
    rows: [
      { metric: 'detect events, tracked timeline items', value: Math.round((rounds * items.length) / (detectMs / 1000)), unit: 'items/s', note: `${items.length} items × ${rounds}; ${events / rounds} events per pass` },
      { metric: `derive the whole board, ${entries.length} entries × 200 events`, value: Number(deriveMs.toFixed(1)), unit: 'ms', note: `mean of ${runs}; after the ${entries.length} entry Queries` },
    ],
  };
}
