import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegistry, registrySearchTerms } from '../../../lib/registry/registry.ts';
import { ConfigError } from '../../../lib/config/errors.ts';

const DEFAULT_IDS = [
  'national-inquiry', 'casey-audit', 'iicsa', 'hmicfrs-inspection', 'nca-operation', 'local-inquiries',
  'c-definition', 'c-ethnicity-data', 'c-rape-law', 'c-historic-cases', 'c-victim-records', 'c-data-sharing',
  'c-mandatory-reporting', 'c-training', 'c-oversight', 'c-iicsa-implementation', 'c-victim-support',
];

const dir = mkdtempSync(join(tmpdir(), 'registry-test-'));
function registryFile(name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

const entry = (id: string, extra = '') => `
  - id: ${id}
    type: inquiry
    name: ${id} name
    match:
      aliases: [${id} alias]
${extra}`;

function problemsOf(file: string): string[] {
  try {
    loadRegistry(file);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadRegistry', () => {
  it('loads the default registry with exactly the ids the first deployment tracks', () => {
    // Act
    const registry = loadRegistry('config/registry.yaml');
    // Assess
    expect(registry.entries.map((e) => e.id)).toEqual(DEFAULT_IDS);
    expect(registry.entries.filter((e) => e.type === 'inquiry')).toHaveLength(6);
    expect(registry.entries.every((e) => e.searchTerms.length > 0)).toBe(true);
    expect(registry.entries.find((e) => e.id === 'c-ethnicity-data')?.related).toEqual(['casey-audit']);
  });

  it('names the file, the entry id and the field of an invalid entry', () => {
    // Prepare
    const file = registryFile('bad-field.yaml', `entries:${entry('ok-one')}${entry('broken', '    related: 7\n')}`);
    // Act
    const problems = problemsOf(file);
    // Assess
    expect(problems).toEqual([expect.stringMatching(/^entries\[broken\]\.related: /)]);
    expect(() => loadRegistry(file)).toThrow(file);
  });

  it('names the entry by id when its match rules are missing', () => {
    // Prepare
    const file = registryFile('no-match.yaml', 'entries:\n  - id: lonely\n    type: commitment\n    name: Lonely\n');
    // Act
    const problems = problemsOf(file);
    // Assess
    expect(problems).toEqual([expect.stringMatching(/^entries\[lonely\]\.match: /)]);
  });

  it('rejects duplicate ids and related ids that do not exist', () => {
    // Prepare
    const file = registryFile('dupes.yaml', `entries:${entry('twin')}${entry('twin')}${entry('child', '    related: [ghost]\n')}`);
    // Act
    const problems = problemsOf(file);
    // Assess
    expect(problems).toEqual([
      'entries[twin].id: "twin" is used by another entry',
      'entries[child].related: "ghost" is not an entry in this registry',
    ]);
  });

  it('rejects a reference to a phrase set that is not defined', () => {
    // Prepare
    const file = registryFile('sets.yaml', `phraseSets:\n  cse: [grooming gangs]\nentries:${entry('x', '      context: ["@cse", "@missing"]\n').replace('    match:\n      aliases: [x alias]\n      context', '    match:\n      aliases: [x alias]\n      context')}`);
    // Act
    const problems = problemsOf(file);
    // Assess
    expect(problems).toEqual(['entries[x].match.context: phrase set "@missing" is not defined under phraseSets']);
  });

  it('checks the phrase sets that back-references use', () => {
    // Prepare
    const file = registryFile('refs.yaml', `phraseSets:\n  refs: [the inquiry]\nentries:${entry('x', '      refs: ["@refs", "@nope", the chair]\n')}`);
    // Act
    const problems = problemsOf(file);
    // Assess
    expect(problems).toEqual(['entries[x].match.refs: phrase set "@nope" is not defined under phraseSets']);
  });

  it('collects every entry\'s search terms once, whatever their case', () => {
    // Prepare
    const file = registryFile(
      'terms.yaml',
      `entries:${entry('a', '    searchTerms: [Casey audit, grooming gangs]\n')}${entry('b', '    searchTerms: [casey audit, IICSA]\n')}`,
    );
    // Act
    const terms = registrySearchTerms(loadRegistry(file));
    // Assess
    expect(terms).toEqual(['Casey audit', 'grooming gangs', 'IICSA']);
  });
});
