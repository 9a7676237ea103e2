import { z } from 'zod';
import { loadSetup } from '../lib/cli/runtime.ts';
import { ConfigError } from '../lib/config/errors.ts';
import type { Config } from '../lib/config/schema.ts';
import type { Registry } from '../lib/registry/registry.ts';
import { SETUP_GLOBAL, type DeployedSetup } from '../functions/commons/setup-shape.ts';

/** What `cdk deploy -c key=value` may override in the config, for one deployment. */
export interface DeployOverrides {
  /** `-c alarmEmail=you@example.org`: keeps a personal address out of a config file in git. */
  alarmEmail?: string;
}

/**
 * Loads and validates the config file and the registry it names, at synth time: a bad file fails `cdk synth`
 * with the file, the field and the problem, before anything is deployed.
 */
export function loadDeployedSetup(configFile: string, overrides: DeployOverrides = {}): DeployedSetup {
  const { config, registry } = loadSetup(configFile);
  if (overrides.alarmEmail !== undefined) {
    const email = z.email().safeParse(overrides.alarmEmail);
    if (!email.success) throw new ConfigError('(-c alarmEmail)', [`"${overrides.alarmEmail}" is not an email address`]);
    config.alarmEmail = email.data;
  }
  requireAlarmTarget(config, configFile);
  return toDeployedSetup(config, registry);
}

/**
 * A deployment must tell someone when it breaks: an `alarmEmail`, or an explicit `alarms: none`. Checked at
 * synth so a first `cdk deploy` cannot leave every alarm unheard.
 */
export function requireAlarmTarget(config: Pick<Config, 'alarmEmail' | 'alarms'>, file: string): void {
  if (config.alarmEmail && config.alarms === 'none') {
    throw new ConfigError(file, ['alarms: "none" contradicts alarmEmail; keep one of them']);
  }
  if (!config.alarmEmail && config.alarms !== 'none') {
    throw new ConfigError(file, [
      'alarmEmail: required to deploy, so that alarms reach someone. Add `alarmEmail: you@example.org` (AWS emails a link to confirm), ' +
        'or deploy with `npx cdk deploy -c alarmEmail=you@example.org`, or set `alarms: none` to deploy without notifications',
    ]);
  }
}

export function toDeployedSetup(config: Config, registry: Registry): DeployedSetup {
  // The file path means nothing inside a Lambda; keep only its name for error messages.
  return { config, registry: { ...registry, file: registry.file.split(/[\\/]/).pop() ?? 'registry.yaml' } };
}

/**
 * Largest setup embedded in a bundle. esbuild gets it as one command-line argument and Linux caps a single
 * argument at 128 KiB; 50 sources and a registry of a few dozen entries take ~20 KB.
 */
export const MAX_SETUP_BYTES = 100_000;

/**
 * The setup as an esbuild `define`: the bundle carries it as a string literal that the handler parses once per
 * cold start. Why not the alternatives: environment variables are capped at 4 KB in total per function (the
 * registry alone is bigger), and shipping the YAML files would mean reading and re-validating files at runtime
 * (plus bundling the YAML parser) for data that is fixed at deploy time anyway.
 */
export function setupDefine(setup: DeployedSetup): Record<string, string> {
  const json = JSON.stringify(setup);
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_SETUP_BYTES) {
    throw new Error(`config + registry are ${bytes} bytes as JSON; the bundles can embed at most ${MAX_SETUP_BYTES}`);
  }
  // esbuild parses the define value as JS: a JSON string literal of the JSON text.
  return { [SETUP_GLOBAL]: JSON.stringify(json) };
}
