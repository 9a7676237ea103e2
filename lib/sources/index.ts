import type { SourceConfigOf, SourceType } from '../config/schema.ts';
import type { SourceAdapter } from './types.ts';
import { rssAdapter } from './rss.ts';

/** Every kind of source the monitor can poll, by its config `type`. */
export type AdapterRegistry = { [T in SourceType]?: SourceAdapter<SourceConfigOf<T>> };

export const ADAPTERS: AdapterRegistry = {
  rss: rssAdapter,
  // Parliament and GOV.UK adapters (issue #4) register here.
};
