import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { DeploymentProbe } from '../../doctor/doctor.ts';

/**
 * `doctor`'s view of a deployment through the AWS APIs, with the usual credentials and region (and the usual
 * `AWS_ENDPOINT_URL_<SERVICE>` overrides, which is how the tests point it at loopback stand-ins). Read-only: it
 * never decrypts the Slack token, only asks whether the parameter exists.
 */
export class AwsDeploymentProbe implements DeploymentProbe {
  private readonly sts = new STSClient({ maxAttempts: 2 });
  private readonly cloudformation = new CloudFormationClient({});
  private readonly dynamodb = new DynamoDBClient({});
  private readonly scheduler = new SchedulerClient({});
  private readonly ssm = new SSMClient({});
  private readonly cloudwatch = new CloudWatchClient({});
  private readonly sns = new SNSClient({});

  async region(): Promise<string | undefined> {
    try {
      return await this.sts.config.region();
    } catch {
      return undefined;
    }
  }

  async identity(): Promise<{ account: string; arn: string }> {
    const out = await this.sts.send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? '?', arn: out.Arn ?? '?' };
  }

  async stack(name: string): Promise<{ status: string; outputs: Record<string, string> } | undefined> {
    try {
      const out = await this.cloudformation.send(new DescribeStacksCommand({ StackName: name }));
      const stack = out.Stacks?.[0];
      if (!stack) return undefined;
      return { status: stack.StackStatus ?? 'UNKNOWN', outputs: Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? ''])) };
    } catch (err) {
      // CloudFormation answers a missing stack with a ValidationError "does not exist".
      if ((err as Error).name === 'ValidationError' && /does not exist/.test((err as Error).message)) return undefined;
      throw err;
    }
  }

  async tableStatus(name: string): Promise<string> {
    const out = await this.dynamodb.send(new DescribeTableCommand({ TableName: name }));
    return out.Table?.TableStatus ?? 'UNKNOWN';
  }

  async scheduleState(name: string): Promise<string | undefined> {
    try {
      return (await this.scheduler.send(new GetScheduleCommand({ Name: name }))).State;
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return undefined;
      throw err;
    }
  }

  async parameterExists(name: string): Promise<boolean> {
    try {
      const out = await this.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: false }));
      return Boolean(out.Parameter);
    } catch (err) {
      if (err instanceof ParameterNotFound) return false;
      throw err;
    }
  }

  async alarms(names: string[]): Promise<{ name: string; state: string; reason: string }[]> {
    const out = await this.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: names, MaxRecords: 100 }));
    return (out.MetricAlarms ?? []).map((a) => ({ name: a.AlarmName ?? '?', state: a.StateValue ?? 'UNKNOWN', reason: a.StateReason ?? '' }));
  }

  async subscriptions(topicArn: string): Promise<{ protocol: string; endpoint: string; confirmed: boolean }[]> {
    const out = await this.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    return (out.Subscriptions ?? []).map((s) => ({
      protocol: s.Protocol ?? '?',
      endpoint: s.Endpoint ?? '?',
      // Until the recipient clicks the link, SNS lists the subscription with this placeholder instead of an ARN.
      confirmed: Boolean(s.SubscriptionArn?.startsWith('arn:')),
    }));
  }

  destroy(): void {
    for (const client of [this.sts, this.cloudformation, this.dynamodb, this.scheduler, this.ssm, this.cloudwatch, this.sns]) client.destroy();
  }
}
