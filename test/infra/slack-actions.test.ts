import { beforeAll, describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { METRIC } from '../../functions/commons/metric-names.ts';
import { parameterName, type InquiryWatchStack } from '../../infra/inquiry-watch-stack.ts';
import { fixture, synthStack } from './synth.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

let stack: InquiryWatchStack;
let resources: Resources;
const id = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

/** Every action the policies on a function's role allow, with their resources. */
function allowed(fn: { role?: { node: { defaultChild?: unknown } } }): { actions: string[]; resources: string }[] {
  const role = stack.getLogicalId(fn.role!.node.defaultChild as never);
  return ofType('AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties.Roles).includes(role))
    .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as { Effect: string; Action: string | string[]; Resource: unknown }[])
    .filter((s) => s.Effect === 'Allow')
    .map((s) => ({ actions: [s.Action].flat(), resources: JSON.stringify(s.Resource) }));
}

const allowedConditions = (fn: { role?: { node: { defaultChild?: unknown } } }) =>
  ofType('AWS::IAM::Policy')
    .filter(([, r]) => JSON.stringify(r.Properties.Roles).includes(stack.getLogicalId(fn.role!.node.defaultChild as never)))
    .flatMap(([, r]) => (r.Properties.PolicyDocument.Statement as { Condition?: unknown }[]).map((s) => s.Condition).filter(Boolean));

beforeAll(() => {
  stack = synthStack(fixture('slack-config.yaml')).stack;
  resources = Template.fromStack(stack).toJSON().Resources as Resources;
});

describe('Stack: Slack actions', () => {
  it('routes POST /slack/interactions and /slack/commands to the ingress function without the IAM authoriser', () => {
    // Act
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    // Assess
    const slack = routes.filter((r) => String(r.RouteKey).includes('/slack/'));
    expect(slack.map((r) => [r.RouteKey, r.AuthorizationType])).toEqual([
      ['POST /slack/interactions', 'NONE'],
      ['POST /slack/commands', 'NONE'],
    ]);
    // The query API keeps IAM.
    expect(routes.filter((r) => !String(r.RouteKey).includes('/slack/')).map((r) => r.AuthorizationType)).toEqual(['AWS_IAM']);
    const integrations = ofType('AWS::ApiGatewayV2::Integration').map(([, r]) => JSON.stringify(r.Properties.IntegrationUri));
    expect(integrations.some((uri) => uri.includes(id(stack.slackActions!.ingress)))).toBe(true);
  });

  it('throttles each Slack route on the stage', () => {
    // Act
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resources[string]]];
    // Assess
    expect(stage.Properties.RouteSettings).toEqual({
      'POST /slack/interactions': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      'POST /slack/commands': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
  });

  it('gives the ingress function the signing secret, request records and the worker only; the worker the token and the table', () => {
    // Prepare
    const { ingress, worker } = stack.slackActions!;
    const signing = parameterName(stack.stackName, 'slack-signing-secret');
    const token = parameterName(stack.stackName, 'slack-bot-token');
    // Act
    const ingressGrants = allowed(ingress).filter((s) => !s.actions.every((a) => a.startsWith('logs:')));
    const workerGrants = allowed(worker).filter((s) => !s.actions.every((a) => a.startsWith('logs:')));
    // Assess
    expect(ingressGrants.map((s) => s.actions.sort())).toEqual([['dynamodb:PutItem'], ['ssm:GetParameter'], ['lambda:InvokeFunction']]);
    expect(ingressGrants[0]!.resources).not.toContain('index');
    expect(JSON.stringify(allowedConditions(ingress))).toContain('"dynamodb:LeadingKeys":["SLACKREQ#*"]');
    expect(ingressGrants[1]!.resources).toContain(`parameter${signing}`);
    expect(ingressGrants[2]!.resources).toContain(id(worker));
    expect(JSON.stringify(ingressGrants)).not.toContain(token);
    expect(JSON.stringify(workerGrants)).toContain(`parameter${token}`);
    expect(JSON.stringify(workerGrants)).not.toContain(signing);
    expect(JSON.stringify(workerGrants)).not.toContain('dynamodb:Scan');
    expect(resources[id(ingress)]!.Properties.Environment.Variables).toMatchObject({ SLACK_SIGNING_SECRET_PARAMETER: signing });
    expect(resources[id(ingress)]!.Properties.Environment.Variables).not.toHaveProperty('SLACK_TOKEN_PARAMETER');
    expect(resources[id(worker)]!.Properties.Environment.Variables).toMatchObject({ SLACK_TOKEN_PARAMETER: token });
  });

  it('names the signing secret parameter beside the token, and the URL for the Slack app, in the outputs', () => {
    // Act
    const outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown }>;
    // Assess
    expect(outputs.SlackSigningSecretParameter?.Value).toBe(parameterName(stack.stackName, 'slack-signing-secret'));
    expect(outputs.SlackTokenParameter?.Value).toBe(parameterName(stack.stackName, 'slack-bot-token'));
    expect(JSON.stringify(outputs.SlackRequestUrl?.Value)).toContain('/slack/');
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['SlackIngressLogGroup', 'SlackWorkerLogGroup', 'SlackIngressFunctionName', 'SlackWorkerFunctionName']));
  });

  it('alarms on any refused request, to the stack topic, listed with every other alarm', () => {
    // Act
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
    // Assess
    const rejected = alarms.find((a) => a.MetricName === METRIC.slackRequestsRejected);
    expect(rejected).toMatchObject({ AlarmName: `${stack.stackName}-SlackRequestsRejected`, Statistic: 'Sum', Period: 300, Threshold: 1 });
    expect(rejected!.AlarmActions).toHaveLength(1);
    expect(stack.alarms).toContain(stack.slackActions!.rejectedAlarm);
    // One alarm metric more than the stack's nine: still inside CloudWatch's ten free.
    expect(alarms.reduce((n, a) => n + (a.Metrics ? a.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).length : 1), 0)).toBe(10);
  });

  it('passes the cdk-nag AwsSolutions checks, every acknowledgement reasoned', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(stack);
    // Assess
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });

  it('is left out entirely without a slack section', () => {
    // Act
    const plain = synthStack(fixture('minimal-config.yaml')).stack;
    // Assess
    expect(plain.slackActions).toBeUndefined();
    expect(JSON.stringify(Template.fromStack(plain).toJSON())).not.toContain('/slack/');
  });
});
