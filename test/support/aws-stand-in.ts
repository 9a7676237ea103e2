import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the few AWS APIs the functions and `doctor` call besides DynamoDB (which is DynamoDB
 * Local): SSM parameters, STS, CloudFormation, EventBridge Scheduler, CloudWatch alarms and SNS subscriptions, each
 * in its own wire protocol (JSON 1.1, JSON 1.0, REST-JSON, or Query with XML answers) so the real SDK clients talk
 * to it unchanged through `AWS_ENDPOINT_URL_<SERVICE>`. It holds plain state a test sets, and records every call.
 */

export interface StandInStack {
  status: string;
  outputs: Record<string, string>;
}

export interface StandInAlarm {
  name: string;
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  reason?: string;
}

export interface StandInSubscription {
  topicArn: string;
  protocol: string;
  endpoint: string;
  /** `PendingConfirmation` until the recipient clicks the link. */
  subscriptionArn: string;
}

export interface StandInCall {
  service: 'ssm' | 'sts' | 'cloudformation' | 'scheduler' | 'cloudwatch' | 'sns';
  action: string;
  params: Record<string, unknown>;
}

export class AwsStandIn {
  readonly calls: StandInCall[] = [];
  /** SSM parameters by name (values as stored; every one is a SecureString here). */
  readonly parameters = new Map<string, string>();
  readonly stacks = new Map<string, StandInStack>();
  /** Scheduler schedules by name. */
  readonly schedules = new Map<string, { state: 'ENABLED' | 'DISABLED'; expression: string }>();
  alarms: StandInAlarm[] = [];
  subscriptions: StandInSubscription[] = [];
  identity = { account: '111111111111', arn: 'arn:aws:iam::111111111111:user/maintainer', userId: 'AIDAEXAMPLE' };
  /** When set, STS answers this error (expired or missing credentials). */
  stsError?: { code: string; message: string };
  private server?: Server;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readBody(req).then((body) => {
        const answer = this.route(req, body);
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  /** `AWS_ENDPOINT_URL_*` for every service this stands in for. */
  endpoints(): Record<string, string> {
    return Object.fromEntries(['SSM', 'STS', 'CLOUDFORMATION', 'SCHEDULER', 'CLOUDWATCH', 'SNS'].map((s) => [`AWS_ENDPOINT_URL_${s}`, this.url]));
  }

  callsTo(service: StandInCall['service'], action?: string): StandInCall[] {
    return this.calls.filter((c) => c.service === service && (!action || c.action === action));
  }

  private route(req: IncomingMessage, body: string): Answer {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const [prefix, action] = target.split('.') as [string, string];
      const params = JSON.parse(body || '{}') as Record<string, unknown>;
      if (prefix === 'AmazonSSM') return this.ssm(action, params);
      if (prefix === 'GraniteServiceVersion20100801') return this.cloudwatch(action, params);
      return jsonError(400, 'UnknownOperationException', `no stand-in for ${target}`);
    }
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const schedule = url.pathname.match(/^\/schedules\/([^/]+)$/);
    if (req.method === 'GET' && schedule) return this.scheduler(decodeURIComponent(schedule[1]!));
    const form = Object.fromEntries(new URLSearchParams(body));
    if (form.Action === 'GetCallerIdentity') return this.sts();
    if (form.Action === 'DescribeStacks') return this.cloudformation(form);
    if (form.Action === 'ListSubscriptionsByTopic') return this.sns(form);
    return jsonError(400, 'UnknownOperationException', `no stand-in for ${req.method} ${url.pathname} ${form.Action ?? ''}`);
  }

  private ssm(action: string, params: Record<string, unknown>): Answer {
    this.calls.push({ service: 'ssm', action, params });
    const name = String(params.Name);
    if (action === 'GetParameter') {
      const value = this.parameters.get(name);
      if (value === undefined) return jsonError(400, 'ParameterNotFound', '', '1.1');
      return json({ Parameter: { Name: name, Type: 'SecureString', Value: params.WithDecryption ? value : 'AQICAHh-encrypted', Version: 1 } }, '1.1');
    }
    if (action === 'PutParameter') {
      if (this.parameters.has(name) && !params.Overwrite) return jsonError(400, 'ParameterAlreadyExists', 'The parameter already exists.', '1.1');
      this.parameters.set(name, String(params.Value));
      return json({ Version: 1, Tier: 'Standard' }, '1.1');
    }
    return jsonError(400, 'UnknownOperationException', action, '1.1');
  }

  private cloudwatch(action: string, params: Record<string, unknown>): Answer {
    this.calls.push({ service: 'cloudwatch', action, params });
    const names = (params.AlarmNames as string[] | undefined) ?? [];
    const alarms = this.alarms.filter((a) => names.length === 0 || names.includes(a.name));
    return json(
      {
        MetricAlarms: alarms.map((a) => ({ AlarmName: a.name, StateValue: a.state, StateReason: a.reason ?? '', StateUpdatedTimestamp: Date.now() / 1000 })),
        CompositeAlarms: [],
      },
      '1.0',
    );
  }

  private scheduler(name: string): Answer {
    this.calls.push({ service: 'scheduler', action: 'GetSchedule', params: { Name: name } });
    const s = this.schedules.get(name);
    if (!s) return { status: 404, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' }, body: JSON.stringify({ Message: `Schedule ${name} does not exist.` }) };
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Name: name, GroupName: 'default', State: s.state, ScheduleExpression: s.expression }) };
  }

  private sts(): Answer {
    this.calls.push({ service: 'sts', action: 'GetCallerIdentity', params: {} });
    if (this.stsError) return xmlError(403, this.stsError.code, this.stsError.message);
    const { arn, userId, account } = this.identity;
    return xml('GetCallerIdentity', 'https://sts.amazonaws.com/doc/2011-06-15/', `<Arn>${arn}</Arn><UserId>${userId}</UserId><Account>${account}</Account>`);
  }

  private cloudformation(form: Record<string, string>): Answer {
    this.calls.push({ service: 'cloudformation', action: 'DescribeStacks', params: form });
    const name = form.StackName ?? '';
    const stack = this.stacks.get(name);
    if (!stack) return xmlError(400, 'ValidationError', `Stack with id ${name} does not exist`);
    const outputs = Object.entries(stack.outputs)
      .map(([k, v]) => `<member><OutputKey>${escapeXml(k)}</OutputKey><OutputValue>${escapeXml(v)}</OutputValue></member>`)
      .join('');
    return xml(
      'DescribeStacks',
      'http://cloudformation.amazonaws.com/doc/2010-05-15/',
      `<Stacks><member><StackName>${escapeXml(name)}</StackName><StackId>arn:aws:cloudformation:eu-west-2:111111111111:stack/${escapeXml(name)}/1</StackId><CreationTime>2025-06-01T09:00:00Z</CreationTime><StackStatus>${stack.status}</StackStatus><Outputs>${outputs}</Outputs></member></Stacks>`,
    );
  }

  private sns(form: Record<string, string>): Answer {
    this.calls.push({ service: 'sns', action: 'ListSubscriptionsByTopic', params: form });
    const members = this.subscriptions
      .filter((s) => s.topicArn === form.TopicArn)
      .map(
        (s) =>
          `<member><TopicArn>${escapeXml(s.topicArn)}</TopicArn><Protocol>${s.protocol}</Protocol><SubscriptionArn>${escapeXml(s.subscriptionArn)}</SubscriptionArn><Owner>111111111111</Owner><Endpoint>${escapeXml(s.endpoint)}</Endpoint></member>`,
      )
      .join('');
    return xml('ListSubscriptionsByTopic', 'http://sns.amazonaws.com/doc/2010-03-31/', `<Subscriptions>${members}</Subscriptions>`);
  }
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const json = (body: unknown, version: '1.0' | '1.1'): Answer => ({ status: 200, headers: { 'content-type': `application/x-amz-json-${version}` }, body: JSON.stringify(body) });

const jsonError = (status: number, type: string, message: string, version: '1.0' | '1.1' = '1.1'): Answer => ({
  status,
  headers: { 'content-type': `application/x-amz-json-${version}` },
  body: JSON.stringify({ __type: type, message }),
});

const xml = (action: string, ns: string, result: string): Answer => ({
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body: `<${action}Response xmlns="${ns}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata></${action}Response>`,
});

const xmlError = (status: number, code: string, message: string): Answer => ({
  status,
  headers: { 'content-type': 'text/xml' },
  body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>`,
});

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
