import { fileURLToPath } from 'node:url';
import { ArnFormat, CfnOutput, Duration, Lazy, RemovalPolicy, Stack, TimeZone, Token, Validations, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LambdaDestination, SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../lib/store/table.ts';
import type { Config, Subscription } from '../lib/config/schema.ts';
import { METRIC, METRICS_NAMESPACE, SERVICE } from '../functions/commons/metric-names.ts';
import type { DeployedSetup } from '../functions/commons/setup-shape.ts';
import { MonitorFunction } from './constructs/monitor-function.ts';
import { ResearchWeb } from './constructs/research-web.ts';
import { SlackActions } from './constructs/slack-actions.ts';
import { requireAlarmTarget, setupDefine } from './deployed-setup.ts';

export interface InquiryWatchStackProps extends StackProps {
  /** Config and registry, validated at synth time; embedded in every bundle. */
  setup: DeployedSetup;
}

const functionsDir = fileURLToPath(new URL('../functions/', import.meta.url));

/** Environment variable names shared by the stack and the handlers. */
export const ENV = { table: 'TABLE_NAME', slackTokenParameter: 'SLACK_TOKEN_PARAMETER', cursorParameter: 'INQUIRY_WATCH_CURSOR_PARAMETER' } as const;

/**
 * SSM parameters the stack names but does not create, under `/inquiry-watch/<stack name>/` so two stacks in one
 * account never share one. CloudFormation cannot create SecureString parameters, and the values must never be in a
 * template: the maintainer puts the Slack token (from stdin, see docs/deploy.md); the query function creates its
 * cursor key. `slack-signing-secret` is reserved for Slack actions (the same path, the same kind of grant).
 */
export const parameterName = (stackName: string, name: 'slack-bot-token' | 'slack-signing-secret' | 'query-cursor-key'): string =>
  `/inquiry-watch/${stackName}/${name}`;

/**
 * The whole monitor: archive table, poll / digest / query functions, schedules, the IAM-authorised query API, and
 * alarms that email someone. Nothing is public; the archive survives `cdk destroy`. Other parts (hosted pages)
 * attach to the public fields: the table, the functions, `addAlarm()` and the topic.
 */
export class InquiryWatchStack extends Stack {
  readonly table: Table;
  readonly pollFunction: MonitorFunction;
  readonly digestFunction: MonitorFunction;
  readonly queryFunction: MonitorFunction;
  /** SSM parameter holding the Slack bot token (set by the maintainer). */
  readonly slackTokenParameter: string;
  readonly api: HttpApi;
  /** The API's `$default` stage (access logs, throttling). */
  apiStage!: HttpStage;
  /** Corrections and `/inquiry` from Slack, when the config has a `slack:` section. */
  readonly slackActions?: SlackActions;
  /** Attach to the IAM users or roles of researchers who may call the query API. */
  readonly apiCallerPolicy: ManagedPolicy;
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly deadLetters: Queue;
  /** The hosted research pages, when `web.hosted` is set. */
  readonly researchWeb?: ResearchWeb;

  constructor(scope: Construct, id: string, props: InquiryWatchStackProps) {
    super(scope, id, props);
    const { config } = props.setup;
    requireAlarmTarget(config, '(stack props)');
    const define = setupDefine(props.setup);

    this.table = new Table(this, 'Archive', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TTL_ATTRIBUTE,
    });
    for (const index of Object.values(INDEXES)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    // One queue for everything that could not be delivered: async invocations that exhausted their retries and
    // schedule deliveries Lambda refused. A message arriving alarms (arrivals, not depth: one old message must not
    // hold the alarm for 14 days and hide the next failure).
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination for the Lambda async invocations and schedules; a DLQ for a DLQ adds nothing.',
    });

    this.slackTokenParameter = parameterName(this.stackName, 'slack-bot-token');
    const cursorKeyParameter = parameterName(this.stackName, 'query-cursor-key');

    // No reserved concurrency: new accounts often have a concurrency quota of 10, below which reserving any fails
    // the deploy. One cycle and one digest run at a time is the run lease's job (a conditional write in the table).
    this.pollFunction = new MonitorFunction(this, 'Poll', {
      entry: `${functionsDir}poll.ts`,
      serviceName: SERVICE.poll,
      description: 'Polls every enabled source once, classifies and stores new items',
      memorySize: 512,
      // A cycle must end before the next one starts; Lambda caps at 15 minutes.
      timeout: Duration.seconds(Math.min(900, Math.max(60, config.pollEveryMinutes * 60 - 30))),
      define,
    }).bindTable({ table: this.table, access: 'readwrite', envVar: ENV.table });

    this.digestFunction = new MonitorFunction(this, 'Digest', {
      entry: `${functionsDir}digest.ts`,
      serviceName: SERVICE.digest,
      description: 'Posts Slack alerts after a poll and roundups on schedule; the only reader of the Slack token',
      timeout: Duration.minutes(5),
      define,
      environment: { [ENV.slackTokenParameter]: this.slackTokenParameter },
    }).bindTable({ table: this.table, access: 'readwrite', envVar: ENV.table });
    this.digestFunction.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [this.parameterArn(this.slackTokenParameter)] }));

    this.queryFunction = new MonitorFunction(this, 'Query', {
      entry: `${functionsDir}query-api.ts`,
      serviceName: SERVICE.query,
      description: 'Read-only archive query API (IAM-authorised)',
      memorySize: 512,
      timeout: Duration.seconds(29),
      define,
      environment: { [ENV.cursorParameter]: cursorKeyParameter },
    }).bindTable({ table: this.table, access: 'read', envVar: ENV.table });
    // Reads its cursor key, and creates it on the first cold start (never overwriting one that exists).
    this.queryFunction.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [this.parameterArn(cursorKeyParameter)] }));

    // Async failure handling. Poll: one retry (a cycle is idempotent), and on success the result goes straight to
    // the digest function, which posts any alerts not yet sent. The poll function can invoke the digest function but
    // never read the token. Digest: Lambda's default two retries (its ledger makes
    // re-runs safe). Either way, what still fails lands in the dead-letter queue.
    this.pollFunction.configureAsyncInvoke({
      retryAttempts: 1,
      maxEventAge: Duration.minutes(Math.max(1, Math.min(360, config.pollEveryMinutes))),
      onSuccess: new LambdaDestination(this.digestFunction, { responseOnly: false }),
      onFailure: new SqsDestination(this.deadLetters),
    });
    // Acknowledged here, not with the roundup schedules: a config without roundups has the same finding.
    this.acknowledgeInvokeWildcard(this.digestFunction, "the poll function's on-success destination and the roundup schedules' role");
    this.digestFunction.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(this.deadLetters),
    });

    this.addSchedules(config.pollEveryMinutes, config.subscriptions);
    this.api = this.addQueryApi();
    // The hosted research pages, only when the config asks for them (infra/constructs/research-web.ts).
    if (config.web.hosted) {
      this.researchWeb = new ResearchWeb(this, 'ResearchWeb', {
        api: this.api,
        table: this.table,
        cursorParameter: { name: cursorKeyParameter, arn: this.parameterArn(cursorKeyParameter) },
        define,
        signInDomainPrefix: config.web.signInDomainPrefix,
      });
    }
    this.apiCallerPolicy = new ManagedPolicy(this, 'QueryApiCallerPolicy', {
      description: 'May call the Inquiry Watch query API (GET only); attach to researchers\' users or roles',
      statements: [new PolicyStatement({ actions: ['execute-api:Invoke'], resources: [this.api.arnForExecuteApi('GET', '/*')] })],
    });
    // cdk-nag prints the ARN as resolved: literal region/account when the stack has them, pseudo-parameters otherwise.
    const literal = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const [partition, region, account] = [literal(this.partition, 'Partition'), literal(this.region, 'Region'), literal(this.account, 'AccountId')];
    Validations.of(this.apiCallerPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${partition}:execute-api:${region}:${account}:<${this.getLogicalId(this.api.node.defaultChild as never)}>/*/GET/*]`,
      reason: 'GET on every path of this one read-only API: the API is the unit of access, its paths are query shapes.',
    });
    this.alarmTopic = this.createAlarmTopic(config.alarmEmail);
    this.addDefaultAlarms(config);
    // Corrections and /inquiry from Slack, only when the config has a slack section (infra/constructs/slack-actions.ts).
    if (config.slack) {
      this.slackActions = new SlackActions(this, 'SlackActions', {
        api: this.api,
        stage: this.apiStage,
        table: this.table,
        slackToken: { name: this.slackTokenParameter, arn: this.parameterArn(this.slackTokenParameter) },
        signingSecret: { name: parameterName(this.stackName, 'slack-signing-secret'), arn: this.parameterArn(parameterName(this.stackName, 'slack-signing-secret')) },
        deadLetters: this.deadLetters,
        addAlarm: (id, description, metric) => this.addAlarm(id, description, metric),
        define,
      });
    }

    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('TableName', this.table.tableName, 'The archive (--table for the CLI with --store aws)');
    output('QueryApiUrl', this.api.apiEndpoint, 'Query API base URL (SigV4-signed GETs only)');
    output('QueryApiCallerPolicyArn', this.apiCallerPolicy.managedPolicyArn, "Attach to researchers' users or roles to let them call the query API");
    output('SlackTokenParameter', this.slackTokenParameter, 'SSM SecureString to put the Slack bot token in (docs/deploy.md)');
    output('QueryCursorKeyParameter', cursorKeyParameter, 'SSM SecureString the query function creates for its cursor key');
    output('AlarmTopicArn', this.alarmTopic.topicArn, 'SNS topic every alarm notifies');
    // Lazy: alarms added after the constructor (by other parts of the app) are listed too.
    output('AlarmNames', Lazy.string({ produce: () => this.alarms.map((a) => a.alarmName).join(',') }), 'Every alarm, for `aws cloudwatch describe-alarms --alarm-names`');
    output('DeadLetterQueueUrl', this.deadLetters.queueUrl, 'Failed invocations and schedule deliveries, kept 14 days');
    output('PollEveryMinutes', String(config.pollEveryMinutes), 'Poll schedule period (doctor checks the last cycle against it)');
    for (const [name, fn] of [['Poll', this.pollFunction], ['Digest', this.digestFunction], ['Query', this.queryFunction]] as const) {
      output(`${name}FunctionName`, fn.functionName, `The ${fn.serviceName} function`);
      output(`${name}LogGroup`, fn.logGroup.logGroupName, `\`aws logs tail <this> --follow\` for the ${fn.serviceName} function`);
    }
  }

  /** `arn:…:ssm:<region>:<account>:parameter/inquiry-watch/…` for a parameter name that starts with a slash. */
  private parameterArn(name: string): string {
    return this.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.replace(/^\//, ''), arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  }

  /**
   * Poll every `pollEveryMinutes`; roundups as one schedule per distinct roundup time, Europe/London. Why not an
   * hourly check: a schedule per time posts at exactly the configured minute (an hourly tick would post at
   * 08:00 for "08:30" or need a 1-minute tick), Scheduler handles BST/GMT itself, and there are no idle
   * invocations. The digest code still decides which subscriptions are due (daily, or weekly on their day), so a
   * weekly Monday 08:00 and a daily 08:00 share one schedule.
   */
  private addSchedules(pollEveryMinutes: number, subscriptions: Subscription[]): void {
    const target = (fn: MonitorFunction, input: object, maxEventAge: Duration) =>
      new LambdaInvoke(fn, {
        input: ScheduleTargetInput.fromObject(input),
        retryAttempts: 2,
        maxEventAge,
        deadLetterQueue: this.deadLetters,
      });
    const schedules = [];
    schedules.push(new Schedule(this, 'PollSchedule', {
      description: `Inquiry Watch poll cycle every ${pollEveryMinutes} min`,
      schedule: ScheduleExpression.rate(Duration.minutes(pollEveryMinutes)),
      target: target(this.pollFunction, { source: 'schedule' }, Duration.minutes(Math.max(1, Math.min(pollEveryMinutes, 1440)))),
    }));
    const times = [...new Set(subscriptions.flatMap((s) => (s.roundup.cadence === 'off' ? [] : [s.roundup.at])))].sort();
    for (const at of times) {
      const [hour, minute] = at.split(':').map(Number) as [number, number];
      const id = `RoundupSchedule${at.replace(':', '')}`;
      schedules.push(new Schedule(this, id, {
        description: `Inquiry Watch roundups due at ${at} Europe/London`,
        schedule: ScheduleExpression.cron({ minute: String(minute), hour: String(hour), timeZone: TimeZone.EUROPE_LONDON }),
        target: target(this.digestFunction, { mode: 'roundups' }, Duration.hours(1)),
      }));
    }
    // The scheduler role may invoke only these functions; its policy names `<function arn>:*` so the schedule
    // also works for aliases and versions (the digest function's is acknowledged with its destination).
    this.acknowledgeInvokeWildcard(this.pollFunction, 'the EventBridge Scheduler target role');
    new CfnOutput(this, 'ScheduleNames', { value: schedules.map((x) => x.scheduleName).join(','), description: 'Every schedule (doctor checks they are enabled)' });
  }

  /** `<function arn>:*` in a policy CDK generates to invoke `fn`: this one function and its versions, nothing else. */
  private acknowledgeInvokeWildcard(fn: MonitorFunction, grantedTo: string): void {
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as never)}.Arn>:*]`,
      reason: `Generated by CDK for ${grantedTo}: lambda:InvokeFunction on this one function and its versions (\`:*\`), nothing else.`,
    });
  }

  private addQueryApi(): HttpApi {
    const api = new HttpApi(this, 'QueryApi', {
      description: 'Inquiry Watch archive query API (IAM / SigV4 only)',
      createDefaultStage: false,
      defaultAuthorizer: new HttpIamAuthorizer(),
    });
    const accessLogs = new LogGroup(this, 'QueryApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new CfnOutput(this, 'QueryApiAccessLogGroup', { value: accessLogs.logGroupName, description: 'Query API access logs (one line per request)' });
    this.apiStage = new HttpStage(this, 'QueryApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      // A cost guard: researchers page through results; nobody needs more than this.
      throttle: { rateLimit: 20, burstLimit: 40 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    const integration = new HttpLambdaIntegration('QueryIntegration', this.queryFunction);
    api.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.GET], integration });
    return api;
  }

  /** The topic every alarm notifies, with the maintainer's email subscribed (they confirm it once). */
  private createAlarmTopic(email: string | undefined): Topic {
    const topic = new Topic(this, 'Alarms', { displayName: 'Inquiry Watch alarms', enforceSSL: true });
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'Alarm notifications carry only alarm names and states. CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key costs more than the rest of the stack.',
    });
    // A topic policy replaces the default one (which lets the account publish), so the TLS-only Deny alone would
    // stop CloudWatch too: allow it, for this account's alarms only.
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': this.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
          StringEquals: { 'aws:SourceAccount': this.account },
        },
      }),
    );
    if (email) topic.addSubscription(new EmailSubscription(email));
    return topic;
  }

  /**
   * An alarm named `<stack>-<id>` that notifies the topic when it fires and when it clears. Missing data is "OK"
   * unless said otherwise: problem metrics are only emitted when something is wrong.
   */
  addAlarm(id: string, description: string, metric: IMetric, options: { below?: boolean; missing?: TreatMissingData } = {}): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: `${this.stackName}-${id}`,
      alarmDescription: `${description} (docs/deploy.md, "Alarms")`,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: options.below ? ComparisonOperator.LESS_THAN_THRESHOLD : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * Alarms that reach a person, nine alarm metrics in all (CloudWatch bills per metric in an alarm, and the free
   * tier covers ten). Each says what broke; failures that retry and then succeed stay quiet:
   * - something landed in the dead-letter queue (an invocation or schedule failed after its retries: poll and digest
   *   errors and timeouts that did not heal, and async throttling that outlasted its retries);
   * - the query API answered 5xx (handled errors, crashes, timeouts and throttles of the query function alike);
   * - Lambda could not deliver a poll result to the digest function or a failure to the queue;
   * - Lambda throttled the poll or digest function (no reserved concurrency: an account quota shared with others);
   * - a source failed `failureAlertAfter` cycles in a row; a digest could not be posted; no poll ran for two periods.
   */
  private addDefaultAlarms(config: Config): void {
    const fiveMinutes = Duration.minutes(5);
    const cycle = Duration.minutes(Math.max(5, config.pollEveryMinutes));
    const custom = (metricName: string, service: string, statistic: string): IMetric =>
      new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic, period: cycle });
    const sum = (label: string, metrics: Record<string, IMetric>) =>
      new MathExpression({ expression: Object.keys(metrics).join(' + '), usingMetrics: metrics, label, period: fiveMinutes });

    this.addAlarm(
      'DeadLetterArrivals',
      'An invocation or a schedule delivery failed after its retries and was dead-lettered: read the message in the DeadLetterQueueUrl queue',
      this.deadLetters.metric('NumberOfMessagesSent', { period: fiveMinutes, statistic: 'Sum' }),
    );
    this.addAlarm('QueryServerErrors', 'The query API answered with a server error (5xx): see the QueryLogGroup log group', this.api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }));
    this.addAlarm(
      'DestinationDeliveryFailures',
      'Lambda could not hand a poll result to the digest function, or a failure to the dead-letter queue',
      sum('poll + digest destination delivery failures', {
        poll: this.pollFunction.metric('DestinationDeliveryFailures', { statistic: 'Sum', period: fiveMinutes }),
        digest: this.digestFunction.metric('DestinationDeliveryFailures', { statistic: 'Sum', period: fiveMinutes }),
      }),
    );
    this.addAlarm(
      'Throttles',
      "Lambda throttled the poll or digest function: the account's concurrency is used up (it is retried; raise the quota if this repeats)",
      sum('poll + digest throttles', {
        poll: this.pollFunction.metricThrottles({ statistic: 'Sum', period: fiveMinutes }),
        digest: this.digestFunction.metricThrottles({ statistic: 'Sum', period: fiveMinutes }),
      }),
    );
    this.addAlarm(
      'SourceFailing',
      `A source has failed ${config.failureAlertAfter} poll cycles in a row: \`npx inquiry-watch sources --store aws\` names it (the poll logs say "source failed")`,
      custom(METRIC.sourcesFailingRepeatedly, SERVICE.poll, 'Maximum'),
    );
    this.addAlarm(
      'DigestFailures',
      'A Slack digest could not be posted (it stays pending and is retried): see the DigestLogGroup log group',
      custom(METRIC.digestFailures, SERVICE.digest, 'Sum'),
    );
    // Silence is a failure too: no poll in two cycles (schedule disabled, permissions broken) alarms.
    this.addAlarm(
      'PollNotRunning',
      'No poll cycle ran for two scheduled periods: is the poll schedule enabled?',
      // CloudWatch caps an alarm's period at one day.
      this.pollFunction.metricInvocations({ period: Duration.minutes(Math.min(1440, Math.max(5, config.pollEveryMinutes * 2))), statistic: 'Sum' }),
      { below: true, missing: TreatMissingData.BREACHING },
    );
  }
}
