import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { SOURCE_TYPES } from '../../model/item.ts';
import { loadConfig } from '../../config/load.ts';
import { loadRegistry } from '../../registry/registry.ts';
import { classify, compileRegistry } from '../../classify/classifier.ts';
import { globalOptions } from '../options.ts';
import { EXIT } from '../exit-codes.ts';

export const DEFAULT_REGISTRY_FILE = 'config/registry.yaml';

/** An optional field: absent, or `null` as JSON producers write it, are the same. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/** One input line of `classify`, exactly as the issue's contract states it. */
const InputLineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string(),
  text: z.string(),
  source_url: optional(z.string()),
  source_type: optional(z.enum(SOURCE_TYPES)),
  published: optional(z.string()),
});

/**
 * `--registry`, else the registry named by the config file, else the default. classify must work without a
 * valid config file (e.g. a maintainer piping an evaluation set), so config problems only mean "use the default".
 */
export function resolveRegistryFile(explicit: string | undefined, configFile: string): string {
  if (explicit) return explicit;
  try {
    return loadConfig(configFile).registryFile;
  } catch {
    return DEFAULT_REGISTRY_FILE;
  }
}

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('classify JSONL items ({id,title,text,source_url?,source_type?,published?}) against the registry')
    .option('--registry <file>', 'registry file (default: the config file\'s registry, else config/registry.yaml)')
    .option('--in <file>', 'read this JSONL file instead of stdin')
    .action(async (opts: { registry?: string; in?: string }, cmd: Command) => {
      const compiled = compileRegistry(loadRegistry(resolveRegistryFile(opts.registry, globalOptions(cmd).config)));
      const input = opts.in ? createReadStream(opts.in, 'utf8') : process.stdin;
      const lines = createInterface({ input, crlfDelay: Infinity });
      let lineNo = 0;
      let failed = 0;
      for await (const line of lines) {
        lineNo++;
        if (!line.trim()) continue;
        let parsed: z.infer<typeof InputLineSchema>;
        try {
          const result = InputLineSchema.safeParse(JSON.parse(line));
          if (!result.success) {
            const issue = result.error.issues[0]!;
            throw new Error(`${issue.path.join('.') || 'line'}: ${issue.message}`);
          }
          parsed = result.data;
        } catch (err) {
          failed++;
          process.stderr.write(`line ${lineNo}: ${err instanceof SyntaxError ? `not valid JSON (${err.message})` : (err as Error).message}\n`);
          continue;
        }
        const c = classify(
          { id: parsed.id, title: parsed.title, text: parsed.text, sourceUrl: parsed.source_url, sourceType: parsed.source_type, published: parsed.published },
          compiled,
        );
        const out = JSON.stringify({ id: parsed.id, inquiries: c.inquiries, commitments: c.commitments, kind: c.kind, evidence: c.evidence });
        if (!process.stdout.write(`${out}\n`)) await once(process.stdout, 'drain');
      }
      process.exitCode = failed ? EXIT.failed : EXIT.ok;
    });
}
