import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { DynamoArchiveQueries } from '../../adapters/dynamodb/archive-queries.ts';
import { cursorSecretFromEnv } from '../../query/cursor.ts';
import { csvHeader, csvRow } from '../../query/csv.ts';
import { QueryParamError } from '../../query/errors.ts';
import { runItemsPage } from '../../query/execute.ts';
import { jsonlLine } from '../../query/jsonl.ts';
import { exportHeader, exportLines } from '../../query/export.ts';
import { MAX_LIMIT, planItemsQuery, type RawParams } from '../../query/plan.ts';
import { buildProvenance, describeAccess } from '../../query/provenance.ts';
import { formatTable } from '../../query/table.ts';
import { UsageError } from '../errors.ts';
import { archiveOptions, globalOptions } from '../options.ts';
import { loadSetup, openArchive } from '../runtime.ts';

interface FilterOptions {
  tracked?: string;
  kind?: string;
  source?: string;
  from?: string;
  to?: string;
  q?: string;
}

const addFilters = (cmd: Command): Command =>
  cmd
    .option('--tracked <id>', 'registry entry id (inquiry or commitment), e.g. casey-audit')
    .option('--kind <kind>', 'statement, report, debate, question or news')
    .option('--source <id>', 'source id, e.g. bbc-politics')
    .option('--from <date>', 'published on or after (yyyy-mm-dd, from midnight UK time, or an ISO time with its zone)')
    .option('--to <date>', 'published on or before (a bare date includes that whole day, UK time)')
    .option('--q <text>', 'words that must all appear in the title or match snippet (applied to each page read)');

const PAGE_NOTE =
  '\nResults are newest first. With --kind/--source alongside --tracked, or --q, a page may hold fewer than --limit items;' +
  '\nfollow the printed cursor until none is printed. Exit status 2 for bad parameters.';

const RAW_HELP = "CSV cells exactly as stored; by default a cell starting with = + - @ tab or CR gets a leading ' so spreadsheets run no formula";

