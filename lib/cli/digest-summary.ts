import type { DeliveryReport } from '../digest/deliver.ts';
import { clean, messageToTerminal } from '../digest/terminal.ts';

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
    const detail = c.error ? `FAILED ${c.error.code}: ${c.error.message} (the digest stays pending)` : done.join('; ') || c.status;
    lines.push(`[${c.channel}] ${report.mode}: ${detail}`);
  }
  // Channel names come from the config, errors from Slack or the network: shown safely like every terminal string.
  return clean(lines.join('\n'));
}
