import { describe, expect, it } from 'vitest';
import { addMonths, earlierDate, easter, londonDate, promisedDate } from '../../../lib/board/dates.ts';

describe('promised dates', () => {
  it.each([
    ['We will legislate by spring 2026.', '2025-06-16', '2026-05-31', 'by spring 2026'],
    ['The review will report within 12 months.', '2025-06-16', '2026-06-16', 'within 12 months'],
    ['We will respond within six months.', '2025-01-31', '2025-07-31', 'within six months'],
    ['Ministers will answer all 20 recommendations by Easter.', '2025-01-06', '2025-04-20', 'by easter'],
    ['Final terms will be agreed by the end of March 2026.', '2025-12-09', '2026-03-31', 'by the end of march 2026'],
    ['The scheme will open by March.', '2025-06-16', '2026-03-31', 'by march'],
    ['A bill will follow by the end of the year.', '2025-06-16', '2025-12-31', 'by the end of the year'],
    ['It will be in force by 2027.', '2025-06-16', '2027-12-31', 'by 2027'],
    ['We will publish a plan in the autumn.', '2025-06-16', '2025-11-30', 'in the autumn'],
  ])('reads "%s" (said %s) as due %s', (sentence, on, due, phrase) => {
    // Act
    const found = promisedDate(sentence, on);
    // Assess
    expect(found).toEqual({ due, phrase });
  });

  it('finds no date in a sentence without one, or one already past', () => {
    // Act / Assess
    expect(promisedDate('We will legislate.', '2025-06-16')).toBeUndefined();
    expect(promisedDate('It was promised by spring 2024.', '2025-06-16')).toBeUndefined();
  });

  it('ends a month-long step on the last day of a short month', () => {
    // Act / Assess
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2025-06-27', 2)).toBe('2025-08-27');
  });

  it('knows Easter and the UK calendar day', () => {
    // Act / Assess
    expect(easter(2025)).toBe('2025-04-20');
    expect(easter(2026)).toBe('2026-04-05');
    expect(londonDate('2025-06-26T23:01:00.000Z')).toBe('2025-06-27');
    expect(londonDate('2025-12-01T23:30:00.000Z')).toBe('2025-12-01');
  });
});

describe('retold events', () => {
  it('dates a sentence by the full date it names, long enough ago', () => {
    // Act / Assess
    expect(earlierDate('The inquiry published its final report on 20 October 2022.', '2023-04-20')).toBe('2022-10-20');
    expect(earlierDate('The report was published on 14 April 2023.', '2023-04-20')).toBeUndefined();
  });

  it('marks vaguer earlier times as the past, and the present as now', () => {
    // Act / Assess
    expect(earlierDate('In May 2023 the Government set out its response.', '2024-01-10')).toBe('past');
    expect(earlierDate('Last year the bill fell.', '2025-06-16')).toBe('past');
    expect(earlierDate('The audit makes 12 recommendations.', '2025-06-16')).toBeUndefined();
  });

  it('dates a day and month without a year by the last such day, unless it is promised', () => {
    // Act / Assess
    expect(earlierDate('On 9 December the draft terms were published.', '2026-01-20')).toBe('2025-12-09');
    expect(earlierDate('On Monday 3 March the minister wrote to the chair.', '2025-04-01')).toBe('2025-03-03');
    expect(earlierDate('Hearings will open on 3 March.', '2025-01-20')).toBeUndefined();
  });

  it('marks a promise retold with the month it was made as the past, though it speaks of what will be done', () => {
    // Act / Assess
    expect(earlierDate('The minister told peers in February that the Government would legislate and will consult first.', '2025-05-12')).toBe('past');
    expect(earlierDate('In February the minister said the consultation will open soon.', '2025-05-12')).toBe('past');
    expect(earlierDate('In June we will publish the plan.', '2025-05-12')).toBeUndefined();
  });

  it('does not date a sentence by the bounds of a period it names', () => {
    // Act / Assess
    expect(earlierDate('It will review cases closed between 1 January 2010 and 31 March 2025.', '2025-09-02')).toBeUndefined();
  });

  it('takes what a previous government did for the past', () => {
    // Act / Assess
    expect(earlierDate('The previous government chose not to legislate.', '2025-06-16')).toBe('past');
  });
});
