import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../lib/registry/registry.ts';
import { classify, compileRegistry } from '../../../lib/classify/classifier.ts';
import { naiveClassifier } from '../../../lib/classify/baseline.ts';
import { scoreClassifications, type Scores } from '../../../lib/classify/evaluate.ts';
import type { ClassifyInput } from '../../../lib/classify/classifier.ts';
import type { Classification } from '../../../lib/model/item.ts';
import { inputOf, readLabelled, scoreTable, scoreWith, within } from './labelled.ts';

/**
 * Blind batches (issue 16). Two labellers who never saw the rules or the labelled sets wrote each batch of ~50 items
 * to the team's labelling conventions. Each batch was committed together with its score BEFORE any tuning on it (the
 * honest estimate of how the classifier does on unseen items), and only then were its misses studied and the rules
 * changed, with general rules only. `before` records that blind score; the test asserts the figures after tuning.
 * Labels are scored as the labellers wrote them, including the ones we dispute (README: "Disagreements").
 */
interface Batch {
  file: string;
  /** Scored with the classifier as committed before this batch was opened. */
  before: Pick<Scores, 'inquiryF1' | 'commitmentF1' | 'falseAlarmRate' | 'kindAccuracy'>;
  /** What the classifier must keep scoring on this batch now: the targets, or an honest floor (README). */
  floor: Pick<Scores, 'inquiryF1' | 'commitmentF1' | 'falseAlarmRate' | 'kindAccuracy'>;
}

/**
 * The entries the blind batches were labelled against: the registry before the accountability board added
 * recommendation entries (issue 14). Tags on those later entries are not scored on these batches.
 */
const LABELLED_ENTRIES: ReadonlySet<string> = new Set([
  'national-inquiry', 'casey-audit', 'iicsa', 'hmicfrs-inspection', 'nca-operation', 'local-inquiries',
  'c-definition', 'c-ethnicity-data', 'c-rape-law', 'c-historic-cases', 'c-victim-records', 'c-data-sharing',
  'c-mandatory-reporting', 'c-training', 'c-oversight', 'c-iicsa-implementation', 'c-victim-support',
]);

/** The issue's targets (maintainers' held-out set). */
const TARGETS: Batch['floor'] = { inquiryF1: 0.93, commitmentF1: 0.85, falseAlarmRate: 0.05, kindAccuracy: 0.97 };

