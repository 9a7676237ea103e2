import type { DigestSender } from '../../digest/ports.ts';
import { TerminalSender } from '../../digest/terminal.ts';
import { SlackSender } from './slack-sender.ts';

/**
 * Slack when `SLACK_BOT_TOKEN` is set (optionally `SLACK_API_URL`, e.g. a loopback server), otherwise digests are
 * printed in the terminal, so a local run shows what would have been posted.
 */
export function senderFromEnv(env: NodeJS.ProcessEnv = process.env, write?: (text: string) => void): DigestSender {
  const token = env.SLACK_BOT_TOKEN?.trim();
  if (!token) return new TerminalSender(write);
  return new SlackSender({ token, slackApiUrl: env.SLACK_API_URL?.trim() || undefined });
}
