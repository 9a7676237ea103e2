import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../lib/registry/registry.ts';
import { classify, compileRegistry } from '../../../lib/classify/classifier.ts';
import { naiveClassifier } from '../../../lib/classify/baseline.ts';
import { readLabelled, scoreTable, scoreWith } from './labelled.ts';

const devSet = readLabelled('test/fixtures/classify/dev.jsonl');

describe('classifier on the labelled dev set', () => {
  const registry = loadRegistry('config/registry.yaml');

  it('has at least 80 labelled items, near-misses among them', () => {
    // Assess
    expect(devSet.length).toBeGreaterThanOrEqual(80);
    expect(devSet.filter((d) => !d.labels.inquiries.length && !d.labels.commitments.length).length).toBeGreaterThanOrEqual(25);
    expect(new Set(devSet.map((d) => d.id)).size).toBe(devSet.length);
  });

  it('meets the issue\'s targets and beats the naive keyword alert', () => {
    // Prepare
    const compiled = compileRegistry(registry);
    const naive = naiveClassifier(registry);
    // Act
    const ours = scoreWith(devSet, (input) => classify(input, compiled));
    const baseline = scoreWith(devSet, (input) => naive.classify(input));
    console.log(scoreTable(`dev set: ${devSet.length} items`, ours, baseline));
    // Assess: the set was written before the labelling conventions and counts an inquiry cited only as the origin of
    // what an item reports (README, "Disagreements"), which the classifier leaves out as the conventions say.
    expect(ours.inquiryF1).toBeGreaterThanOrEqual(0.89);
    expect(ours.commitmentF1).toBeGreaterThanOrEqual(0.98);
    expect(ours.falseAlarmRate).toBeLessThanOrEqual(0);
    expect(ours.kindAccuracy).toBeGreaterThanOrEqual(1);
    expect(ours.falseAlarmRate).toBeLessThan(baseline.falseAlarmRate);
    expect(ours.commitmentF1).toBeGreaterThan(baseline.commitmentF1);
  });
});
