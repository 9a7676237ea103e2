import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { InquiryWatchStack } from '../../infra/inquiry-watch-stack.ts';
import { loadDeployedSetup } from '../../infra/deployed-setup.ts';

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/**
 * The stack from a config file. Without `bundle`, the `aws:cdk:bundling-stacks` context skips esbuild: the
 * assertions are about the template, and only `bundling.test.ts` pays for real bundles.
 */
export function synthStack(configFile = fixture('config.yaml'), options: { bundle?: boolean; outdir?: string } = {}) {
  const app = new App({
    outdir: options.outdir,
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new InquiryWatchStack(app, 'InquiryWatchTest', {
    setup: loadDeployedSetup(configFile),
    env: { account: '111111111111', region: 'eu-west-2' },
  });
  return { app, stack };
}
