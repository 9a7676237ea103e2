import { beforeAll, describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../../lib/config/errors.ts';
import { INDEXES, TTL_ATTRIBUTE } from '../../lib/store/table.ts';
import { METRIC, METRICS_NAMESPACE } from '../../functions/commons/metric-names.ts';
import { InquiryWatchStack } from '../../infra/inquiry-watch-stack.ts';
import { loadDeployedSetup, setupDefine } from '../../infra/deployed-setup.ts';
import { fixture, synthStack } from './synth.ts';

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

  it('lets only the digest function read the Slack token, and creates the secret without a value', () => {
    // Prepare
    const secretId = logicalId(stack.slackToken);
    const readsSecret = (role: string) =>
      allowedActions(role).some((s) => s.actions.some((a) => a.startsWith('secretsmanager:')) && JSON.stringify(s.resources).includes(secretId));

    // Act
    const readers = [stack.pollFunction, stack.digestFunction, stack.queryFunction].filter((fn) => readsSecret(roleOf(fn)));

    // Assess
    expect(readers).toEqual([stack.digestFunction]);
    expect(resources[secretId]!.Properties).not.toHaveProperty('GenerateSecretString');
    expect(resources[secretId]!.Properties).not.toHaveProperty('SecretString');
    expect(resources[logicalId(stack.digestFunction)]!.Properties.Environment.Variables.SLACK_TOKEN_SECRET_ARN).toEqual({ Ref: secretId });
  });

  it('runs one poll cycle and one digest run at a time, so a retried cycle never overlaps the next', () => {
    // Act
    const concurrency = (fn: { node: { defaultChild?: unknown } }) =>
      resources[stack.getLogicalId(fn.node.defaultChild as never)]!.Properties.ReservedConcurrentExecutions;
    // Assess
    expect([concurrency(stack.pollFunction), concurrency(stack.digestFunction)]).toEqual([1, 1]);
  });

  it('gives the query function read-only access to the table', () => {
    // Prepare
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*'];

    // Act
    const actions = allowedActions(roleOf(stack.queryFunction)).flatMap((s) => s.actions);

    // Assess
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem']));
    expect(actions.filter((a) => writes.includes(a) || a.startsWith('secretsmanager:'))).toEqual([]);
    expect(allowedActions(roleOf(stack.pollFunction)).flatMap((s) => s.actions)).toEqual(expect.arrayContaining(['dynamodb:BatchWriteItem']));
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
    expect(JSON.stringify(resources[logicalId(stack.queryFunction)]!.Properties.Environment.Variables.INQUIRY_WATCH_CURSOR_SECRET)).toContain(
      '{{resolve:secretsmanager:',
    );
    const callerPolicy = resources[stack.getLogicalId(stack.apiCallerPolicy.node.defaultChild as never)]!;
    expect(callerPolicy.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: expect.objectContaining({ 'Fn::Join': expect.anything() }) }),
    ]);
    expect(JSON.stringify(callerPolicy.Properties.PolicyDocument.Statement[0].Resource)).toContain('/*/GET/*');
  });

  it('alarms on function errors, repeatedly failing sources, digest failures, dead letters and a stalled poll, to SNS with the configured email', () => {
    // Prepare
    const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');

    // Act
    const metrics = alarms.map((a) => `${a.Properties.Namespace}/${a.Properties.MetricName}`).sort();

    // Assess
    expect(metrics).toEqual(
      [
        'AWS/Lambda/Errors',
        'AWS/Lambda/Errors',
        'AWS/Lambda/Errors',
        'AWS/Lambda/Invocations',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        `${METRICS_NAMESPACE}/${METRIC.digestFailures}`,
        `${METRICS_NAMESPACE}/${METRIC.sourcesFailingRepeatedly}`,
      ].sort(),
    );
    const topic = { Ref: logicalId(stack.alarmTopic) };
    for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([topic]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: METRIC.sourcesFailingRepeatedly,
      Dimensions: [{ Name: 'service', Value: stack.pollFunction.serviceName }],
      Statistic: 'Maximum',
      Period: 600,
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'alarms@example.org' });
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
  it('polls every 15 minutes and creates no roundup schedule or email subscription when the config has none', () => {
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
});

describe('Synth-time config', () => {
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
