import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { applyCorrections } from '../../corrections/apply.ts';
import { isTracked, mayExpire, type Classification, type Item } from '../../model/item.ts';
import { ItemRejectedError, type ArchiveStore, type Candidate, type IngestOptions, type IngestResult } from '../../store/ports.ts';
import { AliasEntity } from '../../store/entities/alias-entity.ts';
import { ItemEntity, type OlderVersions } from '../../store/entities/item-entity.ts';
import { MatchEntity } from '../../store/entities/match-entity.ts';
import { SourceStateEntity, type SourceState } from '../../store/entities/source-state-entity.ts';
import { CycleEntity, type CycleRecord } from '../../store/entities/cycle-entity.ts';
import { CountEntity, type WeekCounts } from '../../store/entities/count-entity.ts';
import { capUtf8 } from '../../text/cap.ts';
import { sha256 } from '../../util/hash.ts';
import { londonWeekStart } from '../../util/london-time.ts';
import { batchGetAll, batchWriteAll, keyId } from './batch.ts';
import { queryAll } from './query-all.ts';

/** Keeps every item record far below DynamoDB's 400 KB limit, with room for evidence and metadata. */
export const MAX_TEXT_BYTES = 100_000;
const MAX_TITLE_BYTES = 2_000;
/** Author and native ids come straight from a feed: a hostile or broken one could send hundreds of KB. */
const MAX_FIELD_BYTES = 1_000;
const MAX_TAGS_EACH = 24;
/** Dedup keys and native ids per item: sources send a handful; a broken or hostile one must not grow the record. */
const MAX_KEYS = 32;
const MAX_URL_BYTES = 4_000;

export const itemIdFor = (primaryKey: string): string => sha256(primaryKey).slice(0, 20);
export const contentHashOf = (title: string, text: string, url: string): string => sha256(`${title}\n${url}\n${text}`);

type Write = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };
const put = (Item: Record<string, unknown>): Write => ({ PutRequest: { Item } });

interface Planned {
  candidate: Candidate;
  keys: string[];
}

