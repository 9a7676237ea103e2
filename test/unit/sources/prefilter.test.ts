import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../lib/registry/registry.ts';
import { classify, compileRegistry } from '../../../lib/classify/classifier.ts';
import { buildPrefilter } from '../../../lib/sources/prefilter.ts';
import { inputOf, readLabelled, type LabelledItem } from '../classify/labelled.ts';

/**
 * The two-stage sources' pre-filter, measured on every labelled set in test/fixtures/classify (whatever is there:
 * the dev and held-out sets, and blind batches as they land). What it sees is what the lists carry: Hansard's
 * contributions list the whole speech with its section title; the questions list cuts the question and the answer to
 * 255 characters, with the heading. A miss is a record the classifier would tag (or that is labelled relevant) that
 * the pre-filter does not pass, so it would never be read in full.
 */
const DIR = 'test/fixtures/classify/';
const labelled: LabelledItem[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .flatMap((f) => readLabelled(DIR + f));
const compiled = compileRegistry(loadRegistry('config/registry.yaml'));
const prefilter = buildPrefilter(compiled);
const LIST_CUT = 255;

const relevant = (d: LabelledItem) => d.labels.inquiries.length + d.labels.commitments.length > 0;
const tagged = (d: LabelledItem) => {
  const c = classify(inputOf(d), compiled);
  return c.inquiries.length + c.commitments.length > 0;
};
/**
 * A labelled question as the list carries it: the heading, then the question and the answer each cut to 255
 * characters (the labelled texts put "Answer…" and "Answered by…" lines before the answer; the list does not).
 */
function questionListForm(d: LabelledItem): string[] {
  const at = d.text.search(/\n\s*Answer/);
  const question = at < 0 ? d.text : d.text.slice(0, at);
  const answer = at < 0 ? '' : d.text.slice(at).replace(/^(?:\s*Answer[^\n]*\n)+/, '');
  return [d.title, question.slice(0, LIST_CUT), answer.trim().slice(0, LIST_CUT)];
}
const misses = (items: LabelledItem[], fields: (d: LabelledItem) => string[]) => items.filter((d) => !prefilter.match(...fields(d)));

describe('the pre-filter on the labelled sets', () => {
  it('misses nothing the classifier tags when it sees the whole text, as Hansard lists it', () => {
    // Act
    const missed = misses(labelled.filter(tagged), (d) => [d.title, d.text]);
    // Assess
    expect(labelled.length).toBeGreaterThan(250);
    expect(missed.map((d) => d.id)).toEqual([]);
  });

  it('misses no relevant question as the questions list cuts it', () => {
    // Prepare
    const questions = labelled.filter((d) => d.source_type === 'question' && relevant(d));
    // Act
    const missed = misses(questions, questionListForm);
    // Assess
    expect(questions.length).toBeGreaterThan(10);
    expect(missed.map((d) => d.id)).toEqual([]);
  });

  it('misses under 5% of all relevant items even cut to a heading and 255 characters, whatever their source', () => {
    // Prepare
    const items = labelled.filter(relevant);
    // Act
    const missed = misses(items, (d) => [d.title, d.text.slice(0, LIST_CUT)]);
    console.log(`pre-filter: ${items.length} relevant labelled items, ${missed.length} missed at heading + ${LIST_CUT} characters`);
    // Assess
    expect(missed.length / items.length).toBeLessThan(0.05);
  });

  it('passes a registry phrase however it is spelt: case, accents, curly apostrophes, a possessive', () => {
    expect(prefilter.match('BARONESS CASEY’S findings')).toBe('baroness casey');
    expect(prefilter.match('the Jay report')).toBeDefined();
    expect(prefilter.match('Rail Services: punctuality')).toBeUndefined();
  });

  it('does not pass on a back-reference alone, which the classifier counts only after a name', () => {
    // Prepare: refs of the registry ("the review", "the chair", "the report"), none of them an alias, cue or topic word.
    const refsOnly = 'Thank you, the Chair. The review of farm tenancies and the report on it are welcome.';
    // Act
    const passed = prefilter.match(refsOnly);
    // Assess
    expect(compiled.refEntries.some((entries, id) => entries.length > 0 && compiled.phrases[id] === 'the review')).toBe(true);
    expect(passed).toBeUndefined();
    expect(prefilter.match('the national inquiry: the review of it')).toBe('national inquiry');
  });
});
