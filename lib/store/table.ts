/**
 * The single DynamoDB table: key schema and indexes, as plain data.
 *
 * The CDK stack and the embedded database both build the table from this, so local runs, tests and
 * AWS always agree. Which entity uses which index is documented on each entity in `lib/store/entities/`.
 */
export const DEFAULT_TABLE_NAME = 'inquiry-watch';

export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
  /** What the index is for: kept next to the definition so the design reads in one place. */
  purpose: string;
}

export const INDEXES = {
  byKind: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', purpose: 'items of one kind, by published time' },
  bySource: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', purpose: 'items from one source, by published time' },
  byIngest: {
    name: 'gsi3',
    partitionKey: 'gsi3pk',
    sortKey: 'gsi3sk',
    purpose: 'tracked items by the day they were first stored (sparse): feeds alerts and roundups',
  },
} as const satisfies Record<string, IndexDefinition>;

/** DynamoDB TTL attribute (epoch seconds); reads must still filter on it, TTL deletion is lazy. */
export const TTL_ATTRIBUTE = 'expiresAt';
