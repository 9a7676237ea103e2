import type { Classification, Kind } from '../model/item.ts';

/** A labelled item: what a maintainer says the classifier should answer. */
export interface Labels {
  inquiries: string[];
  commitments: string[];
  kind: Kind;
}

export interface Scores {
  items: number;
  inquiryF1: number;
  commitmentF1: number;
  /** Share of items with no labels that got any tag. */
  falseAlarmRate: number;
  kindAccuracy: number;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const f1 = ({ tp, fp, fn }: Counts): number => (tp === 0 ? (fp + fn === 0 ? 1 : 0) : (2 * tp) / (2 * tp + fp + fn));

function count(c: Counts, predicted: string[], expected: string[]): void {
  const want = new Set(expected);
  for (const p of new Set(predicted)) (want.has(p) ? c.tp++ : c.fp++);
  for (const e of want) if (!predicted.includes(e)) c.fn++;
}

/** Micro-averaged F1 per tag family, off-topic false-alarm rate and kind accuracy. */
export function scoreClassifications(pairs: { predicted: Classification; labels: Labels }[]): Scores {
  const inq: Counts = { tp: 0, fp: 0, fn: 0 };
  const com: Counts = { tp: 0, fp: 0, fn: 0 };
  let offTopic = 0;
  let alarms = 0;
  let kindsRight = 0;
  for (const { predicted, labels } of pairs) {
    count(inq, predicted.inquiries, labels.inquiries);
    count(com, predicted.commitments, labels.commitments);
    if (!labels.inquiries.length && !labels.commitments.length) {
      offTopic++;
      if (predicted.inquiries.length || predicted.commitments.length) alarms++;
    }
    if (predicted.kind === labels.kind) kindsRight++;
  }
  return {
    items: pairs.length,
    inquiryF1: f1(inq),
    commitmentF1: f1(com),
    falseAlarmRate: offTopic ? alarms / offTopic : 0,
    kindAccuracy: pairs.length ? kindsRight / pairs.length : 1,
  };
}
