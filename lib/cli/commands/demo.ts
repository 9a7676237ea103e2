import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ReplayServer } from '../../dev/replay-server.ts';
import { feedRoutes } from '../../dev/feed-fixtures.ts';
import { committeesRoute, parliamentRoutes } from '../../dev/parliament-fixtures.ts';
import { formatBoard } from '../status-format.ts';
import { londonToday } from '../../board/dates.ts';
import { FetchHttpClient } from '../../http/fetcher.ts';
import { runCycle } from '../../pipeline/cycle.ts';
import { EXIT } from '../exit-codes.ts';
import { formatCycleSummary } from '../cycle-summary.ts';
import { cycleDeps, loadSetup, openArchive, openBoard } from '../runtime.ts';
import { demoSlackActions, startDemoSlack, type DemoSlack } from '../demo-slack.ts';
import { deliverAfterCycle } from '../deliver-after-cycle.ts';
import { formatReport } from '../digest-summary.ts';

export const DEMO_CONFIG = 'config/demo.yaml';
/** The demo's archive is kept here (emptied at each demo) so it can be queried and served afterwards. */
export const DEMO_DATA_DIR = '.inquiry-watch/demo';

/**
 * The whole pipeline offline: a loopback server replays recorded feeds and Parliament/GOV.UK responses, DynamoDB
 * Local holds the archive, two cycles run, then digests. The second cycle must find nothing new and write nothing;
 * the demo checks that itself.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole pipeline offline on recorded data: two poll cycles, then digests')
    .action(async () => {
      const server = new ReplayServer({ ...feedRoutes(), ...parliamentRoutes(), ...boardDemoRoutes() });
      process.env.INQUIRY_WATCH_FIXTURES_URL = await server.start();
      console.log(`Replaying recorded sources on ${server.url}; starting DynamoDB Local in ${DEMO_DATA_DIR}…`);
      let archive: Awaited<ReturnType<typeof openArchive>> | undefined;
      let slack: DemoSlack | undefined;
      try {
        const setup = loadSetup(DEMO_CONFIG);
        rmSync(DEMO_DATA_DIR, { recursive: true, force: true });
        archive = await openArchive({ dataDir: DEMO_DATA_DIR });
        const http = new FetchHttpClient({ userAgent: setup.config.userAgent, backoffMs: 50, allowLoopbackPorts: [server.port] });
        const board = openBoard(archive, setup);
        const deps = cycleDeps(setup, archive, http, board);

        const first = await runCycle(setup.config, deps);
        console.log(`\n${formatCycleSummary(first, 'Cycle 1: first poll of every source')}`);
        const second = await runCycle(setup.config, deps);
        console.log(`\n${formatCycleSummary(second, 'Cycle 2: the same sources again')}`);

        const newOnSecond = second.newItems.length + second.updatedItems.length;
        const writesOnSecond = second.sources.reduce((n, s) => n + s.writeRequests, 0);
        if (newOnSecond !== 0 || writesOnSecond !== 0) {
          console.error(`\nDemo check failed: the second cycle found ${newOnSecond} new/updated items and made ${writesOnSecond} item writes.`);
          process.exitCode = EXIT.failed;
          return;
        }
        console.log('\nSecond cycle: 0 new items, 0 item writes (304s and unchanged content cost nothing).');
        const failed = second.sources.filter((s) => s.status === 'failed').map((s) => s.sourceId);
        if (failed.length) console.log(`Failed sources were recorded and skipped, the rest ingested: ${failed.join(', ')}.`);

        // The demo never posts to a real workspace, whatever the environment says: a loopback Slack, printed here.
        slack = await startDemoSlack(setup);
        const sender = slack.sender;
        console.log('\nDigests (posted to a loopback Slack and printed here; with SLACK_BOT_TOKEN set, `inquiry-watch run` posts them to Slack):');
        for (const d of await deliverAfterCycle(setup, archive, sender, { forceRoundups: true, board })) console.log(formatReport(d, false));
        const again = await deliverAfterCycle(setup, archive, sender, { forceRoundups: true, board });
        const reposted = again.flatMap((d) => d.channels).flatMap((c) => c.digests).filter((d) => d.status === 'sent').length;
        console.log(`\nDigests run again: ${reposted} new messages (the delivery ledger posts nothing twice).`);
        await demoSlackActions(setup, archive, slack, board);

        // The accountability board the cycles built: entries with something on them (the rest are in `status`).
        const today = londonToday();
        const statuses = await board.status(undefined, today);
        const shown = statuses.filter((s) => s.events.some((e) => e.source === 'inferred') || s.deadlines.some((d) => d.status === 'overdue' || d.status === 'open'));
        console.log(`\n${formatBoard(shown, today).trimEnd()}`);
        console.log(`(${statuses.length - shown.length} more entries have only the registry's record of the government's response; all: status)`);
        const overdue = statuses.flatMap((s) => s.deadlines).find((d) => d.id.startsWith('committee-') && d.status === 'overdue');
        if (overdue) console.log(`\nOverdue response: ${overdue.what}, due ${overdue.due}, ${overdue.days} days ago; no government response has been published.`);
        console.log('State changes were alerted above ("Accountability board: …"), each with the sentence, item and date behind it.');
        const cli = `npx inquiry-watch --config ${DEMO_CONFIG} --data-dir ${DEMO_DATA_DIR}`;
        console.log(
          [
            '\nThe demo archive is kept; explore it with:',
            `  ${cli} query --tracked casey-audit`,
            `  ${cli} query --kind statement --format csv`,
            `  ${cli} export --tracked national-inquiry --out national-inquiry.csv`,
            `  ${cli} sources`,
            `  ${cli} status national-inquiry          # one entry: every event with the sentence, item and date behind it`,
            `  ${cli} status --json`,
            `  ${cli} serve            # research pages on http://127.0.0.1:8787/ (/board; JSON API: /tracked, /items, /status, /deadlines)`,
          ].join('\n'),
        );
      } finally {
        await archive?.close();
        await slack?.close();
        await server.stop();
      }
    });
}

/**
 * The committees the demo replays: the recorded publications, plus one report still waiting for its government
 * response (so the board shows a response overdue). Served by the demo alone, beside the shared fixtures.
 */
function boardDemoRoutes() {
  const dir = fileURLToPath(new URL('../../../test/fixtures/parliament/committees/', import.meta.url));
  const items = (file: string) => (JSON.parse(readFileSync(dir + file, 'utf8')) as { items: Record<string, unknown>[] }).items;
  return { '/committees-api/api/Publications': committeesRoute([...items('publications.json'), ...items('publications-board-demo.json')]) };
}
