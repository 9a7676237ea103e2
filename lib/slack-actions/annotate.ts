import { escapeMrkdwn, truncate } from '../digest/mrkdwn.ts';
import { blockChars, context, londonTime, SLACK_LIMITS, type RenderLimits } from '../digest/render.ts';
import type { Block, RenderedMessage } from '../digest/types.ts';
import type { TagCorrection } from '../model/item.ts';
import { controlOf } from './controls.ts';

/**
 * A posted digest message as it should read after people's corrections: under each corrected item, what was
 * decided, by whom and when. Always rebuilt from the message as first posted (kept in the delivery ledger) and
 * every correction in force, so two corrections on one message both show, whatever order their updates land in.
 */

export const correctionKey = (itemId: string, entryId: string) => `${itemId}|${entryId}`;

/** Slack user ids only (validated at the door): a mention, never free text that could become one. */
const mention = (userId: string) => (/^[UW][A-Z0-9]{2,40}$/.test(userId) ? `<@${userId}>` : 'someone');

export function correctionNote(c: TagCorrection, entryName: string): string {
  const what = c.verdict === 'not-about' ? `:x: Not about *${escapeMrkdwn(entryName)}*` : `:white_check_mark: Confirmed: *${escapeMrkdwn(entryName)}*`;
  return `${what}, marked by ${mention(c.by)} on ${londonTime(c.at)}`;
}

export function annotateMessage(
  message: RenderedMessage,
  corrections: ReadonlyMap<string, TagCorrection>,
  entryName: (id: string) => string,
  limits: RenderLimits = SLACK_LIMITS,
): RenderedMessage {
  let chars = message.blocks.reduce((n, b) => n + blockChars(b), 0);
  let untold = 0;
  const blocks = message.blocks.map((block): Block => {
    const control = controlOf(block);
    const c = control && corrections.get(correctionKey(control.itemId, control.entryId));
    if (!c || block.type !== 'section') return block;
    const note = correctionNote(c, entryName(control.entryId));
    // A message near Slack's size limit keeps its text; the correction is then only counted below.
    if (chars + note.length + 1 > limits.maxMessageChars - 200) {
      untold++;
      return block;
    }
    chars += note.length + 1;
    const text = `${truncate(block.text.text, limits.maxSectionChars - note.length - 1)}\n${note}`;
    return { ...block, text: { ...block.text, text } };
  });
  if (untold && blocks.length < limits.maxBlocks) blocks.push(context(`${untold} more correction${untold === 1 ? '' : 's'} on this message (see \`inquiry-watch feedback\`).`, limits));
  return { ...message, blocks };
}
