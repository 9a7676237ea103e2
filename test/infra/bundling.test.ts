import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { synthBundles, type BuiltBundle } from './bundles.ts';
import { fixture } from './synth.ts';

const run = promisify(execFile);
const outdir = mkdtempSync(join(process.cwd(), 'cdk.out.test-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('Bundling', () => {
  // The one synth that runs esbuild (every other infra test skips it), so bundling breakage fails a test.
  it('bundles every function into a minified ESM file under 1 MB that Node can import with its environment', async () => {
    // Prepare
    const bundles = synthBundles(outdir);

    // Act
    const imported = await importAll(bundles);

    // Assess
    expect(Object.fromEntries(imported)).toEqual({ poll: 'function', digest: 'function', query: 'function' });
    for (const b of bundles) expect(b.bytes, `${b.name} bundle bytes`).toBeLessThan(1_000_000);
  }, 180_000);

  it('bundles the hosted pages\' function (server-rendered JSX) under 1 MB, importable with its environment', async () => {
    // Prepare
    const bundles = synthBundles(join(outdir, 'web'), fixture('web-config.yaml')).filter((b) => b.name === 'web');
    // Act
    const imported = await importAll(bundles);
    // Assess
    expect(Object.fromEntries(imported)).toEqual({ web: 'function' });
    expect(bundles[0]!.bytes).toBeLessThan(1_000_000);
  }, 180_000);
});

function importAll(bundles: BuiltBundle[]): Promise<string[][]> {
  return Promise.all(
    bundles.map(async (b) => {
      const script = `const m = await import(${JSON.stringify(`file://${b.file}`)}); console.log(typeof m.handler);`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, ...b.env, AWS_REGION: 'eu-west-2', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      return [b.name, stdout.trim()];
    }),
  );
}
