import type { ArchiveReader } from '../query/ports.ts';
import type { Kind } from '../model/item.ts';
import type { RegistryEntry } from '../registry/registry.ts';
import type { BoardView } from './board.ts';

/** The archive as the pages read it: the query port, plus the counters kept at ingest and item texts for exports. */
export interface WebArchive extends ArchiveReader {
  /** One entry's item count and its items per week (Monday, Europe/London) and kind: one record read. */
  entryCounts(entryId: string): Promise<{ items: number; weeks: Map<string, Partial<Record<Kind, number>>> }>;
  /** Current stored text per item id (missing ids are absent). */
  itemTexts(ids: readonly string[]): Promise<Map<string, string>>;
}

export type WebEntry = Pick<RegistryEntry, 'id' | 'type' | 'name' | 'description' | 'related'>;

export interface WebRegistry {
  /** The registry version hash cited on every page. */
  version: string;
  entries: readonly WebEntry[];
}

export interface SourceInfo {
  id: string;
  /** Display name from the config (`name`), else the id. */
  name?: string;
}

export interface WebDeps {
  archive: WebArchive;
  registry: WebRegistry;
  sources: readonly SourceInfo[];
  cursorSecret: string;
  /** Version stamp of the built assets (`?v=`), so browsers never mix an old script with a new page. */
  assetVersion: string;
  /**
   * Base URL cited on pages (`https://archive.example.org`). Without it the loopback server uses the request's
   * own `Host` (which it has already checked is a loopback name).
   */
  publicUrl?: string;
  /** The accountability board, when the deployment has one: states, deadlines and chart markers. */
  board?: BoardView;
  /** Largest export body; beyond it the export asks for a narrower view or the CLI (Lambda responses cap at 6 MB). */
  maxExportBytes?: number;
  /** Whether pages link the JSON API (default true; false when hosted, where it takes only IAM-signed requests). */
  jsonApiLinks?: boolean;
  now?: () => Date;
  onError?: (err: unknown) => void;
}
