import { ConfigSchema } from '../../lib/config/schema.ts';
import { ConfigError, zodProblems } from '../../lib/config/errors.ts';
import { checkRegistry, RegistryFileSchema, registrySearchTerms } from '../../lib/registry/registry.ts';
import { compileRegistry, type CompiledRegistry } from '../../lib/classify/classifier.ts';
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
  const config = ConfigSchema.safeParse(raw.config);
  if (!config.success) throw new ConfigError('(embedded config)', zodProblems(config.error));
  const { file: _file, ...registryFields } = raw.registry ?? {};
  const registryFile = RegistryFileSchema.safeParse(registryFields);
  if (!registryFile.success) throw new ConfigError(`(embedded ${file})`, zodProblems(registryFile.error));
  const registry = checkRegistry({ file, ...registryFile.data });
  return { config: config.data, registry, compiled: compileRegistry(registry), searchTerms: registrySearchTerms(registry) };
}
