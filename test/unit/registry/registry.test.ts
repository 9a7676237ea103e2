import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRegistry, registrySearchTerms } from '../../../lib/registry/registry.ts';
import { ConfigError } from '../../../lib/config/errors.ts';
import { classify, compileRegistry } from '../../../lib/classify/classifier.ts';

const DEFAULT_IDS = [
  'national-inquiry', 'casey-audit', 'iicsa', 'hmicfrs-inspection', 'nca-operation', 'local-inquiries',
  'c-definition', 'c-ethnicity-data', 'c-rape-law', 'c-historic-cases', 'c-victim-records', 'c-data-sharing',
  'c-mandatory-reporting', 'c-training', 'c-oversight', 'c-iicsa-implementation', 'c-victim-support',
];
/** Commitments added for recommendations no entry above tracks: after the first deployment's ids, never between them. */
const RECOMMENDATION_IDS = [
  'c-casey-7-police-systems', 'c-casey-8-organised-crime', 'c-casey-9-data-review', 'c-casey-10-drivers-research',
  'c-casey-11-taxi-licensing', 'c-casey-12', 'c-iicsa-1-dataset', 'c-iicsa-3-children-minister', 'c-iicsa-4-awareness',
  'c-iicsa-5-pain-compliance', 'c-iicsa-6-children-act', 'c-iicsa-7-care-staff-register', 'c-iicsa-8-custody-staff-register',
  'c-iicsa-9-barred-list', 'c-iicsa-10-dbs-referrals', 'c-iicsa-11-overseas-disclosure', 'c-iicsa-12-image-screening',
  'c-iicsa-14-victims-code', 'c-iicsa-15-limitation', 'c-iicsa-17-records-access', 'c-iicsa-18-compensation-scheme',
  'c-iicsa-19-redress', 'c-iicsa-20-age-verification',
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
    expect(registry.entries.map((e) => e.id)).toEqual([...DEFAULT_IDS, ...RECOMMENDATION_IDS]);
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

  it('tracks Casey\'s 12 and IICSA\'s 20 recommendations, linking those that are existing commitments', () => {
    // Act
    const registry = loadRegistry('config/registry.yaml');
    const recs = registry.recommendations ?? [];
    // Assess
    expect(recs.filter((r) => r.inquiry === 'casey-audit').map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(recs.filter((r) => r.inquiry === 'iicsa').map((r) => r.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(recs.find((r) => r.inquiry === 'casey-audit' && r.number === 4)).toMatchObject({ entry: 'c-ethnicity-data', governmentResponse: 'accepted' });
    expect(recs.find((r) => r.inquiry === 'iicsa' && r.number === 13)?.entry).toBe('c-mandatory-reporting');
    expect(recs.find((r) => r.inquiry === 'iicsa' && r.number === 5)?.governmentResponse).toBe('rejected');
    const tracked = new Set(recs.map((r) => r.entry));
    expect(RECOMMENDATION_IDS.every((id) => tracked.has(id))).toBe(true);
  });

  it("tags Casey's twelfth recommendation by its number beside the audit, and not IICSA's twelfth", () => {
    // Prepare
    const compiled = compileRegistry(loadRegistry('config/registry.yaml'));
    const tags = (text: string) => classify({ title: '', text }, compiled).commitments;
    // Act / Assess
    expect(tags('Government response to the national audit on group-based child sexual exploitation.\nRecommendation 12: reporting on delivery\nAccepted.')).toContain('c-casey-12');
    expect(tags('Baroness Casey spoke of her audit. Separately, recommendation 12 of the Independent Inquiry into Child Sexual Abuse, on screening images before upload, is in progress.')).not.toContain('c-casey-12');
  });

  it('names the recommendation and the field when a recommendation or board setting is wrong', () => {
    // Prepare
    const file = registryFile(
      'recs.yaml',
      `entries:${entry('inq')}${entry('c-thing').replace('type: inquiry', 'type: commitment')}
recommendations:
  - { inquiry: inq, number: 1, entry: c-missing, text: Do it, madeTo: Home Office, governmentResponse: pending }
  - { inquiry: c-thing, number: 2, entry: c-thing, text: Do it, madeTo: Home Office, governmentResponse: accepted }
  - { inquiry: inq, number: 3, entry: c-thing, text: Do it, madeTo: Home Office, governmentResponse: maybe }
board:
  ghost: { responseExpected: false }
  inq: { deadlines: [{ what: Report, due: 31 March, source: "https://example.org" }] }
`,
    );
    // Act
    const problems = problemsOf(file);
    // Assess
    expect(problems).toEqual([
      expect.stringMatching(/^recommendations\[inq#3\]\.governmentResponse: /),
      expect.stringMatching(/^board\.inq\.deadlines\[0\]\.due: must be a date, yyyy-mm-dd/),
    ]);
    const fixed = registryFile('recs-fixed.yaml', readFileSync(file, 'utf8').replace('maybe', 'pending').replace('31 March', '2026-03-31'));
    expect(problemsOf(fixed)).toEqual([
      'recommendations[inq#1].entry: "c-missing" is not an entry in this registry',
      'recommendations[c-thing#2].inquiry: "c-thing" is not an inquiry entry in this registry',
      'recommendations[c-thing#2].responseDate: a government response of "accepted" needs its responseDate and responseUrl (the evidence)',
      'board.ghost: "ghost" is not an entry in this registry',
    ]);
  });
});