const BATCHES: Batch[] = [
  // Batch 1, blind: 0.825 / 0.875 / 20% / 0.788. After tuning on it (references, background mentions, Hansard and
  // official-statement kinds, commitments in other words): 0.98 / 0.97 / 0% / 1.00.
  {
    file: 'blind-batch-1.jsonl',
    before: { inquiryF1: 0.825, commitmentF1: 0.875, falseAlarmRate: 0.2, kindAccuracy: 0.788 },
    floor: TARGETS,
  },
  // Batch 2, blind: 0.814 / 0.909 / 13% / 1.00. After tuning on it (an inquiry cited only as the source of the
  // recommendation reported is background; commitments only recalled as settled; the NCA's other operations):
  // 0.90 / 0.96 / 0% / 1.00. Inquiries stay below 0.93: the rest are judgements of background (README).
  {
    file: 'blind-batch-2.jsonl',
    before: { inquiryF1: 0.814, commitmentF1: 0.909, falseAlarmRate: 0.133, kindAccuracy: 1 },
    floor: TARGETS,
  },
  // Batch 3, blind: 0.818 / 0.870 / 13% / 0.962. After tuning on it (letters and a body's words on its own site are
  // statements; "in response to", "months ago", "used by", "that concluded" frame background; Operation Stovewood is
  // not Beaconport; taxi registers are not child data sharing; one passing mention in a long item, not as the subject
  // of a verb, is background): 0.89 / 0.90 / 7% / 1.00. Honest floors (README).
  {
    file: 'blind-batch-3.jsonl',
    before: { inquiryF1: 0.818, commitmentF1: 0.87, falseAlarmRate: 0.133, kindAccuracy: 0.962 },
    floor: TARGETS,
  },
  // Batch 4, blind: 0.741 / 0.880 / 7% / 0.940. After tuning on it (PMQs and numbered oral questions are questions;
  // a report summary on a newsroom path is a report; overlapping phrases are one mention; an inquiry named up to
  // three times only as the source of a definition or recommendation is background; a commitment related to the
  // inquiry in the title has context everywhere): 0.80 / 0.91 / 0% / 1.00. Honest floors (README).
  {
    file: 'blind-batch-4.jsonl',
    before: { inquiryF1: 0.741, commitmentF1: 0.88, falseAlarmRate: 0.067, kindAccuracy: 0.94 },
    floor: { inquiryF1: 0.92, commitmentF1: 0.92, falseAlarmRate: 0, kindAccuracy: 1 },
  },
  // Batches 5 and 6, the final blind measurement, opened and scored together before any tuning on them:
  // 0.813 / 0.932 / 17% / 0.950 over the 101 items (batch 5 alone 0.805 / 0.942 / 13% / 0.961, batch 6 alone
  // 0.825 / 0.917 / 20% / 0.940): commitments meet the target; inquiries, false alarms and kind do not. After tuning
  // on them (the Greater Manchester assurance reviews are local inquiries; statistics publications are reports;
  // devolved parliaments' official reports are Hansard; a body's newsroom text that opens with its name is its
  // statement; "memorandum of understanding with", "in relation to" frame background): 0.853 / 0.932 / 17% / 0.990.
  // Second round, from the errors left on batches 1-6 (an inquiry whose every mention cites it as a source is
  // background; frames reach to the end of their clause; a veto in the title covers the item; the NCA is the
  // operation only beside what it does; the inspectorate's generic cues need it meant; Hansard's "Grooming Gangs:
  // Independent Inquiry"): batches 1-6 0.97 / 0.94 / 0.96 / 0.91 / 0.89 / 1.00 on inquiries, false alarms 0% but
  // batch 6 (7%). The floors of the earlier batches rose with it.
  {
    file: 'blind-batch-5.jsonl',
    before: { inquiryF1: 0.805, commitmentF1: 0.942, falseAlarmRate: 0.133, kindAccuracy: 0.961 },
    floor: { inquiryF1: 0.91, commitmentF1: 0.93, falseAlarmRate: 0, kindAccuracy: 0.98 },
  },
  {
    file: 'blind-batch-6.jsonl',
    before: { inquiryF1: 0.825, commitmentF1: 0.917, falseAlarmRate: 0.2, kindAccuracy: 0.94 },
    floor: { inquiryF1: 0.93, commitmentF1: 0.94, falseAlarmRate: 0.07, kindAccuracy: 1 },
  },
  // Batch 7, blind, opened after the second round on batches 1-6 was committed and scored before any tuning on it:
  // 0.945 / 0.857 / 7% (1 of 15 off-topic items) / 0.981. After tuning on it (another entry on the subject named by
  // its own alias gives the context; commitments in other words: "dropped without charge", "cases for
  // reinvestigation", "therapeutic support", "penetrates a child under 16… consented", "new" and "setting out" as
  // action; not bare "records"; other inquiries' recommendations are not IICSA's; "engaging with", "left by" frame
  // background; a bare "this report" is a quote, not a document): 0.956 / 0.958 / 0% / 1.00. Batch 5 loses one
  // commitment to it ("reinvestigations" of Beaconport, not labelled there, labelled in batch 7).
  {
    file: 'blind-batch-7.jsonl',
    before: { inquiryF1: 0.945, commitmentF1: 0.857, falseAlarmRate: 0.067, kindAccuracy: 0.981 },
    floor: { ...TARGETS, kindAccuracy: 1 },
  },
  // Batch 8, the final blind measurement: opened after the tuning on batch 7 was committed, scored before any tuning
  // on it: 0.857 / 0.890 / 14% (2 of 14 off-topic items) / 0.943. Commitments meet the target; inquiries, false
  // alarms and kind do not. After tuning on it (a name that goes on with a citation in its clause, or a dated one, is
  // part of it; Professor Jay is IICSA only beside what the inquiry is or did; the public inquiries system in general
  // is another inquiry; convictions barring compensation are not records cleared; commitments in other words: "treated
  // as having consented", "removing… convictions", "reforms"; "has said it will" recalls a pledge; Hansard's printed
  // Lords question, "X's response to" and a trade paper's story by what they are): 0.889 / 0.931 / 7% / 1.00.
  // Third round, from the errors left on every set and on near-misses the sets under-represent (local inquiries named
  // by what they look into in a town; one mention in a long item's closing sentence is background; Casey's and Jay's
  // other work): 0.900 / 0.931 / 0% / 1.00; batch 4 0.912 -> 0.925 and batch 5 0.889 -> 0.914 on inquiries, batch 6
  // 0.932 -> 0.944 on commitments.
  {
    file: 'blind-batch-8.jsonl',
    before: { inquiryF1: 0.857, commitmentF1: 0.89, falseAlarmRate: 0.143, kindAccuracy: 0.943 },
    floor: { inquiryF1: 0.9, commitmentF1: 0.93, falseAlarmRate: 0, kindAccuracy: 1 },
  },
  // Batch 9, blind: written (60 items, 20 off-topic) while the third round was done on the errors left on batches 1-8,
  // the dev and held-out sets, opened after it was committed and scored before any tuning on it: 0.854 / 0.892 / 10%
  // (2 of 20 off-topic items) / 0.967. Commitments meet the target; inquiries, false alarms and kind do not. After
  // tuning on it (fourth round: one example of many, "including the…", is no verb's subject; a lone weak mention in a
  // long item that says nothing else on the subject is a glance; "made it one of its recommendations", "used" cite an
  // inquiry; a finding beside its commitment is its origin; a Lords Question for Short Debate is a debate; Casey's
  // 2015 Rotherham inspection is not the audit; "required to report" needs what is reported; an inspectorate's own
  // recommendations are not IICSA's; an official page that opens with its judgement and "headline findings" is a
  // report): 0.911 / 0.906 / 0% / 1.00. Batch 4's commitments 0.909 -> 0.921.
  {
    file: 'blind-batch-9.jsonl',
    before: { inquiryF1: 0.854, commitmentF1: 0.892, falseAlarmRate: 0.1, kindAccuracy: 0.967 },
    floor: { inquiryF1: 0.92, commitmentF1: 0.92, falseAlarmRate: 0, kindAccuracy: 1 },
  },
  // Batch 10, blind: written (61 items, 20 off-topic) together with batch 9 by another labeller, held unseen through the
  // third and fourth rounds, opened after the fourth was committed and scored before any tuning on it: 0.925 / 0.942 /
  // 0% (0 of 20 off-topic items) / 0.984. Commitments, false alarms and kind meet the targets; inquiries miss 0.93 by
  // 0.005 (six inquiries tagged that were cited only as a source or background, one local inquiry missed). With the
  // classifier before the third round: 0.92 / 0.94 / 0% / 0.98. After tuning on it (fifth round: a name and its
  // abbreviation or author is one name a citation covers; "the IICSA inquiry recommended", "backed" and a Hansard
  // reference cite an inquiry; "we note that" frames context; a commissioner's "accountability board" is not oversight;
  // forces sharing intelligence "with each other" is not c-data-sharing): 0.966 / 0.949 / 0% / 0.984. Batch 9 0.911 ->
  // 0.921 on inquiries and 0.906 -> 0.921 on commitments with it; batches 3, 4 and 8 gain on commitments.
  {
    file: 'blind-batch-10.jsonl',
    before: { inquiryF1: 0.925, commitmentF1: 0.942, falseAlarmRate: 0, kindAccuracy: 0.984 },
    floor: { inquiryF1: 0.96, commitmentF1: 0.94, falseAlarmRate: 0, kindAccuracy: 0.98 },
  },
  // Batch 11, blind: written (59 items, 20 off-topic; shorter than the others, its off-topic items 230-470 characters)
  // while the fifth round was done, opened after it was committed and scored before any tuning on it: the latest
  // blind figure, 0.776 / 0.835 / 0% / 1.00. False alarms and kind meet the targets; inquiries and commitments do not:
  // most of its inquiry errors are the audit tagged where it is the origin of the pledge reported, and a second
  // inquiry missed in a minister's statement. With the classifier before the third round: 0.758 / 0.844 / 0% / 1.00.
  {
    file: 'blind-batch-11.jsonl',
    before: { inquiryF1: 0.776, commitmentF1: 0.835, falseAlarmRate: 0, kindAccuracy: 1 },
    floor: { inquiryF1: 0.77, commitmentF1: 0.83, falseAlarmRate: 0, kindAccuracy: 1 },
  },
];

