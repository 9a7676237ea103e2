import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../lib/config/errors.ts';
import { DEFAULT_CONFIG_FILE } from '../lib/config/load.ts';
import { loadDeployedSetup } from './deployed-setup.ts';
import { InquiryWatchStack } from './inquiry-watch-stack.ts';

/**
 * `npx cdk synth|deploy [-c config=path/to/config.yaml] [-c stackName=...] [-c alarmEmail=...]`. The config (and
 * the registry it names) is validated here, so a bad file stops the synth with the file, field and problem; cdk-nag
 * AwsSolutions checks run on every synth and any unacknowledged finding fails it.
 */
const app = new App();
const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
const configFile = context('config') ?? DEFAULT_CONFIG_FILE;
const stackName = context('stackName') ?? 'InquiryWatch';
const setup = loadSetupOrExit();

new InquiryWatchStack(app, stackName, {
  setup,
  description: 'Inquiry Watch: monitors UK news and Parliament for tracked inquiries and commitments',
  // The config's `region` wins over the CLI profile's, so a deploy cannot land in the CLI's fallback (us-east-1) by
  // accident; the account always comes from the credentials. Offline, without either, the template is region-agnostic.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: setup.config.region ?? process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();

/** A config mistake is the maintainer's to fix: say what and where, without a stack trace. */
function loadSetupOrExit() {
  try {
    return loadDeployedSetup(configFile, { alarmEmail: context('alarmEmail') });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`error: ${err.message}`);
    process.exit(1);
  }
}
