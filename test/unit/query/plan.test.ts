import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../lib/query/cursor.ts';
import { QueryParamError } from '../../../lib/query/errors.ts';
import { nextCursor, planItemsQuery, type RawParams } from '../../../lib/query/plan.ts';

const ctx = { entryIds: ['casey-audit', 'national-inquiry'], cursorSecret: 'test-secret' };
const fails = (params: RawParams): QueryParamError => {
  try {
    planItemsQuery(params, ctx);
  } catch (err) {
    if (err instanceof QueryParamError) return err;
    throw err;
  }
  throw new Error('expected a QueryParamError');
};

describe('planItemsQuery', () => {
  it('reads a tracked entry from its timeline and filters the rest', () => {
    // Act
    const plan = planItemsQuery({ tracked: 'casey-audit', kind: 'statement', source: 'wms', from: '2025-06-01' }, ctx);
    // Assess
    expect(plan.access).toEqual({ by: 'tracked', value: 'casey-audit' });
    expect(plan.filter).toEqual({ kind: 'statement', sourceId: 'wms' });
    expect(plan.range.lo).toBe('2025-05-31T23:00:00.000Z');
    expect(plan.limit).toBe(50);
  });

  it('prefers the source index over the kind index when both are given', () => {
    // Act
    const plan = planItemsQuery({ kind: 'news', source: 'bbc-politics' }, ctx);
    // Assess
    expect(plan.access).toEqual({ by: 'source', value: 'bbc-politics' });
    expect(plan.filter).toEqual({ kind: 'news' });
  });

  it('makes a bare "to" date include that whole London day and every item at its last instant', () => {
    // Act: 30 June is in British Summer Time, so the day ends at 23:00 UTC
    const plan = planItemsQuery({ kind: 'report', to: '2025-06-30' }, ctx);
    // Assess
    expect(plan.range.hi > '2025-06-30T22:59:59.999Z#ffffffffffffffffffff').toBe(true);
    expect(plan.range.hi < '2025-06-30T23:00:00.000Z').toBe(true);
    expect(plan.query.to).toBe('2025-06-30T22:59:59.999Z');
  });

  it('reads bare dates as London days: UTC in winter, and 23 or 25 hours on the days the clocks change', () => {
    // Act
    const winter = planItemsQuery({ kind: 'report', from: '2025-01-15', to: '2025-01-15' }, ctx).query;
    const spring = planItemsQuery({ kind: 'report', from: '2025-03-30', to: '2025-03-30' }, ctx).query;
    const autumn = planItemsQuery({ kind: 'report', from: '2025-10-26', to: '2025-10-26' }, ctx).query;
    // Assess
    expect(winter).toMatchObject({ from: '2025-01-15T00:00:00.000Z', to: '2025-01-15T23:59:59.999Z' });
    expect(spring).toMatchObject({ from: '2025-03-30T00:00:00.000Z', to: '2025-03-30T22:59:59.999Z' });
    expect(autumn).toMatchObject({ from: '2025-10-25T23:00:00.000Z', to: '2025-10-26T23:59:59.999Z' });
  });

  it.each([
    ['to', '9999-12-31T23:59-14:00'],
    ['from', '9999-12-31T23:59-14:00'],
    ['to', '1000-01-01T00:00+14:00'],
    ['from', '0000-01-01'],
    ['from', '0050-06-01'],
  ] as const)('refuses %s=%s, whose year falls outside 1000 to 9999, rather than reading a range that sorts wrong', (param, value) => {
    // Act
    const err = fails({ kind: 'news', [param]: value });
    // Assess
    expect(err.param).toBe(param);
    expect(err.message).toBe(`${param}: "${value}" is outside the years 1000 to 9999`);
  });

  it('accepts the widest range it allows', () => {
    // Act
    const plan = planItemsQuery({ kind: 'news', from: '1000-01-01', to: '9999-12-31T23:59:59.999Z' }, ctx);
    // Assess: before 1847 London kept local mean time, 75 seconds behind Greenwich
    expect(plan.range.lo).toBe('1000-01-01T00:01:15.000Z');
    expect(plan.query.to).toBe('9999-12-31T23:59:59.999Z');
  });

  it('normalises ISO times with offsets to UTC', () => {
    // Act
    const plan = planItemsQuery({ kind: 'report', from: '2025-06-16T10:30:00+01:00' }, ctx);
    // Assess
    expect(plan.query.from).toBe('2025-06-16T09:30:00.000Z');
  });

  it.each([
    [{ tracked: 'no-such-entry' }, 'tracked', /unknown entry "no-such-entry".*casey-audit/],
    [{ kind: 'opinion' }, 'kind', /unknown kind "opinion"/],
    [{ kind: 'news', from: '2025-13-01' }, 'from', /not a date/],
    [{ kind: 'news', from: '2025-02-30' }, 'from', /not a date/],
    [{ kind: 'news', from: '2025-02-30T10:00:00Z' }, 'from', /^from: "2025-02-30T10:00:00Z" is not a date: February 2025 has 28 days$/],
    [{ kind: 'news', to: '2025-06-16T24:00:00Z' }, 'to', /24:00:00 is not a time of day/],
    [{ kind: 'news', to: 'yesterday' }, 'to', /not a date/],
    [{ kind: 'news', from: '2025-07-01', to: '2025-06-01' }, 'from', /after to/],
    [{ kind: 'news', limit: '501' }, 'limit', /over the maximum of 500/],
    [{ kind: 'news', limit: '0' }, 'limit', /whole number/],
    [{ kind: 'news', limit: '2.5' }, 'limit', /whole number/],
    [{ kind: 'news', cursor: 'garbage' }, 'cursor', /malformed/],
    [{ kind: 'news', colour: 'red' }, 'colour', /unknown parameter "colour"/],
    [{ source: 'BBC News' }, 'source', /not a source id/],
  ] as [RawParams, string, RegExp][])('refuses %o with a message about %s', (params, param, message) => {
    // Act
    const err = fails(params);
    // Assess
    expect(err.param).toBe(param);
    expect(err.message).toMatch(message);
  });

  it('refuses a query with no tracked entry, kind or source rather than scanning', () => {
    // Act
    const err = fails({ from: '2025-06-01' });
    // Assess
    expect(err.message).toMatch(/at least one of tracked, kind or source/);
  });

  it('resumes from its own cursor and refuses a cursor from another query', () => {
    // Prepare
    const first = planItemsQuery({ tracked: 'casey-audit', from: '2025-06-01' }, ctx);
    const cursor = nextCursor(first, '2025-06-20T10:00:00.000Z#abc', ctx.cursorSecret);
    // Act
    const second = planItemsQuery({ tracked: 'casey-audit', from: '2025-06-01', cursor, limit: '10' }, ctx);
    const foreign = fails({ tracked: 'national-inquiry', from: '2025-06-01', cursor });
    // Assess
    expect(second.start).toBe('2025-06-20T10:00:00.000Z#abc');
    expect(foreign.message).toMatch(/different query/);
  });

  it('refuses a cursor whose contents were altered', () => {
    // Prepare
    const plan = planItemsQuery({ kind: 'news' }, ctx);
    const cursor = nextCursor(plan, '2025-06-20T10:00:00.000Z#abc', ctx.cursorSecret);
    const [, mac] = cursor.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ v: 1, p: '2030-01-01T00:00:00.000Z#zzz', f: plan.fingerprint })).toString('base64url');
    // Act
    const err = fails({ kind: 'news', cursor: `${forgedBody}.${mac}` });
    const otherKey = fails({ kind: 'news', cursor: encodeCursor('2025-06-20T10:00:00.000Z#abc', plan.fingerprint, 'another-secret') });
    // Assess
    expect(err.message).toMatch(/integrity check/);
    expect(otherKey.message).toMatch(/integrity check/);
  });
  it('refuses a correctly signed cursor whose start key is not a store position or lies outside the query', () => {
    // Prepare: signed with the right key (locally the public development key), so only the contents can tell
    const plan = planItemsQuery({ kind: 'news', from: '2025-06-01', to: '2025-06-30' }, ctx);
    const signed = (position: string) => encodeCursor(position, plan.fingerprint, ctx.cursorSecret);
    const params = { kind: 'news', from: '2025-06-01', to: '2025-06-30' };
    // Act
    const errors = ['x#y', 'ITEM#abc#def', '2025-06-20T10:00:00.000Z#a b', '2031-01-01T00:00:00.000Z#abc', '2024-01-01T00:00:00.000Z#abc'].map((p) =>
      fails({ ...params, cursor: signed(p) }),
    );
    const inRange = planItemsQuery({ ...params, cursor: signed('2025-06-20T10:00:00.000Z#abc') }, ctx);
    // Assess
    expect(errors.map((e) => e.param)).toEqual(['cursor', 'cursor', 'cursor', 'cursor', 'cursor']);
    expect(errors.slice(3).map((e) => e.message)).toEqual(["cursor does not belong to this query's date range", "cursor does not belong to this query's date range"]);
    expect(inRange.start).toBe('2025-06-20T10:00:00.000Z#abc');
  });
});