export class DynamoArchiveStore implements ArchiveStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async ingest(candidates: Candidate[], now?: () => Date, options: IngestOptions = {}): Promise<IngestResult> {
    try {
      return await this.ingestBatch(candidates, now, options);
    } catch (err) {
      // DynamoDB refusing what was sent (not throttling, not an outage): something in these items, not the database.
      if (refusedContent(err)) throw new ItemRejectedError(`DynamoDB refused the write: ${(err as Error).message}`, { cause: err });
      throw err;
    }
  }

  private async ingestBatch(candidates: Candidate[], now: (() => Date) | undefined, options: IngestOptions): Promise<IngestResult> {
    const { planned, duplicates } = mergeWithinBatch(candidates);
    const result: IngestResult = { newItems: [], updatedItems: [], unchanged: 0, duplicates, writeRequests: 0 };
    if (planned.length === 0) return result;

    // One round of reads: every alias, plus the item each candidate would become if it were new
    // (an item written without its aliases by an interrupted run is found this way, not duplicated).
    const aliasKeys = planned.flatMap((p) => p.keys.map((k) => AliasEntity.key(k)));
    const aliases = await batchGetAll(this.client, this.tableName, aliasKeys);
    const resolvedIds = planned.map((p) => {
      for (const k of p.keys) {
        const hit = aliases.get(keyId(AliasEntity.key(k)));
        if (hit) return AliasEntity.fromItem(hit).itemId;
      }
      return itemIdFor(p.keys[0]!);
    });
    const currentRecords = await batchGetAll(this.client, this.tableName, resolvedIds.map((id) => ItemEntity.key(id)));

    const writes: Write[] = [];
    const previous = new Map<string, Item>();
    const storedAt = now?.().toISOString();
    const handled = new Set<string>();
    for (const [i, p] of planned.entries()) {
      const id = resolvedIds[i]!;
      const record = currentRecords.get(keyId(ItemEntity.key(id)));
      const missingAliases = p.keys.filter((k) => !aliases.has(keyId(AliasEntity.key(k))));
      const aliasWrites = missingAliases.map((k) => put(AliasEntity.toItem(k, id)));
      // Two entries sharing no key can still lead to one stored item (one kept the URL, the other the title):
      // the first decides, the second only adds its aliases.
      if (handled.has(id)) {
        result.duplicates++;
        writes.push(...aliasWrites);
        continue;
      }
      handled.add(id);

      if (!record) {
        const item = buildItem(id, p, undefined, storedAt);
        // Aliases last: batches go out in parallel, so an interrupted run may land any of them. Whatever it left,
        // either the item record is missing (the next run writes it all again) or an alias is (repaired below).
        writes.push(put(ItemEntity.toItem(item)), ...MatchEntity.fromArchivedItem(item).map((m) => put(MatchEntity.toItem(m))), ...aliasWrites);
        result.newItems.push(item);
        continue;
      }

      const current = ItemEntity.fromItem(record);
      const next = buildItem(id, p, current, storedAt);
      // Only an item's own source may revise it: the same story from another feed is a duplicate, not an edit,
      // otherwise two feeds with different standfirsts would version the item back and forth forever.
      // Nor does a stand-in text (the full text failed to arrive this time) replace what is stored.
      if (next.contentHash === current.contentHash || current.sourceId !== next.sourceId || p.candidate.draft.partial) {
        // Written by this same poll in an attempt the store refused part-way (same source, same fetch): still new.
        if (options.resumed && current.version === 1 && current.fetched === p.candidate.fetched && current.sourceId === next.sourceId) {
          writes.push(...MatchEntity.fromArchivedItem(current).map((m) => put(MatchEntity.toItem(m))), ...aliasWrites);
          result.newItems.push(current);
          continue;
        }
        result.unchanged++;
        // A missing alias may mean an interrupted write that also lost timeline records: put them again (idempotent).
        if (aliasWrites.length) writes.push(...MatchEntity.fromArchivedItem(current).map((m) => put(MatchEntity.toItem(m))), ...aliasWrites);
        continue;
      }
      if (await this.revise(current, next)) {
        result.writeRequests++;
        writes.push(...aliasWrites);
        result.updatedItems.push(next);
        previous.set(id, current);
      } else {
        result.unchanged++;
      }
    }
    result.writeRequests += await batchWriteAll(this.client, this.tableName, uniqueByKey(writes));
    // Counted only once the items are stored, so a count never runs ahead of the archive.
    const updates = [...countDeltas(result, previous)].flatMap(([entryId, delta]) => countUpdates(this.tableName, entryId, delta));
    await Promise.all(updates.map((update) => this.client.send(update)));
    result.writeRequests += updates.length;
    return result;
  }

  /**
   * A new version in one transaction: the current record (conditional on the version read, so two overlapping runs
   * cannot both bump it), the frozen earlier version, and the timeline records gained and lost. A crash leaves either
   * all of it or none, never a new version whose timelines still show the old tags.
   */
  private async revise(current: Item, next: Item): Promise<boolean> {
    const newMatches = MatchEntity.fromArchivedItem(next);
    const kept = new Set(newMatches.map((m) => keyId(MatchEntity.key(m))));
    const dropped = MatchEntity.fromArchivedItem(current).filter((m) => !kept.has(keyId(MatchEntity.key(m))));
    const TableName = this.tableName;
    // Past the cap, the oldest version kept in full is dropped and counted in the history summary instead.
    const oldest = await this.versionToFold(current);
    const frozen = ItemEntity.toVersionItem(current);
    // An item that starts to expire takes its earlier versions with it, the one frozen now included.
    if (expiresFrom(current, next) && frozen.expiresAt === undefined) frozen.expiresAt = next.expiresAt;
    const skip = new Set([frozen.sk as string, ...(oldest ? [ItemEntity.versionSk(oldest.version), ItemEntity.historyKey(current.id).sk] : [])]);
    const earlier = await earlierVersionsTtl(this.client, TableName, current, next, skip);
    const historyTtl = expiresFrom(current, next) ? next.expiresAt : keptFrom(current, next) ? null : undefined;
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: { TableName, Item: ItemEntity.toItem(next), ...sameRevision(current) },
            },
            { Put: { TableName, Item: frozen } },
            ...earlier.map((u) => ({ Update: u })),
            ...newMatches.map((m) => ({ Put: { TableName, Item: MatchEntity.toItem(m) } })),
            ...dropped.map((m) => ({ Delete: { TableName, Key: MatchEntity.key(m) } })),
            ...(oldest
              ? [
                  { Delete: { TableName, Key: { pk: ItemEntity.pk(current.id), sk: ItemEntity.versionSk(oldest.version) } } },
                  { Update: { TableName, ...ItemEntity.foldIntoHistory(current.id, oldest, historyTtl) } },
                ]
              : []),
          ],
        }),
      );
      return true;
    } catch (err) {
      // Only the revision condition can fail: another run revised (or a person corrected) the item first.
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      throw err;
    }
  }

  async retag(
    current: Item,
    c: Pick<Classification, 'inquiries' | 'commitments' | 'evidence'>,
    stamp: { registryVersion: string; at: string; untrackedExpiresAt?: number },
  ): Promise<Item | undefined> {
    const next: Item = {
      ...current,
      version: current.version + 1,
      inquiries: c.inquiries.slice(0, MAX_TAGS_EACH),
      commitments: c.commitments.slice(0, MAX_TAGS_EACH),
      evidence: boundEvidence(c.evidence),
      registryVersion: stamp.registryVersion,
      retaggedAt: stamp.at,
    };
    // No longer tracked by the new rules: it expires as an item read untracked does (one a person corrected is kept).
    if (mayExpire(next) && stamp.untrackedExpiresAt) next.expiresAt = stamp.untrackedExpiresAt;
    return (await this.revise(current, next)) ? next : undefined;
  }

  /** The earlier version that freezing `current` pushes past `ItemEntity.keptVersions`, if it is stored. */
  private async versionToFold(current: Item): Promise<Pick<Item, 'version' | 'fetched'> | undefined> {
    const version = current.version - ItemEntity.keptVersions;
    if (version < 1) return undefined;
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: ItemEntity.pk(current.id), sk: ItemEntity.versionSk(version) }, ProjectionExpression: 'version, fetched' }),
    );
    return out.Item ? { version: Number(out.Item.version), fetched: String(out.Item.fetched) } : undefined;
  }

  async getItem(id: string): Promise<Item | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: ItemEntity.key(id) }));
    return out.Item ? ItemEntity.fromItem(out.Item) : undefined;
  }

  getItemWithVersions(id: string): Promise<Item[]> {
    return readItemWithVersions(this.client, this.tableName, id);
  }

  async getSourceState(sourceId: string): Promise<SourceState | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: SourceStateEntity.key(sourceId) }));
    return out.Item ? SourceStateEntity.fromItem(out.Item) : undefined;
  }

  async putSourceState(state: SourceState): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: SourceStateEntity.toItem(state) }));
  }

  async listSourceStates(): Promise<SourceState[]> {
    const records = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': SourceStateEntity.pk, ':prefix': SourceStateEntity.skPrefix },
    });
    return records.map((r) => SourceStateEntity.fromItem(r));
  }

  async putCycle(cycle: CycleRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: CycleEntity.toItem(cycle) }));
  }

  async latestCycle(): Promise<CycleRecord | undefined> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CycleEntity.pk },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const record = out.Items?.[0];
    return record ? CycleEntity.fromItem(record) : undefined;
  }
}

