import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigSchema, SlackChannelId, type Config } from './schema.ts';
import { ConfigError, formatPath, zodProblems } from './errors.ts';

export const DEFAULT_CONFIG_FILE = 'config/inquiry-watch.yaml';

export interface LoadedConfig {
  config: Config;
  file: string;
  /** Registry path resolved against the config file's folder. */
  registryFile: string;
}

/**
 * Reads a YAML (or JSON) file and validates it with `schema`. `${VAR}` and `${VAR:-default}` in string values are
 * replaced from the environment first, so endpoints can differ per machine without editing the file; only
 * `INQUIRY_WATCH_*` variables that hold no secret may be used (see `INTERPOLATION_ALLOWED`).
 */
export function loadYamlFile<T extends z.ZodType>(
  file: string,
  schema: T,
  label?: Parameters<typeof zodProblems>[1],
): z.infer<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `line ${err.linePos[0].line}: ` : '';
    throw new ConfigError(file, [`${where}not valid YAML (${(err as Error).message.split('\n')[0]})`]);
  }
  const problems: string[] = [];
  const expanded = interpolate(raw, problems);
  if (problems.length) throw new ConfigError(file, problems);
  const result = schema.safeParse(expanded);
  if (!result.success) throw new ConfigError(file, zodProblems(result.error, label));
  return result.data;
}

export function loadConfig(file: string = DEFAULT_CONFIG_FILE): LoadedConfig {
  const config = loadYamlFile(file, ConfigSchema);
  const seen = new Set<string>();
  const problems: string[] = [];
  config.sources.forEach((s, i) => {
    if (seen.has(s.id)) problems.push(`sources[${i}].id: "${s.id}" is used by another source`);
    seen.add(s.id);
  });
  const channels = new Set<string>();
  config.subscriptions.forEach((s, i) => {
    if (channels.has(s.channel)) problems.push(`subscriptions[${i}].channel: "${s.channel}" is subscribed twice`);
    channels.add(s.channel);
    // Slack's requests name channels by id: a `#name` subscription could never be matched, so its corrections would all be refused.
    if (config.slack && !SlackChannelId.safeParse(s.channel).success) {
      problems.push(`subscriptions[${i}].channel: "${s.channel}" must be a channel id (C…) when slack actions are on`);
    }
  });
  if (problems.length) throw new ConfigError(file, problems);
  return { config, file, registryFile: resolve(dirname(file), config.registry) };
}

/**
 * Which environment variables `${VAR}` may read: only the monitor's own (`INQUIRY_WATCH_*`), and none that holds a
 * secret. Config values travel: into URLs, the User-Agent sent to every source, Lambda bundles. An open
 * interpolation would let a config line (or whoever edits one) send `${SLACK_BOT_TOKEN}` or
 * `${AWS_SECRET_ACCESS_KEY}` to a feed's server.
 */
export const INTERPOLATION_ALLOWED = /^INQUIRY_WATCH_[A-Z0-9_]+$/;
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|(^|_)KEY($|_)/;

function interpolate(value: unknown, problems: string[], path: PropertyKey[] = []): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (whole, name: string, fallback?: string) => {
      const where = formatPath(path);
      if (!INTERPOLATION_ALLOWED.test(name) || SECRET_NAME.test(name)) {
        problems.push(`${where}: \${${name}} may not be used: only INQUIRY_WATCH_* variables that hold no secret can be interpolated`);
        return whole;
      }
      const v = process.env[name] ?? fallback;
      if (v === undefined) problems.push(`${where}: environment variable ${name} is not set`);
      return v ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, problems, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, problems, [...path, k])]));
  }
  return value;
}
