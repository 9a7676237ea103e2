/**
 * Matched phrases and the neighbourhood questions the classifier asks about them ("is a veto within 25 words?",
 * "is this cue inside a longer name?"). Hits are kept in reading order, and a phrase is at most `maxWords` long, so
 * every question looks only at the hits that start in a bounded window found by binary search: the work per item
 * grows with its text as n log n, never as (hits)², however many matches a long or hostile text holds.
 */
export interface Hit {
  phrase: number;
  /** First and past-last word index. */
  from: number;
  to: number;
  /** Character offset in the folded text. */
  offset: number;
}

/** An index in `hits` (sorted by `from`) at or before the first hit with `from >= at`. */
export function firstFrom(hits: readonly Hit[], at: number): number {
  // Most lists are a handful of hits: reading them from the start is cheaper than halving.
  if (hits.length <= 8) return 0;
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hits[mid]!.from < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether some hit in `hits` (sorted by `from`, each at most `maxWords` long) overlaps the word range [from, to).
 * Only hits starting in [from - maxWords, to) can.
 */
export function someOverlapping(hits: readonly Hit[] | undefined, from: number, to: number, maxWords: number): boolean {
  if (!hits) return false;
  for (let k = firstFrom(hits, from - maxWords); k < hits.length && hits[k]!.from < to; k++) if (hits[k]!.to > from) return true;
  return false;
}

/** Whether a hit in `hits` lies within `window` words of `at`. */
export const within = (hits: readonly Hit[] | undefined, at: Hit, window: number, maxWords: number): boolean =>
  someOverlapping(hits, at.from - window, at.to + window, maxWords);

/** Whether `h` lies inside a longer hit of `hits` (sorted by `from`): only hits starting a phrase's length before can. */
export function insideLonger(h: Hit, hits: readonly Hit[], maxWords: number): boolean {
  for (let k = firstFrom(hits, h.from - maxWords); k < hits.length && hits[k]!.from <= h.from; k++) {
    const o = hits[k]!;
    if (o.to >= h.to && o.to - o.from > h.to - h.from) return true;
  }
  return false;
}