/** `next` carries a TTL that `current` did not: the item has just stopped being tracked. */
const expiresFrom = (current: Item, next: Item): boolean => current.expiresAt === undefined && next.expiresAt !== undefined && mayExpire(next);
/** `next` is kept for good where `current` was to expire: tracked again, or corrected by a person. */
const keptFrom = (current: Item, next: Item): boolean => current.expiresAt !== undefined && !mayExpire(next);

/**
 * The updates that keep an item's earlier records (versions kept in full, history summary) from outliving it: when it
 * stops being tracked they get its TTL (those with one of their own, untracked when frozen, keep it); when it is kept
 * for good again, the versions that were tracked lose it. Read only on those changes, and bounded by
 * `ItemEntity.keptVersions`. `skip`: records the caller writes itself in the same transaction.
 */
export async function earlierVersionsTtl(
  client: DynamoDBDocumentClient,
  TableName: string,
  current: Item,
  next: Item,
  skip: ReadonlySet<string> = new Set(),
): Promise<{ TableName: string; Key: Record<string, unknown>; UpdateExpression: string; ExpressionAttributeValues?: Record<string, unknown> }[]> {
  const expiring = expiresFrom(current, next);
  if (current.version < 2 || (!expiring && !keptFrom(current, next))) return [];
  const records = await queryAll(client, {
    TableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': ItemEntity.pk(current.id) },
    ProjectionExpression: 'pk, sk, #type, expiresAt, inquiries, commitments, corrections',
    ExpressionAttributeNames: { '#type': 'type' },
  });
  return records
    .filter((r) => r.sk !== ItemEntity.currentSk && !skip.has(r.sk as string))
    .filter((r) =>
      expiring
        ? r.expiresAt === undefined
        : r.expiresAt !== undefined && (ItemEntity.isHistory(r) || !mayExpire(r as unknown as Item)),
    )
    .map((r) => ({
      TableName,
      Key: { pk: r.pk, sk: r.sk },
      ...(expiring ? { UpdateExpression: 'SET expiresAt = :e', ExpressionAttributeValues: { ':e': next.expiresAt } } : { UpdateExpression: 'REMOVE expiresAt' }),
    }));
}

