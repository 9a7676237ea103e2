import { z } from 'zod';
import { KINDS, SOURCE_TYPES, type ItemDraft } from '../model/item.ts';

/** No item the monitor follows was published before this; an earlier date is a feed's mistake (year 1, year −1). */
export const EARLIEST_PUBLISHED = '1990-01-01T00:00:00.000Z';
/** Parliament lists some papers a day or so ahead; anything later than this past the fetch is a feed's mistake. */
export const FUTURE_LIMIT_MS = 2 * 86_400_000;

/** The shape every adapter must hand over; a draft that is not this is an adapter bug or a hostile input. */
const DraftSchema = z.looseObject({
  sourceId: z.string().min(1),
  sourceType: z.enum(SOURCE_TYPES),
  kindHint: z.enum(KINDS).optional(),
  title: z.string(),
  url: z.string(),
  published: z.string().optional(),
  text: z.string(),
  author: z.string().optional(),
  nativeIds: z.record(z.string(), z.string()),
  dedupKeys: z.array(z.string()).min(1),
  attribution: z.string().optional(),
  partial: z.boolean().optional(),
});

/** A draft that cannot become an item. */
export class DraftError extends Error {
  override readonly name = 'DraftError';
}

/**
 * The one check every draft passes before it becomes an item, whatever its source. Its shape is validated (a bad
 * one throws `DraftError`, and the cycle skips just that draft). A published date that is not readable or lies
 * outside 1990 … fetch time + 2 days is dropped, so the item is dated when it was fetched, with a warning; a good
 * one is written in the one form every index sorts by (`yyyy-mm-ddThh:mm:ss.sssZ`). An item dated year −1 would
 * otherwise be stored and alerted, yet sort outside every query's range.
 */
export function checkDraft(draft: ItemDraft, fetched: Date, warnings: string[]): ItemDraft {
  const parsed = DraftSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DraftError(`${issue.path.join('.') || 'draft'}: ${issue.message}`);
  }
  if (draft.published === undefined) return draft;
  const time = Date.parse(draft.published);
  if (Number.isFinite(time) && time >= Date.parse(EARLIEST_PUBLISHED) && time <= fetched.getTime() + FUTURE_LIMIT_MS) {
    return { ...draft, published: new Date(time).toISOString() };
  }
  const why = Number.isFinite(time) ? `is outside ${EARLIEST_PUBLISHED.slice(0, 4)} … 2 days after fetching` : 'is not a readable date';
  warnings.push(`"${draft.title.slice(0, 60)}": published ${JSON.stringify(draft.published.slice(0, 40))} ${why}, using fetch time`);
  const { published: _dropped, ...rest } = draft;
  return rest;
}
