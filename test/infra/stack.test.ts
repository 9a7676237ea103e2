import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../../lib/config/errors.ts';
import { INDEXES, TTL_ATTRIBUTE } from '../../lib/store/table.ts';
import { METRIC, METRICS_NAMESPACE } from '../../functions/commons/metric-names.ts';
import { InquiryWatchStack } from '../../infra/inquiry-watch-stack.ts';
import { loadDeployedSetup, setupDefine } from '../../infra/deployed-setup.ts';
import { cdkJsonContext, fixture, synthStack } from './synth.ts';

const require = createRequire(import.meta.url);

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

let stack: InquiryWatchStack;
let template: Template;
let resources: Resources;
const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);

/** Every action the IAM policies attached to `roleLogicalId` allow, with their resources. */
function allowedActions(roleLogicalId: string): { actions: string[]; resources: unknown[] }[] {
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleLogicalId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as { Effect: string; Action: string | string[]; Resource: unknown }[])
    .filter((s) => s.Effect === 'Allow')
    .map((s) => ({ actions: [s.Action].flat(), resources: [s.Resource].flat() }));
}
const roleOf = (fn: { role?: { node: { defaultChild?: unknown } } }) => stack.getLogicalId(fn.role!.node.defaultChild as never);

beforeAll(() => {
  stack = synthStack().stack;
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Resources;
});

