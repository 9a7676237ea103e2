import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { InquiryWatchStack } from '../../infra/inquiry-watch-stack.ts';
import { loadDeployedSetup } from '../../infra/deployed-setup.ts';

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** The context `cdk synth` runs with (feature flags), minus the config file it names: tests pass their own. */
export function cdkJsonContext(): Record<string, unknown> {
  const { context } = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
  const { config: _config, ...flags } = context;
  return flags;
}

/**
 * The stack from a config file, with cdk.json's feature flags (so tests see the template `cdk synth` makes).
 * Without `bundle`, the `aws:cdk:bundling-stacks` context skips esbuild: the assertions are about the template,
 * and only the bundling test pays for real bundles.
 */
export function synthStack(configFile = fixture('config.yaml'), options: { bundle?: boolean; outdir?: string } = {}) {
  const app = new App({
    outdir: options.outdir,
    context: { ...cdkJsonContext(), ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const stack = new InquiryWatchStack(app, 'InquiryWatchTest', {
    setup: loadDeployedSetup(configFile),
    env: { account: '111111111111', region: 'eu-west-2' },
  });
  return { app, stack };
}
