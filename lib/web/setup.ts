import type { CompiledRegistry } from '../classify/classifier.ts';
import type { Config } from '../config/schema.ts';
import type { SourceInfo, WebRegistry } from './ports.ts';

/** What the pages show of the config and registry: entries with names and descriptions, sources with names. */
export function webSetup(setup: { config: Pick<Config, 'sources'>; compiled: CompiledRegistry }): { registry: WebRegistry; sources: SourceInfo[] } {
  return {
    registry: { version: setup.compiled.version, entries: setup.compiled.registry.entries },
    sources: setup.config.sources.map((s) => ({ id: s.id, name: s.name })),
  };
}
