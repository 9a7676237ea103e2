import type { ChannelReport, DeliveryReport } from '../digest/deliver.ts';
import { clean, messageToTerminal } from '../digest/terminal.ts';
import type { DigestSender } from '../digest/ports.ts';
import { EXIT } from './exit-codes.ts';

/** One line per channel: what was posted (or, on a dry run, the messages themselves). */
export function formatReport(report: DeliveryReport, dryRun: boolean): string {
  const lines: string[] = [];
  for (const c of report.channels) {
    if (dryRun) {
      for (const d of c.digests) {
        lines.push(`\n[${c.channel}] would post ${report.mode} (${d.items} items, ${d.messages.length} messages${d.catchUp ? `, ${d.catchUp} catch-up` : ''}):`);
        for (const m of d.messages) lines.push(messageToTerminal(m, m.part > 0));
      }
      if (!c.digests.length) lines.push(`[${c.channel}] ${report.mode}: ${c.status}`);
      continue;
    }
    const done = c.digests.map((d) => `${d.status} ${d.items} items in ${d.messages.length} messages${d.catchUp ? ` (${d.catchUp} catch-up)` : ''}`);
    lines.push(`[${c.channel}] ${report.mode}: ${channelDetail(c, done)}`);
  }
  // Channel names come from the config, errors from Slack or the network: shown safely like every terminal string.
  return clean(lines.join('\n'));
}

function channelDetail(c: ChannelReport, done: string[]): string {
  if (c.status === 'not-configured') return `Slack not configured: ${c.error?.message ?? ''} (digests stay pending and go out once it is set)`;
  if (c.error) return `FAILED ${c.error.code}: ${c.error.message} (the digest stays pending)`;
  if (c.status === 'busy' && c.busy) return `busy: ${c.busy.message}`;
  return done.join('; ') || c.status;
}

/** 1 when every channel failed, 3 when some did, 4 when a channel was busy (another run holds its digest), else 0. */
export function digestExitCode(reports: DeliveryReport[]): number {
  const channels = reports.flatMap((r) => r.channels);
  const failed = channels.filter((c) => c.status === 'failed').length;
  if (failed) return failed === channels.length ? EXIT.failed : EXIT.partial;
  return channels.some((c) => c.status === 'busy') ? EXIT.busy : EXIT.ok;
}

/** How the run's outcome says digests went out: posted to Slack, or printed by the terminal sender. */
export const deliveredVerb = (sender: DigestSender): string => (sender.name === 'terminal' ? 'printed here (SLACK_BOT_TOKEN not set)' : 'posted');
