import { composeAlerts, composeRoundup } from '../../lib/digest/compose.ts';
import { renderDigest } from '../../lib/digest/render.ts';
import type { DigestItem, EntryInfo } from '../../lib/digest/types.ts';

const ENTRIES: EntryInfo[] = [
  { id: 'casey-audit', name: 'Casey audit', type: 'inquiry' },
  { id: 'national-inquiry', name: 'National inquiry', type: 'inquiry' },
  { id: 'c-ethnicity-data', name: 'Mandatory ethnicity data', type: 'commitment' },
];

function items(n: number, kind: DigestItem['kind']): DigestItem[] {
  return Array.from({ length: n }, (_, i) => {
    const entry = ENTRIES[i % ENTRIES.length]!.id;
    return {
      id: `b${i}`,
      kind,
      sourceId: 'bbc-uk',
      sourceType: kind === 'news' ? 'news' : 'statement',
      title: `Item ${i}: Baroness Casey's audit & the <!channel> response ${'detail '.repeat(12)}`,
      url: `https://www.bbc.co.uk/news/articles/c${i}?at_medium=RSS`,
      published: new Date(Date.UTC(2025, 5, 16, 10, i % 60)).toISOString(),
      firstSeen: '2025-06-16T11:00:00.000Z',
      inquiries: entry.startsWith('c-') ? [] : [entry],
      commitments: entry.startsWith('c-') ? [entry] : [],
      evidence: [{ id: entry, phrases: [{ phrase: 'Casey audit', offset: 0 }], snippet: 'Baroness Casey published her national audit on group-based exploitation', score: 2 }],
    };
  });
}

/** Composing and rendering 500 items: time per digest and the messages it becomes. */
export async function bench() {
  const base = { channel: 'C1', subscription: { tracked: 'all' as const, alertKinds: ['statement' as const, 'report' as const] }, entries: ENTRIES, until: '2025-06-16T12:00:00.000Z' };
  const alertsIn = items(500, 'statement');
  const roundupIn = items(500, 'news');
  const runs = 20;
  const time = (fn: () => unknown) => {
    fn();
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) fn();
    return (performance.now() - t0) / runs;
  };
  const alertMs = time(() => renderDigest(composeAlerts({ ...base, items: alertsIn })!));
  const roundupMs = time(() => renderDigest(composeRoundup({ ...base, items: roundupIn })));
  const alertMessages = renderDigest(composeAlerts({ ...base, items: alertsIn })!);
  const roundupMessages = renderDigest(composeRoundup({ ...base, items: roundupIn }));
  const maxChars = Math.max(...alertMessages.map((m) => JSON.stringify(m.blocks).length));
  return {
    section: 'Digests (compose + Block Kit render, pure)',
    rows: [
      { metric: '500 statements → alert: compose+render', value: Number(alertMs.toFixed(2)), unit: 'ms', note: `mean of ${runs}` },
      { metric: '500 statements → alert: messages', value: alertMessages.length, note: 'parent + thread replies, capped; rest as "and N more"' },
      { metric: '500 statements → alert: blocks in largest message', value: Math.max(...alertMessages.map((m) => m.blocks.length)), note: 'limit 50' },
      { metric: '500 statements → alert: largest blocks JSON', value: maxChars, unit: 'chars' },
      { metric: '500 news → roundup: compose+render', value: Number(roundupMs.toFixed(2)), unit: 'ms', note: `mean of ${runs}` },
      { metric: '500 news → roundup: messages', value: roundupMessages.length, note: 'top 5 per entry, counts and a link for the rest' },
    ],
  };
}
