/**
 * Monthly AWS cost of the default deployment, as arithmetic anyone can check (the same table is in the README's
 * Deploy section): 15-minute polling, 50 sources, 1,000 new items a day, a daily roundup, light API use.
 * us-east-1 list prices (London is roughly 10–20% higher); a month is 30 days. Edit the constants if prices change.
 */
type Row = { metric: string; value: number | string; unit?: string; note?: string };

const PRICE = {
  lambdaGbSecondArm: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWrites: 0.625,
  dynamoPerMillionReads: 0.125,
  dynamoStorageAndPitrGbMonth: 0.25 + 0.2,
  secret: 0.4,
  customMetric: 0.3,
  alarm: 0.1,
  logsGb: 0.5,
};

const CYCLES = 4 * 24 * 30;
const ITEMS_PER_MONTH = 1000 * 30;
const SOURCES = 50;

export async function bench(): Promise<{ section: string; rows: Row[] }> {
  const pollGbS = CYCLES * 15 * 0.5; // a cycle is network-bound: ~15 s at 512 MB
  const digestGbS = CYCLES * 0.05 * 0.25 + 130 * 3 * 0.25; // mostly "nothing new" returns, ~130 posting runs
  const lambda = (pollGbS + digestGbS) * PRICE.lambdaGbSecondArm + (6000 / 1e6) * PRICE.lambdaPerMillionRequests;
  // ~15 WRU per new item: the ~3 KB item and its three GSI copies, dedup aliases, tracked matches; plus source-state
  // writes, at most one per source per cycle and only when something changed.
  const wru = ITEMS_PER_MONTH * 15 + Math.min(SOURCES * CYCLES, 144_000);
  // Reads: each cycle reads the source states and looks up the dedup keys of entries re-sent without a 304.
  const rru = CYCLES * (SOURCES + 750);
  const storageGbPerMonth = (ITEMS_PER_MONTH * 3 * 3.5) / 1e6;
  const rows: Row[] = [
    { metric: 'Lambda (poll + digest, arm64)', value: lambda, note: `${Math.round(pollGbS + digestGbS).toLocaleString('en-GB')} GB-s, ~6,000 requests` },
    { metric: 'DynamoDB writes', value: (wru / 1e6) * PRICE.dynamoPerMillionWrites, note: `${(wru / 1e6).toFixed(2)} M WRU` },
    { metric: 'DynamoDB reads', value: (rru / 1e6) * PRICE.dynamoPerMillionReads, note: `${(rru / 1e6).toFixed(2)} M RRU` },
    { metric: 'DynamoDB storage + PITR (first month; grows as much each month)', value: storageGbPerMonth * PRICE.dynamoStorageAndPitrGbMonth, note: `${storageGbPerMonth.toFixed(2)} GB a month` },
    { metric: 'Secrets Manager (Slack token, cursor key)', value: 2 * PRICE.secret },
    { metric: 'CloudWatch custom metrics (7)', value: 7 * PRICE.customMetric },
    { metric: 'CloudWatch alarms (7)', value: 7 * PRICE.alarm },
    { metric: 'CloudWatch Logs (~30 MB)', value: 0.03 * PRICE.logsGb },
    { metric: 'Scheduler, HTTP API, SQS, SNS', value: 0, note: 'within free allowances at this volume' },
  ];
  const total = rows.reduce((n, r) => n + (r.value as number), 0);
  return {
    section: 'Estimated monthly AWS cost, default deployment (USD, us-east-1 list prices, no free tier)',
    rows: [...rows, { metric: 'total', value: total }].map((r) => ({ ...r, value: +(r.value as number).toFixed(2), unit: 'USD' })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await bench(), null, 2));
