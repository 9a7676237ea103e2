import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigSchema, type Config } from './schema.ts';
import { ConfigError, zodProblems } from './errors.ts';

export const DEFAULT_CONFIG_FILE = 'config/inquiry-watch.yaml';

export interface LoadedConfig {
  config: Config;
  file: string;
  /** Registry path resolved against the config file's folder. */
  registryFile: string;
}

/**
 * Reads a YAML (or JSON) file and validates it with `schema`. `${VAR}` and `${VAR:-default}` in string values are
 * replaced from the environment first, so endpoints can differ per machine without editing the file.
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
  const missing: string[] = [];
  const expanded = interpolate(raw, missing);
  if (missing.length) throw new ConfigError(file, missing.map((v) => `environment variable ${v} is not set`));
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
  });
  if (problems.length) throw new ConfigError(file, problems);
  return { config, file, registryFile: resolve(dirname(file), config.registry) };
}

function interpolate(value: unknown, missing: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
      const v = process.env[name] ?? fallback;
      if (v === undefined) missing.push(name);
      return v ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, missing)]));
  }
  return value;
}
