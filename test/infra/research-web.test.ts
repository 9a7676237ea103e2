import { beforeAll, describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { InquiryWatchStack } from '../../infra/inquiry-watch-stack.ts';
import { viewerRequestCode } from '../../infra/constructs/research-web.ts';
import { fixture, synthStack } from './synth.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

let stack: InquiryWatchStack;
let template: Template;
let resources: Resources;
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

beforeAll(() => {
  stack = synthStack(fixture('web-config.yaml')).stack;
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Resources;
});

describe('Stack: hosted research pages', () => {
  it('adds nothing for the pages unless the config asks for them', () => {
    // Act
    const plain = Template.fromStack(synthStack(fixture('minimal-config.yaml')).stack);
    // Assess
    for (const type of ['AWS::Cognito::UserPool', 'AWS::CloudFront::Distribution', 'AWS::S3::Bucket', 'AWS::ApiGatewayV2::Authorizer']) plain.resourceCountIs(type, 0);
  });

  it('creates an invite-only user pool: no self sign-up, MFA required, threat protection on', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      GenerateSecret: false,
    });
  });

  it('authorises every page route with the pool\'s JWTs, leaves only sign-in open, and keeps the JSON API on IAM', () => {
    // Prepare
    const [authorizerId, authorizer] = ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const auth = (key: string) => routes.find((r) => r.RouteKey === key)?.AuthorizationType;
    // Assess
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('cognito-idp.');
    for (const key of ['GET /', 'GET /board', 'GET /board/export', 'GET /entries/{proxy+}', 'GET /item/{proxy+}', 'HEAD /entries/{proxy+}']) {
      expect(auth(key)).toBe('JWT');
      expect(routes.find((r) => r.RouteKey === key)!.AuthorizerId).toEqual({ Ref: authorizerId });
    }
    expect(auth('GET /auth/{proxy+}')).toBe('NONE');
    expect(auth('GET /{proxy+}')).toBe('AWS_IAM');
  });

  it('serves assets from a private bucket through origin access control, and pages only over HTTPS through the session function', () => {
    // Prepare
    const [, distribution] = ofType('AWS::CloudFront::Distribution')[0]!;
    const config = distribution.Properties.DistributionConfig;
    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    expect(config.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual(['/assets/*']);
  });

  it('runs the pages on a function that can only read the table', () => {
    // Prepare
    const role = stack.getLogicalId(stack.researchWeb!.webFunction.role!.node.defaultChild as never);
    const actions = ofType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(role))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    // Assess
    expect(actions.filter((a: string) => a.startsWith('dynamodb:') && /Put|Update|Delete|Write|\*$/.test(a))).toEqual([]);
    expect(actions).toContain('dynamodb:Query');
  });

  it('has no unacknowledged cdk-nag AwsSolutions findings', () => {
    // Act
    const report = new AwsSolutionsChecks().validateScope(stack);
    // Assess
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`)).toEqual([]);
  });
});

describe('session function (CloudFront viewer request)', () => {
  const run = (uri: string, cookie?: string, query: Record<string, { value: string }> = {}) => {
    // The code runs on cloudfront-js-2.0; Node has the same Buffer, JSON and Date.
    const handler = new Function(`${viewerRequestCode()}; return handler;`)() as (e: unknown) => Record<string, any>;
    return handler({ request: { uri, querystring: query, headers: {}, cookies: cookie ? { iw_session: { value: cookie } } : {} } });
  };
  const token = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.s`;

  it('passes a live session on as a bearer token', () => {
    const t = token(Date.now() / 1000 + 3600);
    expect(run('/entries/casey-audit', t).headers.authorization).toEqual({ value: `Bearer ${t}` });
  });

  it('sends a reader without a session, or with an expired one, to sign in and back to the same view', () => {
    // Act
    const none = run('/entries/casey-audit', undefined, { kind: { value: 'statement' } });
    const expired = run('/', token(Date.now() / 1000 - 60));
    // Assess
    expect(none).toMatchObject({ statusCode: 302, headers: { location: { value: `/auth/login?next=${encodeURIComponent('/entries/casey-audit?kind=statement')}` } } });
    expect(expired.statusCode).toBe(302);
  });

  it('leaves sign-in and assets alone', () => {
    expect(run('/auth/callback').statusCode).toBeUndefined();
    expect(run('/assets/site.css').headers.authorization).toBeUndefined();
  });
});