describe('Stack: InquiryWatchStack', () => {
  it('keeps the archive in an on-demand table with every index, PITR, TTL and deletion protection, retained on delete', () => {
    // Prepare
    const tableId = logicalId(stack.table);

    // Act
    const table = resources[tableId]!;

    // Assess
    expect(table.DeletionPolicy).toBe('Retain');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
    const indexes = (table.Properties.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[]).map((i) => ({
      name: i.IndexName,
      keys: i.KeySchema,
      projection: i.Projection,
    }));
    expect(indexes).toEqual(
      Object.values(INDEXES).map((i) => ({
        name: i.name,
        keys: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('builds every function on Node.js 24, arm64, with Powertools settings, the table name and a log group with retention', () => {
    // Prepare
    const functions = [stack.pollFunction, stack.digestFunction, stack.queryFunction];

    // Act
    const props = functions.map((fn) => resources[logicalId(fn)]!.Properties);

    // Assess
    for (const [i, p] of props.entries()) {
      expect(p.Runtime).toBe('nodejs24.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Environment.Variables).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: functions[i]!.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        TABLE_NAME: { Ref: logicalId(stack.table) },
      });
      const logGroup = resources[p.LoggingConfig.LogGroup.Ref]!;
      expect(logGroup.Properties.RetentionInDays).toBe(30);
    }
    expect(props[0]!.Timeout).toBe(10 * 60 - 30);
  });

  it('lets only the digest function read the Slack token parameter, and puts no secret value in the template', () => {
    // Prepare
    const tokenParameter = '/inquiry-watch/InquiryWatchTest/slack-bot-token';
    const grantsOn = (fn: { role?: { node: { defaultChild?: unknown } } }, name: string) =>
      allowedActions(roleOf(fn))
        .filter((s) => JSON.stringify(s.resources).includes(`parameter${name}`))
        .flatMap((s) => s.actions);

    // Act
    const readers = [stack.pollFunction, stack.digestFunction, stack.queryFunction].filter((fn) => grantsOn(fn, tokenParameter).length > 0);

    // Assess
    expect(readers).toEqual([stack.digestFunction]);
    expect(grantsOn(stack.digestFunction, tokenParameter)).toEqual(['ssm:GetParameter']);
    expect(grantsOn(stack.queryFunction, '/inquiry-watch/InquiryWatchTest/query-cursor-key').sort()).toEqual(['ssm:GetParameter', 'ssm:PutParameter']);
    expect(resources[logicalId(stack.digestFunction)]!.Properties.Environment.Variables.SLACK_TOKEN_PARAMETER).toBe(tokenParameter);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('{{resolve:');
  });

  it("reserves no concurrency (a new account's quota of 10 refuses any): the run lease keeps one cycle and one digest run at a time", () => {
    // Act
    const reserved = Object.values(resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => r.Properties.ReservedConcurrentExecutions);

    // Assess
    expect(reserved).toEqual([undefined, undefined, undefined]);
  });

  it('grants no role a Scan or stream action; the query function only reads items, the poll function batch-writes them', () => {
    // Prepare
    const everyAction = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
      .flatMap((s) => [s.Action].flat());

    // Act
    const broad = everyAction.filter((a) => /^dynamodb:(Scan|GetRecords|GetShardIterator|DescribeStream|ListStreams|\*)$/.test(a) || a === '*');
    const query = allowedActions(roleOf(stack.queryFunction)).flatMap((s) => s.actions.filter((a) => a.startsWith('dynamodb:')));

    // Assess
    expect(everyAction).toContain('dynamodb:Query');
    expect(broad).toEqual([]);
    expect(query.sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
    expect(allowedActions(roleOf(stack.pollFunction)).flatMap((s) => s.actions)).toEqual(expect.arrayContaining(['dynamodb:BatchWriteItem', 'dynamodb:Query']));
  });

  it('lets the poll function invoke the digest function (alerts after a cycle) and nothing beyond its table, logs and dead letters', () => {
    // Prepare
    const role = roleOf(stack.pollFunction);

    // Act
    const statements = allowedActions(role).filter((s) => !s.actions.every((a) => a.startsWith('dynamodb:')));

    // Assess
    expect(statements.flatMap((s) => s.actions).sort()).toEqual(['lambda:InvokeFunction', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(stack.pollFunction) },
      MaximumRetryAttempts: 1,
      DestinationConfig: {
        OnSuccess: { Destination: { 'Fn::GetAtt': [logicalId(stack.digestFunction), 'Arn'] } },
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.deadLetters), 'Arn'] } },
      },
    });
  });

  it('schedules the poll from pollEveryMinutes and one roundup per distinct time in Europe/London', () => {
    // Prepare
    const schedules = Object.values(resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');

    // Act
    const summary = schedules
      .map((s) => ({
        expression: s.Properties.ScheduleExpression,
        timezone: s.Properties.ScheduleExpressionTimezone,
        target: s.Properties.Target.Arn['Fn::GetAtt'][0],
        input: JSON.parse(s.Properties.Target.Input),
        dlq: s.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0],
      }))
      .sort((a, b) => a.expression.localeCompare(b.expression));

    // Assess
    const poll = logicalId(stack.pollFunction);
    const digest = logicalId(stack.digestFunction);
    const dlq = logicalId(stack.deadLetters);
    expect(summary).toEqual([
      { expression: 'cron(0 8 * * ? *)', timezone: 'Europe/London', target: digest, input: { mode: 'roundups' }, dlq },
      { expression: 'cron(30 17 * * ? *)', timezone: 'Europe/London', target: digest, input: { mode: 'roundups' }, dlq },
      { expression: 'rate(10 minutes)', timezone: 'Etc/UTC', target: poll, input: { source: 'schedule' }, dlq },
    ]);
  });

  it('serves the query API only with IAM authorisation, throttled and access-logged', () => {
    // Prepare
    const routes = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Route');

    // Act
    const auth = routes.map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType]);

    // Assess
    expect(auth).toEqual([['GET /{proxy+}', 'AWS_IAM']]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    expect(resources[logicalId(stack.queryFunction)]!.Properties.Environment.Variables.INQUIRY_WATCH_CURSOR_PARAMETER).toBe('/inquiry-watch/InquiryWatchTest/query-cursor-key');
    const callerPolicy = resources[stack.getLogicalId(stack.apiCallerPolicy.node.defaultChild as never)]!;
    expect(callerPolicy.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: expect.objectContaining({ 'Fn::Join': expect.anything() }) }),
    ]);
    expect(JSON.stringify(callerPolicy.Properties.PolicyDocument.Statement[0].Resource)).toContain('/*/GET/*');
  });

  it('alarms on dead-letter arrivals, query 5xx, destination delivery failures, throttles, failing sources, digest failures and a stalled poll', () => {
    // Prepare
    const byName = (id: string) =>
      Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === `InquiryWatchTest-${id}`)!.Properties;
    const fn = (f: { node: { defaultChild?: unknown } }) => [{ Name: 'FunctionName', Value: { Ref: logicalId(f) } }];
    const summed = (metric: string) => [
      { Id: 'expr_1', Expression: 'poll + digest', Label: expect.any(String), ReturnData: true },
      { Id: 'poll', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: fn(stack.pollFunction) }, Period: 300, Stat: 'Sum' } },
      { Id: 'digest', ReturnData: false, MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: fn(stack.digestFunction) }, Period: 300, Stat: 'Sum' } },
    ];

    // Act
    const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');

    // Assess
    expect(alarms.map((a) => a.Properties.AlarmName).sort()).toEqual(
      ['DeadLetterArrivals', 'DestinationDeliveryFailures', 'DigestFailures', 'PollNotRunning', 'QueryServerErrors', 'SourceFailing', 'Throttles'].map(
        (id) => `InquiryWatchTest-${id}`,
      ),
    );
    expect(byName('DeadLetterArrivals')).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'NumberOfMessagesSent',
      Statistic: 'Sum',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(stack.deadLetters), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(byName('QueryServerErrors')).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Statistic: 'Sum',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(stack.api) } }],
    });
    expect(byName('DestinationDeliveryFailures').Metrics).toEqual(summed('DestinationDeliveryFailures'));
    expect(byName('Throttles').Metrics).toEqual(summed('Throttles'));
    expect(byName('SourceFailing')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.sourcesFailingRepeatedly,
      Dimensions: [{ Name: 'service', Value: stack.pollFunction.serviceName }],
      Statistic: 'Maximum',
      Period: 600,
    });
    expect(byName('SourceFailing').AlarmDescription).toMatch(/^A source has failed 4 poll cycles in a row/);
    expect(byName('DigestFailures')).toMatchObject({ Namespace: METRICS_NAMESPACE, MetricName: METRIC.digestFailures, Statistic: 'Sum' });
    expect(byName('PollNotRunning')).toMatchObject({ MetricName: 'Invocations', ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching', Period: 1200 });
    const topic = { Ref: logicalId(stack.alarmTopic) };
    for (const a of alarms) expect([a.Properties.AlarmActions, a.Properties.OKActions]).toEqual([[topic], [topic]]);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'alarms@example.org' });
  });

  it('keeps to nine alarm metrics (CloudWatch bills alarms per metric; ten are free), and its only custom metrics are problems', () => {
    // Act
    const alarmMetrics = Object.values(resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .reduce((n, a) => n + (a.Properties.Metrics ? a.Properties.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).length : 1), 0);

    // Assess
    expect(alarmMetrics).toBe(9);
    // SlackRequestsRejected exists only with Slack actions on (their one alarm is the tenth: test/infra/slack-actions.test.ts).
    expect(Object.values(METRIC).sort()).toEqual([METRIC.digestFailures, METRIC.slackNotConfigured, METRIC.sourcesFailingRepeatedly, METRIC.slackRequestsRejected].sort());
  });

  it('lets CloudWatch publish alarms to the topic, and nothing over plain HTTP', () => {
    // Act
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::SNS::TopicPolicy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Action: unknown; Condition: unknown }[]);

    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: { ArnLike: { 'aws:SourceArn': expect.anything() }, StringEquals: { 'aws:SourceAccount': '111111111111' } },
      }),
    );
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('names every log group, function, schedule, alarm and parameter in the stack outputs', () => {
    // Act
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;

    // Assess
    for (const [name, fn] of [['Poll', stack.pollFunction], ['Digest', stack.digestFunction], ['Query', stack.queryFunction]] as const) {
      const logGroupId = resources[logicalId(fn)]!.Properties.LoggingConfig.LogGroup.Ref;
      expect(outputs[`${name}LogGroup`]?.Value).toEqual({ Ref: logGroupId });
      expect(outputs[`${name}FunctionName`]?.Value).toEqual({ Ref: logicalId(fn) });
    }
    expect(outputs.SlackTokenParameter?.Value).toBe('/inquiry-watch/InquiryWatchTest/slack-bot-token');
    expect(outputs.PollEveryMinutes?.Value).toBe('10');
    expect(JSON.stringify(outputs.ScheduleNames?.Value).match(/"Ref"/g)).toHaveLength(3);
    expect(JSON.stringify(outputs.AlarmNames?.Value).match(/"Ref"/g)).toHaveLength(7);
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['DeadLetterQueueUrl', 'TableName', 'AlarmTopicArn', 'QueryApiUrl']));
  });

  it('sets every feature flag aws-cdk-lib recommends in cdk.json, with the recommended value', () => {
    // Prepare
    const recommended = JSON.parse(readFileSync(require.resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf8')) as Record<string, unknown>;

    // Act
    const flags = cdkJsonContext();

    // Assess
    expect(flags).toEqual(recommended);
  });

  it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
    // Prepare
    const checks = new AwsSolutionsChecks();

    // Act
    const report = checks.validateScope(stack);

    // Assess
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });
});

