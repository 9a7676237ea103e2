import type { Recommendation, Registry } from '../registry/registry.ts';
import type { EntryInput } from './derive.ts';
import type { BoardEvent, RecommendationInfo } from './types.ts';

/** The board's view of the registry: every entry with its recommendations and settings. */
export function boardEntries(registry: Registry): EntryInput[] {
  const recs = registry.recommendations ?? [];
  return registry.entries.map((e) => {
    const settings = registry.board?.[e.id];
    const recommendations = recs.filter((r) => r.entry === e.id).map(recommendationInfo);
    return {
      id: e.id,
      type: e.type,
      name: e.name,
      ...(settings?.responseExpected !== undefined ? { responseExpected: settings.responseExpected } : {}),
      ...(settings?.stalledAfterDays !== undefined ? { stalledAfterDays: settings.stalledAfterDays } : {}),
      ...(settings?.deadlines.length ? { deadlines: settings.deadlines } : {}),
      recommendations,
    };
  });
}

const recommendationInfo = (r: Recommendation): RecommendationInfo => ({
  inquiry: r.inquiry,
  number: r.number,
  text: r.text,
  madeTo: r.madeTo,
  governmentResponse: r.governmentResponse,
});

/**
 * The government's answer to each recommendation, as the registry records it with its source: the first event on
 * the recommendation's entry. Registry facts are people's work, so they stand as people's events (never alerted:
 * they are history the board starts from).
 */
export function registryEvents(registry: Registry): BoardEvent[] {
  return (registry.recommendations ?? []).flatMap((r): BoardEvent[] => {
    if (!r.responseDate || !r.responseUrl) return [];
    const type = r.governmentResponse === 'rejected' ? 'rejected' : r.governmentResponse === 'no-response' || r.governmentResponse === 'pending' ? undefined : 'accepted';
    if (!type) return [];
    const inquiry = registry.entries.find((e) => e.id === r.inquiry)?.name ?? r.inquiry;
    return [
      {
        id: `r-${r.inquiry}-${r.number}`,
        entryId: r.entry,
        type,
        date: r.responseDate,
        source: 'person',
        evidence: {
          url: r.responseUrl,
          sentence: r.responseNote ?? `Recommendation ${r.number} of the ${inquiry}: ${r.governmentResponse.replace(/-/g, ' ')} by the government.`,
          date: r.responseDate,
          title: `${inquiry}, recommendation ${r.number}`,
        },
        learnt: `${r.responseDate}T00:00:00.000Z`,
        decidedBy: 'registry',
      },
    ];
  });
}
