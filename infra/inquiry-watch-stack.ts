import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, TimeZone, Token, Validations, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LambdaDestination, SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../lib/store/table.ts';
import type { Subscription } from '../lib/config/schema.ts';
import { METRIC, METRICS_NAMESPACE, SERVICE } from '../functions/commons/metric-names.ts';
import type { DeployedSetup } from '../functions/commons/setup-shape.ts';
import { MonitorFunction } from './constructs/monitor-function.ts';
import { ResearchWeb } from './constructs/research-web.ts';
import { setupDefine } from './deployed-setup.ts';

export interface InquiryWatchStackProps extends StackProps {
  /** Config and registry, validated at synth time; embedded in every bundle. */
  setup: DeployedSetup;
}

const functionsDir = fileURLToPath(new URL('../functions/', import.meta.url));

/** Environment variable names shared by the stack and the handlers. */
export const ENV = { table: 'TABLE_NAME', slackSecret: 'SLACK_TOKEN_SECRET_ARN', cursorSecret: 'INQUIRY_WATCH_CURSOR_SECRET' } as const;

/**
 * The whole monitor: archive table, poll / digest / query functions, schedules, the Slack token secret, the
 * IAM-authorised query API, and alarms. Nothing is public; the archive survives `cdk destroy`.
 */
export class InquiryWatchStack extends Stack {
  readonly table: Table;
  readonly pollFunction: MonitorFunction;
  readonly digestFunction: MonitorFunction;
  readonly queryFunction: MonitorFunction;
  readonly slackToken: Secret;
  readonly api: HttpApi;
  /** Attach to the IAM users or roles of researchers who may call the query API. */
  readonly apiCallerPolicy: ManagedPolicy;
  readonly alarmTopic: Topic;
  readonly deadLetters: Queue;
  /** The hosted research pages, when `web.hosted` is set. */
  readonly researchWeb?: ResearchWeb;

