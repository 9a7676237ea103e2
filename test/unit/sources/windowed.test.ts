import { describe, expect, it } from 'vitest';
import { SourceSchema, type SourceConfigOf } from '../../../lib/config/schema.ts';
import type { HttpClient } from '../../../lib/http/types.ts';
import { londonToUtc, PollStats, pollWindow, readPages, weekdaysBack, writtenStatementKey, type WindowedSource } from '../../../lib/sources/windowed.ts';
import { chunkRange, BackfillError } from '../../../lib/pipeline/backfill.ts';
import type { PollContext } from '../../../lib/sources/types.ts';
import { listRanges } from '../../../lib/sources/stream.ts';

const noHttp: HttpClient = { get: () => Promise.reject(new Error('no HTTP in unit tests')) };
const source = SourceSchema.parse({ id: 'ws', type: 'written-statements', overlapDays: 2 }) as SourceConfigOf<'written-statements'>;
const ctx = (over: Partial<PollContext<WindowedSource>> = {}): PollContext<WindowedSource> => ({
  source,
  state: undefined,
  http: noHttp,
  now: new Date('2025-06-20T12:00:00Z'),
  searchTerms: [],
  ...over,
});

describe('pollWindow', () => {
  it('reaches back overlapDays from now on the first poll', () => {
    // Prepare
    const c = ctx();
    // Act
    const w = pollWindow(c);
    // Assess
    expect(w).toEqual({ since: new Date('2025-06-18T12:00:00Z'), until: new Date('2025-06-20T12:00:00Z') });
  });

  it('starts overlapDays before the end of the last polled window', () => {
    // Prepare
    const c = ctx({ state: { sourceId: 'ws', consecutiveFailures: 0, itemsStored: 0, cursor: { windowEnd: '2025-06-10T00:00:00.000Z' } } });
    // Act
    const w = pollWindow(c);
    // Assess
    expect(w.since.toISOString()).toBe('2025-06-08T00:00:00.000Z');
  });

  it('uses the window a backfill passes, unchanged', () => {
    // Prepare
    const window = { since: new Date('2024-01-01T00:00:00Z'), until: new Date('2024-01-07T23:59:59.999Z') };
    // Act
    const w = pollWindow(ctx({ window }));
    // Assess
    expect(w).toBe(window);
  });

  it('reaches back three sitting days over a weekend', () => {
    // Prepare: Monday 23 June 2025
    const monday = new Date('2025-06-23T10:00:00Z');
    // Act
    const since = weekdaysBack(monday, 3);
    // Assess
    expect(since.toISOString()).toBe('2025-06-18T00:00:00.000Z');
  });
});

describe('londonToUtc', () => {
  it('reads a zone-less Parliament date-time in summer as BST', () => {
    // Prepare
    const local = '2025-06-16T09:30:00';
    // Act
    const utc = londonToUtc(local);
    // Assess
    expect(utc).toBe('2025-06-16T08:30:00.000Z');
  });

  it('keeps a bare sitting date on its own calendar day, not the evening before', () => {
    expect([londonToUtc('2025-06-16T00:00:00'), londonToUtc('2025-06-16')]).toEqual(['2025-06-16T00:00:00.000Z', '2025-06-16T00:00:00.000Z']);
  });

  it('reads a winter date as GMT and keeps an explicit offset', () => {
    // Prepare
    const winter = '2025-01-14T10:30:00';
    // Act
    const results = [londonToUtc(winter), londonToUtc('2025-06-16T15:30:00.000+01:00'), londonToUtc('not a date'), londonToUtc(null)];
    // Assess
    expect(results).toEqual(['2025-01-14T10:30:00.000Z', '2025-06-16T14:30:00.000Z', undefined, undefined]);
  });
});

describe('writtenStatementKey', () => {
  it('gives the same key for titles that differ only in case, punctuation and dashes', () => {
    // Prepare
    const a = 'Casey Audit: Government Response';
    const b = 'casey audit – government response';
    // Act
    const keys = [writtenStatementKey('2025-06-17', 4370, a), writtenStatementKey('2025-06-17', 4370, b)];
    // Assess
    expect(keys[0]).toBe('wms:2025-06-17:m4370:casey audit government response');
    expect(keys[1]).toBe(keys[0]);
  });
});

