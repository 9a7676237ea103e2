import { ConfigSchema } from '../../lib/config/schema.ts';
import { ConfigError } from '../../lib/config/errors.ts';
import { checkRegistry, RegistryFileSchema } from '../../lib/registry/registry.ts';
import { compileRegistry, type CompiledRegistry } from '../../lib/classify/classifier.ts';
import { registrySearchTerms } from '../../lib/registry/registry.ts';
import { SETUP_GLOBAL, type DeployedSetup } from './setup-shape.ts';

declare const __INQUIRY_WATCH_SETUP__: string | undefined;

export interface RuntimeSetup extends DeployedSetup {
  compiled: CompiledRegistry;
  searchTerms: string[];
}

/**
 * The setup embedded at synth time, parsed and re-checked with the same schemas (cheap, and it catches a bundle
 * built from code whose schema has since changed). Outside a bundle (tests) the same global is set by hand.
 */
export function readDeployedSetup(): RuntimeSetup {
  const text = typeof __INQUIRY_WATCH_SETUP__ === 'string' ? __INQUIRY_WATCH_SETUP__ : undefined;
  if (text === undefined) throw new ConfigError('(bundle)', [`${SETUP_GLOBAL} is not defined: build the function with the CDK app`]);
  const raw = JSON.parse(text) as { config?: unknown; registry?: { file?: unknown } };
  const file = typeof raw.registry?.file === 'string' ? raw.registry.file : 'registry';
  const configResult = ConfigSchema.safeParse(raw.config);
  if (!configResult.success) throw new ConfigError('(embedded config)', configResult.error.issues.map((i) => i.message));
  const { file: _file, ...registryFields } = raw.registry ?? {};
  const registry = checkRegistry({ file, ...RegistryFileSchema.parse(registryFields) });
  const compiled = compileRegistry(registry);
  return { config: configResult.data, registry, compiled, searchTerms: registrySearchTerms(registry) };
}
