import { statSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { InquiryWatchStack } from '../../infra/inquiry-watch-stack.ts';
import { loadDeployedSetup } from '../../infra/deployed-setup.ts';
import { loadConfig } from '../../lib/config/load.ts';
import type { MonitorFunction } from '../../infra/constructs/monitor-function.ts';
import { cdkJsonContext, fixture } from './synth.ts';

export interface BuiltBundle {
  name: 'poll' | 'digest' | 'query' | 'web' | 'slack-ingress' | 'slack-worker';
  /** The bundled handler (`index.mjs`). */
  file: string;
  bytes: number;
  mapBytes: number;
  /** The function's environment with CloudFormation references replaced by plausible values, to import it locally. */
  env: Record<string, string>;
}

/**
 * Synthesises the stack WITH esbuild bundling into `outdir` (inside the repo, so a bundle imported locally
 * finds `@aws-sdk/*` in node_modules the way Lambda finds it in the runtime) and returns each function's bundle.
 */
export function synthBundles(outdir: string, configFile = fixture('config.yaml')): BuiltBundle[] {
  // Alarms do not change the bundles: stand in an address for a config that leaves it to `-c alarmEmail`.
  const { config } = loadConfig(configFile);
  const overrides = config.alarmEmail || config.alarms === 'none' ? {} : { alarmEmail: 'bundles@example.org' };
  const app = new App({ outdir, context: { ...cdkJsonContext(), 'aws:cdk:enable-asset-metadata': true } });
  const stack = new InquiryWatchStack(app, 'InquiryWatchBundles', {
    setup: loadDeployedSetup(configFile, overrides),
    env: { account: '111111111111', region: 'eu-west-2' },
  });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Metadata?: Record<string, string>; Properties: any }>;
  const build = (name: BuiltBundle['name'], fn: MonitorFunction): BuiltBundle => {
    const resource = resources[stack.getLogicalId(fn.node.defaultChild as never)]!;
    const dir = join(outdir, resource.Metadata!['aws:asset:path']!);
    const file = join(dir, 'index.mjs');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(resource.Properties.Environment.Variables as Record<string, unknown>)) {
      env[k] = typeof v === 'string' ? v : /_(URL|DOMAIN)$/.test(k) ? 'https://resolved.example.org' : `resolved-${k.toLowerCase()}-placeholder-value`;
    }
    return { name, file, bytes: statSync(file).size, mapBytes: statSync(`${file}.map`).size, env };
  };
  const bundles = [build('poll', stack.pollFunction), build('digest', stack.digestFunction), build('query', stack.queryFunction)];
  // The hosted pages' function and the Slack functions, when the config asks for them.
  if (stack.researchWeb) bundles.push(build('web', stack.researchWeb.webFunction));
  if (stack.slackActions) bundles.push(build('slack-ingress', stack.slackActions.ingress), build('slack-worker', stack.slackActions.worker));
  return bundles;
}