describe('chunkRange', () => {
  it('splits an inclusive range into weeks with a short last chunk', () => {
    // Prepare
    const [since, until] = ['2025-06-01', '2025-06-16'];
    // Act
    const chunks = chunkRange(since, until, 'week');
    // Assess
    expect(chunks.map((c) => `${c.since}..${c.until}`)).toEqual(['2025-06-01..2025-06-07', '2025-06-08..2025-06-14', '2025-06-15..2025-06-16']);
    expect(chunks[2]!.window.until.toISOString()).toBe('2025-06-16T23:59:59.999Z');
  });

  it('rejects a reversed or malformed range with a message naming the option', () => {
    // Prepare
    const attempts = [() => chunkRange('2025-06-10', '2025-06-01', 'day'), () => chunkRange('June 1', '2025-06-01', 'day')];
    // Act
    const errors = attempts.map((a) => {
      try {
        a();
        return undefined;
      } catch (err) {
        return err as Error;
      }
    });
    // Assess
    expect(errors[0]).toBeInstanceOf(BackfillError);
    expect(errors[0]!.message).toBe('--until (2025-06-01) is before --since (2025-06-10)');
    expect(errors[1]!.message).toBe('--since: "June 1" is not a date (yyyy-mm-dd)');
  });

  it('refuses an impossible day, a start before the archive\'s earliest date and an end in the future', () => {
    // Prepare: 2025-02-30 was read as 2 March; 1985 items would be dated the day they were fetched; a mistyped
    // year would be thousands of requests for days that have not happened
    const now = new Date('2025-06-16T12:00:00Z');
    const attempt = (since: string, until: string) => () => chunkRange(since, until, 'week', now);
    // Act, Assess
    // (the messages every date flag gives, from the shared check)
    expect(attempt('2025-02-30', '2025-03-10')).toThrow('--since: "2025-02-30" is not a date: February 2025 has 28 days');
    expect(attempt('2025-06-01', '2025-04-31')).toThrow('--until: "2025-04-31" is not a date: April 2025 has 30 days');
    expect(attempt('2025-13-01', '2025-12-31')).toThrow('--since: "2025-13-01" is not a date: there is no month 13');
    expect(attempt('1985-01-01', '1990-02-01')).toThrow('--since (1985-01-01) is before 1990-01-01: the archive keeps no earlier dates');
    expect(attempt('2025-06-01', '2205-06-01')).toThrow('--until (2205-06-01) is in the future: nothing has been published there yet');
    const widest = attempt('1990-01-01', '2025-06-18')();
    expect([widest[0]!.since, widest.at(-1)!.until]).toEqual(['1990-01-01', '2025-06-18']);
  });
});

describe('search request budget', () => {
  it('stops a poll at maxSearchRequests pages over all terms, and says where', async () => {
    // Prepare: 1,000 terms of one page each (5,001 registry entries made 25,007 requests in one poll)
    const c = ctx({ source: SourceSchema.parse({ id: 'ws', type: 'written-statements', maxSearchRequests: 40 }) as SourceConfigOf<'written-statements'> });
    const stats = new PollStats(c);
    let requests = 0;
    // Act
    for (let term = 0; term < 1000; term++) {
      await readPages(c.source, stats, `statements "term ${term}"`, async () => {
        requests++;
        return { items: [term], total: 1 };
      });
    }
    // Assess
    expect(requests).toBe(40);
    expect(stats.warnings).toEqual([
      'search budget of 40 requests spent: statements "term 40" and the queries after it wait for the next poll (raise maxSearchRequests or trim searchTerms)',
    ]);
  });

  it('defaults to 200 search requests per poll', () => {
    expect(source.maxSearchRequests).toBe(200);
  });
});

describe('listRanges', () => {
  const window = { since: new Date('2025-06-16T09:00:00Z'), until: new Date('2025-06-18T23:00:00Z') };

  it('lists the days of a live poll newest first, so a spent budget leaves the days earlier polls read', () => {
    // Act
    const ranges = listRanges(ctx(), window, true);
    // Assess
    expect(ranges).toEqual([['2025-06-18', '2025-06-18'], ['2025-06-17', '2025-06-17'], ['2025-06-16', '2025-06-16']]);
  });

  it('lists the days of a backfill oldest first, in the order of its chunks', () => {
    // Act
    const ranges = listRanges(ctx({ window }), window, true);
    // Assess
    expect(ranges).toEqual([['2025-06-16', '2025-06-16'], ['2025-06-17', '2025-06-17'], ['2025-06-18', '2025-06-18']]);
  });

  it('asks a search-read window in one range', () => {
    expect(listRanges(ctx(), window, false)).toEqual([['2025-06-16', '2025-06-18']]);
  });
});
