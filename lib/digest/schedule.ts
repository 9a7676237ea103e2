import type { Subscription } from '../config/schema.ts';
import { londonParts, londonWallClockToUtc } from '../util/london-time.ts';

/**
 * When roundups are due. Cadences are wall-clock times in Europe/London, so a "daily at 08:00" roundup
 * stays at 08:00 local across the BST/GMT changes (07:00 UTC in summer, 08:00 UTC in winter).
 */

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** The latest scheduled roundup at or before `now`, or undefined when roundups are off. */
export function latestRoundupSlot(roundup: Subscription['roundup'], now: Date): Date | undefined {
  if (roundup.cadence === 'off') return undefined;
  const [hour, minute] = roundup.at.split(':').map(Number) as [number, number];
  const today = londonParts(now.getTime());
  // Walk back over local dates (at most 8 for weekly) until a slot that is not in the future.
  for (let back = 0; back <= 8; back++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    if (roundup.cadence === 'weekly' && WEEKDAYS[date.getUTCDay()] !== roundup.day) continue;
    const slot = londonWallClockToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute);
    if (slot.getTime() <= now.getTime()) return slot;
  }
  return undefined;
}

/** Due when a slot has passed since the last roundup (a missed slot is caught up once, not once per slot). */
export function isRoundupDue(roundup: Subscription['roundup'], now: Date, lastSlot?: string): { due: boolean; slot?: Date } {
  const slot = latestRoundupSlot(roundup, now);
  if (!slot) return { due: false };
  return { due: !lastSlot || Date.parse(lastSlot) < slot.getTime(), slot };
}

/** How far back a channel's first digest looks: one cadence period for roundups, a day for alerts. */
export function initialLookbackMs(roundup: Subscription['roundup'] | undefined): number {
  if (roundup?.cadence === 'weekly') return 7 * 86_400_000;
  return 86_400_000;
}
