import { readFileSync } from 'node:fs';
import { classify, compileRegistry } from '../../../lib/classify/classifier.ts';
import type { Item, SourceType } from '../../../lib/model/item.ts';
import type { Registry } from '../../../lib/registry/registry.ts';
import { EventDetector, type CommitteeResponse } from '../../../lib/board/detect.ts';
import { deriveStatus } from '../../../lib/board/derive.ts';
import { boardEntries, registryEvents } from '../../../lib/board/entries.ts';
import { responseEvents } from '../../../lib/board/link.ts';
import { DEFAULT_BOARD_OPTIONS, type BoardEvent, type EntryStatus } from '../../../lib/board/types.ts';

/** The labelled timeline's file format (see test/fixtures/board/timeline.json). */
export interface TimelineItem {
  id: string;
  published: string;
  source_id: string;
  source_type: SourceType;
  title: string;
  url: string;
  author?: string;
  native_ids?: Record<string, string>;
  text: string;
  expect: { events: [string, string][]; states: Record<string, string> };
  note?: string;
}

export interface Timeline {
  at: string;
  items: TimelineItem[];
  final_states: Record<string, string>;
  deadlines: { entry: string; id: string; due?: string; status: string; met_by?: string }[];
}

export const readTimeline = (file: string): Timeline => JSON.parse(readFileSync(file, 'utf8')) as Timeline;

/** A timeline item as the pipeline would have stored it: classified with the registry, first seen when published. */
export function toItem(t: TimelineItem, compiled: ReturnType<typeof compileRegistry>): Item {
  const c = classify({ title: t.title, text: t.text, sourceUrl: t.url, sourceType: t.source_type, published: t.published }, compiled);
  return {
    id: t.id,
    sourceId: t.source_id,
    sourceType: t.source_type,
    kind: c.kind,
    title: t.title,
    url: t.url,
    published: t.published,
    fetched: t.published,
    firstSeen: t.published,
    text: t.text,
    author: t.author,
    nativeIds: t.native_ids ?? {},
    dedupKeys: [`url:${t.url}`],
    contentHash: t.id,
    version: 1,
    inquiries: c.inquiries,
    commitments: c.commitments,
    evidence: c.evidence,
  };
}

export interface Replay {
  /** After each item (in date order): every event known so far. */
  after: { item: Item; events: BoardEvent[] }[];
  events: BoardEvent[];
  statusAt(entryId: string, at: string, events?: BoardEvent[]): EntryStatus;
}

/**
 * Runs the timeline through classification and detection item by item, linking committee responses to the
 * reports they answer as the store does, and derives states from the events known at each point.
 */
export function replayTimeline(timeline: Timeline, registry: Registry): Replay {
  const compiled = compileRegistry(registry);
  const detector = new EventDetector(registry);
  const entries = new Map(boardEntries(registry).map((e) => [e.id, e]));
  const events: BoardEvent[] = [...registryEvents(registry)];
  const responses: CommitteeResponse[] = [];
  const after: Replay['after'] = [];
  const add = (list: BoardEvent[]) => {
    for (const e of list) if (!events.some((x) => x.id === e.id)) events.push(e);
  };
  for (const t of [...timeline.items].sort((a, b) => a.published.localeCompare(b.published))) {
    const item = toItem(t, compiled);
    const detection = detector.detect(item);
    add(detection.events);
    if (detection.response) responses.push(detection.response);
    for (const r of responses) add(responseEvents(r, events));
    after.push({ item, events: [...events] });
  }
  return {
    after,
    events,
    statusAt: (entryId, at, list = events) =>
      deriveStatus(entries.get(entryId)!, list.filter((e) => e.entryId === entryId), [], at, DEFAULT_BOARD_OPTIONS),
  };
}
