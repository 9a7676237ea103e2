import type { SourceConfig } from '../config/schema.ts';
import { HttpFetchError, type HttpClient } from '../http/types.ts';
import type { Kind } from '../model/item.ts';
import { classify, type CompiledRegistry } from '../classify/classifier.ts';
import { ADAPTERS, type AdapterRegistry } from './index.ts';
import { FeedParseError } from './rss.ts';
import type { PollContext, SourceAdapter } from './types.ts';
import { ShapeDriftError } from './windowed.ts';

/**
 * `sources check`: one small live page from each source, to see whether the services still answer in the shapes the
 * adapters read. Nothing is stored and no cursor moves. Parliament and GOV.UK sources are asked without a search
 * term (whatever they published lately, `CHECK_PAGE_SIZE` records per list, their details included); a feed is read
 * whole, once, without its validators.
 */
export const CHECK_PAGE_SIZE = 5;
export const CHECK_DAYS = 30;

export interface SourceCheck {
  sourceId: string;
  type: SourceConfig['type'];
  /**
   * `ok`: answered in the expected shape; `drift`: answered, but a field the adapter relies on is gone or changed
   * (or a feed no longer parses); `unreachable`: no usable HTTP answer; `error`: answered with something else (an
   * error body, not JSON).
   */
  status: 'ok' | 'drift' | 'unreachable' | 'error';
  /** What went wrong, with the field's path for drift. */
  problem?: string;
  /** Records parsed into items, by the kind they would be stored as. */
  items: number;
  kinds: Partial<Record<Kind, number>>;
  /** Records skipped for bad data, details not read, and other notes. */
  warnings: string[];
  durationMs: number;
}

export interface CheckDeps {
  http: HttpClient;
  compiled: CompiledRegistry;
  now?: Date;
  /** How far back a Parliament or GOV.UK list is asked (default `CHECK_DAYS`): enough to span a recess. */
  days?: number;
  adapters?: AdapterRegistry;
}

export async function checkSource(source: SourceConfig, deps: CheckDeps): Promise<SourceCheck> {
  const started = Date.now();
  const now = deps.now ?? new Date();
  const result: SourceCheck = { sourceId: source.id, type: source.type, status: 'ok', items: 0, kinds: {}, warnings: [], durationMs: 0 };
  try {
    const adapter = (deps.adapters ?? ADAPTERS)[source.type] as SourceAdapter | undefined;
    if (!adapter) throw new Error(`no adapter for source type "${source.type}"`);
    const ctx: PollContext =
      source.type === 'rss'
        ? { source, state: undefined, http: deps.http, now, searchTerms: [] }
        : {
            source: { ...source, pageSize: CHECK_PAGE_SIZE, maxPages: 1 },
            state: undefined,
            http: deps.http,
            now,
            searchTerms: [],
            probe: true,
            window: { since: new Date(now.getTime() - (deps.days ?? CHECK_DAYS) * 86_400_000), until: now },
          };
    const outcome = await adapter.poll(ctx);
    if (outcome.failure) throw outcome.failure;
    result.warnings = outcome.warnings;
    for (const d of outcome.drafts) {
      const { kind } = classify({ title: d.title, text: d.text, sourceUrl: d.url, sourceType: d.sourceType, published: d.published, kindHint: d.kindHint }, deps.compiled);
      result.kinds[kind] = (result.kinds[kind] ?? 0) + 1;
    }
    result.items = outcome.drafts.length;
    if (result.items === 0) result.warnings.push(`no records in the last ${deps.days ?? CHECK_DAYS} days: their shape was not checked`);
  } catch (err) {
    result.status =
      err instanceof ShapeDriftError || err instanceof FeedParseError ? 'drift' : err instanceof HttpFetchError ? 'unreachable' : 'error';
    result.problem = (err as Error).message;
  }
  result.durationMs = Date.now() - started;
  return result;
}

/** Every source asked (disabled ones too when named), four at a time, in config order. */
export async function checkSources(sources: SourceConfig[], deps: CheckDeps): Promise<SourceCheck[]> {
  const results = new Array<SourceCheck>(sources.length);
  let next = 0;
  const worker = async () => {
    while (next < sources.length) {
      const i = next++;
      results[i] = await checkSource(sources[i]!, deps);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, sources.length) }, worker));
  return results;
}
