import { sha256 } from '../../util/hash.ts';

/**
 * A de-duplication key (`guid:…`, `url:…`, `title:…`, `wms:…`) pointing at the item it identifies.
 * `pk = KEY#<key>` (hashed when long, DynamoDB keys cap at 2 KB), `sk = KEY`.
 */
export const AliasEntity = {
  /** The key as stored (on the alias and in the item's `dedupKeys`): long ones hashed. */
  storedKey: (dedupKey: string) => (dedupKey.length > 400 ? `sha256:${sha256(dedupKey)}` : dedupKey),
  pk: (dedupKey: string) => `KEY#${AliasEntity.storedKey(dedupKey)}`,
  sk: 'KEY',
  key: (dedupKey: string) => ({ pk: AliasEntity.pk(dedupKey), sk: AliasEntity.sk }),
  toItem: (dedupKey: string, itemId: string) => ({ ...AliasEntity.key(dedupKey), type: 'alias', itemId }),
  fromItem: (record: Record<string, unknown>) => ({ itemId: String(record.itemId) }),
};