/** A refusal caused by the request's content: a validation error, or a transaction cancelled for one. */
function refusedContent(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'ValidationException' || err.name === 'SerializationException') return true;
  return err instanceof TransactionCanceledException && (err.CancellationReasons ?? []).some((r) => r.Code === 'ValidationError');
}

/**
 * A write of an item's next state only if it is still the state it was computed from: same version, and no
 * correction made since (a person's verdict must never be overwritten by a revision read before it).
 */
export function sameRevision(current: Pick<Item, 'version' | 'correctionSeq'>) {
  return current.correctionSeq === undefined
    ? { ConditionExpression: 'version = :v AND attribute_not_exists(correctionSeq)', ExpressionAttributeValues: { ':v': current.version } }
    : { ConditionExpression: 'version = :v AND correctionSeq = :seq', ExpressionAttributeValues: { ':v': current.version, ':seq': current.correctionSeq } };
}

/** The last write for each key: BatchWriteItem rejects a batch that names one key twice. */
function uniqueByKey(writes: Write[]): Write[] {
  const byKey = new Map<string, Write>();
  for (const w of writes) {
    const key = 'PutRequest' in w ? (w.PutRequest.Item as { pk: string; sk: string }) : (w.DeleteRequest.Key as { pk: string; sk: string });
    byKey.set(keyId(key), w);
  }
  return [...byKey.values()];
}

/** An item's current version first, then the earlier versions kept in full, newest first: one Query on its partition. */
export async function readItemWithVersions(client: DynamoDBDocumentClient, tableName: string, id: string): Promise<Item[]> {
  return (await readItemHistory(client, tableName, id)).versions;
}

/** The same, with the summary of the earlier versions no longer kept in full (absent until there are any). */
export async function readItemHistory(client: DynamoDBDocumentClient, tableName: string, id: string): Promise<{ versions: Item[]; older?: OlderVersions }> {
  const records = await queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': ItemEntity.pk(id) },
  });
  const history = records.find(ItemEntity.isHistory);
  const versions = records
    .filter((r) => !ItemEntity.isHistory(r))
    .map((r) => ItemEntity.fromItem(r))
    .sort((a, b) => b.version - a.version);
  return history ? { versions, older: ItemEntity.fromHistoryItem(history) } : { versions };
}

