/**
 * Monthly AWS cost of the default deployment, as arithmetic anyone can check (the same table is in docs/deploy.md):
 * 15-minute polling, 50 sources, 1,000 new items a day, a daily roundup, light API use. us-east-1 list prices
 * (London is roughly 10–20% higher); a month is 30 days. Edit the constants if prices change.
 *
 * The totals leave out every free tier; what the always-free tiers take off is a separate row.
 */
type Row = { metric: string; value: number | string; unit?: string; note?: string };

const PRICE = {
  lambdaGbSecondArm: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWrites: 0.625,
  dynamoPerMillionReads: 0.125,
  dynamoStorageGbMonth: 0.25,
  dynamoPitrGbMonth: 0.2,
  /** Per metric-month, billed by the hour a metric has data. */
  customMetric: 0.3,
  /** Per metric in an alarm (a metric-math alarm pays for each metric it reads). */
  alarmMetric: 0.1,
  logsGb: 0.5,
  schedulerPerMillion: 1,
  /** SSM standard parameters and their standard-throughput API calls; the AWS-managed aws/ssm key. */
  ssmStandardParameter: 0,
};

const CYCLES = 4 * 24 * 30;
const ITEMS_PER_MONTH = 1000 * 30;
const SOURCES = 50;
const DIGEST_RUNS = CYCLES + 30; // one after each poll, one roundup a day
/** Alarm metrics in the stack (asserted in test/infra/stack.test.ts). */
const ALARM_METRICS = 9;

export async function bench(): Promise<{ section: string; rows: Row[] }> {
  const pollGbS = CYCLES * 15 * 0.5; // a cycle is network-bound: ~15 s at 512 MB
  // Mostly "nothing new" runs (lease, cursor, one Query: ~0.3 s), and ~130 that post.
  const digestGbS = DIGEST_RUNS * 0.3 * 0.25 + 130 * 3 * 0.25;
  const requests = CYCLES + DIGEST_RUNS + 200;
  const lambda = (pollGbS + digestGbS) * PRICE.lambdaGbSecondArm + (requests / 1e6) * PRICE.lambdaPerMillionRequests;
  // ~15 WRU per new item: the ~3 KB item and its GSI copies, dedup aliases, tracked matches, counts. Source states:
  // at most one per source per cycle and only when something changed; the cycle record (~5 KB); the run leases
  // (taken and released by every poll and digest run).
  const wru = ITEMS_PER_MONTH * 15 + Math.min(SOURCES * CYCLES, 144_000) + CYCLES * 5 + 2 * (CYCLES + DIGEST_RUNS);
  // Reads are eventually consistent (half a unit per item up to 4 KB): each cycle reads the source states and
  // looks up the dedup keys of ~750 entries re-sent without a 304; a digest run reads its cursor and pending list.
  const rru = CYCLES * (SOURCES + 750) * 0.5 + DIGEST_RUNS * 3;
  const storageGb = (ITEMS_PER_MONTH * 3 * 3.5) / 1e6;
  const rows: Row[] = [
    { metric: 'Lambda (poll + digest + query, arm64)', value: lambda, note: `${Math.round(pollGbS + digestGbS).toLocaleString('en-GB')} GB-s, ~${requests.toLocaleString('en-GB')} requests` },
    { metric: 'DynamoDB writes', value: (wru / 1e6) * PRICE.dynamoPerMillionWrites, note: `${(wru / 1e6).toFixed(2)} M WRU` },
    { metric: 'DynamoDB reads', value: (rru / 1e6) * PRICE.dynamoPerMillionReads, note: `${(rru / 1e6).toFixed(2)} M RRU (eventually consistent)` },
    {
      metric: 'DynamoDB storage + PITR (first month; grows as much each month)',
      value: storageGb * (PRICE.dynamoStorageGbMonth + PRICE.dynamoPitrGbMonth),
      note: `${storageGb.toFixed(2)} GB a month`,
    },
    { metric: `CloudWatch alarms (7 alarms, ${ALARM_METRICS} metrics)`, value: ALARM_METRICS * PRICE.alarmMetric },
    { metric: 'CloudWatch custom metrics (3, emitted only on a problem)', value: 0, note: `$${PRICE.customMetric.toFixed(2)} a month each only if a problem lasted all month` },
    { metric: 'CloudWatch Logs (~30 MB)', value: 0.03 * PRICE.logsGb },
    { metric: 'SSM parameters (Slack token, cursor key; standard, aws/ssm key)', value: 2 * PRICE.ssmStandardParameter },
    { metric: 'EventBridge Scheduler (polls and roundups)', value: ((CYCLES + 30) / 1e6) * PRICE.schedulerPerMillion },
    { metric: 'HTTP API, SQS, SNS email', value: 0, note: 'fractions of a cent at this volume' },
  ];
  const total = rows.reduce((n, r) => n + (r.value as number), 0);
  // Always free (not only the first year): Lambda 400,000 GB-s and 1 M requests, 10 alarm metrics, 10 custom
  // metrics, 5 GB of logs, 25 GB of DynamoDB storage (not PITR).
  const freeTier = lambda + Math.min(ALARM_METRICS, 10) * PRICE.alarmMetric + 0.03 * PRICE.logsGb + storageGb * PRICE.dynamoStorageGbMonth;
  return {
    section: 'Estimated monthly AWS cost, default deployment (USD, us-east-1 list prices, no free tier)',
    rows: [
      ...rows,
      { metric: 'total, first month', value: total, note: 'target ≤ 2.00' },
      { metric: 'growth per month (storage + PITR of the new items)', value: storageGb * (PRICE.dynamoStorageGbMonth + PRICE.dynamoPitrGbMonth) },
      { metric: 'total inside the always-free tiers', value: total - freeTier, note: 'Lambda, alarms, logs and DynamoDB storage free' },
    ].map((r) => ({ ...r, value: +(r.value as number).toFixed(2), unit: 'USD' })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await bench(), null, 2));
