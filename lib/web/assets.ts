import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { ApiResponse } from '../api/handler.ts';
import { sha256 } from '../util/hash.ts';

/** The pages' static files: one stylesheet and one script (the chart), built from `lib/web/client/` with esbuild. */
export interface WebAssets {
  /** Hash of every file's content: pages ask for `?v=<version>` so a cached old file is never used with a new page. */
  version: string;
  files: Map<string, { body: string; contentType: string }>;
}

const clientDir = fileURLToPath(new URL('./client/', import.meta.url));
const uplotCss = createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css');

/**
 * Bundles and minifies the chart script (uPlot included) for browsers from 2020 on, and joins the site's CSS with
 * uPlot's. esbuild is a build tool (a devDependency): `serve` builds once at start-up (~100 ms), `cdk synth` builds
 * the same files for the hosted option's bucket.
 */
export async function buildAssets(): Promise<WebAssets> {
  const esbuild = await import('esbuild').catch(() => {
    throw new Error('esbuild is needed to build the web pages\' script: run `npm ci` (it installs the build tools too)');
  });
  return assemble((await esbuild.build(CHART_BUILD)).outputFiles![0]!.text);
}

/** The same, synchronously, for `cdk synth` (constructs are built synchronously). */
export function buildAssetsSync(esbuild: Pick<typeof import('esbuild'), 'buildSync'>): WebAssets {
  return assemble(esbuild.buildSync(CHART_BUILD).outputFiles![0]!.text);
}

const CHART_BUILD = {
  entryPoints: [join(clientDir, 'chart.ts')] as string[],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  write: false,
  legalComments: 'none',
  logLevel: 'silent',
} as const satisfies import('esbuild').BuildOptions;

function assemble(chart: string): WebAssets {
  const css = `${readFileSync(uplotCss, 'utf8')}\n${readFileSync(join(clientDir, 'site.css'), 'utf8')}`;
  const files = new Map([
    ['chart.js', { body: chart, contentType: 'text/javascript; charset=utf-8' }],
    ['site.css', { body: css, contentType: 'text/css; charset=utf-8' }],
  ]);
  return { version: sha256(chart + css).slice(0, 12), files };
}

/** `/assets/<name>` from the built files; `undefined` for any other path. */
export function serveAsset(path: string, assets: WebAssets): ApiResponse | undefined {
  const m = /^\/assets\/([a-z0-9.-]+)$/.exec(path);
  if (!m) return undefined;
  const file = assets.files.get(m[1]!);
  if (!file) return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'no such asset' };
  return {
    status: 200,
    // Versioned by `?v=`: a year's caching is safe.
    headers: { 'content-type': file.contentType, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' },
    body: file.body,
  };
}

/** Writes the built files to `dir/assets/` (what the hosted option uploads to its bucket). */
export function writeAssets(assets: WebAssets, dir: string): void {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  for (const [name, file] of assets.files) writeFileSync(join(dir, 'assets', name), file.body);
}