export interface CountDelta {
  items: number;
  /** Per week and kind (`CountEntity.weekAttribute`). */
  weeks: WeekCounts;
}

/**
 * +1 per tracked entry of each new item, in its week and kind; on a new version, +1 for entries gained and −1 for
 * entries lost, and the week and kind moved when the published time or kind changed.
 */
function countDeltas(result: IngestResult, previous: Map<string, Item>): Map<string, CountDelta> {
  const deltas = new Map<string, CountDelta>();
  const add = (item: Item, n: number) => {
    const week = CountEntity.weekAttribute(londonWeekStart(item.published), item.kind);
    for (const id of [...item.inquiries, ...item.commitments]) {
      const d = deltas.get(id) ?? { items: 0, weeks: new Map() };
      d.items += n;
      d.weeks.set(week, (d.weeks.get(week) ?? 0) + n);
      deltas.set(id, d);
    }
  };
  for (const item of result.newItems) add(item, 1);
  for (const item of result.updatedItems) {
    add(previous.get(item.id)!, -1);
    add(item, 1);
  }
  for (const [id, d] of deltas) {
    for (const [week, n] of d.weeks) if (n === 0) d.weeks.delete(week);
    if (d.items === 0 && d.weeks.size === 0) deltas.delete(id);
  }
  return deltas;
}

/** Weeks per update: keeps each update expression far below DynamoDB's 4 KB (a backfill can span years). */
const WEEKS_PER_UPDATE = 50;

/** One item's share of an entry's counts (`n` = 1 to add it, −1 to take it away): its total and its week and kind. */
export const itemCountDelta = (item: Pick<Item, 'published' | 'kind'>, n: number): CountDelta => ({
  items: n,
  weeks: new Map([[CountEntity.weekAttribute(londonWeekStart(item.published), item.kind), n]]),
});

