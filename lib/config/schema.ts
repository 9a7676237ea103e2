import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes (e.g. "bbc-politics")');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

const common = {
  id,
  name: z.string().min(1).optional(),
  enabled: z.boolean().default(true),
  /** Per-request budget in ms. */
  timeoutMs: z.number().int().positive().max(120_000).optional(),
  /** A new source's first poll is archived without alerts (no flood) unless this is set. */
  alertOnFirstPoll: z.boolean().default(false),
};

export const RssSourceSchema = z.strictObject({
  ...common,
  type: z.literal('rss'),
  url: httpUrl,
  /**
   * What the feed carries. `news` (default) keeps every entry as coverage; `other` lets text and URL cues decide,
   * for official feeds that mix statements, reports and press releases (e.g. GOV.UK finder feeds).
   */
  sourceType: z.enum(['news', 'other', 'statement', 'report']).default('news'),
  /** Largest body accepted, bytes. */
  maxBytes: z.number().int().positive().optional(),
});

/**
 * Parliament and GOV.UK sources are read by date window. `read: whole` (default) lists everything the service
 * published in the window and lets the classifier decide; `read: search` asks the service's keyword search once per
 * registry search term instead, a fallback for a source that cannot be listed whole.
 */
const windowed = {
  ...common,
  baseUrl: httpUrl.optional(),
  read: z.enum(['whole', 'search']).default('whole'),
  /** Days the window reaches back on every poll, so late-published records are still caught. */
  overlapDays: z.number().int().min(0).max(60).default(4),
  /** Page size and the most pages read per query per poll. */
  pageSize: z.number().int().min(1).max(200).default(50),
  maxPages: z.number().int().min(1).max(1000).default(20),
  /**
   * Least time between two live polls. Default: every cycle for the whole streams that alert (statements, committee
   * publications, GOV.UK); 60 for Hansard and written questions (two-stage lists of whole days, whose records are
   * roundup material or published hours after the sitting) and for any source read by search term (a query per
   * term per endpoint). See `minIntervalFor`.
   */
  minIntervalMinutes: z.number().int().min(0).max(1440).optional(),
  /**
   * List requests one poll may make: result pages over all search terms (a registry with thousands of entries must
   * not turn one poll into tens of thousands of requests to a public API), and, for a source read whole, its pages
   * and day counts over the window. Past the budget the rest waits for the next poll, with a warning on the source
   * (a day not read to its end is read again).
   */
  maxSearchRequests: z.number().int().min(1).max(10_000).default(200),
};

export const HansardSourceSchema = z.strictObject({
  ...windowed,
  type: z.literal('hansard'),
  house: z.enum(['Commons', 'Lords']).optional(),
});
export const WrittenStatementsSourceSchema = z.strictObject({
  ...windowed,
  type: z.literal('written-statements'),
  house: z.enum(['Commons', 'Lords', 'Bicameral']).optional(),
});
export const WrittenQuestionsSourceSchema = z.strictObject({
  ...windowed,
  type: z.literal('written-questions'),
  house: z.enum(['Commons', 'Lords', 'Bicameral']).optional(),
});
export const CommitteesSourceSchema = z.strictObject({
  ...windowed,
  type: z.literal('committees'),
});
export const GovukSearchSourceSchema = z.strictObject({
  ...windowed,
  type: z.literal('govuk-search'),
  organisations: z.array(z.string().min(1)).default(['home-office']),
});

export const SourceSchema = z.discriminatedUnion('type', [
  RssSourceSchema,
  HansardSourceSchema,
  WrittenStatementsSourceSchema,
  WrittenQuestionsSourceSchema,
  CommitteesSourceSchema,
  GovukSearchSourceSchema,
]);
export type SourceConfig = z.infer<typeof SourceSchema>;
export type SourceType = SourceConfig['type'];
export type SourceConfigOf<T extends SourceType> = Extract<SourceConfig, { type: T }>;

/** The effective `minIntervalMinutes` of a windowed source (see its field). */
export function minIntervalFor(source: { type: SourceType; read?: 'whole' | 'search'; minIntervalMinutes?: number }): number {
  if (source.minIntervalMinutes !== undefined) return source.minIntervalMinutes;
  return source.read === 'search' || source.type === 'hansard' || source.type === 'written-questions' ? 60 : 0;
}

const KindSchema = z.enum(['statement', 'report', 'debate', 'question', 'news']);
const Weekday = z.enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, Europe/London)');

