import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../../lib/registry/registry.ts';
import { classify, compileRegistry, type ClassifyInput } from '../../../lib/classify/classifier.ts';
import { naiveClassifier } from '../../../lib/classify/baseline.ts';
import { scoreClassifications, type Labels, type Scores } from '../../../lib/classify/evaluate.ts';
import type { SourceType } from '../../../lib/model/item.ts';

interface DevItem {
  id: string;
  title: string;
  text: string;
  source_url?: string;
  source_type?: SourceType;
  labels: Labels;
}

const devSet: DevItem[] = readFileSync('test/fixtures/classify/dev.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as DevItem);
const inputOf = (d: DevItem): ClassifyInput => ({ id: d.id, title: d.title, text: d.text, sourceUrl: d.source_url, sourceType: d.source_type });
const row = (name: string, s: Scores) =>
  `| ${name} | ${s.inquiryF1.toFixed(2)} | ${s.commitmentF1.toFixed(2)} | ${(s.falseAlarmRate * 100).toFixed(0)}% | ${s.kindAccuracy.toFixed(2)} |`;

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
    const ours = scoreClassifications(devSet.map((d) => ({ predicted: classify(inputOf(d), compiled), labels: d.labels })));
    const baseline = scoreClassifications(devSet.map((d) => ({ predicted: naive.classify(inputOf(d)), labels: d.labels })));
    console.log(
      [`dev set: ${devSet.length} items`, '| classifier | inquiries F1 | commitments F1 | off-topic false alarms | kind accuracy |', '|---|---|---|---|---|', row('inquiry-watch', ours), row('naive keyword loop', baseline)].join('\n'),
    );
    // Assess
    expect(ours.inquiryF1).toBeGreaterThanOrEqual(0.9);
    expect(ours.commitmentF1).toBeGreaterThanOrEqual(0.75);
    expect(ours.falseAlarmRate).toBeLessThanOrEqual(0.1);
    expect(ours.kindAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(ours.falseAlarmRate).toBeLessThan(baseline.falseAlarmRate);
    expect(ours.commitmentF1).toBeGreaterThan(baseline.commitmentF1);
  });
});