export function registerQuery(program: Command): void {
  addFilters(program.command('query').description('query the archive by tracked entry, kind, source and date'))
    .option('--format <format>', 'table, csv or jsonl', 'table')
    .option('--limit <n>', `items per page (1 to ${MAX_LIMIT})`, '50')
    .option('--cursor <cursor>', 'continue from a previous page')
    .option('--raw', RAW_HELP)
    .addHelpText('after', PAGE_NOTE)
    .action(async (options: FilterOptions & { format: string; limit: string; cursor?: string; raw?: boolean }, command: Command) => {
      if (!['table', 'csv', 'jsonl'].includes(options.format)) throw new UsageError(`--format must be table, csv or jsonl, not "${options.format}"`);
      const g = globalOptions(command);
      const setup = loadSetup(g.config);
      const secret = cursorSecretFromEnv();
      const plan = usage(() =>
        planItemsQuery(filters(options, { limit: options.limit, cursor: options.cursor }), { entryIds: setup.registry.entries.map((e) => e.id), cursorSecret: secret, paramName: flag }),
      );
      const archive = await openArchive(archiveOptions(g));
      try {
        const page = await runItemsPage(plan, new DynamoArchiveQueries(archive.client, archive.tableName), secret);
        if (options.format === 'table') process.stdout.write(formatTable(page.rows, process.stdout.columns || 120));
        else if (options.format === 'csv') process.stdout.write(csvHeader() + page.rows.map((r) => csvRow(r, false, { raw: options.raw })).join(''));
        else process.stdout.write(page.rows.map(jsonlLine).join(''));
        const more = page.nextCursor ? `; next page: --cursor ${page.nextCursor}` : '; end of results';
        console.error(`${page.rows.length} item(s), ${describeAccess(plan.access)}, registry ${setup.compiled.version}${more}`);
      } finally {
        await archive.close();
      }
    });

  addFilters(program.command('export').description('write a whole result set to a file, with a provenance sidecar'))
    .requiredOption('--out <file>', 'output file (.csv or .jsonl)')
    .option('--format <format>', 'csv or jsonl (default: from the file extension, else csv)')
    .option('--text', "include each item's full text (a last CSV column `text`, a `text` field in JSONL)")
    .option('--raw', RAW_HELP)
    .addHelpText(
      'after',
      '\nThe file holds only rows (CSV is RFC 4180; JSONL one object per line). Provenance (query, registry version,' +
        '\ntime, counts, the file\'s sha256) goes to FILE.provenance.json; each row carries its match evidence.',
    )
    .action(async (options: FilterOptions & { out: string; format?: string; text?: boolean; raw?: boolean }, command: Command) => {
      const format = options.format ?? (extname(options.out).toLowerCase() === '.jsonl' ? 'jsonl' : 'csv');
      if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`--format must be csv or jsonl, not "${format}"`);
      const withText = options.text === true;
      const g = globalOptions(command);
      const setup = loadSetup(g.config);
      const secret = cursorSecretFromEnv();
      const ctx = { entryIds: setup.registry.entries.map((e) => e.id), cursorSecret: secret, paramName: flag };
      const params = filters(options, { limit: String(MAX_LIMIT) });
      let plan = usage(() => planItemsQuery(params, ctx));
      const partial = `${options.out}.partial`;
      const out = await openOutput(partial);
      // Kept so a write error (disk full) fails the export instead of crashing the process as an unhandled 'error'.
      let writeError: Error | undefined;
      out.on('error', (err) => (writeError = err));
      const archive = await openArchive(archiveOptions(g)).catch(async (err: unknown) => {
        out.destroy();
        await rm(partial, { force: true });
        throw err;
      });
      const hash = createHash('sha256');
      const write = async (chunk: string) => {
        if (writeError) throw writeError;
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      };
      const generatedAt = new Date();
      const totals = { items: 0, pages: 0, queries: 0, scanned: 0, consumedRcu: 0 };
      const progress = (done: boolean) => {
        const line = `exported ${totals.items.toLocaleString('en-GB')} items (${totals.pages} pages)`;
        if (process.stderr.isTTY) process.stderr.write(`\r${line}${done ? '\n' : ''}`);
        else if (done || totals.pages % 20 === 0) process.stderr.write(`${line}\n`);
      };
      try {
        const reader = new DynamoArchiveQueries(archive.client, archive.tableName);
        await write(exportHeader(format, withText));
        for (;;) {
          const page = await runItemsPage(plan, reader, secret);
          const texts = withText ? await reader.itemTexts(page.rows.map((r) => r.id)) : undefined;
          await write(exportLines(page.rows, format, texts, { raw: options.raw }));
          totals.items += page.rows.length;
          totals.pages++;
          totals.queries += page.stats.queries;
          totals.scanned += page.stats.scanned;
          totals.consumedRcu += page.stats.consumedRcu;
          progress(!page.nextCursor);
          if (!page.nextCursor) break;
          plan = planItemsQuery({ ...params, cursor: page.nextCursor }, ctx);
        }
        out.end();
        await once(out, 'finish');
        await rename(partial, options.out);
      } catch (err) {
        out.destroy();
        await rm(partial, { force: true });
        throw err;
      } finally {
        await archive.close();
      }
      const provenance = {
        ...buildProvenance({ query: plan.query, registryVersion: setup.compiled.version, generatedAt, answeredBy: describeAccess(plan.access) }),
        file: basename(options.out),
        format,
        includesText: withText,
        sha256: hash.digest('hex'),
        finishedAt: new Date().toISOString(),
        complete: true,
        ...totals,
      };
      delete (provenance.query as { limit?: number }).limit;
      await writeFile(`${options.out}.provenance.json`, `${JSON.stringify(provenance, null, 2)}\n`);
      console.error(`wrote ${options.out} and ${options.out}.provenance.json`);
    });
}

/** The output file, open before any query runs: a missing directory or no permission is the user's to fix (exit 2). */
async function openOutput(path: string): Promise<WriteStream> {
  const out = createWriteStream(path);
  try {
    await once(out, 'open');
    return out;
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${(err as Error).message}`);
  }
}

function filters(o: FilterOptions, extra: RawParams): RawParams {
  return { tracked: o.tracked, kind: o.kind, source: o.source, from: o.from, to: o.to, q: o.q, ...extra };
}

/** Messages name the flags the user typed (`--from`), not the API's parameters. */
const flag = (param: string) => `--${param}`;

/** Parameter mistakes are the user's to fix: exit 2 without a stack trace. */
function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof QueryParamError) throw new UsageError(err.message);
    throw err;
  }
}
