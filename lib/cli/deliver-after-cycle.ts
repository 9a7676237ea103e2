import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDigestStore } from '../adapters/dynamodb/digest-store.ts';
import { deliverDigests, type DeliveryReport } from '../digest/deliver.ts';
import type { DigestSender } from '../digest/ports.ts';
import type { LeaseHolder } from '../lease/holder.ts';
import { failingSourceLabels } from '../digest/source-health.ts';
import type { ArchiveStore } from '../store/ports.ts';
import type { LoadedSetup } from './runtime.ts';

/**
 * After a cycle: alerts for new statements and reports, then any roundup that is due (or all of them with `force`).
 * Nothing to do without subscriptions.
 */
export async function deliverAfterCycle(
  setup: LoadedSetup,
  archive: { client: DynamoDBDocumentClient; tableName: string; store: ArchiveStore },
  sender: DigestSender,
  options: { forceRoundups?: boolean; now?: Date; holder?: LeaseHolder } = {},
): Promise<DeliveryReport[]> {
  if (setup.config.subscriptions.length === 0) return [];
  const store = new DynamoDigestStore(archive.client, archive.tableName);
  const common = { config: setup.config, registry: setup.registry, store, sender, now: options.now ?? new Date(), holder: options.holder };
  const failingSources = failingSourceLabels(await archive.store.listSourceStates());
  return [
    await deliverDigests({ ...common, mode: 'alerts' }),
    await deliverDigests({ ...common, mode: 'roundups', force: options.forceRoundups, failingSources }),
  ];
}