  constructor(scope: Construct, id: string, props: InquiryWatchStackProps) {
    super(scope, id, props);
    const { config } = props.setup;
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
    // schedule deliveries Lambda refused. Depth > 0 alarms.
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination for the Lambda async invocations and schedules; a DLQ for a DLQ adds nothing.',
    });

    // Created EMPTY: no value in the template or in CloudFormation's hands. The maintainer puts the token in
    // after the first deploy (docs/deploy.md); until then the digest function fails loudly and alarms.
    this.slackToken = new Secret(this, 'SlackToken', {
      description: 'Slack bot token (xoxb-...) for Inquiry Watch digests. Set it with `aws secretsmanager put-secret-value`.',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    (this.slackToken.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    Validations.of(this.slackToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'A Slack bot token is issued and revoked in Slack; Secrets Manager cannot rotate it. Rotate by reinstalling the Slack app and putting the new token.',
    });

    // The query API's cursors are HMAC-signed so they cannot be forged; the key is generated by Secrets Manager and
    // resolved by CloudFormation at deploy time (a dynamic reference: never in the template, and the function gets no
    // Secrets Manager permission). It does land in the function's configuration, readable by anyone allowed
    // lambda:GetFunctionConfiguration: acceptable for a key that only keeps paging cursors honest, not for data.
    const cursorKey = new Secret(this, 'QueryCursorKey', {
      description: 'HMAC key for Inquiry Watch query API cursors (generated; no need to read or change it).',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(cursorKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the cursor key would only invalidate open paging cursors; it protects cursor integrity, not data access (the API is IAM-authorised).',
    });

    this.pollFunction = new MonitorFunction(this, 'Poll', {
      entry: `${functionsDir}poll.ts`,
      serviceName: SERVICE.poll,
      description: 'Polls every enabled source once, classifies and stores new items',
      memorySize: 512,
      // A cycle must end before the next one starts; Lambda caps at 15 minutes.
      timeout: Duration.seconds(Math.min(900, Math.max(60, config.pollEveryMinutes * 60 - 30))),
      // One cycle at a time, even when a retry meets the next schedule: overlapping cycles would race on new items.
      reservedConcurrentExecutions: 1,
      define,
    }).bindTable({ table: this.table, access: 'readwrite', envVar: ENV.table });

    this.digestFunction = new MonitorFunction(this, 'Digest', {
      entry: `${functionsDir}digest.ts`,
      serviceName: SERVICE.digest,
      description: 'Posts Slack alerts after a poll and roundups on schedule; the only reader of the Slack token',
      timeout: Duration.minutes(5),
      // Alerts and roundups one run at a time: the ledger's leases already prevent double posts, this avoids the contention.
      reservedConcurrentExecutions: 1,
      define,
      environment: { [ENV.slackSecret]: this.slackToken.secretArn },
    }).bindTable({ table: this.table, access: 'readwrite', envVar: ENV.table });
    this.slackToken.grantRead(this.digestFunction);

    this.queryFunction = new MonitorFunction(this, 'Query', {
      entry: `${functionsDir}query-api.ts`,
      serviceName: SERVICE.query,
      description: 'Read-only archive query API (IAM-authorised)',
      memorySize: 512,
      timeout: Duration.seconds(29),
      define,
      environment: { [ENV.cursorSecret]: cursorKey.secretValue.unsafeUnwrap() },
    }).bindTable({ table: this.table, access: 'read', envVar: ENV.table });

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
        cursorSecret: cursorKey.secretValue.unsafeUnwrap(),
        define,
        signInDomainPrefix: config.web.signInDomainPrefix,
      });
    }
    this.apiCallerPolicy = new ManagedPolicy(this, 'QueryApiCallerPolicy', {
      description: 'May call the Inquiry Watch query API (GET only); attach to researchers\' users or roles',
      statements: [new PolicyStatement({ actions: ['execute-api:Invoke'], resources: [this.api.arnForExecuteApi('GET', '/*')] })],
    });
    // cdk-nag prints the ARN as resolved: literal region/account when the stack has them, pseudo-parameters otherwise.
    const region = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
    const account = Token.isUnresolved(this.account) ? '<AWS::AccountId>' : this.account;
    Validations.of(this.apiCallerPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${region}:${account}:<${this.getLogicalId(this.api.node.defaultChild as never)}>/*/GET/*]`,
      reason: 'GET on every path of this one read-only API: the API is the unit of access, its paths are query shapes.',
    });
    this.alarmTopic = this.addAlarms(config.pollEveryMinutes, config.alarmEmail);

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'QueryApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'QueryApiCallerPolicyArn', { value: this.apiCallerPolicy.managedPolicyArn });
    new CfnOutput(this, 'SlackTokenSecretArn', { value: this.slackToken.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
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
    new Schedule(this, 'PollSchedule', {
      description: `Inquiry Watch poll cycle every ${pollEveryMinutes} min`,
      schedule: ScheduleExpression.rate(Duration.minutes(pollEveryMinutes)),
      target: target(this.pollFunction, { source: 'schedule' }, Duration.minutes(Math.max(1, Math.min(pollEveryMinutes, 1440)))),
    });
    const times = [...new Set(subscriptions.flatMap((s) => (s.roundup.cadence === 'off' ? [] : [s.roundup.at])))].sort();
    for (const at of times) {
      const [hour, minute] = at.split(':').map(Number) as [number, number];
      const id = `RoundupSchedule${at.replace(':', '')}`;
      new Schedule(this, id, {
        description: `Inquiry Watch roundups due at ${at} Europe/London`,
        schedule: ScheduleExpression.cron({ minute: String(minute), hour: String(hour), timeZone: TimeZone.EUROPE_LONDON }),
        target: target(this.digestFunction, { mode: 'roundups' }, Duration.hours(1)),
      });
    }
    // The scheduler role may invoke only these functions; its policy names `<function arn>:*` so the schedule
    // also works for aliases and versions. Acknowledged per role below.
    for (const fn of [this.pollFunction, ...(times.length ? [this.digestFunction] : [])]) {
      this.acknowledgeSchedulerWildcard(fn);
    }
  }

  private acknowledgeSchedulerWildcard(fn: MonitorFunction): void {
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as never)}.Arn>:*]`,
      reason: 'EventBridge Scheduler target role generated by CDK: lambda:InvokeFunction on this one function and its versions (`:*`), nothing else.',
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
    new HttpStage(this, 'QueryApiStage', {
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

  private addAlarms(pollEveryMinutes: number, alarmEmail: string | undefined): Topic {
    const topic = new Topic(this, 'Alarms', { displayName: 'Inquiry Watch alarms', enforceSSL: true });
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'Alarm notifications carry only alarm names and states. CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key costs more than the rest of the stack.',
    });
    if (alarmEmail) topic.addSubscription(new EmailSubscription(alarmEmail));
    const action = new SnsAction(topic);
    const cycle = Duration.minutes(Math.max(5, pollEveryMinutes));
    const custom = (metricName: string, service: string, statistic: string): IMetric =>
      new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service }, statistic, period: cycle });
    const alarm = (id: string, description: string, metric: IMetric, options: { threshold?: number; missing?: TreatMissingData; below?: boolean } = {}) => {
      const a = new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold: options.threshold ?? 1,
        evaluationPeriods: 1,
        comparisonOperator: options.below ? ComparisonOperator.LESS_THAN_THRESHOLD : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      a.addOkAction(action);
      return a;
    };

    for (const [name, fn] of [['Poll', this.pollFunction], ['Digest', this.digestFunction], ['Query', this.queryFunction]] as const) {
      alarm(`${name}ErrorsAlarm`, `The ${fn.serviceName} function failed (threw or timed out)`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }));
    }
    alarm(
      'SourceFailingAlarm',
      'A source has failed failureAlertAfter poll cycles in a row (the poll logs name it: "source failed")',
      custom(METRIC.sourcesFailingRepeatedly, SERVICE.poll, 'Maximum'),
    );
    alarm('DigestFailuresAlarm', 'A Slack digest could not be delivered (it stays pending and is retried)', custom(METRIC.digestFailures, SERVICE.digest, 'Sum'));
    alarm(
      'DeadLettersAlarm',
      'An invocation or schedule delivery failed after its retries: see the dead-letter queue',
      this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    );
    // Silence is a failure too: no poll in two cycles (schedule disabled, permissions broken) alarms.
    alarm(
      'PollNotRunningAlarm',
      'No poll cycle ran for two scheduled periods',
      // CloudWatch caps an alarm's period at one day.
      this.pollFunction.metricInvocations({ period: Duration.minutes(Math.min(1440, Math.max(5, pollEveryMinutes * 2))), statistic: 'Sum' }),
      { below: true, missing: TreatMissingData.BREACHING },
    );
    return topic;
  }
}
