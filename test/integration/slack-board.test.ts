import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, candidate, CHANNEL, cliOnTable, SlackWorld } from '../support/slack-actions.ts';

// The rules as deployed tag anything naming "national inquiry"; the fix vetoes Scotland's own inquiry.
const dir = mkdtempSync(join(tmpdir(), 'slack-board-'));
const registryFile = (veto: string[]) =>
  `entries:\n  - id: national-inquiry\n    type: inquiry\n    name: National inquiry\n    match:\n      aliases: [national inquiry]\n      veto: [${veto.join(', ')}]\n`;
const currentFile = join(dir, 'registry.yaml');
const fixedFile = join(dir, 'fixed.yaml');
writeFileSync(currentFile, registryFile([]));
writeFileSync(fixedFile, registryFile(['scotland', 'scottish']));
const configFile = join(dir, 'inquiry-watch.yaml');
writeFileSync(configFile, `registry: ${currentFile}\nsources:\n  - { id: feed, type: rss, url: "https://example.org/feed.xml" }\n`);

const texts = (blocks: unknown) => JSON.stringify(blocks);

describe('a correction from Slack reaches the archive, the board, the next roundup and registry test', () => {
  const w = new SlackWorld();
  let announced: string;
  let scottish: string;

  /** What the board holds for the national inquiry now: its state, and the items behind its events. */
  async function nationalInquiry() {
    const s = await w.board.entry('national-inquiry', '2025-06-16');
    return { state: s.state, since: s.since, events: s.events.map((e) => [e.type, e.evidence.map((ev) => ev.itemId)]) };
  }

  beforeAll(async () => {
    // Prepare: the inquiry announced (a week ago), then a statement about Scotland's own inquiry naming its chair,
    // which the rules mis-sort under the national inquiry; both alerted to the channel with their menus, and a news
    // story for the roundup
    await w.start();
    const { newItems } = await w.ingest([
      candidate({ title: 'Statement on the national inquiry', entries: ['national-inquiry'], published: '2025-06-10T09:00:00.000Z', text: 'The Government will establish a national inquiry into grooming gangs, with statutory powers.' }),
      candidate({ title: 'Scottish Government names chair of its national inquiry', entries: ['national-inquiry'], text: 'Lady Smith has been named as the chair of the national inquiry in Scotland.' }),
      // News on another entry waits for the roundup
      candidate({ kind: 'news', title: 'Forces start recording ethnicity data', entries: ['c-ethnicity-data'], text: 'Police forces began recording the data this week.' }),
    ]);
    [announced, scottish] = newItems.map((i) => i.id) as [string, string];
    await w.deliver('alerts');
  });
  afterAll(async () => {
    await w.stop();
  });

  it('before any correction, the mis-sorted statement moves the inquiry on the board', async () => {
    // Act
    const board = await nationalInquiry();
    // Assess
    expect(board).toEqual({
      state: 'being-set-up',
      since: '2025-06-16',
      events: [
        ['announced', [announced]],
        ['chair-appointed', [scottish]],
      ],
    });
  });

  it('"not about" takes the item off the entry in the archive and its evidence off the board, and the board falls back', async () => {
    // Act
    await w.click({ itemId: scottish, verdict: 'not-about', user: ALICE });
    // Assess: the archive
    expect(w.jobs.at(-1)).toEqual({ status: 'done', outcome: 'applied' });
    expect((await w.t.store.getItem(scottish))?.inquiries).toEqual([]);
    const timeline = (await (await fetch(`${w.server.url}/items?tracked=national-inquiry`)).json()) as { items: { id: string }[] };
    expect(timeline.items.map((i) => i.id)).toEqual([announced]);
    // The board: the chair event rested on that item alone, so it is gone and the state is what the rest says
    expect(await nationalInquiry()).toEqual({ state: 'announced', since: '2025-06-10', events: [['announced', [announced]]] });
  });

  it('the next roundup\'s board section and /inquiry status show the board without it', async () => {
    // Act
    await w.deliver('roundups');
    await w.command('status national inquiry');
    // Assess
    const roundup = w.slack.delivered(CHANNEL.id).at(-1)!;
    expect(texts(roundup.blocks)).toContain('Forces start recording ethnicity data');
    expect(texts(roundup.blocks)).toContain('*Accountability board*');
    expect(texts(roundup.blocks)).toContain('National inquiry: unknown → *announced* (2025-06-10)');
    expect(texts(roundup.blocks)).not.toContain('being set up');
    const answer = texts(w.slack.responses.at(-1)!.body.blocks);
    expect(answer).toContain('Inquiry, *announced* since 2025-06-10');
    expect(answer).toContain('*Last event*: announced, 2025-06-10');
    expect(answer).not.toContain('Lady Smith');
  });

  it('registry test scores rules against the verdict: the current rules disagree, the fixed ones agree', async () => {
    // Act
    const out = await cliOnTable(configFile, w.t.tableName, 'registry', 'test', '--registry', fixedFile, '--since', '2000-01-01');
    // Assess
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("Against people's corrections (1 verdict");
    expect(out.stdout).toContain('current rules agree with 0, new rules with 1');
    expect(out.stdout).toMatch(/fixed by the new rules: national-inquiry ✗ Scottish Government names chair of its national inquiry/);
  });

  it('"confirmed" puts the item back: its evidence returns to the board and the state with it', async () => {
    // Act
    w.now = new Date('2025-06-16T10:05:00.000Z');
    await w.click({ itemId: scottish, verdict: 'confirmed', user: BOB });
    // Assess
    expect((await w.t.store.getItem(scottish))?.inquiries).toEqual(['national-inquiry']);
    expect(await nationalInquiry()).toEqual({
      state: 'being-set-up',
      since: '2025-06-16',
      events: [
        ['announced', [announced]],
        ['chair-appointed', [scottish]],
      ],
    });
  });
});

describe('a correction whose board update failed', () => {
  const w = new SlackWorld();
  afterAll(async () => {
    await w.stop();
  });

  it('is caught up by the next run of it: a verdict already in force still re-detects the item on the board', async () => {
    // Prepare: the board fails once, after the correction itself was applied
    await w.start();
    const [item] = (await w.ingest([candidate({ title: 'Chair named', entries: ['national-inquiry'], text: 'Lady Smith has been named as the chair of the national inquiry in Scotland.' })])).newItems;
    await w.deliver('alerts');
    const record = w.board.record.bind(w.board);
    let failures = 1;
    w.board.record = async (...args) => (failures-- > 0 ? Promise.reject(new Error('DynamoDB unavailable')) : record(...args));
    await w.click({ itemId: item!.id, verdict: 'not-about' });
    expect(w.errors).toHaveLength(1);
    expect((await w.board.entry('national-inquiry', '2025-06-16')).state).toBe('being-set-up');
    // Act: Alice clicks again a minute later
    w.now = new Date('2025-06-16T10:01:00.000Z');
    await w.click({ itemId: item!.id, verdict: 'not-about' });
    // Assess
    expect(w.jobs.at(-1)).toEqual({ status: 'done', outcome: 'unchanged' });
    const s = await w.board.entry('national-inquiry', '2025-06-16');
    expect([s.state, s.events]).toEqual(['unknown', []]);
  });
});
