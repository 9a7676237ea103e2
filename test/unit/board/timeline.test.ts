import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../lib/registry/registry.ts';
import { scoreEvents, type ScoredEvent } from '../../../lib/board/evaluate.ts';
import type { EventType } from '../../../lib/board/types.ts';
import { readTimeline, replayTimeline } from './timeline.ts';

/**
 * Labelled timelines: the grooming-gangs accountability story (../shared/research/accountability.md) as items in the
 * shapes the sources send, with the events each should add and the states it should leave. Each is scored as it
 * stands and its figures are in the README (Accountability board: Quality); the floors below are what it must keep.
 *
 * - `timeline.json` was written by the engineer who built the detector, before tuning (first run: events precision
 *   0.76, recall 0.84; states 39/43; final states 14/16), and detection was then tuned on it.
 * - `timeline-blind-2.json` was written blind by a labeller who never saw the detector. Before any tuning on it:
 *   events precision 0.63, recall 0.52; states 33/58; final states 15/22. Detection was then made more general on it
 *   (README lists the rules), so it no longer measures blind quality either.
 * - `timeline-blind-3.json` was written blind by another labeller while that tuning was done, and opened only after it
 *   was committed. Scored once, before any tuning, it was the blind figure of the second round: events precision
 *   0.68, recall 0.73; states 54/68; final states 21/24; deadlines 6/9 (the detector before the timeline 2 rules:
 *   0.60 / 0.69; 53/68; 21/24). In the third round it was used as a dev set: general rules were drawn from its misses
 *   and false alarms (README lists them), after which it scores 0.98 / 0.98; states 66/68; final states 24/24;
 *   deadlines 7/9. It no longer measures blind quality either: the fresh blind timelines scored after this round do.
 */
const registry = loadRegistry('config/registry.yaml');

interface Floors {
  precision: number;
  recall: number;
  /** Share of states along the way that may be wrong. */
  wrongStates: number;
  wrongFinals: number;
  /** Labelled deadlines the board must get right. */
  deadlines: number;
}

const TIMELINES: { file: string; floors: Floors }[] = [
  // The issue's targets.
  { file: 'test/fixtures/board/timeline.json', floors: { precision: 0.85, recall: 0.75, wrongStates: 0.15, wrongFinals: 0.1, deadlines: 1 } },
  // Tuned on: precision 1.00, recall 0.92; states 53/58; final 21/22; deadlines 7/9. The misses left are the
  // classifier's (an entry not tagged on the item) and one deadline a person judged met.
  { file: 'test/fixtures/board/timeline-blind-2.json', floors: { precision: 0.9, recall: 0.85, wrongStates: 0.15, wrongFinals: 0.1, deadlines: 0.75 } },
  // Tuned on in the third round (blind before it: 0.68 / 0.73). The miss left is the classifier's (an entry not tagged
  // on the item); the false alarm a member's aside in a question; of the deadlines, one a person judged met and one
  // the fixture excepts under a key the committees adapter does not write (`governmentResponseExcepted`).
  { file: 'test/fixtures/board/timeline-blind-3.json', floors: { precision: 0.9, recall: 0.9, wrongStates: 0.1, wrongFinals: 0.05, deadlines: 0.75 } },
  // Blind timeline 4: written by a labeller who never saw the detector while the third round was done, opened after it
  // was committed, scored once before any tuning on it: precision 0.59, recall 0.66; states 67/91; final states 29/40;
  // deadlines 7/9 (the detector before the third round: 0.46 / 0.57). Then tuned on in the fourth round (README lists
  // the rules): 0.82 / 0.77; states 77/91; final states 33/40; deadlines 7/9. It no longer measures blind quality.
  { file: 'test/fixtures/board/timeline-blind-4.json', floors: { precision: 0.81, recall: 0.76, wrongStates: 0.16, wrongFinals: 0.18, deadlines: 0.75 } },
  // Blind timeline 5: written with timeline 4 by another labeller, held unseen through the third and fourth rounds,
  // opened after the fourth was committed, scored once before any tuning on it: the latest blind figure. Precision
  // 0.52, recall 0.71; states 55/78; final states 27/38; deadlines 6/10 (before the third round 0.45 / 0.57, after it
  // 0.49 / 0.70). Recall is near the target; precision is far from it. Floors just under it; never tuned on.
  { file: 'test/fixtures/board/timeline-blind-5.json', floors: { precision: 0.5, recall: 0.69, wrongStates: 0.3, wrongFinals: 0.3, deadlines: 0.6 } },
];

