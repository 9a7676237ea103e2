import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { DynamoRequestLedger } from '../lib/adapters/dynamodb/slack-request-ledger.ts';
import { MAX_BODY_BYTES, openDoor, refuse, slackAccess, type DoorOutcome } from '../lib/slack-actions/door.ts';
import { documentClient } from './commons/clients.ts';
import { readEnv } from './commons/env.ts';
import { METRIC } from './commons/metric-names.ts';
import { logger, metrics, withPowertools } from './commons/powertools.ts';
import { readSecureParameter } from './commons/slack-sender.ts';
import { readDeployedSetup } from './commons/setup.ts';

const env = readEnv({
  TABLE_NAME: z.string().min(1),
  /** SSM SecureString parameter holding the Slack app's signing secret (set by the maintainer). */
  SLACK_SIGNING_SECRET_PARAMETER: z.string().min(1),
  SLACK_WORKER_FUNCTION: z.string().min(1),
  /** A loopback Slack in tests (its response URLs are then accepted too); unset in the stack. */
  SLACK_API_URL: z.url().optional(),
});
const setup = readDeployedSetup();
const access = slackAccess(setup.config, env.SLACK_API_URL);
const ledger = new DynamoRequestLedger(documentClient, env.TABLE_NAME);
const lambda = new LambdaClient({});

/**
 * POST /slack/interactions and /slack/commands on the HTTP API, authorised by Slack's signature (not IAM): the door,
 * then the accepted job handed to the worker function asynchronously, so Slack has its answer within its three
 * seconds and the work runs after. This function can read the signing secret and write request records; it never
 * holds the bot token.
 */
async function slackIngress(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const outcome = await receive(event);
  if (outcome.refused) logger.warn('slack request refused', { reason: outcome.refused, path: event.rawPath, sourceIp: event.requestContext.http.sourceIp });
  // A member typing in the wrong channel is not an attack: only the door's other refusals count towards the alarm.
  if (outcome.refused && outcome.refused !== 'wrong-channel') metrics.addMetric(METRIC.slackRequestsRejected, MetricUnit.Count, 1);
  const { status, headers, body } = outcome.response;
  return { statusCode: status, headers, body };
}

export const handler = withPowertools(slackIngress);

async function receive(event: APIGatewayProxyEventV2): Promise<DoorOutcome> {
  // Checked before decoding: base64 inflates by a third, so twice the cap is already too large either way.
  if ((event.body?.length ?? 0) > MAX_BODY_BYTES * 2) return refuse(413, 'too-large');
  const signingSecret = await readSecureParameter(env.SLACK_SIGNING_SECRET_PARAMETER);
  if (!signingSecret) {
    logger.error('the Slack signing secret has no value: every request is refused until it is set (docs/deploy.md)');
    return { response: { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'not configured' } };
  }
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  const outcome = await openDoor({ method: event.requestContext.http.method, path: event.rawPath, headers, body }, { signingSecret, access, ledger });
  if (outcome.job) {
    await lambda.send(new InvokeCommand({ FunctionName: env.SLACK_WORKER_FUNCTION, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(outcome.job)) }));
    logger.info('slack request accepted', { type: outcome.job.type, requestId: outcome.job.requestId, channel: outcome.job.channel });
  }
  return outcome;
}
