// PLACEHOLDER: the classifier issue (#3) replaces this file; the exported names and shapes are the contract.
import type { Classification, Kind, SourceType } from '../model/item.ts';
import type { Registry } from '../registry/registry.ts';

export interface ClassifyInput {
  id?: string;
  title: string;
  text: string;
  sourceUrl?: string;
  sourceType?: SourceType;
  published?: string;
  /** The adapter's own certainty about the kind, from source metadata. */
  kindHint?: Kind;
}

export interface CompiledRegistry {
  registry: Registry;
  /** Hash of the registry content: stored with exports so a result can be tied to the rules that produced it. */
  version: string;
}

export function compileRegistry(registry: Registry): CompiledRegistry {
  return { registry, version: 'placeholder' };
}

export function classify(input: ClassifyInput, _compiled: CompiledRegistry): Classification {
  const byType: Record<SourceType, Kind> = { news: 'news', hansard: 'debate', statement: 'statement', question: 'question', report: 'report', other: 'news' };
  return { inquiries: [], commitments: [], kind: input.kindHint ?? byType[input.sourceType ?? 'other'], evidence: [] };
}
