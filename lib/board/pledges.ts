import { normaliseSentence } from './cues.ts';
import { londonDate, promisedDate } from './dates.ts';
import { asksQuestion, isHolding, readsSpeakers, type DetectableItem } from './detect.ts';
import type { MentionMatcher } from './mentions.ts';
import type { PledgeCandidate } from './ports.ts';
import { splitSentences } from './sentences.ts';

/**
 * Candidate commitments: sentences in statements, government responses and answers where the government promises
 * something ("we will…", "the Government will…", "by…", "within…") that no tracked commitment names yet. A
 * person judges them (`registry suggest`); nothing is tracked until they accept one.
 */

/** The government speaking ("I will make a statement", "I will give way" are the House's business, not promises). */
const PLEDGE = /\b(we|the government|government|ministers?|the department|the home office)\b[^.]{0,40}\b(will|shall|are committed to|is committed to|have committed to|pledge to|promise to|intend to)\b\s+(?!not\b|be able\b|continue to consider\b|keep\b|set out\b|respond\b|write\b|update the house\b|look at\b|make a statement\b|give way\b|come to\b|say\b|return to\b|reply\b)/;
const NOT_A_PLEDGE = /\b(if|whether|would|could|should|calls? (on|for)|urg(e|es|ed)|will not|won't)\b/;
const FROM_GOVERNMENT = new Set(['statement', 'question', 'report']);
/** A statement's promises are few; a long document's list is cut here so one item cannot flood the list. */
const MAX_PER_ITEM = 10;

export function findPledges(item: DetectableItem, mentions: MentionMatcher, commitmentIds: ReadonlySet<string>): PledgeCandidate[] {
  const tracked = [...item.inquiries, ...item.commitments];
  // Official words only: a news report of a promise points at the statement that made it.
  if (tracked.length === 0 || isHolding(item) || !(FROM_GOVERNMENT.has(item.kind) || FROM_GOVERNMENT.has(item.sourceType) || item.sourceType === 'hansard')) return [];
  const date = londonDate(item.published);
  const out: PledgeCandidate[] = [];
  for (const s of splitSentences(item.title, item.text, { speakers: readsSpeakers(item) })) {
    if (s.inTitle || asksQuestion(s)) continue;
    const n = normaliseSentence(s.text);
    if (!PLEDGE.test(n) || NOT_A_PLEDGE.test(n)) continue;
    // Already tracked: the board follows it as an event of that commitment.
    if ([...mentions.mentions(s.text).keys()].some((id) => commitmentIds.has(id))) continue;
    const due = promisedDate(s.text, date);
    out.push({
      id: `${item.id}-${s.index}`,
      sentence: s.text,
      who: item.author?.trim() || 'the Government',
      date,
      ...(due ? { due: due.due, duePhrase: due.phrase } : {}),
      itemId: item.id,
      url: item.url,
      title: item.title,
      entryIds: tracked,
      status: 'new',
    });
    if (out.length >= MAX_PER_ITEM) break;
  }
  return out;
}
