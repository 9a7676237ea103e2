import type { Classification, Kind, SourceType } from '../model/item.ts';
import type { Registry } from '../registry/registry.ts';
import type { ClassifyInput } from './classifier.ts';

/**
 * The naive keyword alert the classifier is measured against: every alias and cue of every entry as its own
 * case-insensitive regex, run one after another over the raw text; any hit tags the entry. No context, no veto,
 * no proximity. Kind comes from the source type alone.
 */
export interface NaiveClassifier {
  classify(input: ClassifyInput): Classification;
}

const KIND_BY_TYPE: Record<SourceType, Kind> = {
  news: 'news',
  hansard: 'debate',
  statement: 'statement',
  question: 'question',
  report: 'report',
  other: 'news',
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function naiveClassifier(registry: Registry): NaiveClassifier {
  const rules = registry.entries.map((e) => ({
    id: e.id,
    type: e.type,
    patterns: [...e.match.aliases, ...e.match.cues]
      .flatMap((p) => (p.startsWith('@') ? (registry.phraseSets[p.slice(1)] ?? []) : [p]))
      .map((p) => new RegExp(`\\b${escape(p.replace(/\(([^)]*)\)/g, '$1'))}\\b`, 'i')),
  }));
  return {
    classify(input) {
      const text = `${input.title}\n${input.text}`;
      const inquiries: string[] = [];
      const commitments: string[] = [];
      for (const rule of rules) {
        if (rule.patterns.some((re) => re.test(text))) (rule.type === 'inquiry' ? inquiries : commitments).push(rule.id);
      }
      return { inquiries, commitments, kind: input.kindHint ?? KIND_BY_TYPE[input.sourceType ?? 'other'], evidence: [] };
    },
  };
}
