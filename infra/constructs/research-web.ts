import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { Aws, CfnOutput, DefaultStackSynthesizer, Duration, Fn, RemovalPolicy, Stack, Stage, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import { HttpMethod, HttpNoneAuthorizer, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AllowedMethods,
  CachePolicy,
  CacheHeaderBehavior,
  CacheQueryStringBehavior,
  CacheCookieBehavior,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  OriginRequestPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AccountRecovery, FeaturePlan, Mfa, OAuthScope, StandardThreatProtectionMode, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildAssetsSync, writeAssets } from '../../lib/web/assets.ts';
import { SESSION_COOKIE } from '../../lib/web/sign-in.ts';
import { MonitorFunction } from './monitor-function.ts';

const functionsDir = fileURLToPath(new URL('../../functions/', import.meta.url));

export interface ResearchWebProps {
  /** The stack's HTTP API: page routes are added to it with a JWT authorizer; its IAM routes stay as they are. */
  api: HttpApi;
  table: ITable;
  /** The query API's cursor key parameter (pages page with the same signed cursors); the first cold start creates it. */
  cursorParameter: { name: string; arn: string };
  /** esbuild `define`s: the deployed config and registry. */
  define: Record<string, string>;
  /** Cognito sign-in domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); default `inquiry-watch-<account>`. */
  signInDomainPrefix?: string;
}

/** Paths the pages answer (API Gateway routes with the JWT authorizer). */
const PAGE_ROUTES = ['/', '/board', '/board/export', '/entries/{proxy+}', '/item/{proxy+}'];

/**
 * The hosted research pages, added only when the config asks (`web.hosted: true`). Nothing is public:
 * - a Cognito user pool with invite-only accounts (no self sign-up; an administrator creates each researcher), MFA
 *   required, Plus-plan threat protection;
 * - CloudFront in front: `/assets/*` (the chart script and stylesheet) from a private S3 bucket through origin
 *   access control; everything else from the stack's HTTP API. A viewer-request function sends anyone without a
 *   live session cookie to sign in, and turns the cookie into the `Authorization: Bearer` header;
 * - the page routes on the HTTP API with a JWT authorizer (issuer: this pool, audience: this app client), served by a
 *   read-only function; `/auth/*` (the sign-in flow) is the only route without authorization. Scripts keep the
 *   IAM-signed JSON API on its own URL.
 */
export class ResearchWeb extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly distribution: Distribution;
  readonly assets: Bucket;
  readonly webFunction: MonitorFunction;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ResearchWebProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Static files: private bucket, read only by CloudFront (origin access control).
    this.assets = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.assets).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Holds only the open-source chart script and stylesheet, the same for everyone; page access is logged by the API with each researcher\'s identity.',
    });

    const apiDomain = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    const session = new CloudFrontFunction(this, 'SessionCookie', {
      comment: 'Inquiry Watch: send signed-out readers to sign in; pass the session as a bearer token',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(viewerRequestCode()),
    });
    // Pages are per-user and marked no-store; the policy only has to let the Authorization header through.
    const pagesCache = new CachePolicy(this, 'PagesCachePolicy', {
      comment: 'Inquiry Watch pages: never cached (no-store), Authorization forwarded',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
    });
    this.distribution = new Distribution(this, 'Pages', {
      comment: 'Inquiry Watch research pages (sign-in required)',
      defaultBehavior: {
        origin: new HttpOrigin(apiDomain),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: pagesCache,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        functionAssociations: [{ function: session, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: S3BucketOrigin.withOriginAccessControl(this.assets),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        },
      },
    });
    for (const [rule, reason] of [
      ['AwsSolutions-CFR1', 'Researchers may work from anywhere; every page needs a signed-in, invited account.'],
      ['AwsSolutions-CFR2', 'Every page route needs a valid Cognito token checked by API Gateway, and the API is throttled; WAF would cost more than the whole stack.'],
      ['AwsSolutions-CFR3', 'Page requests are logged by the HTTP API with the researcher\'s identity; the static assets are public-domain code.'],
      ['AwsSolutions-CFR4', 'The default *.cloudfront.net certificate: CloudFront negotiates TLS 1.2+ with current browsers. Use a custom domain and certificate to pin the policy.'],
      ['AwsSolutions-CFR7', 'The S3 origin uses origin access control (OAC), the successor of OAI.'],
    ] as const) {
      Validations.of(this.distribution).acknowledge({ id: rule, reason });
    }
    this.url = `https://${this.distribution.distributionDomainName}`;

    // Invite-only accounts: an administrator creates each researcher (docs/deploy.md); nobody can sign up.
    this.userPool = new UserPool(this, 'Researchers', {
      userPoolName: `${stack.stackName}-researchers`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      userInvitation: {
        emailSubject: 'Your Inquiry Watch account',
        emailBody: `You have been invited to the Inquiry Watch archive at ${this.url}. Sign in with {username} and the temporary password {####}; you will choose a new password and set up an authenticator app.`,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.signInDomainPrefix ?? Fn.join('-', ['inquiry-watch', Aws.ACCOUNT_ID]) },
    });
    this.client = this.userPool.addClient('Pages', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${this.url}/auth/callback`],
        logoutUrls: [`${this.url}/auth/signed-out`],
      },
      idTokenValidity: Duration.hours(8),
      accessTokenValidity: Duration.hours(8),
      preventUserExistenceErrors: true,
    });

    // Asset files built now, with the same code `serve` uses; the version stamps the pages' links.
    const built = buildAssetsSync(esbuild);
    // Written beside the cloud assembly (cdk.out), which CDK then stages as an asset by content hash.
    const assetDir = join(Stage.of(this)?.outdir ?? tmpdir(), 'inquiry-watch-web-assets');
    writeAssets(built, assetDir);
    const deployment = new BucketDeployment(this, 'AssetFiles', {
      sources: [Source.asset(assetDir)],
      destinationBucket: this.assets,
      distribution: this.distribution,
      distributionPaths: ['/assets/*'],
      retainOnDelete: false,
      memoryLimit: 256,
    });
    // cdk-nag prints resolved names: literal account and region when the stack has them, pseudo-parameters otherwise.
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    // With the recommended `enablePartitionLiterals` flag a stack in a known region has a literal partition.
    const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
    const qualifier = (this.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    // The upload handler is aws-cdk-lib's own (a singleton function at the stack's root): acknowledged on it and its role only.
    Validations.of(deployment.handlerRole).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The CDK-provided BucketDeployment handler (uploads the asset files at deploy time); the managed policy only lets it write its own logs.',
      },
      ...[
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        `Resource::arn:${partition}:s3:::cdk-${qualifier}-assets-${account}-${region}/*`,
        `Resource::<${stack.getLogicalId(this.assets.node.defaultChild as CfnElement)}.Arn>/*`,
        'Resource::*',
      ].map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          'The CDK-provided BucketDeployment handler reads the CDK asset bucket, replaces the objects of this assets bucket and invalidates the distribution (CloudFront invalidation has no resource-level permission).',
      })),
    );
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler) Validations.of(handler).acknowledge({ id: 'AwsSolutions-L1', reason: 'The BucketDeployment handler runtime is chosen by aws-cdk-lib; it runs only during deployments.' });

    this.webFunction = new MonitorFunction(this, 'Function', {
      entry: `${functionsDir}web.ts`,
      serviceName: 'inquiry-watch-web',
      description: 'Research pages (server-rendered, read-only; behind Cognito sign-in)',
      memorySize: 512,
      timeout: Duration.seconds(29),
      define: props.define,
      environment: {
        INQUIRY_WATCH_CURSOR_PARAMETER: props.cursorParameter.name,
        WEB_PUBLIC_URL: this.url,
        WEB_ASSET_VERSION: built.version,
        COGNITO_DOMAIN: domain.baseUrl(),
        COGNITO_CLIENT_ID: this.client.userPoolClientId,
      },
    }).bindTable({ table: props.table, access: 'read', envVar: 'TABLE_NAME' });
    this.webFunction.addToRolePolicy(new PolicyStatement({ actions: ['ssm:GetParameter', 'ssm:PutParameter'], resources: [props.cursorParameter.arn] }));

    const integration = new HttpLambdaIntegration('WebIntegration', this.webFunction);
    const authorizer = new HttpJwtAuthorizer('ResearcherToken', `https://cognito-idp.${stack.region}.amazonaws.com/${this.userPool.userPoolId}`, {
      jwtAudience: [this.client.userPoolClientId],
    });
    for (const path of PAGE_ROUTES) props.api.addRoutes({ path, methods: [HttpMethod.GET, HttpMethod.HEAD], integration, authorizer });
    const signInRoutes = props.api.addRoutes({ path: '/auth/{proxy+}', methods: [HttpMethod.GET], integration, authorizer: new HttpNoneAuthorizer() });
    for (const route of signInRoutes) {
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'The sign-in flow itself (redirects to and from Cognito); it reads nothing from the archive.' });
    }

    new CfnOutput(stack, 'ResearchPagesUrl', { value: this.url, description: 'The research pages (sign-in required)' });
    new CfnOutput(stack, 'ResearchersUserPoolId', { value: this.userPool.userPoolId, description: 'Invite researchers here (aws cognito-idp admin-create-user)' });
  }
}

/**
 * CloudFront Functions (cloudfront-js-2.0) code: pages need a live session cookie, which becomes the bearer token
 * API Gateway checks; without one (or past its expiry) the reader is sent to sign in and brought back. The expiry is
 * read without verifying the signature: that is the authorizer's job, this only spares a round trip to a 401.
 */
export function viewerRequestCode(): string {
  return `
function decode(s) {
  s = s.replace(/-/g, '+').replace(/_/g, '/');
  while (s.length % 4) s += '=';
  return String.fromCharCode.apply(null, Array.from(Buffer.from(s, 'base64')));
}
function handler(event) {
  var req = event.request;
  if (req.uri.indexOf('/auth/') === 0 || req.uri.indexOf('/assets/') === 0) return req;
  var c = req.cookies['${SESSION_COOKIE}'];
  var token = c ? c.value : '';
  var live = false;
  var parts = token.split('.');
  if (parts.length === 3) {
    try { live = JSON.parse(decode(parts[1])).exp * 1000 > Date.now() + 30000; } catch (e) { live = false; }
  }
  if (!live) {
    var qs = Object.keys(req.querystring).map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(req.querystring[k].value); }).join('&');
    var next = req.uri + (qs ? '?' + qs : '');
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/auth/login?next=' + encodeURIComponent(next) }, 'cache-control': { value: 'no-store' } } };
  }
  req.headers['authorization'] = { value: 'Bearer ' + token };
  return req;
}`;
}
