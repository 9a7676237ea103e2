import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store.ts';
import type { DeliveryReport } from '../digest/deliver.ts';
import { runDigests, type DigestBoard } from '../digest/run.ts';
import type { DigestSender } from '../digest/ports.ts';
import type { LeaseHolder } from '../lease/holder.ts';
import { failingSourceLabels } from '../digest/source-health.ts';
import type { ArchiveStore } from '../store/ports.ts';
import type { LoadedSetup } from './runtime.ts';

/**
 * After a cycle: alerts for new statements and reports, the board's alerts (state changes, deadlines passed), then
 * any roundup that is due (or all of them with `force`). Nothing to do without subscriptions.
 */
export async function deliverAfterCycle(
  setup: LoadedSetup,
  archive: { client: DynamoDBDocumentClient; tableName: string; store: ArchiveStore },
  sender: DigestSender,
  options: { forceRoundups?: boolean; now?: Date; holder?: LeaseHolder; board?: DigestBoard } = {},
): Promise<DeliveryReport[]> {
  if (setup.config.subscriptions.length === 0) return [];
  return runDigests({
    modes: ['alerts', 'board', 'roundups'],
    config: setup.config,
    registry: setup.registry,
    store: new DynamoDigestStore(archive.client, archive.tableName),
    sender,
    now: options.now ?? new Date(),
    holder: options.holder,
    force: options.forceRoundups,
    failingSources: failingSourceLabels(await archive.store.listSourceStates()),
    board: options.board,
  });
}
