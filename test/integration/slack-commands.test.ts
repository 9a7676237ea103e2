import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, candidate, OTHER_CHANNEL, SlackWorld } from '../support/slack-actions.ts';

const textOf = (body: { text?: string; blocks?: unknown }) => `${body.text}\n${JSON.stringify(body.blocks)}`;

describe('/inquiry', () => {
  let w: SlackWorld;
  beforeEach(async () => {
    w = await new SlackWorld().start();
  });
  afterEach(async () => {
    await w.stop();
  });

  it('help is answered in the acknowledgement itself, only to the person who asked', async () => {
    // Act
    const out = await w.command('help');
    // Assess
    expect(out.status).toBe(200);
    const body = JSON.parse(out.body) as { response_type: string; text: string; blocks: unknown };
    expect(body.response_type).toBe('ephemeral');
    // `<words>` unescaped would be read by Slack as a link: it is shown as typed.
    expect(textOf(body)).toContain('/inquiry find &lt;words&gt;');
    expect(textOf(body)).not.toContain('<words>');
    expect(w.jobs).toEqual([]);
    expect(w.slack.responses).toEqual([]);
  });

  it('an unknown subcommand says so and shows the help', async () => {
    // Act
    const out = await w.command('<!channel> everything');
    // Assess
    const body = JSON.parse(out.body) as { text: string; blocks: unknown };
    expect(textOf(body)).toContain("I don't know `&lt;!channel&gt;`");
    expect(textOf(body)).not.toContain('<!channel>');
  });

  it('find answers after the acknowledgement with the five newest matches, linked to the archive', async () => {
    // Prepare: seven matching items over seven days, one that does not match
    const items = Array.from({ length: 7 }, (_, i) =>
      candidate({ kind: i % 2 ? 'news' : 'statement', title: `Ethnicity data update ${i}`, published: `2025-06-0${i + 1}T09:00:00.000Z`, entries: ['c-ethnicity-data'] }),
    );
    await w.t.store.ingest([...items, candidate({ title: 'Something else entirely', entries: ['casey-audit'] })]);
    // Act
    const ack = await w.command('find ethnicity data');
    // Assess
    expect(ack).toEqual({ status: 200, body: '' });
    expect(w.jobs).toEqual([{ status: 'done', outcome: 'answered' }]);
    const [answer] = w.slack.responses;
    expect(answer!.body.response_type).toBe('ephemeral');
    const text = textOf(answer!.body);
    expect(text).toContain('The 5 newest items matching “ethnicity data”');
    for (const i of [6, 5, 4, 3, 2]) expect(text).toContain(`Ethnicity data update ${i}`);
    expect(text).not.toContain('Ethnicity data update 1');
    expect(text.indexOf('update 6')).toBeLessThan(text.indexOf('update 2'));
    expect(text).toContain('https://archive.example.org/item/');
    expect(text).toContain('Mandatory ethnicity data');
  });

  it('find within one entry when the first word is its id', async () => {
    // Prepare
    await w.t.store.ingest([candidate({ title: 'Audit one', entries: ['casey-audit'] }), candidate({ title: 'Audit two', entries: ['national-inquiry'] })]);
    // Act
    await w.command('find national-inquiry audit');
    // Assess
    const text = textOf(w.slack.responses[0]!.body);
    expect(text).toContain('Audit two');
    expect(text).not.toContain('Audit one');
    expect(text).toContain('in National inquiry');
  });

  it('find with nothing to look for, or nothing found, says so plainly', async () => {
    // Act
    await w.command('find');
    await w.command('find zebra');
    // Assess
    expect(w.slack.responses.map((r) => r.body.text)).toEqual(['say what to look for, e.g. `find casey audit`', 'Nothing in the archive matches “zebra”.']);
  });

  it('is answered only in the channels Inquiry Watch serves', async () => {
    // Act
    const out = await w.command('find casey', { channel: OTHER_CHANNEL, user: ALICE });
    // Assess
    expect(JSON.parse(out.body).text).toContain('only answers in the channels it posts to');
    expect(w.jobs).toEqual([]);
  });
});
