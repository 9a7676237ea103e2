import type { Config } from '../../lib/config/schema.ts';
import type { Registry } from '../../lib/registry/registry.ts';

/** What `cdk synth` validates and embeds in every bundle: the config and the registry it names. */
export interface DeployedSetup {
  config: Config;
  registry: Registry;
}

/** The identifier esbuild replaces with the setup's JSON text (see `infra/deployed-setup.ts`). */
export const SETUP_GLOBAL = '__INQUIRY_WATCH_SETUP__';
