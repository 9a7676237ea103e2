import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../lib/registry/registry.ts';
import { editDistance, lookupEntry } from '../../../lib/slack-actions/entry-names.ts';

// The deployed registry: what people will type `/inquiry status …` against.
const { entries } = loadRegistry('config/registry.yaml');
const lookup = (typed: string) => lookupEntry(typed, entries);

describe('finding the entry a person means in /inquiry status', () => {
  it('by its id, with or without the commitment prefix, in any case and with spaces for dashes', () => {
    // Act / Assess
    for (const typed of ['c-rape-law', 'rape-law', 'Rape Law', 'rape']) expect(lookup(typed)).toEqual({ found: 'c-rape-law' });
    expect(lookup('national inquiry')).toEqual({ found: 'national-inquiry' });
  });

  it('by its name, or by any alias, with the registry\'s optional endings expanded', () => {
    // Act / Assess
    expect(lookup('Mandatory ethnicity and nationality data on suspects')).toEqual({ found: 'c-ethnicity-data' });
    expect(lookup('treated as rape')).toEqual({ found: 'c-rape-law' });
    expect(lookup('grooming gang national inquiry')).toEqual({ found: 'national-inquiry' });
    expect(lookup('Operation Beaconport')).toEqual({ found: 'nca-operation' });
  });

  it('by words its names hold, preferring the entry whose id or name has them over one that only has them in an alias', () => {
    // Act / Assess
    expect(lookup('ethnicity data')).toEqual({ found: 'c-ethnicity-data' });
    expect(lookup('the Casey audit')).toEqual({ found: 'casey-audit' });
  });

  it('lists every entry that fits when the words fit several', () => {
    // Act
    const casey = lookup('casey');
    // Assess
    expect(casey).toEqual({ several: expect.arrayContaining(['casey-audit', 'c-casey-7-police-systems', 'c-casey-12']) });
    expect((casey as { several: string[] }).several[0]).toBe('casey-audit');
  });

  it('offers the closest entries, best first, for a typo or an extra word, and none for a word nothing is like', () => {
    // Act / Assess
    expect(lookup('casey audt')).toEqual({ close: expect.arrayContaining(['casey-audit']) });
    expect((lookup('casey audt') as { close: string[] }).close[0]).toBe('casey-audit');
    expect((lookup('natonal inquiry') as { close: string[] }).close[0]).toBe('national-inquiry');
    expect((lookup('rape law change') as { close: string[] }).close[0]).toBe('c-rape-law');
    expect(lookup('zebra')).toEqual({ close: [] });
    expect(lookup('  ')).toEqual({ close: [] });
  });

  it('reads only the first words of a long text', () => {
    // Act
    const found = lookup(`rape law ${'x'.repeat(5000)} ${'word '.repeat(2000)}`);
    // Assess: the first twelve words are read ("rape", "law", then the long word and filler)
    expect(found).toEqual({ close: expect.arrayContaining(['c-rape-law']) });
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions and substitutions, and stops past the bound', () => {
    // Act / Assess
    expect(editDistance('audit', 'audt', 2)).toBe(1);
    expect(editDistance('national', 'natonal', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
