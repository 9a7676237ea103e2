import type { TagCorrection } from '../model/item.ts';
import type { Block, DigestItem, EntryInfo, OverflowMenu, RenderedMessage } from '../digest/types.ts';

/**
 * The correction menu on each digest item: "Not about <entry>" and "Confirmed: <entry>". Each option's value names
 * the digest, the item and the entry, so a click can be checked against the delivery ledger (the option must be in
 * the message we posted, in that channel) before anything changes.
 */

export const CORRECT_ACTION_ID = 'iw_correct';

export type Verdict = TagCorrection['verdict'];

export interface ControlValue {
  verdict: Verdict;
  digestId: string;
  itemId: string;
  entryId: string;
}

const VERDICT_CODE: Record<Verdict, string> = { 'not-about': 'n', confirmed: 'c' };
// Slack caps option values at 150 characters; digest ids are `a-`/`r-` + 24 hex, item ids 20 hex.
const VALUE = /^iw1\|([nc])\|([ar]-[0-9a-f]{24})\|([0-9a-f]{20})\|([a-z0-9][a-z0-9-]{0,80})$/;
/** Slack's limit on an option's label. */
const MAX_OPTION_CHARS = 75;

export const encodeControl = (v: ControlValue): string => `iw1|${VERDICT_CODE[v.verdict]}|${v.digestId}|${v.itemId}|${v.entryId}`;

/** The value back, or undefined when it is not one of ours (then the request is refused). */
export function decodeControl(value: string): ControlValue | undefined {
  const m = VALUE.exec(value);
  if (!m) return undefined;
  return { verdict: m[1] === 'n' ? 'not-about' : 'confirmed', digestId: m[2]!, itemId: m[3]!, entryId: m[4]! };
}

const label = (text: string) => ({ type: 'plain_text' as const, text: text.length > MAX_OPTION_CHARS ? `${text.slice(0, MAX_OPTION_CHARS - 1)}…` : text, emoji: true });

/** The menu for one item under one entry; none when the ids do not fit an option value (nothing to click that would be refused). */
export function correctionMenu(digestId: string, item: Pick<DigestItem, 'id'>, entry: EntryInfo): OverflowMenu | undefined {
  const value = (verdict: Verdict) => encodeControl({ verdict, digestId, itemId: item.id, entryId: entry.id });
  if (!decodeControl(value('not-about'))) return undefined;
  return {
    type: 'overflow',
    action_id: CORRECT_ACTION_ID,
    options: [
      { text: label(`✗ Not about ${entry.name}`), value: value('not-about') },
      { text: label(`✓ Confirmed: ${entry.name}`), value: value('confirmed') },
    ],
  };
}

/** The (item, entry) a section's correction menu is for, or undefined for any other block. */
export function controlOf(block: Block): ControlValue | undefined {
  if (block.type !== 'section' || block.accessory?.action_id !== CORRECT_ACTION_ID) return undefined;
  const first = block.accessory.options[0];
  return first ? decodeControl(first.value) : undefined;
}

/** Every (item, entry) a posted message offers corrections for. */
export const controlsIn = (message: RenderedMessage): ControlValue[] => message.blocks.flatMap((b) => controlOf(b) ?? []);
