/**
 * Stand-in for `yaml` in Lambda bundles only (aliased by the house construct): the functions get their config
 * and registry as JSON embedded at synth time, so the YAML loaders in `lib/config` are never called there.
 * Saves ~110 KB per bundle; calling it fails loudly.
 */
export function parse(): never {
  throw new Error('YAML parsing is not bundled in Inquiry Watch Lambdas: config is embedded at synth time');
}

export class YAMLParseError extends Error {}