describe('Stack: defaults', () => {
  it('polls every 15 minutes and creates no roundup schedule, and no email subscription with `alarms: none`', () => {
    // Prepare
    const minimal = synthStack(fixture('minimal-config.yaml')).stack;

    // Act
    const t = Template.fromStack(minimal);

    // Assess
    const schedules = Object.values(t.findResources('AWS::Scheduler::Schedule')).map((r) => r.Properties.ScheduleExpression);
    expect(schedules).toEqual(['rate(15 minutes)']);
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 7);
  });

  it('has no unacknowledged cdk-nag findings without any roundup and with `alarms: none`', () => {
    // Prepare: the poll's on-success destination grants `<digest arn>:*`, acknowledged once only with a roundup schedule
    const minimal = synthStack(fixture('minimal-config.yaml')).stack;

    // Act
    const report = new AwsSolutionsChecks().validateScope(minimal);

    // Assess
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('subscribes the address given with -c alarmEmail, so it need not live in a config file in git', () => {
    // Prepare
    const setup = loadDeployedSetup(fixture('no-alarm-config.yaml'), { alarmEmail: 'oncall@example.org' });

    // Act
    const t = Template.fromStack(new InquiryWatchStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Override', { setup }));

    // Assess
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.org' });
  });
});

describe('Synth-time config', () => {
  it('refuses to synthesise a deployment whose alarms would reach no one, naming the file and the field', () => {
    // Prepare
    const file = fixture('no-alarm-config.yaml');

    // Act
    const attempt = () => synthStack(file);

    // Assess
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/no-alarm-config\.yaml: alarmEmail: required to deploy.*`alarms: none`/s);
    expect(() => loadDeployedSetup(file, { alarmEmail: 'not-an-address' })).toThrow(/-c alarmEmail.*not an email address/);
  });

  it('stops the synth with the file and field when the config is invalid', () => {
    // Prepare
    const file = fixture('bad-config.yaml');

    // Act
    const attempt = () => synthStack(file);

    // Assess
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/bad-config\.yaml.*pollEveryMinutes/s);
  });

  it('embeds the validated config and registry as one JSON string literal, without the local file path', () => {
    // Prepare
    const setup = loadDeployedSetup(fixture('config.yaml'));

    // Act
    const define = setupDefine(setup);

    // Assess
    const embedded = JSON.parse(JSON.parse(define.__INQUIRY_WATCH_SETUP__!));
    expect(embedded.config.pollEveryMinutes).toBe(10);
    expect(embedded.config.sources.map((s: { id: string }) => s.id)).toEqual(['feed-one', 'feed-two']);
    expect(embedded.registry.entries[0].id).toBe('casey-audit');
    expect(embedded.registry.file).toBe('registry.yaml');
  });

  it('refuses a setup too large to embed rather than truncating it', () => {
    // Prepare
    const setup = loadDeployedSetup(fixture('config.yaml'));
    const huge = { ...setup, registry: { ...setup.registry, phraseSets: { big: Array.from({ length: 20_000 }, (_, i) => `phrase number ${i}`) } } };

    // Act
    const attempt = () => setupDefine(huge);

    // Assess
    expect(attempt).toThrow(/bytes as JSON/);
  });
});