describe.each(TIMELINES)('the board on the labelled timeline $file', ({ file, floors }) => {
  const timeline = readTimeline(file);
  const replay = replayTimeline(timeline, registry);

  it('detects events with at least its precision and recall', () => {
    // Prepare
    const labelled: ScoredEvent[] = timeline.items.flatMap((t) =>
      t.expect.events.map(([entryId, type]) => ({ entryId, type: type as EventType, date: t.published.slice(0, 10), itemId: t.id })),
    );
    const detected: ScoredEvent[] = replay.events
      .filter((e) => e.source === 'inferred')
      .map((e) => ({ entryId: e.entryId, type: e.type, date: e.date, itemId: e.evidence.itemId }));
    // Act
    const scores = scoreEvents(labelled, detected);
    console.log(
      [
        `${file}: ${timeline.items.length} items, ${scores.labelled} labelled events, ${scores.detected} detected`,
        `| events | precision | recall |`,
        `|---|---|---|`,
        `| inquiry-watch | ${scores.precision.toFixed(2)} | ${scores.recall.toFixed(2)} |`,
        ...scores.missed.map((m) => `  missed: ${m.itemId} ${m.entryId} ${m.type} ${m.date}`),
        ...scores.falseAlarms.map((m) => `  false alarm: ${m.itemId} ${m.entryId} ${m.type} ${m.date}`),
      ].join('\n'),
    );
    // Assess
    expect(scores.labelled).toBeGreaterThanOrEqual(40);
    expect(scores.precision).toBeGreaterThanOrEqual(floors.precision);
    expect(scores.recall).toBeGreaterThanOrEqual(floors.recall);
  });

  it('leaves each entry in the labelled state after each item', () => {
    // Prepare
    const checks = replay.after.flatMap(({ item, events }) =>
      Object.entries(timeline.items.find((t) => t.id === item.id)!.expect.states).map(([entryId, state]) => ({ item: item.id, entryId, state, events, at: item.published.slice(0, 10) })),
    );
    // Act
    const wrong = checks
      .map((c) => ({ ...c, got: replay.statusAt(c.entryId, c.at, c.events).state }))
      .filter((c) => c.got !== c.state)
      .map((c) => `${c.item} ${c.entryId}: expected ${c.state}, got ${c.got}`);
    console.log(`${file} states: ${checks.length - wrong.length}/${checks.length} right${wrong.length ? `\n  ${wrong.join('\n  ')}` : ''}`);
    // Assess
    expect(wrong.length / checks.length).toBeLessThanOrEqual(floors.wrongStates);
  });

  it('ends in the labelled final states, each with the event that justifies it', () => {
    // Act
    const finals = Object.entries(timeline.final_states).map(([entryId, state]) => ({ entryId, state, status: replay.statusAt(entryId, timeline.at) }));
    // Assess
    const wrong = finals.filter((f) => f.status.state !== f.state).map((f) => `${f.entryId}: expected ${f.state}, got ${f.status.state}`);
    console.log(`${file} final states: ${finals.length - wrong.length}/${finals.length} right${wrong.length ? `\n  ${wrong.join('\n  ')}` : ''}`);
    expect(wrong.length / finals.length).toBeLessThanOrEqual(floors.wrongFinals);
    // No state without evidence: whatever state an entry is in, the event that moved it there names its item,
    // sentence and date.
    for (const { status } of finals.filter((f) => f.status.state !== 'unknown')) {
      const last = status.transitions.at(-1)!;
      const cause = status.events.find((e) => e.id === last.eventId)!;
      expect(cause.evidence.every((ev) => ev.url && ev.sentence && ev.date)).toBe(true);
    }
  });

  it('opens and closes the labelled deadlines', () => {
    // Act
    const results = timeline.deadlines.map((d) => {
      const got = replay.statusAt(d.entry, timeline.at).deadlines;
      if (d.status === 'absent') return { d, problem: got.some((x) => x.id.startsWith('response-')) ? 'a response deadline was opened' : undefined };
      const found = got.find((x) => x.id === d.id || (d.due !== undefined && x.due === d.due));
      const problem = !found
        ? 'not opened'
        : found.status !== d.status
          ? `${found.status}, not ${d.status}`
          : d.due && found.due !== d.due
            ? `due ${found.due}, not ${d.due}`
            : d.met_by && found.metByUrl !== timeline.items.find((t) => t.id === d.met_by)!.url
              ? `met by ${found.metByUrl}`
              : undefined;
      return { d, problem };
    });
    // Assess
    const wrong = results.filter((r) => r.problem).map((r) => `${r.d.entry} ${r.d.id}: ${r.problem}`);
    console.log(`${file} deadlines: ${results.length - wrong.length}/${results.length} right${wrong.length ? `\n  ${wrong.join('\n  ')}` : ''}`);
    expect((results.length - wrong.length) / results.length).toBeGreaterThanOrEqual(floors.deadlines);
  });
});
