import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { SlackSender } from '../../lib/adapters/slack/slack-sender.ts';
import { DeliveryError, type DeliveryMarker, type DigestSender } from '../../lib/digest/ports.ts';
import type { RenderedMessage } from '../../lib/digest/types.ts';

/**
 * Slack, with the bot token read from its SSM SecureString parameter only when there is something to post or look
 * up: a run with nothing to send reads no parameter and calls no Slack API. The token is cached five minutes, so a
 * new one is used without a redeploy. No parameter yet (or an empty one) is not a failure but "not configured":
 * the digests stay pending and go out once the token is set.
 */
export class ParameterSlackSender implements DigestSender {
  readonly name = 'slack';
  private cached?: { token: string; sender: SlackSender };

  constructor(
    readonly parameterName: string,
    private readonly slackApiUrl?: string,
  ) {}

  async post(channel: string, message: RenderedMessage, marker: DeliveryMarker, threadTs?: string): Promise<{ ts: string }> {
    return (await this.slack()).post(channel, message, marker, threadTs);
  }

  async findPosted(channel: string, marker: DeliveryMarker, since: Date, threadTs?: string): Promise<string | undefined> {
    return (await this.slack()).findPosted(channel, marker, since, threadTs);
  }

  private async slack(): Promise<SlackSender> {
    const token = await readSecureParameter(this.parameterName);
    if (!token) throw DeliveryError.notConfigured(`the Slack token parameter ${this.parameterName} is not set`);
    if (this.cached?.token !== token) this.cached = { token, sender: new SlackSender({ token, slackApiUrl: this.slackApiUrl }) };
    return this.cached.sender;
  }
}

/** A SecureString's value (cached five minutes), or undefined while it is unset or empty. */
export async function readSecureParameter(name: string): Promise<string | undefined> {
  try {
    return (await getParameter(name, { decrypt: true, maxAge: 300 }))?.trim() || undefined;
  } catch (err) {
    // Powertools wraps the SDK's error; ParameterNotFound is the state of a fresh deployment.
    const cause = (err as { cause?: { name?: string } }).cause;
    if (cause?.name === 'ParameterNotFound' || (err as Error).name === 'ParameterNotFound') return undefined;
    throw err;
  }
}
