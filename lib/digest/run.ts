import { deliverDigests, type DeliverOptions, type DeliveryReport } from './deliver.ts';
import type { BoardFeed } from './ports.ts';
import type { DigestMode } from './types.ts';

/** What a digest run needs of the accountability board: notice what changed, then feed it to digests. */
export interface DigestBoard {
  notice(now: Date): Promise<unknown>;
  feed(): BoardFeed;
}

export interface DigestRunOptions extends Omit<DeliverOptions, 'mode' | 'board'> {
  modes: readonly DigestMode[];
  board?: DigestBoard;
}

/**
 * One digest run, as the CLI and the digest function make it: first the board notices state changes and deadlines
 * that passed (time alone can make a response overdue, so this runs after every poll and on every schedule, not
 * only when items arrive), then each mode in order through the delivery ledger. A dry run notices nothing (it
 * records nothing) and previews what is already noticed.
 */
export async function runDigests(options: DigestRunOptions): Promise<DeliveryReport[]> {
  const { modes, board, ...rest } = options;
  if (board && !options.dryRun && (modes.includes('board') || modes.includes('roundups'))) await board.notice(options.now ?? new Date());
  const reports: DeliveryReport[] = [];
  const feed = board?.feed();
  for (const mode of modes) reports.push(await deliverDigests({ ...rest, mode, board: feed }));
  return reports;
}
