import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEFAULT_CONFIG_FILE } from '../lib/config/load.ts';
import { loadDeployedSetup } from './deployed-setup.ts';
import { InquiryWatchStack } from './inquiry-watch-stack.ts';

/**
 * `npx cdk synth|deploy [-c config=path/to/config.yaml] [-c stackName=...]`. The config (and the registry it names)
 * is validated here, so a bad file stops the synth with the file, field and problem; cdk-nag AwsSolutions checks
 * run on every synth and any unacknowledged finding fails it.
 */
const app = new App();
const configFile = (app.node.tryGetContext('config') as string | undefined) ?? DEFAULT_CONFIG_FILE;
const stackName = (app.node.tryGetContext('stackName') as string | undefined) ?? 'InquiryWatch';

new InquiryWatchStack(app, stackName, {
  setup: loadDeployedSetup(configFile),
  description: 'Inquiry Watch: monitors UK news and Parliament for tracked inquiries and commitments',
  // Region and account come from the CLI's credentials (`cdk deploy --profile ...`); nothing here is region-bound.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
