import type { DeliveryReport } from './deliver.ts';

export interface DigestRunOutcome {
  /** `ok`, `partial`, `failed`, `busy`, or `slack-not-configured` (digests stay pending; not a failure). */
  outcome: 'ok' | 'partial' | 'failed' | 'busy' | 'slack-not-configured';
  detail: string;
}

/**
 * One line for a whole digest run (alerts and roundups): recorded on the run lease when it is released, so
 * `sources` and `doctor` can tell a maintainer that Slack is not configured yet, or which channel fails.
 */
export function digestRunOutcome(reports: DeliveryReport[], verb = 'posted'): DigestRunOutcome {
  const channels = reports.flatMap((r) => r.channels.map((c) => ({ ...c, mode: r.mode })));
  const where = (list: typeof channels) => [...new Set(list.map((c) => c.channel))].join(', ');
  const posted = reports.reduce((n, r) => n + r.messagesPosted, 0);
  const notConfigured = channels.filter((c) => c.status === 'not-configured');
  const failed = channels.filter((c) => c.status === 'failed');
  const busy = channels.filter((c) => c.status === 'busy');
  if (notConfigured.length) {
    return { outcome: 'slack-not-configured', detail: `${notConfigured[0]!.error?.message ?? 'no Slack token'}; digests for ${where(notConfigured)} stay pending until it is set` };
  }
  if (failed.length) {
    const why = failed.map((c) => `${c.channel} ${c.mode}: ${c.error?.code ?? 'failed'}`).join('; ');
    return { outcome: failed.length === channels.length ? 'failed' : 'partial', detail: `${why} (those digests stay pending and are retried)` };
  }
  if (busy.length) return { outcome: 'busy', detail: busy.map((c) => `${c.channel} ${c.mode}: ${c.busy?.message ?? 'busy'}`).join('; ') };
  return { outcome: 'ok', detail: `${posted} message${posted === 1 ? '' : 's'} ${verb}` };
}