export const SubscriptionSchema = z.strictObject({
  /** Slack channel id (C…) or name (#…). */
  channel: z.string().min(2),
  /** Registry entry ids, or "all". */
  tracked: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all'),
  /** Kinds posted at once, as alerts; the rest go to roundups. */
  alertKinds: z.array(KindSchema).default(['statement', 'report']),
  roundup: z
    .discriminatedUnion('cadence', [
      z.strictObject({ cadence: z.literal('daily'), at: Time.default('08:00') }),
      z.strictObject({ cadence: z.literal('weekly'), day: Weekday.default('monday'), at: Time.default('08:00') }),
      z.strictObject({ cadence: z.literal('off') }),
    ])
    .default({ cadence: 'daily', at: '08:00' }),
  /** Post "nothing new" when a roundup is empty. */
  heartbeat: z.boolean().default(false),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

/** A Slack channel id: public (C…) or private (G…). Names cannot be matched to what Slack's requests carry. */
export const SlackChannelId = z.string().regex(/^[CG][A-Z0-9]{2,30}$/, 'must be a Slack channel id (C… or G…), not a #name');

/** Slack actions: corrections from digest messages and the `/inquiry` command (see docs/deploy.md to install the app). */
export const SlackActionsSchema = z.strictObject({
  /** The one workspace (team id, T…) whose requests are served; requests from any other are refused. */
  teamId: z.string().regex(/^T[A-Z0-9]{2,30}$/, 'must be a Slack team id (T…)'),
  /** Correction menus ("not about …", "confirmed") on alert and roundup items. */
  corrections: z.boolean().default(true),
  /** Channels where `/inquiry` answers besides the subscribed ones. */
  commandChannels: z.array(SlackChannelId).default([]),
});
export type SlackActionsConfig = z.infer<typeof SlackActionsSchema>;

export const ConfigSchema = z.strictObject({
  /** Registry file, relative to the config file. */
  registry: z.string().min(1).default('registry.yaml'),
  /** Identifies the monitor to the services it polls (GDS asks for this). */
  userAgent: z.string().min(1).default('InquiryWatch/0.1 (+https://github.com/inquiry-watch/inquiry-watch)'),
  /** Cycles a source may fail in a row before it is reported as failing (alarm threshold in AWS). */
  failureAlertAfter: z.number().int().min(1).default(3),
  /**
   * Days an item that matched no tracked entry is kept (DynamoDB TTL), so `registry test` and `registry apply` find
   * recent history when an entry is added. An item that matches an entry, then or later, is kept for good.
   */
  untrackedRetentionDays: z.number().int().min(1).max(3650).default(90),
  /** How often `cdk deploy` schedules a poll cycle, minutes. */
  pollEveryMinutes: z.number().int().min(1).max(1440).default(15),
  sources: z.array(SourceSchema).min(1),
  subscriptions: z.array(SubscriptionSchema).default([]),
  /** Base URL of the archive's web/API front, used for "see the rest" links in roundups. */
  archiveUrl: httpUrl.optional(),
  /** Where alarms go (AWS only). `cdk deploy` requires it, or `alarms: none`, so a deployment never fails unheard. */
  alarmEmail: z.email().optional(),
  /** The hosted research pages (AWS only, off unless asked for): behind Cognito sign-in, invite-only accounts. */
  web: z
    .strictObject({
      hosted: z.boolean().default(false),
      /** Cognito sign-in domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); default `inquiry-watch-<account id>`. */
      signInDomainPrefix: z
        .string()
        .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1 to 63 lower-case letters, digits and dashes, not starting or ending with a dash')
        .optional(),
    })
    .default({ hosted: false }),
  /** `none`: deploy without alarm notifications (the alarms still exist and show in the console and `doctor`). */
  alarms: z.literal('none', { error: 'must be "none" (deploy without alarm emails), or left out and alarmEmail set' }).optional(),
  /** AWS region `cdk deploy` deploys to (default: your AWS CLI profile's). London is eu-west-2. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'must be an AWS region code such as eu-west-2')
    .optional(),
  /** Corrections and `/inquiry` from Slack; off (no endpoint, no menus) unless set. */
  slack: SlackActionsSchema.optional(),
  /** The accountability board (lib/board). */
  board: z
    .strictObject({
      /** Days with no movement before an open entry counts as stalled. */
      stalledAfterDays: z.number().int().min(1).max(3650).default(120),
      /** Deadlines this close count as "due soon". */
      dueSoonDays: z.number().int().min(1).max(365).default(30),
    })
    .default({ stalledAfterDays: 120, dueSoonDays: 30 }),
});
export type Config = z.infer<typeof ConfigSchema>;
