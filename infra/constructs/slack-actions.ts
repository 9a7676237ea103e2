import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer, type CfnStage, type HttpApi, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Metric, type Alarm, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, SERVICE } from '../../functions/commons/metric-names.ts';
import { SLACK_PATHS } from '../../lib/slack-actions/door.ts';
import { SlackRequestEntity } from '../../lib/store/entities/slack-request-entity.ts';
import { MonitorFunction } from './monitor-function.ts';

const functionsDir = fileURLToPath(new URL('../../functions/', import.meta.url));

export interface SlackActionsProps {
  /** The HTTP API the Slack routes join (its default authoriser is IAM; these routes are authorised by signature). */
  api: HttpApi;
  stage: HttpStage;
  table: Table;
  /** SSM SecureString parameters the maintainer fills in: the bot token (only the worker reads it) and the signing secret (only the ingress). */
  slackToken: SecureParameter;
  signingSecret: SecureParameter;
  deadLetters: IQueue;
  /** The stack's alarms (named, to its topic). */
  addAlarm: (id: string, description: string, metric: IMetric) => Alarm;
  /** esbuild defines (the deployed setup). */
  define: Record<string, string>;
  /** Requests per second allowed on each Slack route (a campaign group clicks and types, it does not stream). */
  rateLimit?: number;
}

export interface SecureParameter {
  name: string;
  arn: string;
}

/**
 * Slack actions in AWS: `POST /slack/interactions` and `POST /slack/commands` on the HTTP API, with no IAM
 * authoriser (Slack cannot sign with SigV4) but every request verified against the signing secret by the ingress
 * function before anything is parsed; throttled per route; an alarm on refused requests. The ingress function
 * acknowledges within Slack's three seconds and invokes the worker asynchronously for the work itself.
 *
 * Least privilege: the ingress reads the signing secret, may only PutItem request records and invoke the worker;
 * the worker reads the bot token and the table. Both secrets are SSM SecureStrings beside each other, never in the
 * template. A failed job is retried, then dead-lettered (the stack's dead-letter alarm); an ingress failure is an
 * API 5xx (the stack's server-error alarm).
 */
export class SlackActions extends Construct {
  readonly ingress: MonitorFunction;
  readonly worker: MonitorFunction;
  readonly rejectedAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SlackActionsProps) {
    super(scope, id);
    const { table } = props;

    this.worker = new MonitorFunction(this, 'Worker', {
      entry: `${functionsDir}slack-worker.ts`,
      serviceName: SERVICE.slackWorker,
      description: 'Runs accepted Slack requests: corrections (archive, counts, board, message update) and /inquiry answers',
      memorySize: 512,
      timeout: Duration.seconds(60),
      define: props.define,
      environment: { SLACK_TOKEN_PARAMETER: props.slackToken.name },
    }).bindTable({ table, access: 'readwrite', envVar: 'TABLE_NAME' });
    this.worker.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [props.slackToken.arn] }));
    // A failed job is retried (its ledger entry makes that safe), then dead-lettered; an hour-old click is stale.
    this.worker.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(1), onFailure: new SqsDestination(props.deadLetters) });

    this.ingress = new MonitorFunction(this, 'Ingress', {
      entry: `${functionsDir}slack-ingress.ts`,
      serviceName: SERVICE.slackIngress,
      description: 'Slack request door: signature, freshness, size, workspace and channel checks, replay guard; hands work to the worker',
      // Slack waits three seconds for the acknowledgement, cold start included.
      timeout: Duration.seconds(10),
      define: props.define,
      environment: { TABLE_NAME: table.tableName, SLACK_SIGNING_SECRET_PARAMETER: props.signingSecret.name, SLACK_WORKER_FUNCTION: this.worker.functionName },
    });
    // Request records only: a PutItem whose partition key is a Slack request's, on the table itself (no index).
    this.ingress.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [SlackRequestEntity.pk('*')] } },
      }),
    );
    this.ingress.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [props.signingSecret.arn] }));
    this.worker.grantInvoke(this.ingress);
    const stack = Stack.of(this);
    Validations.of(this.ingress.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.worker.node.defaultChild as never)}.Arn>:*]`,
      reason: 'lambda:InvokeFunction on the Slack worker function and its versions (`:*`, as CDK grants it), nothing else.',
    });

    const integration = new HttpLambdaIntegration('SlackIntegration', this.ingress);
    const routes = Object.values(SLACK_PATHS).flatMap((path) =>
      props.api.addRoutes({ path, methods: [HttpMethod.POST], integration, authorizer: new HttpNoneAuthorizer() }),
    );
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: 'Slack cannot sign requests with SigV4: every request is authorised in the function by its Slack signature (HMAC-SHA256, five-minute window, replay guard) before its body is read.',
      });
    }
    // Per-route throttling, beside the stage's default for the query API.
    const rate = props.rateLimit ?? 10;
    const cfnStage = props.stage.node.defaultChild as CfnStage;
    cfnStage.addPropertyOverride(
      'RouteSettings',
      Object.fromEntries(Object.values(SLACK_PATHS).map((path) => [`POST ${path}`, { ThrottlingRateLimit: rate, ThrottlingBurstLimit: rate * 2 }])),
    );
    for (const route of routes) props.stage.node.addDependency(route);

    // Slack signs every request it sends: any refusal other than a member typing in the wrong channel means someone
    // else is knocking, or the signing secret is wrong. The metric exists only when there is a refusal.
    this.rejectedAlarm = props.addAlarm(
      'SlackRequestsRejected',
      'A request to the Slack endpoint was refused at the door (bad or missing signature, stale, replayed, another workspace, oversized or malformed): see the SlackIngressLogGroup log group for the reason',
      new Metric({ namespace: METRICS_NAMESPACE, metricName: METRIC.slackRequestsRejected, dimensionsMap: { service: SERVICE.slackIngress }, statistic: 'Sum', period: Duration.minutes(5) }),
    );

    const output = (key: string, value: string, description: string) => new CfnOutput(stack, key, { value, description });
    output('SlackRequestUrl', `${props.api.apiEndpoint}/slack/`, 'Base of the Slack app URLs: <this>interactions and <this>commands (docs/slack-app-manifest.yaml)');
    output('SlackSigningSecretParameter', props.signingSecret.name, 'SSM SecureString to put the Slack app signing secret in (docs/deploy.md)');
    for (const [name, fn] of [['SlackIngress', this.ingress], ['SlackWorker', this.worker]] as const) {
      output(`${name}FunctionName`, fn.functionName, `The ${fn.serviceName} function`);
      output(`${name}LogGroup`, fn.logGroup.logGroupName, `\`aws logs tail <this> --follow\` for the ${fn.serviceName} function`);
    }
  }
}