/** One update per entry (more only when a batch spans over 50 week-and-kind buckets). */
export function countUpdates(tableName: string, entryId: string, delta: CountDelta): UpdateCommand[] {
  const weeks = [...delta.weeks];
  const chunks = Array.from({ length: Math.max(1, Math.ceil(weeks.length / WEEKS_PER_UPDATE)) }, (_, i) =>
    weeks.slice(i * WEEKS_PER_UPDATE, (i + 1) * WEEKS_PER_UPDATE),
  );
  return chunks.map((chunk, i) => {
    const names: Record<string, string> = { '#items': 'items', '#entryId': 'entryId', '#type': 'type' };
    const values: Record<string, unknown> = { ':n': i === 0 ? delta.items : 0, ':id': entryId, ':type': 'count' };
    const adds = ['#items :n'];
    chunk.forEach(([attr, n], j) => {
      names[`#w${j}`] = attr;
      values[`:w${j}`] = n;
      adds.push(`#w${j} :w${j}`);
    });
    return new UpdateCommand({
      TableName: tableName,
      Key: CountEntity.key(entryId),
      UpdateExpression: `ADD ${adds.join(', ')} SET #entryId = :id, #type = :type`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  });
}

const boundEvidence = (evidence: Classification['evidence']) => evidence.slice(0, 25).map((e) => ({ ...e, phrases: e.phrases.slice(0, 10) }));

/**
 * The same story twice in one batch (two feeds, or a feed repeating a guid) becomes one candidate: the first
 * wins, and the later ones' extra keys are added to it so they are aliased too.
 */
function mergeWithinBatch(candidates: Candidate[]): { planned: Planned[]; duplicates: number } {
  const planned: Planned[] = [];
  const owner = new Map<string, Planned>();
  let duplicates = 0;
  for (const candidate of candidates) {
    const keys = [...new Set(candidate.draft.dedupKeys.filter(Boolean))].slice(0, MAX_KEYS);
    if (keys.length === 0) continue;
    const existing = keys.map((k) => owner.get(k)).find(Boolean);
    if (existing) {
      duplicates++;
      for (const k of keys) {
        if (!owner.has(k)) {
          existing.keys.push(k);
          owner.set(k, existing);
        }
      }
      continue;
    }
    const p: Planned = { candidate, keys };
    planned.push(p);
    for (const k of keys) owner.set(k, p);
  }
  return { planned, duplicates };
}

/**
 * `storedAt` (when this ingest writes) rather than the poll's start is the item's `firstSeen`: digests read the
 * ingest index by it, and a time earlier than the write would let a concurrent roundup read past the item.
 * Without a clock (a caller storing items by hand) the candidate's fetch time stands in.
 */
function buildItem(id: string, { candidate, keys }: Planned, current: Item | undefined, storedAt: string | undefined): Item {
  const { draft, classification, fetched, quiet } = candidate;
  const now = storedAt ?? fetched;
  const title = capUtf8(draft.title, MAX_TITLE_BYTES);
  const text = capUtf8(draft.text, MAX_TEXT_BYTES);
  const item: Item = {
    id,
    sourceId: draft.sourceId,
    sourceType: draft.sourceType,
    kind: classification.kind,
    title,
    url: capUtf8(draft.url, MAX_URL_BYTES),
    published: draft.published ?? current?.published ?? fetched,
    fetched,
    firstSeen: current?.firstSeen ?? now,
    text,
    author: draft.author === undefined ? undefined : capUtf8(draft.author, MAX_FIELD_BYTES),
    nativeIds: Object.fromEntries(
      Object.entries(draft.nativeIds)
        .slice(0, MAX_KEYS)
        .map(([k, v]) => [capUtf8(k, 100), capUtf8(String(v), MAX_FIELD_BYTES)]),
    ),
    dedupKeys: [...new Set([...(current?.dedupKeys ?? []), ...keys].map(AliasEntity.storedKey))].slice(0, 4 * MAX_KEYS),
    attribution: draft.attribution === undefined ? undefined : capUtf8(draft.attribution, MAX_FIELD_BYTES),
    contentHash: contentHashOf(title, text, draft.url),
    version: current ? current.version + 1 : 1,
    // Bounded so a revision (item, old version, timelines gained and lost) fits one 100-action transaction.
    inquiries: classification.inquiries.slice(0, MAX_TAGS_EACH),
    commitments: classification.commitments.slice(0, MAX_TAGS_EACH),
    evidence: boundEvidence(classification.evidence),
  };
  if (draft.stage) item.stage = draft.stage;
  // People's corrections outlive every re-classification.
  if (current?.corrections) Object.assign(item, applyCorrections(item, current.corrections), { corrections: current.corrections, correctionSeq: current.correctionSeq });
  // Untracked items expire (TTL); tracked ones, and those a person corrected, are kept for good.
  if (mayExpire(item) && candidate.untrackedExpiresAt) item.expiresAt = candidate.untrackedExpiresAt;
  // A record that reached a new stage (a holding answer now answered) is news again. Stages are compared only when
  // both versions have one, so items stored before stages existed do not all come back.
  const restaged = current?.stage !== undefined && draft.stage !== undefined && current.stage !== draft.stage;
  // Quiet is decided when an item is first stored: a backfill revising a live item must not silence it. Only a live
  // poll that finds a new stage makes a quietly archived item (seeded, backfilled) reach the digests.
  if (current ? current.quiet && !(restaged && !quiet) : quiet) item.quiet = true;
  // An item that only now matches a tracked entry (a retitled story, a corrected record), or reached a new stage,
  // enters the digests now.
  const trackedAt =
    restaged && isTracked(item) ? now : (current?.trackedAt ?? (current && !isTracked(current) && isTracked(item) ? now : undefined));
  if (trackedAt) item.trackedAt = trackedAt;
  return item;
}
