import type { SourceConfigOf, SourceType } from '../config/schema.ts';
import type { SourceAdapter } from './types.ts';
import { rssAdapter } from './rss.ts';
import { hansardAdapter } from './hansard.ts';
import { writtenStatementsAdapter } from './written-statements.ts';
import { writtenQuestionsAdapter } from './written-questions.ts';
import { committeesAdapter } from './committees.ts';
import { govukSearchAdapter } from './govuk-search.ts';

/** Every kind of source the monitor can poll, by its config `type`. */
export type AdapterRegistry = { [T in SourceType]?: SourceAdapter<SourceConfigOf<T>> };

export const ADAPTERS: AdapterRegistry = {
  rss: rssAdapter,
  hansard: hansardAdapter,
  'written-statements': writtenStatementsAdapter,
  'written-questions': writtenQuestionsAdapter,
  committees: committeesAdapter,
  'govuk-search': govukSearchAdapter,
};
