// PLACEHOLDER: the registry issue (#3) replaces this file; the exported names and shapes are the contract.
export interface RegistryEntry {
  id: string;
  type: 'inquiry' | 'commitment';
  name: string;
  description: string;
  /** Terms that queried sources (Hansard, GOV.UK, …) search for. */
  searchTerms: string[];
  related: string[];
}

export interface Registry {
  file: string;
  entries: RegistryEntry[];
}

export function loadRegistry(file: string): Registry {
  return { file, entries: [] };
}

/** Every entry's search terms, de-duplicated: what queried sources ask for. */
export function registrySearchTerms(registry: Registry): string[] {
  return [...new Set(registry.entries.flatMap((e) => e.searchTerms))];
}
