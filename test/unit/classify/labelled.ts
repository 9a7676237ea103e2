import { readFileSync } from 'node:fs';
import type { ClassifyInput } from '../../../lib/classify/classifier.ts';
import type { Classification, SourceType } from '../../../lib/model/item.ts';
import { scoreClassifications, type Labels, type Scores } from '../../../lib/classify/evaluate.ts';

/** A labelled item as the dev and held-out files hold it: labels under `labels`, or beside the item's fields. */
export interface LabelledItem {
  id: string;
  title: string;
  text: string;
  source_url?: string;
  source_type?: SourceType;
  labels: Labels;
}

export function readLabelled(file: string): LabelledItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const row = JSON.parse(l) as Omit<LabelledItem, 'labels'> & Partial<Labels> & { labels?: Labels };
      const labels = row.labels ?? { inquiries: row.inquiries ?? [], commitments: row.commitments ?? [], kind: row.kind! };
      return { id: row.id, title: row.title, text: row.text, source_url: row.source_url, source_type: row.source_type, labels };
    });
}

export const inputOf = (d: LabelledItem): ClassifyInput => ({ id: d.id, title: d.title, text: d.text, sourceUrl: d.source_url, sourceType: d.source_type });

/**
 * Scores a classifier on labelled items. `scope`: the entries the items were labelled against; tags on entries added
 * to the registry since are neither right nor wrong for those labels, so they are left out of the score.
 */
export const scoreWith = (items: LabelledItem[], classify: (input: ClassifyInput) => Classification, scope?: ReadonlySet<string>): Scores =>
  scoreClassifications(items.map((d) => ({ predicted: scope ? within(classify(inputOf(d)), scope) : classify(inputOf(d)), labels: d.labels })));

export const within = (c: Classification, scope: ReadonlySet<string>): Classification => ({
  ...c,
  inquiries: c.inquiries.filter((id) => scope.has(id)),
  commitments: c.commitments.filter((id) => scope.has(id)),
});

const row = (name: string, s: Scores) =>
  `| ${name} | ${s.inquiryF1.toFixed(2)} | ${s.commitmentF1.toFixed(2)} | ${(s.falseAlarmRate * 100).toFixed(0)}% | ${s.kindAccuracy.toFixed(2)} |`;

/** The README's score table. */
export const scoreTable = (title: string, ours: Scores, naive: Scores): string =>
  [title, '| classifier | inquiries F1 | commitments F1 | off-topic false alarms | kind accuracy |', '|---|---|---|---|---|', row('inquiry-watch', ours), row('naive keyword loop', naive)].join('\n');