describe('classifier on the blind batches', () => {
  it('has at least 300 blind items, every kind and every entry among their labels', () => {
    // Prepare
    const items = BATCHES.flatMap((b) => readLabelled(`test/fixtures/classify/${b.file}`));
    const ids = new Set(loadRegistry('config/registry.yaml').entries.map((e) => e.id).filter((id) => LABELLED_ENTRIES.has(id)));
    // Assess
    expect(items.length).toBeGreaterThanOrEqual(300);
    expect(new Set(items.map((d) => d.id)).size).toBe(items.length);
    expect(new Set(items.map((d) => d.labels.kind))).toEqual(new Set(['statement', 'report', 'debate', 'question', 'news']));
    expect(new Set(items.flatMap((d) => [...d.labels.inquiries, ...d.labels.commitments]))).toEqual(ids);
  });

  it('scores every labelled item (blind batches, dev and held-out sets) above the naive keyword alert', () => {
    // Prepare
    const registry = loadRegistry('config/registry.yaml');
    const compiled = compileRegistry(registry);
    const naive = naiveClassifier(registry);
    const blind = BATCHES.flatMap((b) => readLabelled(`test/fixtures/classify/${b.file}`));
    const sets = ['dev.jsonl', 'holdout.jsonl'].flatMap((f) => readLabelled(`test/fixtures/classify/${f}`));
    const items = [...blind, ...sets];
    // The blind batches are scored on the entries they were labelled against, the dev and held-out sets on them all.
    const scoreAll = (c: (input: ClassifyInput) => Classification) =>
      scoreClassifications([
        ...blind.map((d) => ({ predicted: within(c(inputOf(d)), LABELLED_ENTRIES), labels: d.labels })),
        ...sets.map((d) => ({ predicted: c(inputOf(d)), labels: d.labels })),
      ]);
    // Act
    const ours = scoreAll((input) => classify(input, compiled));
    const baseline = scoreAll((input) => naive.classify(input));
    console.log(scoreTable(`all labelled items: ${items.length}`, ours, baseline));
    // Assess
    expect(items.length).toBeGreaterThanOrEqual(570);
    expect(ours.inquiryF1).toBeGreaterThanOrEqual(0.92);
    expect(ours.commitmentF1).toBeGreaterThanOrEqual(0.93); // 0.939 with batch 11 untuned among them
    expect(ours.falseAlarmRate).toBeLessThanOrEqual(0.005);
    expect(ours.kindAccuracy).toBeGreaterThanOrEqual(0.99);
    expect(ours.inquiryF1).toBeGreaterThan(baseline.inquiryF1);
    expect(ours.commitmentF1).toBeGreaterThan(baseline.commitmentF1);
    expect(ours.falseAlarmRate).toBeLessThan(baseline.falseAlarmRate);
  });

  const registry = loadRegistry('config/registry.yaml');
  const compiled = compileRegistry(registry);
  const naive = naiveClassifier(registry);

  for (const batch of BATCHES) {
    it(`${batch.file}: keeps its floor and beats the naive keyword alert`, () => {
      // Prepare
      const items = readLabelled(`test/fixtures/classify/${batch.file}`);
      // Act
      const ours = scoreWith(items, (input) => classify(input, compiled), LABELLED_ENTRIES);
      const baseline = scoreWith(items, (input) => naive.classify(input), LABELLED_ENTRIES);
      console.log(scoreTable(`${batch.file}: ${items.length} items`, ours, baseline));
      // Assess
      expect(items.length).toBeGreaterThanOrEqual(45);
      expect(ours.inquiryF1).toBeGreaterThanOrEqual(batch.floor.inquiryF1);
      expect(ours.commitmentF1).toBeGreaterThanOrEqual(batch.floor.commitmentF1);
      expect(ours.falseAlarmRate).toBeLessThanOrEqual(batch.floor.falseAlarmRate);
      expect(ours.kindAccuracy).toBeGreaterThanOrEqual(batch.floor.kindAccuracy);
      expect(ours.falseAlarmRate).toBeLessThan(baseline.falseAlarmRate);
    });
  }
});
