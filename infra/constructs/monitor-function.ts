import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { fileURLToPath } from 'node:url';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../functions/commons/metric-names.ts';

const stub = (name: string) => fileURLToPath(new URL(`../../functions/commons/bundle-stubs/${name}.ts`, import.meta.url));

/**
 * Dependencies the Lambdas import but never call, replaced in bundles only (each stub says why and throws if
 * called). Together with leaving out iconv-lite's CJK code tables, this takes the poll bundle from 3.1 MB to under 1 MB.
 */
export const BUNDLE_ALIASES: Record<string, string> = {
  yaml: stub('yaml'),
  xmlbuilder: stub('xmlbuilder'),
};

/**
 * Left out of bundles: the AWS SDK (the runtime has v3), and iconv-lite's CJK tables (~470 KB), which it loads
 * lazily with `require('./tables/...')` only when a Chinese, Japanese or Korean charset is decoded. UK feeds are
 * UTF-8 or windows-1252; a CJK feed would fail its own poll with "Cannot find module", alone.
 */
export const BUNDLE_EXTERNALS = ['@aws-sdk/*', './tables/*'];

export interface MonitorFunctionProps extends Omit<NodejsFunctionProps, 'runtime' | 'architecture' | 'logGroup' | 'bundling' | 'role'> {
  /** Powertools service name: the `service` key in every log line and the `service` dimension on every metric. */
  serviceName: string;
  /** esbuild `define`s added to the house defaults (the deployed setup). */
  define?: Record<string, string>;
  logRetention?: RetentionDays;
}

/** Item reads the code makes: by key, in batches of keys, and Queries on the table and its indexes. */
export const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
/** Item writes, including those inside TransactWriteItems (which needs the action of each part). */
export const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

export interface BindTableOptions {
  table: ITable;
  access: 'read' | 'readwrite';
  /** Environment variable that carries the table name to the handler. */
  envVar: string;
}

/**
 * The one way this app builds a Lambda, so every function gets the same defaults:
 * - Node.js 24 on arm64 (cdk-nag L1 wants the latest runtime; arm64 is ~20% cheaper per GB-second);
 * - bundled locally by esbuild (no Docker): ESM, minified, source maps without sources content (smaller assets,
 *   stack traces still map), AWS SDK v3 left to the runtime, and a `require` shim for the CommonJS dependencies
 *   (rss-parser, iconv-lite) that call `require()` on Node built-ins from inside an ESM bundle;
 * - its own log group with a retention (the default keeps logs forever) that goes with the stack, and its own role
 *   that may write to that log group only (instead of the AWS-managed basic execution role, which allows any);
 * - Powertools service name, metrics namespace and log level in the environment.
 */
export class MonitorFunction extends NodejsFunction {
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: MonitorFunctionProps) {
    const { serviceName, define, logRetention, environment, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      memorySize: 256,
      timeout: Duration.seconds(30),
      ...rest,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      logGroup,
      role,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ['module', 'main'],
        externalModules: BUNDLE_EXTERNALS,
        esbuildArgs: {
          ...Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([pkg, path]) => [`--alias:${pkg}`, path])),
          // Raw UTF-8 instead of \u escapes: the HTML entity tables shrink by ~150 KB; Node reads ESM source as
          // UTF-8. (Passed as an argument because this CDK version ignores the `charset` bundling prop.)
          '--charset': 'utf8',
        },
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        define,
      },
    });
    this.serviceName = serviceName;
  }

  /**
   * Grants the function `access` to `table` and tells it the table's name in `envVar`: one call, so the two never
   * drift. Only the item actions the code uses: every access pattern is a Query or a key read (never a Scan), and
   * the table has no stream, so CDK's grantReadData / grantReadWriteData would allow more than is ever needed.
   */
  bindTable({ table, access, envVar }: BindTableOptions): this {
    table.grant(this, ...(access === 'read' ? TABLE_READ : [...TABLE_READ, ...TABLE_WRITE]));
    this.addEnvironment(envVar, table.tableName);
    const tableId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
    // The grant lands on the role's default policy, a sibling of the function: acknowledge it there.
    Validations.of(this.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
      reason: 'Queries by kind, source and ingest day use the GSIs; the wildcard covers only the indexes of this one table.',
    });
    return this;
  }
}
