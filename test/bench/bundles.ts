import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_CONFIG_FILE } from '../../lib/config/load.ts';
import { synthBundles } from '../infra/bundles.ts';
import { fixture } from '../infra/synth.ts';

const run = promisify(execFile);
const IMPORTS_PER_BUNDLE = 5;

/**
 * Per Lambda: bundle size as deployed (minified ESM, AWS SDK left to the runtime) and cold import time, the ms to
 * import the bundled handler in a fresh Node process with the function's environment (module-scope work included:
 * setup parsing, registry compilation, client construction). Local Node, not Lambda's: compare, don't quote.
 */
export async function bench() {
  const outdir = mkdtempSync(join(process.cwd(), 'cdk.out.bench-'));
  try {
    const started = performance.now();
    // The deployed config when present: its registry is embedded in every bundle, so it counts towards the size.
    const configFile = existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : fixture('config.yaml');
    const bundles = synthBundles(outdir, configFile);
    const synthMs = performance.now() - started;
    const rows: { metric: string; value: number | string; unit?: string; note?: string }[] = [
      { metric: 'synth with esbuild bundling (3 functions)', value: Math.round(synthMs), unit: 'ms', note: `config ${configFile}` },
    ];
    for (const b of bundles) {
      const times: number[] = [];
      for (let i = 0; i < IMPORTS_PER_BUNDLE; i++) {
        const script = `const t = performance.now(); await import(${JSON.stringify(`file://${b.file}`)}); console.log(performance.now() - t);`;
        const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
          env: { ...process.env, ...b.env, AWS_REGION: 'eu-west-2', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        });
        times.push(Number(stdout.trim()));
      }
      times.sort((x, y) => x - y);
      rows.push(
        { metric: `${b.name} bundle`, value: Math.round(b.bytes / 1024), unit: 'KiB', note: `target < 1 MB (${b.bytes} bytes)` },
        { metric: `${b.name} source map`, value: Math.round(b.mapBytes / 1024), unit: 'KiB' },
        {
          metric: `${b.name} cold import (median of ${IMPORTS_PER_BUNDLE})`,
          value: Math.round(times[Math.floor(times.length / 2)]!),
          unit: 'ms',
          note: `min ${Math.round(times[0]!)}, max ${Math.round(times.at(-1)!)}; Node ${process.version}`,
        },
      );
    }
    return { section: 'Lambda bundles', rows };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
